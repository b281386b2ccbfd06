#pragma once
// The text of `strata backup prune`.

#include "workflows/history.hpp"

#include <string>

namespace strata::cli {

// The backups removed (dry run: that would be) as a table, then one summary line:
// "removed 2 backups of URL, 3 kept" / "would remove ... (dry run: nothing removed)" /
// "no backups to prune in URL (3 kept)".
std::string render_pruned(const workflows::PruneOutcome& outcome);

} // namespace strata::cli
