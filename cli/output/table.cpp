#include "cli/output/table.hpp"

#include <algorithm>

namespace strata::cli {

namespace {

size_t display_width(const std::string& text)
{
  // Count code points: continuation bytes (10xxxxxx) do not start a character.
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
  }));
}

} // namespace

std::string render_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows)
{
  if (rows.empty()) {
    return {};
  }
  std::vector<size_t> widths(header.size(), 0);
  auto measure = [&widths](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], display_width(row[i]));
    }
  };
  measure(header);
  for (const auto& row : rows) {
    measure(row);
  }
  std::string out;
  auto line = [&](const std::vector<std::string>& row) {
    std::string text;
    for (size_t i = 0; i < widths.size(); ++i) {
      const std::string cell = i < row.size() ? row[i] : std::string{};
      text += cell;
      if (i + 1 < widths.size()) {
        text += std::string(widths[i] - display_width(cell) + 2, ' ');
      }
    }
    while (!text.empty() && text.back() == ' ') {
      text.pop_back();
    }
    out += text + '\n';
  };
  line(header);
  for (const auto& row : rows) {
    line(row);
  }
  return out;
}

} // namespace strata::cli
