#include "cli/output/prune_render.hpp"

#include "cli/output/table.hpp"
#include "cli/output/text_parts.hpp"
#include "migrations/directory.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace strata::cli {

std::string render_pruned(const workflows::PruneOutcome& outcome)
{
  const auto& result = outcome.result;
  const auto kept = outcome.dry_run ? result.remaining - result.removed.size() : result.remaining;
  if (result.removed.empty()) {
    return fmt::format("no backups to prune in {} ({} kept)\n", outcome.database, kept);
  }
  std::vector<std::vector<std::string>> cells;
  for (const auto& record : result.removed) {
    const bool gone = std::find(result.already_gone.begin(), result.already_gone.end(), record.id) !=
                      result.already_gone.end();
    cells.push_back({record.id, migrations::format_backup_target(record.target), std::to_string(record.rows),
                     record.created_at, gone ? record.location + " (was already gone)" : record.location});
  }
  const auto what = count_of(result.removed.size(), "backup");
  return render_table({"id", "target", "rows", "created_at", "location"}, cells) +
         (outcome.dry_run
            ? fmt::format("would remove {} of {}, {} kept (dry run: nothing removed)\n", what, outcome.database, kept)
            : fmt::format("removed {} of {}, {} kept\n", what, outcome.database, kept));
}

} // namespace strata::cli
