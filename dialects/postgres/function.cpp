// PostgreSQL function, procedure and aggregate headers (function.hpp).

#include "dialects/postgres/function.hpp"

#include "dialects/postgres/canonical.hpp"
#include "dialects/postgres/expr.hpp"
#include "dialects/postgres/internal.hpp"

namespace strata::dialects::postgres {

namespace {

using expr::Token;
using expr::TokenKind;

// Words that end a RETURNS clause (the attributes that may follow it, and the body).
bool ends_result(const Token& token)
{
  static constexpr std::string_view k_words[] = {
    "language", "as", "immutable", "stable", "volatile", "strict", "called", "security", "external",
    "parallel", "cost", "rows", "support", "set", "window", "leakproof", "not", "transform", "begin",
    "return", "returns"};
  return token.kind == TokenKind::word && lex::in_words(k_words, expr::ascii_lower(token.text));
}

// Whether an argument's first two tokens are a name and a type rather than one type of several
// words (`double precision`, `character varying`, `timestamp with time zone`, `interval day`).
bool starts_with_name(const Token& first, const Token& second)
{
  static constexpr std::string_view k_starts[] = {"double", "character", "char", "bit", "timestamp",
                                                  "time", "interval", "national", "nchar"};
  static constexpr std::string_view k_continues[] = {"precision", "varying", "with", "without", "character",
                                                     "char", "year", "month", "day", "hour", "minute", "second",
                                                     "zone"};
  if (!expr::is_name(first) || !expr::is_name(second)) {
    return false; // ( . [ % continue a type
  }
  const bool continues = first.kind == TokenKind::word && second.kind == TokenKind::word &&
                         lex::in_words(k_starts, expr::ascii_lower(first.text)) &&
                         lex::in_words(k_continues, expr::ascii_lower(second.text));
  return !continues;
}

// A type as written, without modifiers ((10), (10,2)) and array bounds ([3] -> []), blanks
// collapsed.
std::string bare_type(std::string_view text)
{
  std::string out;
  int parens = 0;
  bool in_bracket = false;
  for (const char c : text) {
    if (c == '(') {
      ++parens;
    } else if (c == ')') {
      --parens;
    } else if (parens > 0) {
      continue;
    } else if (c == '[') {
      in_bracket = true;
      out += c;
    } else if (c == ']') {
      in_bracket = false;
      out += c;
    } else if (in_bracket) {
      continue;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!out.empty() && out.back() != ' ') {
        out += ' ';
      }
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  std::string compact; // "integer []" -> "integer[]", "timestamp  with" already collapsed
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == ' ' && i + 1 < out.size() && out[i + 1] == '[') {
      continue;
    }
    compact += out[i];
  }
  return compact;
}

// An aggregate's STYPE and FINALFUNC options (what its result type comes from), canonical, from
// its option list opening at tokens[open]: "stype=text finalfunc=f".
std::string aggregate_result(std::string_view definition, const std::vector<Token>& tokens, size_t open)
{
  std::string out;
  int depth = 0;
  for (size_t i = open; i < tokens.size(); ++i) {
    depth += tokens[i].kind == TokenKind::open ? 1 : tokens[i].kind == TokenKind::close ? -1 : 0;
    if (depth == 0) {
      break;
    }
    const bool wanted = depth == 1 && (expr::is_word(tokens[i], "stype") || expr::is_word(tokens[i], "finalfunc"));
    if (!wanted || i + 2 >= tokens.size() || tokens[i + 1].text != "=") {
      continue;
    }
    size_t end = i + 2; // the value runs to the next comma or the list's end at this depth
    for (int inner = 0; end < tokens.size(); ++end) {
      inner += tokens[end].kind == TokenKind::open ? 1 : tokens[end].kind == TokenKind::close ? -1 : 0;
      if (inner < 0 || (inner == 0 && tokens[end].kind == TokenKind::comma)) {
        break;
      }
    }
    const size_t from = tokens[i + 2].offset;
    const size_t to = tokens[end - 1].end();
    out += (out.empty() ? "" : " ") + expr::ascii_lower(tokens[i].text) + "=" +
           expr::canonical(definition.substr(from, to - from));
  }
  return out;
}

} // namespace

std::optional<FunctionHeader> parse_function(std::string_view definition, std::string* problem)
{
  const auto fail = [&](const std::string& why) -> std::optional<FunctionHeader> {
    if (problem != nullptr) {
      *problem = why;
    }
    return std::nullopt;
  };
  const auto tokens = expr::tokenize(definition);
  size_t i = 0;
  if (tokens.empty() || !expr::is_word(tokens[0], "create")) {
    return fail("is not a CREATE FUNCTION, PROCEDURE or AGGREGATE statement");
  }
  ++i;
  if (i + 1 < tokens.size() && expr::is_word(tokens[i], "or") && expr::is_word(tokens[i + 1], "replace")) {
    i += 2;
  }
  FunctionHeader header;
  if (i < tokens.size() && (expr::is_word(tokens[i], "function") || expr::is_word(tokens[i], "procedure") ||
                            expr::is_word(tokens[i], "aggregate"))) {
    header.procedure = expr::is_word(tokens[i], "procedure");
    header.aggregate = expr::is_word(tokens[i], "aggregate");
    ++i;
  } else {
    return fail("is not a CREATE FUNCTION, PROCEDURE or AGGREGATE statement");
  }
  if (i >= tokens.size() || !expr::is_name(tokens[i])) {
    return fail("has no function name");
  }
  header.name_begin = tokens[i].offset;
  header.name = expr::identifier_text(tokens[i]);
  header.name_end = tokens[i].end();
  ++i;
  if (i + 1 < tokens.size() && tokens[i].kind == TokenKind::dot && expr::is_name(tokens[i + 1])) {
    header.schema = header.name;
    header.name = expr::identifier_text(tokens[i + 1]);
    header.name_end = tokens[i + 1].end();
    i += 2;
  }
  if (i >= tokens.size() || tokens[i].kind != TokenKind::open || tokens[i].text != "(") {
    return fail("has no argument list after the name (write () for none)");
  }
  const size_t open = i;
  int depth = 0;
  for (; i < tokens.size(); ++i) {
    depth += tokens[i].kind == TokenKind::open ? 1 : tokens[i].kind == TokenKind::close ? -1 : 0;
    if (depth == 0) {
      break;
    }
  }
  if (i >= tokens.size()) {
    return fail("has an argument list that is not closed");
  }
  header.arguments = std::string(definition.substr(tokens[open].end(), tokens[i].offset - tokens[open].end()));
  ++i;
  if (header.aggregate) {
    if (i >= tokens.size() || tokens[i].kind != TokenKind::open || tokens[i].text != "(") {
      return fail("has no option list (SFUNC = ..., STYPE = ...) after the argument list");
    }
    header.result = aggregate_result(definition, tokens, i);
    return header;
  }
  if (i < tokens.size() && expr::is_word(tokens[i], "returns")) {
    const size_t begin = i + 1 < tokens.size() ? tokens[i + 1].offset : definition.size();
    size_t end = definition.size();
    depth = 0;
    for (++i; i < tokens.size(); ++i) {
      if (depth == 0 && ends_result(tokens[i])) {
        end = tokens[i].offset;
        break;
      }
      depth += tokens[i].kind == TokenKind::open ? 1 : tokens[i].kind == TokenKind::close ? -1 : 0;
    }
    header.result = expr::canonical(definition.substr(begin, end - begin));
  } else if (!header.procedure) {
    return fail("has no RETURNS clause");
  }
  return header;
}

std::string argument_types(std::string_view arguments)
{
  const auto tokens = expr::tokenize(arguments);
  std::vector<std::pair<size_t, size_t>> pieces; // token ranges between top-level commas
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    depth += tokens[i].kind == TokenKind::open ? 1 : tokens[i].kind == TokenKind::close ? -1 : 0;
    if (depth == 0 && tokens[i].kind == TokenKind::comma) {
      pieces.emplace_back(start, i);
      start = i + 1;
    } else if (depth == 0 && i + 1 < tokens.size() && expr::is_word(tokens[i], "order") &&
               expr::is_word(tokens[i + 1], "by")) { // an ordered-set aggregate's direct | aggregated arguments
      pieces.emplace_back(start, i);
      start = i + 2;
      ++i;
    }
  }
  pieces.emplace_back(start, tokens.size());
  std::string out;
  for (auto [begin, end] : pieces) {
    for (size_t i = begin; i < end; ++i) { // DEFAULT x / = x ends the type
      if (expr::is_word(tokens[i], "default") || (tokens[i].kind == TokenKind::op && tokens[i].text == "=")) {
        end = i;
        break;
      }
    }
    if (begin >= end || (end - begin == 1 && tokens[begin].text == "*")) {
      continue; // nothing, or the * of an aggregate without arguments
    }
    if (expr::is_word(tokens[begin], "out")) {
      continue; // OUT arguments are the result (a procedure's too): not part of the identity
    }
    if (expr::is_word(tokens[begin], "in") || expr::is_word(tokens[begin], "inout") || expr::is_word(tokens[begin], "variadic")) {
      ++begin;
    }
    if (end - begin >= 2 && starts_with_name(tokens[begin], tokens[begin + 1])) {
      ++begin; // the argument's name
    }
    if (begin >= end) {
      continue;
    }
    const size_t from = tokens[begin].offset;
    const size_t to = tokens[end - 1].end();
    out += (out.empty() ? "" : ", ") + canonical_type_name(bare_type(arguments.substr(from, to - from)));
  }
  return out;
}

std::string function_statement(std::string_view definition, const std::string& name)
{
  const std::string_view text = expr::trim_statement(definition);
  const auto header = parse_function(text);
  if (!header) {
    return std::string(text);
  }
  return std::string("CREATE OR REPLACE ") + header->kind() + " " + name +
         std::string(text.substr(header->name_end));
}

void normalize_function(schemas::Function& function)
{
  const auto header = parse_function(expr::trim_statement(function.definition));
  const std::string name = (function.schema.empty() ? "" : shown_identifier(function.schema) + ".") +
                           shown_identifier(function.name);
  function.definition = function_statement(function.definition, name);
  if (header && function.arguments.empty()) {
    function.arguments = argument_types(header->arguments);
  }
}

bool replaces_function(const schemas::Function& before, const schemas::Function& after)
{
  const auto old_header = parse_function(before.definition);
  const auto new_header = parse_function(after.definition);
  return old_header && new_header && std::string_view(old_header->kind()) == new_header->kind() &&
         expr::canonical(old_header->arguments) == expr::canonical(new_header->arguments) &&
         old_header->result == new_header->result;
}

namespace {

// Options in CREATE AGGREGATE's order; each only when it differs from its default (FINALFUNC_MODIFY's
// is READ_ONLY for ordinary aggregates, READ_WRITE for ordered-set and hypothetical-set ones).
const char* const k_aggregate_definition_sql = R"SQL((
SELECT 'CREATE OR REPLACE AGGREGATE ' || quote_ident(an.nspname) || '.' || quote_ident(p.proname) || '('
  || CASE WHEN p.pronargs = 0 THEN '*' ELSE pg_get_function_arguments(p.oid) END || ') (' || concat_ws(', ',
    'SFUNC = ' || a.aggtransfn::regproc::text,
    'STYPE = ' || format_type(a.aggtranstype, NULL),
    CASE WHEN a.aggtransspace <> 0 THEN 'SSPACE = ' || a.aggtransspace END,
    CASE WHEN a.aggfinalfn <> 0 THEN 'FINALFUNC = ' || a.aggfinalfn::regproc::text END,
    CASE WHEN a.aggfinalextra THEN 'FINALFUNC_EXTRA' END,
    CASE WHEN a.aggfinalfn <> 0 AND a.aggfinalmodify <> CASE WHEN a.aggkind = 'n' THEN 'r' ELSE 'w' END
      THEN 'FINALFUNC_MODIFY = ' || CASE a.aggfinalmodify WHEN 'r' THEN 'READ_ONLY' WHEN 's' THEN 'SHAREABLE'
                                                         ELSE 'READ_WRITE' END END,
    CASE WHEN a.aggcombinefn <> 0 THEN 'COMBINEFUNC = ' || a.aggcombinefn::regproc::text END,
    CASE WHEN a.aggserialfn <> 0 THEN 'SERIALFUNC = ' || a.aggserialfn::regproc::text END,
    CASE WHEN a.aggdeserialfn <> 0 THEN 'DESERIALFUNC = ' || a.aggdeserialfn::regproc::text END,
    CASE WHEN a.agginitval IS NOT NULL THEN 'INITCOND = ' || quote_literal(a.agginitval) END,
    CASE WHEN a.aggmtransfn <> 0 THEN 'MSFUNC = ' || a.aggmtransfn::regproc::text END,
    CASE WHEN a.aggminvtransfn <> 0 THEN 'MINVFUNC = ' || a.aggminvtransfn::regproc::text END,
    CASE WHEN a.aggmtranstype <> 0 THEN 'MSTYPE = ' || format_type(a.aggmtranstype, NULL) END,
    CASE WHEN a.aggmtransspace <> 0 THEN 'MSSPACE = ' || a.aggmtransspace END,
    CASE WHEN a.aggmfinalfn <> 0 THEN 'MFINALFUNC = ' || a.aggmfinalfn::regproc::text END,
    CASE WHEN a.aggmfinalextra THEN 'MFINALFUNC_EXTRA' END,
    CASE WHEN a.aggmfinalfn <> 0 AND a.aggmfinalmodify <> 'r'
      THEN 'MFINALFUNC_MODIFY = ' || CASE a.aggmfinalmodify WHEN 's' THEN 'SHAREABLE' ELSE 'READ_WRITE' END END,
    CASE WHEN a.aggminitval IS NOT NULL THEN 'MINITCOND = ' || quote_literal(a.aggminitval) END,
    CASE WHEN a.aggsortop <> 0 THEN 'SORTOP = ' || (SELECT o.oprname FROM pg_operator o WHERE o.oid = a.aggsortop) END,
    CASE WHEN a.aggkind = 'h' THEN 'HYPOTHETICAL' END,
    CASE p.proparallel WHEN 's' THEN 'PARALLEL = SAFE' WHEN 'r' THEN 'PARALLEL = RESTRICTED' END) || ')'
FROM pg_aggregate a JOIN pg_namespace an ON an.oid = p.pronamespace
WHERE a.aggfnoid = p.oid))SQL";

} // namespace

std::string function_definition_sql()
{
  return "CASE WHEN p.prokind = 'a' THEN " + std::string(k_aggregate_definition_sql) +
         " ELSE pg_get_functiondef(p.oid) END";
}

} // namespace strata::dialects::postgres
