#pragma once
// strata's one colour policy, for stdout renderings and stderr logs alike, and the few styles
// the text formats use (drawn by fmt's styling, so no escape codes are written by hand).

#include <string>

namespace strata::cli {

// Colour only for a terminal, when NO_COLOR is unset or empty (no-color.org: any non-empty value
// turns colour off) and TERM is not "dumb". `no_color` and `term` are the variables' values,
// nullptr when unset, so the policy is testable without a terminal or an environment.
bool colour_enabled(bool is_terminal, const char* no_color, const char* term);

// `text` unchanged when `colour` is false; otherwise styled:
std::string paint_bold(const std::string& text, bool colour);  // headings, summary lines
std::string paint_hint(const std::string& text, bool colour);  // yellow "hint:"
// A risk or finding level's colour: high bold red, medium yellow, anything else cyan.
std::string paint_level(const std::string& text, const std::string& level, bool colour);

} // namespace strata::cli
