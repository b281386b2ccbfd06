// The rules follow YAML 1.2's plain scalars as yaml-cpp (0.7) applies them when it emits a string;
// tests/unit/schemas/test_yaml_scalar.cpp compares every choice with yaml-cpp's own emitter.

#include "schemas/yaml_scalar.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>

namespace strata::schemas::yaml {

namespace {

constexpr char32_t k_replacement = 0xFFFD;

bool blank(char c)
{
  return c == ' ' || c == '\t';
}

// A line break as yaml-cpp's emitter sees one: "\n", or "\r\n" (a lone "\r" is not).
bool break_at(std::string_view text, size_t i)
{
  return text[i] == '\n' || (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n');
}

bool blank_or_break_at(std::string_view text, size_t i)
{
  return blank(text[i]) || break_at(text, i);
}

// Control characters YAML does not allow in a plain scalar, and C1 controls in UTF-8 (NEL allowed).
bool not_printable_at(std::string_view text, size_t i)
{
  const auto c = static_cast<unsigned char>(text[i]);
  if (c <= 0x08 || c == 0x0B || c == 0x0C || (c >= 0x0E && c <= 0x1F) || c == 0x7F) {
    return true;
  }
  if (c == 0xC2 && i + 1 < text.size()) {
    const auto next = static_cast<unsigned char>(text[i + 1]);
    return (next >= 0x80 && next <= 0x84) || (next >= 0x86 && next <= 0x9F);
  }
  return false;
}

bool byte_order_mark_at(std::string_view text, size_t i)
{
  return text.substr(i, 3) == "\xEF\xBB\xBF";
}

bool one_of(char c, std::string_view set)
{
  return set.find(c) != std::string_view::npos;
}

// Bytes that need no look at their neighbours in a plain scalar: printable ASCII but the
// indicators disallowed_at looks at (":#,?[]{}"), one table lookup each.
constexpr std::array<bool, 256> k_plain_bytes = [] {
  std::array<bool, 256> table{};
  for (int c = '!'; c < 0x7f; ++c) {
    table[static_cast<size_t>(c)] = std::string_view(":#,?[]{}").find(static_cast<char>(c)) == std::string_view::npos;
  }
  return table;
}();

// Bytes a double-quoted scalar holds as they are: printable ASCII but the quote and the backslash.
constexpr std::array<bool, 256> k_quoted_bytes = [] {
  std::array<bool, 256> table{};
  for (int c = ' '; c < 0x7f; ++c) {
    table[static_cast<size_t>(c)] = c != '"' && c != '\\';
  }
  return table;
}();

// Whether the first character may open a plain scalar.
bool plain_start(std::string_view text, Context context)
{
  const char first = text[0];
  if (blank_or_break_at(text, 0)) {
    return false;
  }
  if (context == Context::flow) {
    if (one_of(first, "?,[]{}#&*!|>'\"%@`")) {
      return false;
    }
    // "-" or ":" alone or followed by a blank is an indicator.
    return !(one_of(first, "-:") && (text.size() == 1 || blank(text[1])));
  }
  if (one_of(first, ",[]{}#&*!|>'\"%@`")) {
    return false;
  }
  // "-", "?" or ":" alone or followed by a blank or a break is an indicator.
  return !(one_of(first, "-?:") && (text.size() == 1 || blank_or_break_at(text, 1)));
}

// Whether the character at i ends or breaks a plain scalar.
bool disallowed_at(std::string_view text, size_t i, Context context)
{
  const char c = text[i];
  const bool last = i + 1 == text.size();
  if (c == ':') {
    if (last || blank_or_break_at(text, i + 1)) {
      return true;
    }
    if (context == Context::flow && one_of(text[i + 1], ",]}")) {
      return true;
    }
  }
  if (context == Context::flow && one_of(c, ",?[]{}")) {
    return true;
  }
  if (!last && blank_or_break_at(text, i) && text[i + 1] == '#') {
    return true;
  }
  return not_printable_at(text, i) || byte_order_mark_at(text, i) || break_at(text, i) || c == '\t';
}

// The next code point of UTF-8 text at i (advanced past it); an invalid sequence gives U+FFFD.
char32_t next_code_point(std::string_view text, size_t& i)
{
  const auto lead = static_cast<unsigned char>(text[i]);
  int length = 0;
  switch (lead >> 4) {
  case 12:
  case 13:
    length = 2;
    break;
  case 14:
    length = 3;
    break;
  case 15:
    length = 4;
    break;
  default:
    length = lead < 0x80 ? 1 : 0;
  }
  ++i;
  if (length == 0) {
    return k_replacement;
  }
  if (length == 1) {
    return lead;
  }
  char32_t code = lead & (0xFFu >> (length + 1));
  for (int rest = length - 1; rest > 0; --rest) {
    if (i == text.size() || (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      return k_replacement;
    }
    code = (code << 6) | (static_cast<unsigned char>(text[i]) & 0x3F);
    ++i;
  }
  if (code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF) || (code & 0xFFFE) == 0xFFFE ||
      (code >= 0xFDD0 && code <= 0xFDEF)) {
    return k_replacement;
  }
  return code;
}

void append_escape(std::string& out, char32_t code)
{
  static constexpr std::array<char, 16> k_hex{'0', '1', '2', '3', '4', '5', '6', '7',
                                              '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
  int digits = 8;
  out += '\\';
  if (code < 0xFF) {
    out += 'x';
    digits = 2;
  } else if (code < 0xFFFF) {
    out += 'u';
    digits = 4;
  } else {
    out += 'U';
  }
  for (int digit = digits - 1; digit >= 0; --digit) {
    out += k_hex[(code >> (4 * digit)) & 0xF];
  }
}

} // namespace

void append_utf8(std::string& out, char32_t code)
{
  if (code <= 0x7F) {
    out += static_cast<char>(code);
  } else if (code <= 0x7FF) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code <= 0xFFFF) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

bool null_word(std::string_view text)
{
  switch (text.size()) {
  case 0:
    return true;
  case 1:
    return text[0] == '~';
  case 4:
    return text == "null" || text == "Null" || text == "NULL";
  default:
    return false;
  }
}

bool plain_scalar(std::string_view text, Context context)
{
  // Most keys, names and types: a letter, digit or '_' first, then bytes that need no look around.
  const auto first = static_cast<unsigned char>(text.empty() ? ' ' : text[0]);
  if ((std::isalnum(first) != 0 || first == '_') &&
      std::all_of(text.begin(), text.end(), [](char c) { return k_plain_bytes[static_cast<unsigned char>(c)]; })) {
    return !null_word(text);
  }
  if (null_word(text) || !plain_start(text, context) || text.back() == ' ') {
    return false;
  }
  for (size_t i = 0; i < text.size(); ++i) {
    // Printable ASCII other than the indicators disallowed_at looks at neither ends nor breaks a
    // plain scalar: most bytes of names, types and defaults, checked at once.
    if (k_plain_bytes[static_cast<unsigned char>(text[i])]) {
      continue;
    }
    if (disallowed_at(text, i, context)) {
      return false;
    }
  }
  return true;
}

void append_double_quoted(std::string& out, std::string_view text)
{
  out += '"';
  for (size_t i = 0; i < text.size();) {
    size_t run = i; // printable ASCII copied as a run
    while (run < text.size() && k_quoted_bytes[static_cast<unsigned char>(text[run])]) {
      ++run;
    }
    if (run > i) {
      out.append(text.substr(i, run - i));
      i = run;
      continue;
    }
    const char32_t code = next_code_point(text, i);
    switch (code) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\f':
      out += "\\f";
      break;
    default:
      if (code < 0x20 || (code >= 0x80 && code <= 0xA0) || code == 0xFEFF) {
        append_escape(out, code);
      } else {
        append_utf8(out, code);
      }
    }
  }
  out += '"';
}

void append_scalar(std::string& out, std::string_view text, Context context)
{
  if (plain_scalar(text, context)) {
    out += text;
  } else {
    append_double_quoted(out, text);
  }
}

void append_literal(std::string& out, std::string_view text, size_t indent)
{
  out += "|\n";
  bool line_start = true;
  for (const char c : text) {
    if (c == '\n') {
      line_start = true;
    } else if (line_start) {
      out.append(indent, ' ');
      line_start = false;
    }
    out += c;
  }
}

} // namespace strata::schemas::yaml
