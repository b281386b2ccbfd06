#pragma once
// A string that is usually empty: one pointer in place where std::string holds 32 bytes. For the
// text fields of the model types a large schema holds by the ten thousand that are seldom set (a
// column's comment, collation, rename hint, ON UPDATE, serial sequence type). Reads as a
// `const std::string&` (an empty one when unset); assigned from any string.

#include "schemas/boxed.hpp"

#include <fmt/core.h>

#include <string>
#include <string_view>

namespace strata::schemas {

class RareText {
public:
  RareText() = default;
  RareText(const std::string& text) { assign(text); }
  RareText(std::string&& text) { assign(std::move(text)); }
  RareText(const char* text) { assign(std::string(text)); }
  explicit RareText(std::string_view text) { assign(std::string(text)); }

  const std::string& str() const { return m_text ? *m_text : empty_string(); }
  operator const std::string&() const { return str(); }
  bool empty() const { return !m_text.has_value(); }
  size_t size() const { return str().size(); }
  const char* c_str() const { return str().c_str(); }
  void clear() { m_text.reset(); }

  // Set means not empty: two unset texts are equal without a look at any text (a comparison of
  // two schemas' columns makes millions of these).
  friend bool operator==(const RareText& a, const RareText& b) { return a.m_text == b.m_text; }
  friend bool operator==(const RareText& a, const std::string& b) { return a.str() == b; }
  friend bool operator==(const RareText& a, const char* b) { return a.str() == b; }
  friend auto operator<=>(const RareText& a, const RareText& b) { return a.str() <=> b.str(); }
  friend std::string operator+(const std::string& a, const RareText& b) { return a + b.str(); }
  friend std::string operator+(const char* a, const RareText& b) { return a + b.str(); }
  friend std::string operator+(const RareText& a, const std::string& b) { return a.str() + b; }
  friend std::string operator+(const RareText& a, const char* b) { return a.str() + b; }

private:
  void assign(std::string text)
  {
    if (!text.empty()) {
      m_text.emplace(std::move(text));
    }
  }
  static const std::string& empty_string()
  {
    static const std::string empty;
    return empty;
  }
  Boxed<std::string> m_text; // unset when empty; copies copy the text (Boxed's value semantics)
};

} // namespace strata::schemas

template <>
struct fmt::formatter<strata::schemas::RareText> : fmt::formatter<fmt::string_view> {
  template <typename FormatContext>
  auto format(const strata::schemas::RareText& text, FormatContext& ctx) const
  {
    return fmt::formatter<fmt::string_view>::format(fmt::string_view(text.str()), ctx);
  }
};
