#pragma once
// Small pieces every output format shares: counted nouns, character escapes, and the markdown
// table cells and count tables of the plan, drift and lint reports.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace strata::schemas {
struct Schema;
}

namespace strata::cli {

struct PlanView;

// "1 migration", "2 migrations".
std::string count_of(size_t count, const std::string& noun);
// What `inspect` wrote: "3 tables, 1 view", then ", 2 virtual tables" (SQLite) when there are any.
std::string inspected_counts(const schemas::Schema& schema);

// 1204 -> "1,204": counts in text, Markdown and annotation outputs (JSON and files keep plain numbers).
std::string grouped(long long number);
// " (3 non-null values)" for a count measured on the database ("" when none; " (3)" without a label).
std::string count_text(const std::optional<long long>& count, const std::string& label);

// The mark of a risk whose measured count shows that its step fails (RiskView::will_fail).
inline constexpr const char* k_will_fail = "will fail on current data";

// "step 2 (alter column users.email: 3 NULL rows) will fail on current data; `strata apply`
// refuses it until the data is fixed" for the steps with a will_fail risk; empty when none.
std::string will_fail_summary(const PlanView& view);

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
