#include "cli/output/text_parts.hpp"

#include "cli/output/plan_view.hpp"
#include "schemas/model.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace strata::cli {

std::string count_of(size_t count, const std::string& noun)
{
  return fmt::format("{} {}{}", count, noun, count == 1 ? "" : "s");
}

std::string inspected_counts(const schemas::Schema& schema)
{
  std::string out = count_of(schema.tables.size(), "table") + ", " + count_of(schema.views.size(), "view");
  if (!schema.virtual_tables.empty()) {
    out += ", " + count_of(schema.virtual_tables.size(), "virtual table");
  }
  return out;
}

std::string grouped(long long number)
{
  const auto magnitude = static_cast<unsigned long long>(number);
  std::string digits = std::to_string(number < 0 ? 0ULL - magnitude : magnitude);
  for (size_t i = digits.size(); i > 3; i -= 3) {
    digits.insert(i - 3, ",");
  }
  return (number < 0 ? "-" : "") + digits;
}

std::string count_text(const std::optional<long long>& count, const std::string& label)
{
  if (!count) {
    return {};
  }
  return label.empty() ? fmt::format(" ({})", grouped(*count)) : fmt::format(" ({} {})", grouped(*count), label);
}

std::string will_fail_summary(const PlanView& view)
{
  std::string list;
  size_t steps = 0;
  for (const auto& step : view.steps) {
    std::string counts;
    for (const auto& risk : step.risks) {
      if (risk.will_fail) {
        counts += fmt::format("{}{} {}", counts.empty() ? "" : ", ", grouped(risk.count.value_or(0)), risk.count_label);
      }
    }
    if (!counts.empty()) {
      list += fmt::format("{}step {} ({}: {})", list.empty() ? "" : ", ", step.index, step.description, counts);
      ++steps;
    }
  }
  if (list.empty()) {
    return {};
  }
  return fmt::format("{} {}; `strata apply` refuses {} until the data is fixed", list, k_will_fail,
                     steps == 1 ? "it" : "them");
}

std::string replace_chars(const std::string& text, const std::vector<std::pair<char, std::string>>& replacements)
{
  std::string out;
  for (char c : text) {
    const auto it = std::find_if(replacements.begin(), replacements.end(), [c](const auto& r) { return r.first == c; });
    if (it == replacements.end()) {
      out += c;
    } else {
      out += it->second;
    }
  }
  return out;
}

std::string markdown_cell(const std::string& text)
{
  return replace_chars(text, {{'|', "\\|"}, {'\n', " "}, {'\r', " "}});
}

void markdown_count_table(std::string& out, const std::string& name_header, const std::string& count_header,
                          const std::map<std::string, int>& counts, bool levels)
{
  out += fmt::format("| {} | {} |\n|---|---:|\n", name_header, count_header);
  const auto row = [&out](const std::string& name, int count) { out += fmt::format("| {} | {} |\n", name, count); };
  if (levels) {
    for (const char* level : k_risk_levels) {
      if (const auto it = counts.find(level); it != counts.end()) {
        row(level, it->second);
      }
    }
  } else {
    for (const auto& [name, count] : counts) {
      row(name, count);
    }
  }
  out += '\n';
}

} // namespace strata::cli
