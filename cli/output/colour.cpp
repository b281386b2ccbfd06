#include "cli/output/colour.hpp"

#include <fmt/color.h>
#include <fmt/format.h>

#include <cstring>

namespace strata::cli {

namespace {

std::string paint(const std::string& text, fmt::text_style style, bool colour)
{
  return colour ? fmt::format("{}", fmt::styled(text, style)) : text;
}

} // namespace

bool colour_enabled(bool is_terminal, const char* no_color, const char* term)
{
  const bool no_color_set = no_color != nullptr && no_color[0] != '\0';
  const bool dumb = term != nullptr && std::strcmp(term, "dumb") == 0;
  return is_terminal && !no_color_set && !dumb;
}

std::string paint_bold(const std::string& text, bool colour)
{
  return paint(text, fmt::emphasis::bold, colour);
}

std::string paint_hint(const std::string& text, bool colour)
{
  return paint(text, fmt::fg(fmt::terminal_color::yellow), colour);
}

std::string paint_level(const std::string& text, const std::string& level, bool colour)
{
  if (level == "high") {
    return paint(text, fmt::emphasis::bold | fmt::fg(fmt::terminal_color::red), colour);
  }
  if (level == "medium") {
    return paint(text, fmt::fg(fmt::terminal_color::yellow), colour);
  }
  return paint(text, fmt::fg(fmt::terminal_color::cyan), colour);
}

} // namespace strata::cli
