// Parsing a CREATE TRIGGER statement into the parts MySQL/MariaDB keep (trigger.hpp).
#include "dialects/mysql/trigger.hpp"

#include "dialects/mysql/expr.hpp"
#include "dialects/mysql/internal.hpp"
#include "dialects/sql_tokenizer.hpp"

#include <vector>

namespace strata::dialects::mysql {

namespace {

class Reader {
public:
  explicit Reader(std::string_view text) : m_text(text), m_tokens(expr::tokenize(text)) {}

  bool done() const { return m_at >= m_tokens.size(); }
  // Consumes the next token when it is the keyword `word` (any case).
  bool keyword(std::string_view word)
  {
    if (!done() && m_tokens[m_at].kind == expr::TokenKind::word && expr::ascii_upper(m_tokens[m_at].text) == word) {
      ++m_at;
      return true;
    }
    return false;
  }
  // Consumes the next token when it is one of `words`; returns it upper case, or "".
  std::string one_of(std::initializer_list<std::string_view> words)
  {
    for (const auto word : words) {
      if (keyword(word)) {
        return std::string(word);
      }
    }
    return {};
  }
  // Skips tokens up to (not including) the keyword `word`; false when it never comes.
  bool skip_to(std::string_view word)
  {
    for (size_t i = m_at; i < m_tokens.size(); ++i) {
      if (m_tokens[i].kind == expr::TokenKind::word && expr::ascii_upper(m_tokens[i].text) == word) {
        m_at = i;
        return true;
      }
    }
    return false;
  }
  // An object name, possibly `db`.`name`: the last part, unquoted; "" when there is none.
  std::string name()
  {
    std::string out;
    while (!done() && (m_tokens[m_at].kind == expr::TokenKind::word ||
                       m_tokens[m_at].kind == expr::TokenKind::quoted_identifier)) {
      out = expr::identifier_text(m_tokens[m_at]);
      ++m_at;
      if (done() || m_tokens[m_at].kind != expr::TokenKind::dot) {
        break;
      }
      ++m_at;
    }
    return out;
  }
  // The text from the next token to the end, trimmed, without a final ';'.
  std::string rest() const
  {
    if (done()) {
      return {};
    }
    std::string out(m_text.substr(m_tokens[m_at].offset));
    while (!out.empty() && (out.back() == ';' || out.back() == ' ' || out.back() == '\n' || out.back() == '\t' ||
                            out.back() == '\r')) {
      out.pop_back();
    }
    return out;
  }

private:
  std::string_view m_text;
  std::vector<expr::Token> m_tokens;
  size_t m_at = 0;
};

// `body` with the words whose case MySQL ignores written lower case: keywords of statements and
// expressions, and NEW and OLD before a dot; identifiers keep their case (table names are
// case-sensitive where the server's file system is).
std::string lower_keywords(std::string_view body)
{
  static constexpr std::string_view k_statement_words[] = {
    "begin", "call", "close", "continue", "cursor", "declare", "do", "elseif", "exit", "fetch", "handler",
    "iterate", "leave", "loop", "message_text", "open", "resignal", "return", "signal", "sqlstate", "until",
    "value", "while",
  };
  const auto tokens = expr::tokenize(body);
  std::string out;
  size_t at = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const auto& token = tokens[i];
    if (token.kind != expr::TokenKind::word) {
      continue;
    }
    const std::string low = expr::ascii_lower(token.text);
    const bool record = (low == "new" || low == "old") && i + 1 < tokens.size() &&
                        tokens[i + 1].kind == expr::TokenKind::dot;
    if (record || expr::is_reserved(low) || expr::is_keyword(low) || lex::in_words(k_statement_words, low)) {
      out.append(body.substr(at, token.offset - at));
      out += low;
      at = token.end();
    }
  }
  out.append(body.substr(at));
  return out;
}

std::optional<TriggerParts> fail(std::string* problem, std::string message)
{
  if (problem != nullptr) {
    *problem = std::move(message);
  }
  return std::nullopt;
}

} // namespace

std::optional<TriggerParts> parse_trigger(std::string_view definition, std::string* problem)
{
  Reader in(definition);
  if (!in.keyword("CREATE")) {
    return fail(problem, "does not start with CREATE TRIGGER");
  }
  if (in.keyword("OR") && !in.keyword("REPLACE")) {
    return fail(problem, "has OR without REPLACE");
  }
  if (in.keyword("DEFINER") && !in.skip_to("TRIGGER")) { // DEFINER = user@host, CURRENT_USER[()]
    return fail(problem, "has no TRIGGER after DEFINER");
  }
  if (!in.keyword("TRIGGER")) {
    return fail(problem, "does not start with CREATE TRIGGER");
  }
  if (in.keyword("IF") && !(in.keyword("NOT") && in.keyword("EXISTS"))) {
    return fail(problem, "has IF without NOT EXISTS");
  }
  TriggerParts parts;
  parts.name = in.name();
  if (parts.name.empty()) {
    return fail(problem, "names no trigger after CREATE TRIGGER");
  }
  parts.timing = in.one_of({"BEFORE", "AFTER"});
  if (parts.timing.empty()) {
    return fail(problem, "has no BEFORE or AFTER after the trigger's name");
  }
  parts.event = in.one_of({"INSERT", "UPDATE", "DELETE"});
  if (parts.event.empty()) {
    return fail(problem, "has no INSERT, UPDATE or DELETE after " + parts.timing);
  }
  if (!in.keyword("ON") || (parts.table = in.name()).empty()) {
    return fail(problem, "names no table (ON table) after " + parts.timing + " " + parts.event);
  }
  if (!(in.keyword("FOR") && in.keyword("EACH") && in.keyword("ROW"))) {
    return fail(problem, "has no FOR EACH ROW after its table");
  }
  if (!in.one_of({"FOLLOWS", "PRECEDES"}).empty() && in.name().empty()) {
    return fail(problem, "names no trigger after FOLLOWS/PRECEDES");
  }
  parts.body = in.rest();
  if (parts.body.empty()) {
    return fail(problem, "has no body after FOR EACH ROW");
  }
  return parts;
}

std::string trigger_statement(const TriggerParts& parts)
{
  return "CREATE TRIGGER " + quote_identifier(parts.name) + " " + parts.timing + " " + parts.event + " ON " +
         quote_identifier(parts.table) + " FOR EACH ROW " + parts.body;
}

std::string canonical_trigger(std::string_view definition)
{
  auto parts = parse_trigger(definition);
  if (!parts) {
    return std::string(definition);
  }
  parts->body = expr::canonical(lower_keywords(parts->body));
  return trigger_statement(*parts);
}

} // namespace strata::dialects::mysql
