// Splits a migration file into statements on ';' outside quotes, comments, dollar-quoted strings
// and the BEGIN ... END body of CREATE TRIGGER, remembering the line each statement starts on.
#include "migrations/executor.hpp"

#include <cctype>

namespace strata::migrations {

namespace {

bool ident_char(char c)
{
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

std::string upper(std::string text)
{
  for (auto& c : text) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return text;
}

class Splitter {
public:
  explicit Splitter(const std::string& sql) : m_sql(sql) {}

  std::vector<SqlStatement> run()
  {
    while (m_pos < m_sql.size()) {
      const char c = m_sql[m_pos];
      if (c == '-' && peek(1) == '-') {
        skip_until("\n", false);
      } else if (c == '/' && peek(1) == '*') {
        skip_until("*/", true);
      } else if (c == '\'' || c == '"' || c == '`') {
        start_token();
        quoted(c, c == '\'' && escape_string_prefix());
      } else if (c == '$' && dollar_quote()) {
        // consumed
      } else if (c == ';') {
        resolve_end();
        if (m_depth == 0) {
          finish();
          ++m_pos;
        } else {
          advance();
        }
      } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
        start_token();
        word();
      } else {
        if (!std::isspace(static_cast<unsigned char>(c))) {
          start_token();
        }
        advance();
      }
    }
    finish();
    return std::move(m_out);
  }

private:
  char peek(size_t ahead) const { return m_pos + ahead < m_sql.size() ? m_sql[m_pos + ahead] : '\0'; }

  void advance()
  {
    if (m_sql[m_pos] == '\n') {
      ++m_line;
    }
    ++m_pos;
  }

  void start_token()
  {
    if (m_start == std::string::npos) {
      m_start = m_pos;
      m_start_line = m_line;
    }
  }

  void skip_until(const char* terminator, bool consume_terminator)
  {
    const auto end = m_sql.find(terminator, m_pos + 2);
    const auto stop = end == std::string::npos
                        ? m_sql.size()
                        : end + (consume_terminator ? std::char_traits<char>::length(terminator) : 0);
    while (m_pos < stop) {
      advance();
    }
  }

  // PostgreSQL E'...' strings take backslash escapes.
  bool escape_string_prefix() const
  {
    return m_pos > 0 && (m_sql[m_pos - 1] == 'E' || m_sql[m_pos - 1] == 'e') &&
           (m_pos < 2 || !ident_char(m_sql[m_pos - 2]));
  }

  void quoted(char quote, bool backslash_escapes)
  {
    advance();
    while (m_pos < m_sql.size()) {
      if (backslash_escapes && m_sql[m_pos] == '\\' && m_pos + 1 < m_sql.size()) {
        advance();
        advance();
        continue;
      }
      if (m_sql[m_pos] == quote) {
        advance();
        if (m_pos < m_sql.size() && m_sql[m_pos] == quote) { // doubled quote
          advance();
          continue;
        }
        return;
      }
      advance();
    }
  }

  // $$...$$ or $tag$...$tag$; false when the '$' starts no dollar quote ($1 parameters, a$b names).
  bool dollar_quote()
  {
    if (m_pos > 0 && (ident_char(m_sql[m_pos - 1]) || m_sql[m_pos - 1] == '$')) {
      return false;
    }
    size_t end = m_pos + 1;
    if (end < m_sql.size() && std::isdigit(static_cast<unsigned char>(m_sql[end]))) {
      return false;
    }
    while (end < m_sql.size() && ident_char(m_sql[end])) {
      ++end;
    }
    if (end >= m_sql.size() || m_sql[end] != '$') {
      return false;
    }
    const std::string tag = m_sql.substr(m_pos, end - m_pos + 1);
    start_token();
    const auto close = m_sql.find(tag, end + 1);
    const auto stop = close == std::string::npos ? m_sql.size() : close + tag.size();
    while (m_pos < stop) {
      advance();
    }
    return true;
  }

  void word()
  {
    const auto begin = m_pos;
    while (m_pos < m_sql.size() && ident_char(m_sql[m_pos])) {
      ++m_pos;
    }
    const auto text = upper(m_sql.substr(begin, m_pos - begin));
    if (m_words.size() < 3) {
      m_words.push_back(text);
      m_trigger = is_create_trigger();
    }
    if (!m_trigger) {
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

  void resolve_end()
  {
    if (m_pending_end > 0) {
      m_depth = m_depth > 0 ? m_depth - 1 : 0;
      m_pending_end = 0;
    }
  }

  bool is_create_trigger() const
  {
    if (m_words.empty() || m_words[0] != "CREATE") {
      return false;
    }
    if (m_words.size() >= 2 && m_words[1] == "TRIGGER") {
      return true;
    }
    return m_words.size() >= 3 && (m_words[1] == "TEMP" || m_words[1] == "TEMPORARY") && m_words[2] == "TRIGGER";
  }

  void finish()
  {
    if (m_start != std::string::npos) {
      auto text = m_sql.substr(m_start, m_pos - m_start);
      while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
        text.pop_back();
      }
      m_out.push_back({std::move(text), m_start_line});
    }
    m_start = std::string::npos;
    m_words.clear();
    m_previous.clear();
    m_trigger = false;
    m_depth = 0;
    m_pending_end = 0;
  }

  const std::string& m_sql;
  size_t m_pos = 0;
  int m_line = 1;
  size_t m_start = std::string::npos;
  int m_start_line = 1;
  std::vector<std::string> m_words; // first words of the current statement
  std::string m_previous;
  bool m_trigger = false;
  int m_depth = 0;
  int m_pending_end = 0;
  std::vector<SqlStatement> m_out;
};

} // namespace

std::vector<SqlStatement> split_statements(const std::string& sql)
{
  return Splitter(sql).run();
}

} // namespace strata::migrations
