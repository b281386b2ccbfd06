#pragma once
// Small text helpers every layer uses: ASCII case copies (SQL keywords, YAML enumerations and
// folded names are ASCII; other bytes are kept as they are).

#include <string>
#include <string_view>

namespace strata::schemas {

std::string ascii_lower(std::string_view text);
std::string ascii_upper(std::string_view text);
// One byte of ascii_lower, for a caller that lowers into a buffer of its own.
char ascii_lower(char c);
// `text` without the ASCII whitespace (space, \t \n \v \f \r) at its ends.
std::string_view trim_space(std::string_view text);
// ascii_lower(a) == ascii_lower(b), without the copies.
bool ascii_iequal(std::string_view a, std::string_view b);
// Hash and equality of names up to ASCII case, for unordered containers of names as written
// (no folded copies kept or made); transparent, so that a string_view finds a std::string.
struct AsciiCaseHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const;
};
struct AsciiCaseEqual {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const { return ascii_iequal(a, b); }
};
// The text up to its first line break (a server message without the lines it adds below).
std::string first_line(const std::string& text);

} // namespace strata::schemas
