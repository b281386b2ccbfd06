// canonical_default (canonical.hpp): one spelling for each column default, whichever side it
// comes from. MariaDB's COLUMN_DEFAULT quotes string literals ('draft'), prints numbers as the
// column stores them (0.00 for decimal(12,2), 1.5 for a double) and expressions in its own
// spelling (current_timestamp(3), uuid()); a YAML author writes 0, "'draft'", true, NOW().

#include "dialects/mysql/canonical.hpp"
#include "dialects/mysql/expr.hpp"
#include "dialects/remembered.hpp"

#include <cctype>
#include <unordered_map>

namespace strata::dialects::mysql {

namespace {

bool starts_with(const std::string& text, const std::string& prefix)
{
  return text.rfind(prefix, 0) == 0;
}

bool numeric_type(const std::string& type)
{
  for (const char* base : {"tinyint", "smallint", "mediumint", "int", "bigint", "decimal", "float", "double"}) {
    const std::string b = base;
    if (type == b || starts_with(type, b + "(") || starts_with(type, b + " ")) {
      return true;
    }
  }
  return false;
}

bool string_type(const std::string& type)
{
  for (const char* base : {"char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set", "binary",
                           "varbinary", "tinyblob", "blob", "mediumblob", "longblob"}) {
    const std::string b = base;
    if (type == b || starts_with(type, b + "(") || starts_with(type, b + " ")) {
      return true;
    }
  }
  return false;
}

// "-12.50" as sign, integer digits and fraction digits; false when it is no plain decimal number.
bool split_number(const std::string& text, std::string& sign, std::string& whole, std::string& fraction)
{
  size_t i = 0;
  sign.clear();
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
    sign = text[i] == '-' ? "-" : "";
    ++i;
  }
  const size_t dot = text.find('.', i);
  whole = text.substr(i, dot == std::string::npos ? std::string::npos : dot - i);
  fraction = dot == std::string::npos ? std::string() : text.substr(dot + 1);
  const auto digits = [](const std::string& s) {
    for (char c : s) {
      if (!std::isdigit(static_cast<unsigned char>(c))) {
        return false;
      }
    }
    return true;
  };
  if ((whole.empty() && fraction.empty()) || !digits(whole) || !digits(fraction)) {
    return false;
  }
  while (whole.size() > 1 && whole[0] == '0') {
    whole.erase(0, 1);
  }
  if (whole.empty()) {
    whole = "0";
  }
  return true;
}

// A number as a column of `type` prints it: decimal(p,s) with exactly s fraction digits, float
// and double without trailing zeros, integers without a fraction of zeros.
std::string canonical_number(const std::string& text, const std::string& type)
{
  std::string sign;
  std::string whole;
  std::string fraction;
  if (!split_number(text, sign, whole, fraction)) {
    return text;
  }
  if (starts_with(type, "decimal(")) {
    const size_t comma = type.find(',');
    const size_t scale = comma == std::string::npos ? 0 : static_cast<size_t>(std::atoi(type.c_str() + comma + 1));
    if (fraction.size() <= scale) {
      fraction.append(scale - fraction.size(), '0');
    }
  } else {
    while (!fraction.empty() && fraction.back() == '0') {
      fraction.pop_back();
    }
  }
  if (whole == "0" && fraction.find_first_not_of('0') == std::string::npos) {
    sign.clear(); // -0 is 0
  }
  return sign + whole + (fraction.empty() ? "" : "." + fraction);
}

// 'text' with '' for a quote and \\ for a backslash, from any string token spelling.
std::string canonical_string(const std::string& token)
{
  const char quote = token.empty() ? '\'' : token[0];
  if (quote != '\'' && quote != '"') {
    return token; // b'..', x'..', _charset'..': kept as written
  }
  std::string out = "'";
  for (size_t i = 1; i + 1 < token.size(); ++i) {
    char c = token[i];
    if (c == '\\' && i + 2 < token.size()) {
      c = token[++i];
      static const std::string from = "0nrtZ";
      static const std::string to = std::string("\0\n\r\t\x1a", 5);
      const size_t at = from.find(c);
      c = at == std::string::npos ? c : to[at];
    } else if (c == quote && token[i + 1] == quote) {
      ++i;
    }
    out += c == '\'' ? std::string("''") : c == '\\' ? std::string("\\\\") : std::string(1, c);
  }
  return out + "'";
}

std::optional<std::string> spell_canonical_default(const std::string& value, const std::string& type)
{
  std::string text = expr::canonical(value);
  if (text.empty() || text == "null") {
    return std::nullopt;
  }
  // The CURRENT_TIMESTAMP family (now(), localtime, current_timestamp(0) ...): one spelling.
  if (starts_with(text, "current_timestamp(")) {
    const std::string precision = text.substr(18, text.size() - 19);
    return precision.empty() || precision == "0" ? std::string("CURRENT_TIMESTAMP")
                                                 : "CURRENT_TIMESTAMP(" + precision + ")";
  }
  const auto tokens = expr::tokenize(text);
  const bool one_string = tokens.size() == 1 && tokens[0].kind == expr::TokenKind::string;
  std::string sign;
  std::string whole;
  std::string fraction;
  if (numeric_type(type)) {
    // '5' on a number column is 5; a quoted number is stored as the number.
    std::string number = one_string && (text[0] == '\'' || text[0] == '"') ? text.substr(1, text.size() - 2) : text;
    if (split_number(number, sign, whole, fraction)) {
      return canonical_number(number, type);
    }
  }
  if (string_type(type) && split_number(text, sign, whole, fraction)) {
    return "'" + text + "'"; // DEFAULT 1 on a varchar is the string '1'
  }
  if (one_string) {
    return canonical_string(tokens[0].text);
  }
  return text;
}

} // namespace

std::optional<std::string> canonical_default(const std::optional<std::string>& value, const std::string& type)
{
  if (!value) {
    return std::nullopt;
  }
  // Columns share few defaults ('', 0, CURRENT_TIMESTAMP, ...); by value and type.
  thread_local std::unordered_map<std::string, std::optional<std::string>> spelled;
  return remembered(spelled, *value + '\0' + type, [&] { return spell_canonical_default(*value, type); });
}

} // namespace strata::dialects::mysql
