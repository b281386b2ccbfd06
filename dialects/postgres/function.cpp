// PostgreSQL function and procedure headers (function.hpp).

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
    return fail("is not a CREATE FUNCTION or CREATE PROCEDURE statement");
  }
  ++i;
  if (i + 1 < tokens.size() && expr::is_word(tokens[i], "or") && expr::is_word(tokens[i + 1], "replace")) {
    i += 2;
  }
  FunctionHeader header;
  if (i < tokens.size() && (expr::is_word(tokens[i], "function") || expr::is_word(tokens[i], "procedure"))) {
    header.procedure = expr::is_word(tokens[i], "procedure");
    ++i;
  } else {
    return fail("is not a CREATE FUNCTION or CREATE PROCEDURE statement");
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
    if (begin >= end) {
      continue;
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
  return std::string("CREATE OR REPLACE ") + (header->procedure ? "PROCEDURE " : "FUNCTION ") + name +
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
  return old_header && new_header && old_header->procedure == new_header->procedure &&
         expr::canonical(old_header->arguments) == expr::canonical(new_header->arguments) &&
         old_header->result == new_header->result;
}

} // namespace strata::dialects::postgres
