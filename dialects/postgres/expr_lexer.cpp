// The PostgreSQL SQL tokenizer behind expr::canonical (see expr.hpp).

#include "dialects/postgres/expr.hpp"

#include <algorithm>
#include <iterator>
#include <cctype>

namespace strata::dialects::postgres::expr {

namespace {

bool ident_start(char c)
{
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

bool ident_char(char c)
{
  return ident_start(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '$';
}

// End of a quoted run starting at `i` (the opening quote), doubled quotes escaped; `backslash`
// also honours \' (E'' strings).
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

// $tag$ ... $tag$ starting at i, or npos when sql[i..] is not a dollar quote opener.
size_t dollar_end(std::string_view sql, size_t i)
{
  size_t j = i + 1;
  while (j < sql.size() && sql[j] != '$' && ident_char(sql[j]) && sql[j] != '$') {
    ++j;
  }
  if (j >= sql.size() || sql[j] != '$' || (j > i + 1 && std::isdigit(static_cast<unsigned char>(sql[i + 1])))) {
    return std::string_view::npos;
  }
  const std::string_view tag = sql.substr(i, j - i + 1);
  const size_t close = sql.find(tag, j + 1);
  return close == std::string_view::npos ? sql.size() : close + tag.size();
}

size_t number_end(std::string_view sql, size_t i)
{
  size_t j = i;
  while (j < sql.size() && (std::isdigit(static_cast<unsigned char>(sql[j])) || sql[j] == '.' || sql[j] == '_')) {
    if (sql[j] == '.' && j + 1 < sql.size() && sql[j + 1] == '.') {
      break;
    }
    ++j;
  }
  if (j < sql.size() && (sql[j] == 'e' || sql[j] == 'E')) {
    size_t k = j + 1;
    if (k < sql.size() && (sql[k] == '+' || sql[k] == '-')) {
      ++k;
    }
    if (k < sql.size() && std::isdigit(static_cast<unsigned char>(sql[k]))) {
      j = k;
      while (j < sql.size() && std::isdigit(static_cast<unsigned char>(sql[j]))) {
        ++j;
      }
    }
  }
  return j;
}

bool op_char(char c)
{
  static constexpr std::string_view k_ops = "+-*/<>=~!@#%^&|`?";
  return k_ops.find(c) != std::string_view::npos;
}

} // namespace

std::string ascii_lower(std::string_view text)
{
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string ascii_upper(std::string_view text)
{
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

std::vector<Token> tokenize(std::string_view sql)
{
  std::vector<Token> out;
  size_t i = 0;
  auto push = [&](TokenKind kind, size_t end) {
    out.push_back({kind, std::string(sql.substr(i, end - i))});
    i = end;
  };
  while (i < sql.size()) {
    const char c = sql[i];
    const char next = i + 1 < sql.size() ? sql[i + 1] : '\0';
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '-' && next == '-') {
      const size_t nl = sql.find('\n', i);
      i = nl == std::string_view::npos ? sql.size() : nl + 1;
    } else if (c == '/' && next == '*') {
      const size_t close = sql.find("*/", i + 2);
      i = close == std::string_view::npos ? sql.size() : close + 2;
    } else if (c == '\'') {
      push(TokenKind::string, quoted_end(sql, i, '\'', false));
    } else if ((c == 'E' || c == 'e') && next == '\'') {
      push(TokenKind::string, quoted_end(sql, i + 1, '\'', true));
    } else if (c == '"') {
      push(TokenKind::quoted_identifier, quoted_end(sql, i, '"', false));
    } else if (c == '$' && dollar_end(sql, i) != std::string_view::npos) {
      push(TokenKind::string, dollar_end(sql, i));
    } else if (std::isdigit(static_cast<unsigned char>(c)) ||
               (c == '.' && std::isdigit(static_cast<unsigned char>(next)))) {
      push(TokenKind::number, number_end(sql, i));
    } else if (ident_start(c)) {
      size_t j = i;
      while (j < sql.size() && ident_char(sql[j])) {
        ++j;
      }
      push(TokenKind::word, j);
    } else if (c == ':' && next == ':') {
      push(TokenKind::cast, i + 2);
    } else if (c == '(' || c == '[') {
      push(TokenKind::open, i + 1);
    } else if (c == ')' || c == ']') {
      push(TokenKind::close, i + 1);
    } else if (c == ',') {
      push(TokenKind::comma, i + 1);
    } else if (c == '.') {
      push(TokenKind::dot, i + 1);
    } else if (c == ';') {
      push(TokenKind::semicolon, i + 1);
    } else if (op_char(c)) {
      size_t j = i;
      while (j < sql.size() && op_char(sql[j]) && !(sql[j] == '-' && j + 1 < sql.size() && sql[j + 1] == '-')) {
        ++j;
      }
      push(TokenKind::op, j);
    } else {
      push(TokenKind::op, i + 1);
    }
  }
  return out;
}

std::string identifier_text(const Token& token)
{
  if (token.kind != TokenKind::quoted_identifier) {
    return ascii_lower(token.text);
  }
  std::string out;
  const std::string_view body = std::string_view(token.text).substr(1, token.text.size() >= 2 ? token.text.size() - 2 : 0);
  for (size_t i = 0; i < body.size(); ++i) {
    out += body[i];
    if (body[i] == '"' && i + 1 < body.size() && body[i + 1] == '"') {
      ++i;
    }
  }
  return out;
}

bool is_keyword(std::string_view word)
{
  static constexpr std::string_view k_keywords[] = {
    "all", "and", "any", "array", "as", "asc", "at", "between", "both", "by", "case", "cast", "character",
    "check", "coalesce", "collate", "constraint", "cross", "current_date", "current_role", "current_time",
    "current_timestamp", "current_user", "default", "desc", "distinct", "double", "else", "end", "escape",
    "except", "exists", "extract", "false", "filter", "first", "following", "for", "from", "full", "greatest",
    "group", "having", "ilike", "in", "inner", "intersect", "interval", "into", "is", "isnull", "join", "last",
    "lateral", "leading", "least", "left", "like", "limit", "localtime", "localtimestamp", "natural", "not",
    "notnull", "null", "nullif", "nulls", "offset", "on", "or", "order", "outer", "over", "partition",
    "precision", "right", "select", "session_user", "similar", "some", "symmetric", "then", "to", "trailing",
    "true", "union", "unknown", "user", "using", "values", "varying", "when", "where", "window", "with",
    "without", "zone"};
  const std::string low = ascii_lower(word);
  return std::find(std::begin(k_keywords), std::end(k_keywords), low) != std::end(k_keywords);
}

bool keyword_needs_quotes(std::string_view word)
{
  // SELECT word FROM pg_get_keywords() WHERE catcode <> 'U' on PostgreSQL 15.
  static constexpr std::string_view k_words[] = {
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization", "between",
    "bigint", "binary", "bit", "boolean", "both", "case", "cast", "char", "character", "check", "coalesce",
    "collate", "collation", "column", "concurrently", "constraint", "create", "cross", "current_catalog",
    "current_date", "current_role", "current_schema", "current_time", "current_timestamp", "current_user", "dec",
    "decimal", "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "exists", "extract",
    "false", "fetch", "float", "for", "foreign", "freeze", "from", "full", "grant", "greatest", "group",
    "grouping", "having", "ilike", "in", "initially", "inner", "inout", "int", "integer", "intersect", "interval",
    "into", "is", "isnull", "join", "lateral", "leading", "least", "left", "like", "limit", "localtime",
    "localtimestamp", "national", "natural", "nchar", "none", "normalize", "not", "notnull", "null", "nullif",
    "numeric", "offset", "on", "only", "or", "order", "out", "outer", "overlaps", "overlay", "placing",
    "position", "precision", "primary", "real", "references", "returning", "right", "row", "select",
    "session_user", "setof", "similar", "smallint", "some", "substring", "symmetric", "table", "tablesample",
    "then", "time", "timestamp", "to", "trailing", "treat", "trim", "true", "union", "unique", "user", "using",
    "values", "varchar", "variadic", "verbose", "when", "where", "window", "with", "xmlattributes", "xmlconcat",
    "xmlelement", "xmlexists", "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot", "xmlserialize",
    "xmltable"};
  const std::string low = ascii_lower(word);
  return std::find(std::begin(k_words), std::end(k_words), low) != std::end(k_words);
}

} // namespace strata::dialects::postgres::expr
