// `-- strata: batch` directives: where they stand, what they say, and the statement they batch
// (its table, the alias that qualifies the key, its WHERE condition) read with the engine's lexer.
#include "migrations/batch_step.hpp"

#include "dialects/backfill_sql.hpp"

#include "schemas/error.hpp"
#include "migrations/input_error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <string_view>

namespace strata::migrations {

namespace {

namespace lex = dialects::lex;

std::string_view trimmed(std::string_view text)
{
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    return {};
  }
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

int last_line(const SqlStatement& statement)
{
  return statement.line + static_cast<int>(std::count(statement.sql.begin(), statement.sql.end(), '\n'));
}

// The directive's words after "batch", or nullopt when the comment is no batch directive.
std::optional<std::string_view> directive_of(std::string_view comment)
{
  if (comment.rfind("--", 0) != 0) {
    return std::nullopt;
  }
  auto text = trimmed(comment.substr(2));
  if (text.rfind("strata:", 0) != 0) {
    return std::nullopt;
  }
  text = trimmed(text.substr(7));
  if (text.rfind("batch", 0) != 0 || (text.size() > 5 && text[5] != ' ' && text[5] != '\t')) {
    return std::nullopt; // "batched" (the header's line) and every other key
  }
  return trimmed(text.substr(5));
}

void parse_settings(std::string_view words, BatchStep& step, const std::string& file)
{
  const auto bad = [&](const std::string& why) {
    fail_at_line(file, step.line,
         fmt::format("-- strata: batch: {} (expected key=COLUMN[,COLUMN...] size=N [sleep=DURATION] [timeout=DURATION], "
                     "durations as 100ms, 5s, 1min or 2h)",
                     why));
  };
  while (!(words = trimmed(words)).empty()) {
    // A word ends at a blank outside double quotes (key="order id").
    size_t end = 0;
    for (bool quoted = false; end < words.size() && (quoted || (words[end] != ' ' && words[end] != '\t')); ++end) {
      quoted = words[end] == '"' ? !quoted : quoted;
    }
    const auto word = words.substr(0, end);
    words.remove_prefix(end);
    const auto equals = word.find('=');
    if (equals == std::string_view::npos || equals + 1 == word.size()) {
      bad(fmt::format("'{}' is no setting=value", word));
    }
    const auto name = word.substr(0, equals);
    const auto value = word.substr(equals + 1);
    if (name == "key") {
      step.keys.clear();
      // Columns separated by commas outside double quotes (key="order id",line).
      for (auto rest = value;;) {
        size_t comma = 0;
        for (bool quoted = false; comma < rest.size() && (quoted || rest[comma] != ','); ++comma) {
          quoted = rest[comma] == '"' ? !quoted : quoted;
        }
        const auto column = rest.substr(0, comma);
        const bool plain = !column.empty() && std::all_of(column.begin(), column.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
        });
        const bool quoted = column.size() > 2 && column.front() == '"' && column.back() == '"' &&
                            column.substr(1, column.size() - 2).find('"') == std::string_view::npos;
        if (!plain && !quoted) {
          bad(fmt::format("key '{}' is no column name", column));
        }
        step.keys.push_back(quoted ? lex::unquote(column) : std::string(column));
        if (comma == rest.size()) {
          break;
        }
        rest.remove_prefix(comma + 1);
      }
    } else if (name == "size") {
      const bool digits = value.size() <= 9 && std::all_of(value.begin(), value.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
      });
      step.size = digits ? std::stoll(std::string(value)) : 0;
      if (step.size < 1) {
        bad(fmt::format("size '{}' is no whole number of keys from 1 to 999999999", value));
      }
    } else if (name == "sleep" || name == "timeout") {
      const auto duration = parse_file_duration(value);
      if (!duration) {
        bad(fmt::format("{} '{}' is no duration", name, value));
      }
      (name == "sleep" ? step.sleep : step.timeout) = *duration;
    } else {
      bad(fmt::format("unknown setting '{}'", name));
    }
  }
  if (step.keys.empty() || step.size == 0) {
    bad(step.keys.empty() ? "key= is missing" : "size= is missing");
  }
}

bool is_word(const lex::Token& token, std::initializer_list<std::string_view> words)
{
  if (token.kind != lex::TokenKind::word) {
    return false;
  }
  const auto upper = lex::ascii_upper(token.text);
  return std::find(words.begin(), words.end(), upper) != words.end();
}

bool is_name(const lex::Token& token)
{
  return token.kind == lex::TokenKind::word || token.kind == lex::TokenKind::quoted_identifier;
}

// Reads what the statement batches: its table and alias, and the condition of its WHERE.
class StatementReader {
public:
  StatementReader(const std::string& sql, const lex::Syntax& syntax, BatchStep& step, const std::string& file)
    : m_sql(sql), m_tokens(lex::tokenize(sql, syntax).tokens), m_step(step), m_file(file)
  {
    m_depth.reserve(m_tokens.size());
    int depth = 0;
    for (const auto& token : m_tokens) {
      depth -= token.is(')') ? 1 : 0;
      m_depth.push_back(depth);
      depth += token.is('(') ? 1 : 0;
    }
  }

  void read()
  {
    if (m_tokens.empty()) {
      fail_here("the batched statement is empty");
    }
    size_t at = 1;
    if (is_word(m_tokens[0], {"UPDATE"})) {
      skip(at, {"LOW_PRIORITY", "IGNORE", "ONLY"});
    } else if (is_word(m_tokens[0], {"DELETE"})) {
      skip(at, {"LOW_PRIORITY", "QUICK", "IGNORE"});
      if (at >= m_tokens.size() || !is_word(m_tokens[at], {"FROM"})) {
        fail_here("a batched DELETE names its table after FROM");
      }
      ++at;
      skip(at, {"ONLY"});
    } else if (is_word(m_tokens[0], {"INSERT"})) {
      at = top_level({"SELECT"}, 1);
      at = at < m_tokens.size() ? top_level({"FROM"}, at + 1) : at;
      if (at >= m_tokens.size()) {
        fail_here("a batched INSERT is INSERT ... SELECT ... FROM table WHERE ...");
      }
      ++at;
    } else {
      fail_here("a batched statement is an UPDATE, a DELETE or an INSERT ... SELECT");
    }
    read_table(at);
    if (top_level({"LIMIT"}, at) < m_tokens.size()) {
      fail_here("a batched statement has no LIMIT (its batches are the key ranges)");
    }
    const size_t where = top_level({"WHERE"}, at);
    if (where >= m_tokens.size()) {
      fail_here("a batched statement needs a WHERE clause (its ranges of keys are added to it)");
    }
    size_t stop = top_level({"RETURNING", "ORDER", "GROUP", "HAVING", "WINDOW", "ON", "UNION", "EXCEPT", "INTERSECT",
                             "FOR"},
                            where + 1);
    if (stop == where + 1) {
      fail_here("the WHERE clause of a batched statement is empty");
    }
    m_step.where_begin = m_tokens[where].end();
    m_step.where_end = m_tokens[stop - 1].end();
  }

private:
  [[noreturn]] void fail_here(const std::string& message) const { fail_at_line(m_file, m_step.line, message); }

  void skip(size_t& at, std::initializer_list<std::string_view> words) const
  {
    while (at < m_tokens.size() && is_word(m_tokens[at], words)) {
      ++at;
    }
  }

  // The first token from `from` on at parenthesis depth 0 that is one of `words`; size() if none.
  size_t top_level(std::initializer_list<std::string_view> words, size_t from) const
  {
    for (size_t i = from; i < m_tokens.size(); ++i) {
      if (m_depth[i] == 0 && is_word(m_tokens[i], words)) {
        return i;
      }
    }
    return m_tokens.size();
  }

  // table [AS] [alias], the table possibly schema-qualified; `at` ends after it.
  void read_table(size_t& at)
  {
    if (at >= m_tokens.size() || !is_name(m_tokens[at])) {
      fail_here("cannot find the table of the batched statement");
    }
    const size_t first = at++;
    while (at + 1 < m_tokens.size() && m_tokens[at].is('.') && is_name(m_tokens[at + 1])) {
      at += 2;
    }
    m_step.table = m_sql.substr(m_tokens[first].offset, m_tokens[at - 1].end() - m_tokens[first].offset);
    m_step.qualifier = m_step.table;
    if (at < m_tokens.size() && is_word(m_tokens[at], {"AS"})) {
      ++at;
    }
    const bool alias = at < m_tokens.size() && is_name(m_tokens[at]) &&
                       !is_word(m_tokens[at], {"SET", "WHERE", "USING", "JOIN", "INNER", "LEFT", "RIGHT", "FULL",
                                               "CROSS", "NATURAL", "ON", "ORDER", "LIMIT", "GROUP", "RETURNING",
                                               "FROM", "WINDOW", "HAVING", "UNION", "STRAIGHT_JOIN"});
    if (alias) {
      m_step.qualifier = std::string(m_tokens[at].text);
      ++at;
    }
  }

  const std::string& m_sql;
  std::vector<lex::Token> m_tokens;
  std::vector<int> m_depth; // parenthesis depth of each token
  BatchStep& m_step;
  const std::string& m_file;
};

} // namespace

std::vector<BatchStep> find_batches(const std::string& sql, const std::vector<SqlStatement>& statements,
                                    const dialects::lex::Syntax& syntax, const std::string& file,
                                    bool batched_header)
{
  std::vector<BatchStep> out;
  for (const auto& token : lex::tokenize(sql, syntax, {.trivia = true}).tokens) {
    if (token.kind != lex::TokenKind::comment) {
      continue;
    }
    const auto words = directive_of(token.text);
    if (!words) {
      continue;
    }
    BatchStep step;
    step.line = token.line;
    const auto inside = std::find_if(statements.begin(), statements.end(), [&](const SqlStatement& s) {
      return s.line <= token.line && last_line(s) > token.line;
    });
    if (inside != statements.end()) {
      fail_at_line(file, token.line, "-- strata: batch stands on its own line before the statement it batches, not inside one");
    }
    const auto next = std::find_if(statements.begin(), statements.end(),
                                   [&](const SqlStatement& s) { return s.line > token.line; });
    if (next == statements.end()) {
      fail_at_line(file, token.line, "-- strata: batch is not followed by a statement");
    }
    step.statement = static_cast<size_t>(next - statements.begin());
    if (!out.empty() && out.back().statement == step.statement) {
      fail_at_line(file, token.line, fmt::format("statement at line {} has two -- strata: batch lines", next->line));
    }
    if (!batched_header) {
      fail_at_line(file, token.line,
           "a batched step runs outside the file's transaction: the file's header says so with a "
           "`-- strata: batched` line");
    }
    parse_settings(*words, step, file);
    StatementReader(next->sql, syntax, step, file).read();
    out.push_back(std::move(step));
  }
  return out;
}

const BatchStep* batch_at(const std::vector<BatchStep>& steps, size_t index)
{
  const auto found = std::find_if(steps.begin(), steps.end(), [&](const BatchStep& s) { return s.statement == index; });
  return found == steps.end() ? nullptr : &*found;
}

std::string describe(const BatchStep& step)
{
  const auto duration = [](std::chrono::milliseconds ms) {
    return ms.count() % 1000 == 0 ? fmt::format("{}s", ms.count() / 1000) : fmt::format("{}ms", ms.count());
  };
  std::string keys;
  for (const auto& key : step.keys) {
    keys += (keys.empty() ? "" : ",") + dialects::directive_name(key);
  }
  std::string out = fmt::format("key={} size={}", keys, step.size);
  if (step.sleep.count() > 0) {
    out += " sleep=" + duration(step.sleep);
  }
  if (step.timeout.count() > 0) {
    out += " timeout=" + duration(step.timeout);
  }
  return out;
}

std::string key_literal(const std::string& value, std::string (*quote)(const std::string&))
{
  const size_t sign = !value.empty() && value[0] == '-' ? 1 : 0;
  const bool integer = value.size() > sign && value.size() - sign <= 18 &&
                       std::all_of(value.begin() + static_cast<long>(sign), value.end(),
                                   [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  return integer ? value : quote(value);
}

std::string encode_key(const std::vector<std::string>& values)
{
  if (values.size() == 1) {
    return values[0];
  }
  const auto quote = [](const std::string& value) {
    std::string out = "'";
    for (const char c : value) {
      out += c == '\'' ? std::string("''") : std::string(1, c);
    }
    return out + "'";
  };
  std::string out;
  for (const auto& value : values) {
    out += (out.empty() ? "(" : ", ") + key_literal(value, quote);
  }
  return out + ")";
}

std::vector<std::string> decode_key(const std::string& text, size_t count)
{
  if (count == 1) {
    return {text};
  }
  const auto bad = [&] {
    return Error(ErrorKind::input, fmt::format("the recorded position '{}' of a batched step is no tuple of {} keys "
                                               "(was the directive's key= changed after the step began?)",
                                               text, count));
  };
  std::vector<std::string> values;
  size_t at = 0;
  if (text.empty() || text[at++] != '(') {
    throw bad();
  }
  for (;;) {
    std::string value;
    if (at < text.size() && text[at] == '\'') {
      for (++at;; ++at) {
        if (at >= text.size()) {
          throw bad();
        }
        if (text[at] == '\'') {
          if (at + 1 < text.size() && text[at + 1] == '\'') {
            value += '\'';
            ++at;
            continue;
          }
          ++at;
          break;
        }
        value += text[at];
      }
    } else {
      while (at < text.size() && (std::isdigit(static_cast<unsigned char>(text[at])) || text[at] == '-')) {
        value += text[at++];
      }
      if (value.empty()) {
        throw bad();
      }
    }
    values.push_back(std::move(value));
    if (at < text.size() && text[at] == ')' && at + 1 == text.size()) {
      break;
    }
    if (text.compare(at, 2, ", ") != 0) {
      throw bad();
    }
    at += 2;
  }
  if (values.size() != count) {
    throw bad();
  }
  return values;
}

namespace {

// Keys compared with values in order, as tuples compare: (k1, k2) > (v1, v2) is written
// k1 > v1 OR (k1 = v1 AND k2 > v2), which every engine's optimizer reads as a range of its index
// (MariaDB does not for a row constructor). `last` is the comparison of the last column.
std::string tuple_compare(const std::vector<std::string>& columns, const std::vector<std::string>& values,
                          const char* strict, const char* last, size_t from = 0)
{
  if (from + 1 == columns.size()) {
    return fmt::format("{} {} {}", columns[from], last, values[from]);
  }
  return fmt::format("({} {} {} OR ({} = {} AND {}))", columns[from], strict, values[from], columns[from],
                     values[from], tuple_compare(columns, values, strict, last, from + 1));
}

std::string joined(const std::vector<std::string>& items, const char* suffix = "")
{
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : ", ") + item + suffix;
  }
  return out;
}

} // namespace

std::string range_end_query(const BatchStep& step, const std::vector<std::string>& keys,
                            const std::vector<std::string>& after)
{
  std::vector<std::string> aliases;
  std::vector<std::string> selected;
  for (size_t i = 0; i < keys.size(); ++i) {
    aliases.push_back(fmt::format("strata_key{}", i + 1));
    selected.push_back(fmt::format("{} AS {}", keys[i], aliases.back()));
  }
  return fmt::format("SELECT {} FROM (SELECT {} FROM {}{} ORDER BY {} LIMIT {}) strata_range ORDER BY {} LIMIT 1",
                     joined(aliases), joined(selected), step.table,
                     after.empty() ? "" : " WHERE " + tuple_compare(keys, after, ">", ">"), joined(keys), step.size,
                     joined(aliases, " DESC"));
}

std::string batch_statement(const BatchStep& step, const std::string& statement, const std::vector<std::string>& keys,
                            const std::vector<std::string>& after, const std::vector<std::string>& upto)
{
  std::vector<std::string> columns;
  for (const auto& key : keys) {
    columns.push_back(step.qualifier + "." + key);
  }
  auto range = tuple_compare(columns, upto, "<", "<=");
  if (!after.empty()) {
    range = tuple_compare(columns, after, ">", ">") + " AND " + range;
  }
  return fmt::format("{} ({}) AND {}{}", statement.substr(0, step.where_begin),
                     trimmed(std::string_view(statement).substr(step.where_begin, step.where_end - step.where_begin)),
                     range, statement.substr(step.where_end));
}

} // namespace strata::migrations
