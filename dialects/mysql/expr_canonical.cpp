// expr::canonical and strip_qualifier (see expr.hpp): the token-level normal form of MySQL
// expressions and queries.

#include "dialects/mysql/expr.hpp"

#include <algorithm>
#include <map>

namespace strata::dialects::mysql::expr {

namespace {

// Keywords after which '(' opens an operand, not a function's arguments: `in ('a')`,
// `and (x)`, `exists (select ...)`. Other words before '(' are function names.
bool operator_keyword(std::string_view word)
{
  static const std::vector<std::string_view> words{
    "and", "or", "not", "xor", "in", "exists", "as", "on", "using", "when", "then", "else", "between", "like",
    "regexp", "rlike", "from", "where", "select", "by", "having", "union", "all", "any", "some", "distinct", "join",
    "case", "is", "div", "mod", "escape", "with", "return", "interval",
  };
  const std::string low = ascii_lower(word);
  return std::find(words.begin(), words.end(), low) != words.end();
}

bool plain_identifier(const std::string& name)
{
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
  });
}

// Function names MariaDB prints under another spelling.
std::string function_name(const std::string& low)
{
  static const std::map<std::string, std::string> synonyms{
    {"upper", "ucase"}, {"lower", "lcase"}, {"now", "current_timestamp"}, {"localtime", "current_timestamp"},
    {"localtimestamp", "current_timestamp"}, {"character_length", "char_length"},
  };
  const auto it = synonyms.find(low);
  return it == synonyms.end() ? low : it->second;
}

// "text" as 'text' (without ANSI_QUOTES a double-quoted token is a string).
std::string single_quoted(const std::string& text)
{
  if (text.size() < 2 || text.front() != '"') {
    return text;
  }
  std::string out = "'";
  for (size_t i = 1; i + 1 < text.size(); ++i) {
    if (text[i] == '\\' && i + 2 < text.size()) {
      out += text[i];
      out += text[++i];
    } else if (text[i] == '"' && text[i + 1] == '"') {
      out += '"';
      ++i;
    } else if (text[i] == '\'') {
      out += "''";
    } else {
      out += text[i];
    }
  }
  return out + "'";
}

// Token spellings: identifiers, keywords, function names, operators and literals.
std::vector<Token> rewrite(const std::vector<Token>& in)
{
  std::vector<Token> out;
  for (size_t i = 0; i < in.size(); ++i) {
    Token t = in[i];
    const bool before_open = i + 1 < in.size() && in[i + 1].kind == TokenKind::open;
    if (t.kind == TokenKind::quoted_identifier) {
      const std::string name = identifier_text(t);
      if (plain_identifier(name) && !is_reserved(name) && !is_keyword(name)) {
        t = {TokenKind::word, name};
      }
    } else if (t.kind == TokenKind::word) {
      const std::string low = ascii_lower(t.text);
      const bool after_is = !out.empty() && (lex::is_word(out.back(), "is") || (lex::is_word(out.back(), "not") && out.size() > 1 &&
                                                                           lex::is_word(out[out.size() - 2], "is")));
      if ((low == "true" || low == "false") && !after_is) {
        t = {TokenKind::number, low == "true" ? "1" : "0"};
      } else if (before_open && !operator_keyword(low)) {
        t.text = function_name(low);
      } else if (low == "current_timestamp" || low == "localtime" || low == "localtimestamp") {
        out.push_back({TokenKind::word, "current_timestamp"}); // CURRENT_TIMESTAMP is current_timestamp()
        out.push_back({TokenKind::open, "("});
        t = {TokenKind::close, ")"};
      } else if (is_keyword(low)) {
        t.text = low;
      }
    } else if (t.kind == TokenKind::op) {
      if (t.text == "!=") {
        t.text = "<>";
      } else if (t.text == "&&" || t.text == "||" || t.text == "%") {
        t = {TokenKind::word, t.text == "&&" ? "and" : t.text == "||" ? "or" : "mod"};
      }
    } else if (t.kind == TokenKind::string) {
      t.text = single_quoted(t.text);
    }
    out.push_back(std::move(t));
  }
  while (!out.empty() && out.back().kind == TokenKind::semicolon) {
    out.pop_back();
  }
  return out;
}

// A '(' at `i` that groups an operand (not a call's or IN's argument list).
bool grouping(const std::vector<Token>& tokens, size_t i)
{
  if (i == 0) {
    return true;
  }
  const Token& prev = tokens[i - 1];
  if (prev.kind == TokenKind::quoted_identifier) {
    return false;
  }
  if (prev.kind == TokenKind::word) {
    const std::string low = ascii_lower(prev.text);
    return operator_keyword(low) && low != "in" && low != "exists" && low != "using" && low != "as";
  }
  return prev.kind == TokenKind::op || prev.kind == TokenKind::open || prev.kind == TokenKind::comma;
}

void erase_pair(std::vector<Token>& tokens, size_t open, size_t close)
{
  tokens.erase(tokens.begin() + static_cast<long>(close));
  tokens.erase(tokens.begin() + static_cast<long>(open));
}

// Parentheses around the whole text, around a single token, or doubled, are removed.
void drop_redundant_parentheses(std::vector<Token>& tokens)
{
  bool changed = true;
  while (changed) {
    changed = false;
    for (size_t i = 0; i < tokens.size() && !changed; ++i) {
      if (tokens[i].kind != TokenKind::open) {
        continue;
      }
      const size_t close = lex::matching_close(tokens, i);
      if (close == std::string::npos) {
        return;
      }
      const bool whole = i == 0 && close + 1 == tokens.size();
      const bool single = close == i + 2 && tokens[i + 1].kind != TokenKind::open && grouping(tokens, i);
      const bool doubled = i + 1 < close && tokens[i + 1].kind == TokenKind::open && lex::matching_close(tokens, i + 1) == close - 1;
      if (doubled) {
        erase_pair(tokens, i + 1, close - 1);
        changed = true;
      } else if (whole || single) {
        erase_pair(tokens, i, close);
        changed = true;
      }
    }
  }
}

// A '+'/'-'/'~'/'!' at `i` that is a sign (no space after it).
bool unary(const std::vector<Token>& tokens, size_t i)
{
  const Token& t = tokens[i];
  if (t.kind != TokenKind::op || (t.text != "-" && t.text != "+" && t.text != "~" && t.text != "!")) {
    return false;
  }
  if (i == 0) {
    return true;
  }
  const Token& prev = tokens[i - 1];
  return prev.kind == TokenKind::op || prev.kind == TokenKind::open || prev.kind == TokenKind::comma ||
         (prev.kind == TokenKind::word && operator_keyword(prev.text));
}

std::string join(const std::vector<Token>& tokens)
{
  std::string out;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (i > 0) {
      const Token& prev = tokens[i - 1];
      const bool call = t.kind == TokenKind::open &&
                        (prev.kind == TokenKind::quoted_identifier || (prev.kind == TokenKind::word && !operator_keyword(prev.text)));
      const bool tight = t.kind == TokenKind::close || t.kind == TokenKind::comma || t.kind == TokenKind::dot ||
                         prev.kind == TokenKind::open || prev.kind == TokenKind::dot || call || unary(tokens, i - 1);
      if (!tight) {
        out += ' ';
      }
    }
    out += t.text;
  }
  return out;
}

} // namespace

std::string canonical(std::string_view sql)
{
  std::vector<Token> tokens = rewrite(tokenize(sql));
  drop_redundant_parentheses(tokens);
  return join(tokens);
}

std::string strip_qualifier(std::string_view sql, const std::string& database)
{
  lex::Options options;
  options.trivia = true; // every byte in some token: the text is rebuilt as written
  const auto tokens = lex::tokenize(sql, syntax(), options).tokens;
  std::string out;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const auto& t = tokens[i];
    if (t.kind == lex::TokenKind::quoted_identifier && i + 1 < tokens.size() && tokens[i + 1].is('.') &&
        lex::unquote(t.text) == database) {
      ++i; // `database`. dropped
      continue;
    }
    out += t.text;
  }
  return out;
}

} // namespace strata::dialects::mysql::expr
