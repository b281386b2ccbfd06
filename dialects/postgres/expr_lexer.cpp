// The PostgreSQL tokens behind expr::canonical (see expr.hpp): the shared tokenizer's tokens in
// the kinds the canonical form distinguishes, and the keyword lists.

#include "dialects/postgres/expr.hpp"

#include <algorithm>
#include <iterator>
#include <cctype>

namespace strata::dialects::postgres::expr {

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
  for (const auto& t : lex::tokenize(sql, syntax()).tokens) {
    const auto kind = t.text == "::" ? TokenKind::cast : lex::kind_as<TokenKind>(t, "([", ")]");
    out.push_back({kind, std::string(t.text)});
  }
  return out;
}

std::string identifier_text(const Token& token)
{
  if (token.kind != TokenKind::quoted_identifier) {
    return ascii_lower(token.text);
  }
  return lex::unquote(token.text);
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
