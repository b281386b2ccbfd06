#pragma once
// Small pieces every output format shares: counted nouns, character escapes, and the markdown
// table cells and count tables of the plan, drift and lint reports.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace strata::cli {

// "1 migration", "2 migrations".
std::string count_of(size_t count, const std::string& noun);

// " (3 non-null values)" for a count measured on the database ("" when none; " (3)" without a label).
std::string count_text(const std::optional<long long>& count, const std::string& label);

// `text` with every character that has a replacement replaced by it.
std::string replace_chars(const std::string& text, const std::vector<std::pair<char, std::string>>& replacements);

// A markdown table cell: pipes escaped, newlines flattened, so the cell cannot break the table.
std::string markdown_cell(const std::string& text);

// The risk levels, most severe first: the order of level tables and summaries.
inline constexpr const char* k_risk_levels[] = {"high", "medium", "low"};

// "| name_header | count_header |" and a row per entry of `counts`, then a blank line. `levels`:
// rows in k_risk_levels order (levels without an entry left out) instead of the map's order.
void markdown_count_table(std::string& out, const std::string& name_header, const std::string& count_header,
                          const std::map<std::string, int>& counts, bool levels = false);

} // namespace strata::cli
