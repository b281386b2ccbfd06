#pragma once
// Plain aligned text tables for `history` and `backup list`.

#include <string>
#include <vector>

namespace strata::cli {

// Columns padded to their widest cell (by UTF-8 code points), separated by two spaces; the
// header row is first. The last column is not padded. Empty when there are no rows.
std::string render_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows);

} // namespace strata::cli
