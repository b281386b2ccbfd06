// The PostgreSQL tokens behind expr::canonical (see expr.hpp): the shared tokenizer's tokens in
// the kinds the canonical form distinguishes, and the keyword lists.

#include "dialects/postgres/expr.hpp"


namespace strata::dialects::postgres::expr {

std::vector<Token> tokenize(std::string_view sql)
{
  lex::ExprRules rules;
  rules.open = "([";
  rules.close = ")]";
  rules.casts = true;
  return lex::expression_tokens(sql, syntax(), rules);
}

std::string identifier_text(const Token& token)
{
  if (token.kind != TokenKind::quoted_identifier) {
    return ascii_lower(token.text);
  }
  return lex::unquote(token.text);
}

bool is_word(const Token& token, std::string_view word)
{
  return token.kind == TokenKind::word && ascii_lower(token.text) == word;
}

bool is_name(const Token& token)
{
  return token.kind == TokenKind::word || token.kind == TokenKind::quoted_identifier;
}

std::string_view trim_statement(std::string_view text)
{
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ';'; };
  while (!text.empty() && blank(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && blank(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

std::optional<NameSpan> qualified_name_at(const std::vector<Token>& tokens, size_t at)
{
  if (at >= tokens.size() || !is_name(tokens[at])) {
    return std::nullopt;
  }
  NameSpan span{identifier_text(tokens[at]), tokens[at].offset, tokens[at].end()};
  if (at + 2 < tokens.size() && tokens[at + 1].kind == TokenKind::dot && is_name(tokens[at + 2])) {
    span.name = identifier_text(tokens[at + 2]);
    span.end = tokens[at + 2].end();
  }
  return span;
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
  return lex::in_words(k_keywords, word);
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
  return lex::in_words(k_words, word);
}

} // namespace strata::dialects::postgres::expr
