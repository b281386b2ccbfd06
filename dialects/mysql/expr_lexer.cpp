// The MySQL/MariaDB SQL tokenizer behind expr::canonical (see expr.hpp), and the keyword lists.

#include "dialects/mysql/expr.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace strata::dialects::mysql::expr {

namespace {

bool ident_start(char c)
{
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '$' || static_cast<unsigned char>(c) >= 0x80;
}

bool ident_char(char c)
{
  return ident_start(c) || std::isdigit(static_cast<unsigned char>(c));
}

bool digit(char c)
{
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

// End of a quoted run starting at `i` (the opening quote): a doubled quote is one character and
// `backslash` escapes the next one (strings; identifiers only double their backtick).
size_t quoted_end(std::string_view sql, size_t i, char quote, bool backslash)
{
  size_t j = i + 1;
  while (j < sql.size()) {
    if (backslash && sql[j] == '\\') {
      j += 2;
      continue;
    }
    if (sql[j] == quote) {
      if (j + 1 < sql.size() && sql[j + 1] == quote) {
        j += 2;
        continue;
      }
      return j + 1;
    }
    ++j;
  }
  return sql.size();
}

size_t number_end(std::string_view sql, size_t i)
{
  size_t j = i;
  if (sql.substr(i, 2) == "0x" || sql.substr(i, 2) == "0b") {
    j += 2;
    while (j < sql.size() && std::isxdigit(static_cast<unsigned char>(sql[j]))) {
      ++j;
    }
    return j;
  }
  while (j < sql.size() && (digit(sql[j]) || sql[j] == '.')) {
    ++j;
  }
  if (j < sql.size() && (sql[j] == 'e' || sql[j] == 'E')) {
    size_t k = j + 1;
    if (k < sql.size() && (sql[k] == '+' || sql[k] == '-')) {
      ++k;
    }
    if (k < sql.size() && digit(sql[k])) {
      j = k;
      while (j < sql.size() && digit(sql[j])) {
        ++j;
      }
    }
  }
  return j;
}

// Two- and three-character operators, longest first.
constexpr std::array<std::string_view, 12> k_operators{"<=>", "<>", "!=", "<=", ">=", "<<", ">>", "&&", "||", ":=",
                                                       "->>", "->"};

} // namespace

std::vector<Token> tokenize(std::string_view sql)
{
  std::vector<Token> out;
  size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    if (c == '#' || (sql.substr(i, 2) == "--" && (i + 2 >= sql.size() || std::isspace(static_cast<unsigned char>(sql[i + 2]))))) {
      const size_t end = sql.find('\n', i);
      i = end == std::string_view::npos ? sql.size() : end + 1;
      continue;
    }
    if (sql.substr(i, 2) == "/*") {
      const size_t end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? sql.size() : end + 2;
      continue;
    }
    if (c == '`') {
      const size_t end = quoted_end(sql, i, '`', false);
      out.push_back({TokenKind::quoted_identifier, std::string(sql.substr(i, end - i))});
      i = end;
      continue;
    }
    if (c == '\'' || c == '"') {
      const size_t end = quoted_end(sql, i, c, true);
      out.push_back({TokenKind::string, std::string(sql.substr(i, end - i))});
      i = end;
      continue;
    }
    if (digit(c) || (c == '.' && i + 1 < sql.size() && digit(sql[i + 1]))) {
      size_t end = number_end(sql, i);
      // 1e2abc or 123abc are identifiers in MySQL (a name may start with digits).
      if (end < sql.size() && ident_char(sql[end]) && c != '.') {
        while (end < sql.size() && ident_char(sql[end])) {
          ++end;
        }
        out.push_back({TokenKind::word, std::string(sql.substr(i, end - i))});
      } else {
        out.push_back({TokenKind::number, std::string(sql.substr(i, end - i))});
      }
      i = end;
      continue;
    }
    if (c == '@') {
      size_t end = i + 1;
      while (end < sql.size() && (ident_char(sql[end]) || sql[end] == '@' || sql[end] == '.')) {
        ++end;
      }
      out.push_back({TokenKind::variable, std::string(sql.substr(i, end - i))});
      i = end;
      continue;
    }
    if (ident_start(c)) {
      size_t end = i;
      while (end < sql.size() && ident_char(sql[end])) {
        ++end;
      }
      const std::string word(sql.substr(i, end - i));
      const std::string low = ascii_lower(word);
      // b'0101', x'ff', n'text' and _charset'text': a literal with its prefix.
      if (end < sql.size() && sql[end] == '\'' && (low == "b" || low == "x" || low == "n" || word[0] == '_')) {
        const size_t close = quoted_end(sql, end, '\'', true);
        out.push_back({TokenKind::string, low + std::string(sql.substr(end, close - end))});
        i = close;
        continue;
      }
      out.push_back({TokenKind::word, word});
      i = end;
      continue;
    }
    if (c == '(' || c == ')' || c == ',' || c == '.' || c == ';') {
      const TokenKind kind = c == '(' ? TokenKind::open
                             : c == ')' ? TokenKind::close
                             : c == ',' ? TokenKind::comma
                             : c == '.' ? TokenKind::dot
                                        : TokenKind::semicolon;
      out.push_back({kind, std::string(1, c)});
      ++i;
      continue;
    }
    const auto op = std::find_if(k_operators.begin(), k_operators.end(),
                                 [&](std::string_view candidate) { return sql.substr(i, candidate.size()) == candidate; });
    const size_t length = op == k_operators.end() ? 1 : op->size();
    out.push_back({TokenKind::op, std::string(sql.substr(i, length))});
    i += length;
  }
  return out;
}

std::string ascii_lower(std::string_view text)
{
  std::string out(text);
  for (auto& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

bool is_reserved(std::string_view word)
{
  // MySQL 8 / MariaDB reserved words that may plausibly appear as column or table names; a
  // quoted one keeps its backticks in canonical text so that the text stays valid SQL.
  static const std::vector<std::string_view> words{
    "add", "all", "alter", "and", "as", "asc", "between", "by", "case", "change", "check", "collate", "column",
    "condition", "constraint", "create", "cross", "current_date", "current_time", "current_timestamp",
    "current_user", "database", "default", "delete", "desc", "describe", "distinct", "div", "drop", "else",
    "exists", "false", "for", "foreign", "from", "group", "having", "if", "in", "index", "inner", "insert",
    "interval", "into", "is", "join", "key", "keys", "left", "like", "limit", "lock", "match", "mod", "not",
    "null", "on", "or", "order", "outer", "primary", "range", "read", "references", "regexp", "rename", "repeat",
    "replace", "right", "rlike", "row", "rows", "select", "set", "show", "table", "then", "to", "true", "union",
    "unique", "update", "usage", "use", "using", "values", "when", "where", "with", "write", "xor",
  };
  const std::string low = ascii_lower(word);
  return std::find(words.begin(), words.end(), low) != words.end();
}

bool is_keyword(std::string_view word)
{
  static const std::vector<std::string_view> words{
    "all", "and", "as", "asc", "between", "binary", "by", "case", "collate", "cross", "desc", "distinct", "div",
    "else", "end", "escape", "exists", "false", "from", "group", "having", "in", "inner", "interval", "is", "join",
    "left", "like", "limit", "mod", "natural", "not", "null", "offset", "on", "or", "order", "outer", "regexp",
    "right", "rlike", "select", "straight_join", "then", "true", "union", "unknown", "using", "when", "where",
    "with", "xor", "day", "hour", "minute", "second", "month", "year", "week", "quarter", "microsecond",
  };
  const std::string low = ascii_lower(word);
  return std::find(words.begin(), words.end(), low) != words.end();
}

std::string identifier_text(const Token& token)
{
  if (token.kind != TokenKind::quoted_identifier) {
    return token.text;
  }
  std::string out;
  const std::string& t = token.text;
  for (size_t i = 1; i + 1 < t.size(); ++i) {
    out += t[i];
    if (t[i] == '`' && i + 2 < t.size() && t[i + 1] == '`') {
      ++i;
    }
  }
  return out;
}

} // namespace strata::dialects::mysql::expr
