// expr::canonical: the token-level canonical form of PostgreSQL expression text (see expr.hpp).
// Each rewrite is a small pass over the token list; the result is re-joined with fixed spacing.

#include "dialects/postgres/expr.hpp"

#include <cctype>

namespace strata::dialects::postgres::expr {

namespace {

bool plain_identifier(const std::string& name)
{
  if (name.empty() || !(std::islower(static_cast<unsigned char>(name[0])) || name[0] == '_')) {
    return false;
  }
  for (const char c : name) {
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_')) {
      return false;
    }
  }
  return !keyword_needs_quotes(name);
}

// Case: keywords upper, bare words lower (PostgreSQL folds them), plain quoted names unquoted
// (never one that reads differently bare, see keyword_needs_quotes).
void fold_case(std::vector<Token>& tokens)
{
  for (auto& t : tokens) {
    if (t.kind == TokenKind::word) {
      t.text = is_keyword(t.text) ? ascii_upper(t.text) : ascii_lower(t.text);
    } else if (t.kind == TokenKind::quoted_identifier) {
      const std::string name = identifier_text(t);
      if (plain_identifier(name)) {
        // An unreserved keyword reads the same bare: it takes the bare word's canonical case.
        t = {TokenKind::word, is_keyword(name) ? ascii_upper(name) : name};
      }
    }
  }
}

// Length of the cast type name starting at tokens[i] (words, optionally "(n)" and "[]"), 0 if none.
size_t type_length(const std::vector<Token>& tokens, size_t i)
{
  size_t j = i;
  while (j < tokens.size() && (tokens[j].kind == TokenKind::word || tokens[j].kind == TokenKind::quoted_identifier)) {
    ++j;
    // multi-word types: character varying, double precision, timestamp with time zone
    const bool more = j < tokens.size() && tokens[j].kind == TokenKind::word &&
                      (lex::is_word(tokens[j], "varying") || lex::is_word(tokens[j], "precision") || lex::is_word(tokens[j], "with") ||
                       lex::is_word(tokens[j], "without") || lex::is_word(tokens[j], "time") || lex::is_word(tokens[j], "zone"));
    if (!more) {
      break;
    }
  }
  if (j == i) {
    return 0;
  }
  if (j + 1 < tokens.size() && tokens[j].text == "(" && tokens[j + 1].kind == TokenKind::number) {
    size_t k = j + 1;
    while (k < tokens.size() && tokens[k].text != ")") {
      ++k;
    }
    j = k < tokens.size() ? k + 1 : j;
  }
  while (j + 1 < tokens.size() && tokens[j].text == "[" && tokens[j + 1].text == "]") {
    j += 2;
  }
  return j - i;
}

std::string type_text(const std::vector<Token>& tokens, size_t i, size_t n)
{
  std::string out;
  for (size_t k = i; k < i + n; ++k) {
    if (!out.empty() && tokens[k].kind == TokenKind::word && tokens[k - 1].kind == TokenKind::word) {
      out += ' ';
    }
    out += ascii_lower(tokens[k].text);
  }
  return out;
}

bool numeric_text(std::string_view s)
{
  size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  bool digit = false;
  for (; i < s.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(s[i]))) {
      digit = true;
    } else if (s[i] != '.') {
      return false;
    }
  }
  return digit;
}

// 'x'::text, 'x'::character varying, 'x'::bpchar, 'x'::regclass -> 'x' (PostgreSQL adds them to
// literals); '-1'::integer and other numeric literals cast to a number type -> the number.
void drop_literal_casts(std::vector<Token>& tokens)
{
  std::vector<Token> out;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].kind == TokenKind::string && tokens[i].text.front() == '\'' && i + 2 < tokens.size() &&
        tokens[i + 1].kind == TokenKind::cast) {
      const size_t n = type_length(tokens, i + 2);
      const std::string type = type_text(tokens, i + 2, n);
      const std::string body = tokens[i].text.substr(1, tokens[i].text.size() - 2);
      const bool string_type = type == "text" || type == "character varying" || type == "varchar" ||
                               type == "bpchar" || type == "regclass" || type == "unknown";
      const bool number_type = type == "integer" || type == "bigint" || type == "smallint" || type == "numeric" ||
                               type == "int" || type == "real" || type == "double precision";
      if (n > 0 && string_type) {
        out.push_back(tokens[i]);
        i += 1 + n;
        continue;
      }
      if (n > 0 && number_type && numeric_text(body)) {
        if (body[0] == '-' || body[0] == '+') {
          out.push_back({TokenKind::op, body.substr(0, 1)});
          out.push_back({TokenKind::number, body.substr(1)});
        } else {
          out.push_back({TokenKind::number, body});
        }
        i += 1 + n;
        continue;
      }
    }
    out.push_back(tokens[i]);
  }
  tokens = std::move(out);
}

// (col)::type -> col::type: PostgreSQL parenthesises a lone column before a cast.
void drop_cast_operand_parens(std::vector<Token>& tokens)
{
  std::vector<Token> out;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].text == "(" && i + 3 < tokens.size() && tokens[i + 2].text == ")" &&
        tokens[i + 3].kind == TokenKind::cast &&
        (tokens[i + 1].kind == TokenKind::word || tokens[i + 1].kind == TokenKind::quoted_identifier) &&
        !is_keyword(tokens[i + 1].text) && (out.empty() || out.back().kind != TokenKind::word || is_keyword(out.back().text))) {
      out.push_back(tokens[i + 1]);
      i += 2;
      continue;
    }
    out.push_back(tokens[i]);
  }
  tokens = std::move(out);
}

void strip_outer_parens(std::vector<Token>& tokens)
{
  while (tokens.size() >= 2 && tokens.front().text == "(" && lex::matching_close(tokens, 0) == tokens.size() - 1) {
    tokens.erase(tokens.begin());
    tokens.pop_back();
  }
}

bool unary_position(const std::vector<Token>& out)
{
  if (out.empty()) {
    return true;
  }
  const Token& prev = out.back();
  return prev.kind == TokenKind::op || prev.kind == TokenKind::open || prev.kind == TokenKind::comma ||
         prev.kind == TokenKind::cast || (prev.kind == TokenKind::word && is_keyword(prev.text) &&
                                          prev.text != "NULL" && prev.text != "TRUE" && prev.text != "FALSE" &&
                                          prev.text != "END" && prev.text.rfind("CURRENT_", 0) != 0);
}

std::string join(const std::vector<Token>& tokens)
{
  std::string out;
  std::vector<Token> seen;
  bool glue_next = false; // after a unary sign
  for (const auto& t : tokens) {
    bool space = !out.empty() && !glue_next;
    if (!seen.empty()) {
      const Token& prev = seen.back();
      if (prev.kind == TokenKind::open || prev.kind == TokenKind::dot || prev.kind == TokenKind::cast) {
        space = false;
      }
      if (t.kind == TokenKind::close || t.kind == TokenKind::comma || t.kind == TokenKind::dot ||
          t.kind == TokenKind::cast || t.kind == TokenKind::semicolon) {
        space = false;
      }
      // function calls and subscripts: name( / expr[
      if (t.kind == TokenKind::open &&
          ((t.text == "(" && (prev.kind == TokenKind::word || prev.kind == TokenKind::quoted_identifier) && !is_keyword(prev.text)) ||
           (t.text == "[" && prev.kind != TokenKind::op && prev.kind != TokenKind::comma && prev.kind != TokenKind::open))) {
        space = false;
      }
    }
    glue_next = false;
    if (t.kind == TokenKind::op && (t.text == "-" || t.text == "+") && unary_position(seen)) {
      glue_next = true;
    }
    if (space) {
      out += ' ';
    }
    out += t.text;
    seen.push_back(t);
  }
  return out;
}

} // namespace

std::string canonical(std::string_view sql)
{
  std::vector<Token> tokens = tokenize(sql);
  while (!tokens.empty() && tokens.back().kind == TokenKind::semicolon) {
    tokens.pop_back();
  }
  fold_case(tokens);
  drop_literal_casts(tokens);
  drop_cast_operand_parens(tokens);
  strip_outer_parens(tokens);
  return join(tokens);
}

} // namespace strata::dialects::postgres::expr
