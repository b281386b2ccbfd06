// Splits a migration file into statements at the terminator (';', or a MySQL DELIMITER) outside
// quotes, comments and dollar-quoted strings, remembering the line each statement starts on. The
// tokens follow the engine's file syntax; where the engine can tell whether text up to a ';' is a
// whole statement (SQLite's sqlite3_complete) it decides, else a ';' inside the BEGIN ... END body
// of CREATE TRIGGER, FUNCTION, PROCEDURE or EVENT, or inside parentheses, does not end the statement.
#include "migrations/executor.hpp"

#include "dialects/sql_tokenizer.hpp"

#include <cctype>

namespace strata::migrations {

namespace {

namespace lex = dialects::lex;

std::string upper(std::string_view text)
{
  std::string out(text);
  for (auto& c : out) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

// Tracks the BEGIN ... END nesting of the body of a CREATE TRIGGER, FUNCTION, PROCEDURE or EVENT
// (MySQL/MariaDB compound statements; PostgreSQL's BEGIN ATOMIC), where ';' ends inner statements.
class CompoundBody {
public:
  void word(std::string_view token)
  {
    const auto text = upper(token);
    if (!m_decided) {
      decide(text);
    }
    if (!m_compound) {
      return;
    }
    if (text == "BEGIN" || (text == "CASE" && m_depth > 0 && m_previous != "END")) {
      ++m_depth;
    } else if (text == "END" && m_depth > 0) {
      ++m_pending_end;
    } else if (m_pending_end > 0 && (text == "IF" || text == "LOOP" || text == "WHILE" || text == "REPEAT")) {
      m_pending_end = 0; // END IF / END LOOP close blocks that were never counted
    }
    if (text != "END") {
      resolve_end();
    }
    m_previous = text;
  }

  // Parentheses: a ';' between them does not end the statement, as in psql (a PostgreSQL rule's
  // actions are `(command; command)`).
  void punct(const lex::Token& token)
  {
    if (token.is('(')) {
      ++m_parens;
    } else if (token.is(')') && m_parens > 0) {
      --m_parens;
    }
  }

  // At a ';': true when it ends the statement rather than a statement of the body.
  bool ends_statement()
  {
    resolve_end();
    return m_depth == 0 && m_parens == 0;
  }

private:
  void resolve_end()
  {
    if (m_pending_end > 0) {
      m_depth = m_depth > 0 ? m_depth - 1 : 0;
      m_pending_end = 0;
    }
  }

  // The statement has a compound body when it is CREATE and the first word naming a kind of
  // object is one of those with a body: what comes before (OR REPLACE, DEFINER = ..., TEMP,
  // AGGREGATE, ALGORITHM = ..., SQL SECURITY ...) names none.
  void decide(const std::string& text)
  {
    // lex::in_words compares lower case.
    static constexpr std::string_view k_bodies[] = {"trigger", "function", "procedure", "event"};
    static constexpr std::string_view k_others[] = {
      "table", "view", "index", "database", "schema", "user", "role", "sequence", "server", "tablespace",
      "type", "domain", "extension", "policy", "rule", "collation", "cast", "operator", "statistics"};
    ++m_words;
    if (m_words == 1) {
      m_decided = text != "CREATE";
    } else if (lex::in_words(k_bodies, text)) {
      m_compound = true;
      m_decided = true;
    } else if (lex::in_words(k_others, text) || m_words >= 12) {
      m_decided = true;
    }
  }

  int m_words = 0;
  bool m_decided = false;
  bool m_compound = false;
  std::string m_previous;
  int m_depth = 0;
  int m_pending_end = 0;
  int m_parens = 0;
};

void push(const std::string& sql, size_t begin, size_t end, int line, std::vector<SqlStatement>& out)
{
  auto text = sql.substr(begin, end - begin);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.pop_back();
  }
  out.push_back({std::move(text), line});
}

// MySQL's `/*! ... */` and MariaDB's `/*M! ... */`: comments to other engines, statements (or
// parts of one) to the server, which runs what they hold; the mysql client sends them.
bool version_comment(std::string_view text)
{
  return text.rfind("/*!", 0) == 0 || text.rfind("/*M!", 0) == 0;
}

std::vector<SqlStatement> split(const std::string& sql, const lex::Syntax& syntax,
                                bool (*complete)(const std::string& text))
{
  std::vector<SqlStatement> out;
  const lex::Token* first = nullptr; // the current statement's first token
  CompoundBody body;
  const auto end_statement = [&](size_t end) {
    if (first != nullptr) {
      push(sql, first->offset, end, first->line, out);
    }
    first = nullptr;
    body = CompoundBody{};
  };
  const auto tokens = lex::tokenize(sql, syntax, lex::Options{.trivia = true}).tokens;
  for (const auto& token : tokens) {
    if (token.kind == lex::TokenKind::whitespace ||
        (token.kind == lex::TokenKind::comment && !version_comment(token.text))) {
      continue;
    }
    if (token.kind == lex::TokenKind::directive) { // a DELIMITER line is the client's, never sent
      end_statement(token.offset);
      continue;
    }
    if (token.kind == lex::TokenKind::terminator) {
      // A DELIMITER other than ';' ends the statement wherever it stands, as in the mysql client.
      const bool ends = token.text != ";"     ? true
                        : complete == nullptr ? body.ends_statement()
                        : first == nullptr  ? true
                                            : complete(sql.substr(first->offset, token.end() - first->offset));
      if (ends) {
        end_statement(token.offset);
        continue;
      }
    }
    first = first != nullptr ? first : &token;
    if (token.kind == lex::TokenKind::word) {
      body.word(token.text);
    } else if (token.kind == lex::TokenKind::punct) {
      body.punct(token);
    }
  }
  end_statement(sql.size());
  return out;
}

} // namespace

std::vector<SqlStatement> split_statements(const std::string& sql, const dialects::Administration& engine)
{
  return split(sql, engine.file_syntax(), engine.statement_complete);
}

std::vector<SqlStatement> split_statements(const std::string& sql)
{
  return split(sql, lex::portable_syntax(), nullptr);
}

} // namespace strata::migrations
