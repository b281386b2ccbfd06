// SQL-level checks for `strata lint` over the statements of one file. Each statement is scanned
// as tokens (string literals and comments dropped), so a keyword inside a string, a comment or a
// quoted identifier never triggers a check, and a WHERE counts only at the statement's own level
// (not inside a subquery).
//
// | code | kind        | level  | raised by                                                                 |
// |------|-------------|--------|---------------------------------------------------------------------------|
// | S601 | destructive | medium | UPDATE without WHERE on an existing table (not a backfill of new columns)  |
// | S602 | destructive | high   | DELETE without WHERE on an existing table                                 |
// | S603 | destructive | high   | TRUNCATE of an existing table                                             |
// | S604 | transaction | high   | a statement that cannot run in a transaction, in a transactional file      |
// | S605 | transaction | low    | data changes mixed with DDL where DDL commits implicitly (not atomic)      |
// | L313 | locking     | medium | CREATE INDEX without CONCURRENTLY on an existing table (where it exists)  |
#include "migrations/sql_checks.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace strata::migrations {

namespace {

using schemas::QualifiedName;
using schemas::RiskLevel;

bool ident_char(char c)
{
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$';
}

std::string upper(std::string text)
{
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

bool iequals(const std::string& a, const std::string& b)
{
  return a.size() == b.size() && upper(a) == upper(b);
}

// Index just past the quoted text starting at `i` (doubled quotes stay inside).
size_t skip_quoted(const std::string& sql, size_t i, char quote, bool backslash_escapes)
{
  for (++i; i < sql.size(); ++i) {
    if (backslash_escapes && sql[i] == '\\') {
      ++i;
    } else if (sql[i] == quote) {
      if (i + 1 < sql.size() && sql[i + 1] == quote) {
        ++i;
      } else {
        return i + 1;
      }
    }
  }
  return sql.size();
}

// $tag$ ... $tag$ starting at `i`: the index past it, or `i` when the '$' opens no dollar quote.
size_t skip_dollar_quote(const std::string& sql, size_t i)
{
  size_t end = i + 1;
  if (end < sql.size() && std::isdigit(static_cast<unsigned char>(sql[end])) != 0) {
    return i; // $1 parameter
  }
  while (end < sql.size() && ident_char(sql[end]) && sql[end] != '$') {
    ++end;
  }
  if (end >= sql.size() || sql[end] != '$') {
    return i;
  }
  const std::string tag = sql.substr(i, end - i + 1);
  const auto close = sql.find(tag, end + 1);
  return close == std::string::npos ? sql.size() : close + tag.size();
}

// The tokens of one statement, and questions about them.
class Scan {
public:
  explicit Scan(const std::string& sql) : tokens(tokenize_sql(sql)) {}

  // An unquoted keyword at `i`.
  bool is(size_t i, const char* keyword) const
  {
    return i < tokens.size() && tokens[i].word && !tokens[i].quoted && iequals(tokens[i].text, keyword);
  }
  bool is_punct(size_t i, char c) const
  {
    return i < tokens.size() && !tokens[i].word && tokens[i].text.size() == 1 && tokens[i].text[0] == c;
  }
  // First unquoted keyword at the statement's own level from `from` on; npos when none.
  size_t find(const char* keyword, size_t from) const
  {
    for (size_t i = from; i < tokens.size(); ++i) {
      if (tokens[i].depth == 0 && is(i, keyword)) {
        return i;
      }
    }
    return std::string::npos;
  }
  size_t skip(size_t i, std::initializer_list<const char*> keywords) const
  {
    while (std::any_of(keywords.begin(), keywords.end(), [&](const char* k) { return is(i, k); })) {
      ++i;
    }
    return i;
  }
  // A possibly qualified name at `i` (a.b.c: schema b, name c); `i` moves past it.
  QualifiedName name(size_t& i) const
  {
    QualifiedName out;
    if (i >= tokens.size() || !tokens[i].word) {
      return out;
    }
    out.name = tokens[i++].text;
    while (is_punct(i, '.') && i + 1 < tokens.size() && tokens[i + 1].word) {
      out.schema = out.name;
      out.name = tokens[i + 1].text;
      i += 2;
    }
    return out;
  }

  std::vector<SqlToken> tokens;
};

size_t main_index(const Scan& scan)
{
  if (scan.tokens.empty() || !scan.tokens[0].word || scan.tokens[0].quoted) {
    return std::string::npos;
  }
  if (!scan.is(0, "WITH")) {
    return 0;
  }
  for (size_t i = 1; i < scan.tokens.size(); ++i) {
    for (const char* keyword : {"SELECT", "INSERT", "UPDATE", "DELETE", "MERGE"}) {
      if (scan.tokens[i].depth == 0 && scan.is(i, keyword)) {
        return i;
      }
    }
  }
  return std::string::npos;
}

std::string display(const QualifiedName& name)
{
  return name.schema.empty() ? name.name : name.schema + "." + name.name;
}

class Checker {
public:
  Checker(const SqlCheckContext& context, std::vector<SqlFinding>& out) : m_context(context), m_out(out) {}

  void check(size_t index, const SqlStatement& statement)
  {
    const Scan scan(statement.sql);
    const size_t k = main_index(scan);
    if (k == std::string::npos) {
      return;
    }
    m_index = index;
    m_line = statement.line;
    const std::string keyword = upper(scan.tokens[k].text);
    if (keyword == "UPDATE") {
      update(scan, k);
    } else if (keyword == "DELETE") {
      remove(scan, k);
    } else if (keyword == "TRUNCATE") {
      truncate(scan, k);
    } else if (keyword == "CREATE") {
      create_index(scan, k);
    }
    outside_transaction(scan, k, keyword);
    atomicity(keyword);
  }

private:
  bool existed(const QualifiedName& table) const
  {
    return !table.name.empty() && (!m_context.table_existed || m_context.table_existed(table));
  }

  void add(const char* code, const char* kind, RiskLevel level, std::string message, QualifiedName table = {})
  {
    m_out.push_back({m_index, m_line, code, kind, level, std::move(message), std::move(table)});
  }

  void update(const Scan& scan, size_t k)
  {
    size_t i = scan.skip(k + 1, {"ONLY", "LOW_PRIORITY", "IGNORE"});
    if (scan.is(i, "OR")) {
      i += 2; // SQLite UPDATE OR REPLACE ...
    }
    const QualifiedName table = scan.name(i);
    if (scan.find("WHERE", k) != std::string::npos || !existed(table)) {
      return;
    }
    // A backfill (every column set is one this file added) loses nothing.
    const size_t set = scan.find("SET", k);
    bool backfill = set != std::string::npos && static_cast<bool>(m_context.column_existed);
    for (size_t at = set + 1; backfill;) {
      const QualifiedName column = scan.name(at);
      backfill = !column.name.empty() && scan.is_punct(at, '=') && !m_context.column_existed(table, column.name);
      while (at < scan.tokens.size() && !(scan.tokens[at].depth == 0 && scan.is_punct(at, ',')) &&
             !(scan.tokens[at].depth == 0 && (scan.is(at, "FROM") || scan.is(at, "RETURNING")))) {
        ++at;
      }
      if (!scan.is_punct(at, ',')) {
        break;
      }
      ++at;
    }
    if (!backfill) {
      add("S601", "destructive", RiskLevel::medium,
          "UPDATE of " + display(table) + " without WHERE overwrites the values of every row", table);
    }
  }

  void remove(const Scan& scan, size_t k)
  {
    size_t i = scan.find("FROM", k);
    if (i == std::string::npos) {
      return;
    }
    i = scan.skip(i + 1, {"ONLY"});
    const QualifiedName table = scan.name(i);
    if (scan.find("WHERE", k) == std::string::npos && existed(table)) {
      add("S602", "destructive", RiskLevel::high, "DELETE from " + display(table) + " without WHERE deletes every row",
          table);
    }
  }

  void truncate(const Scan& scan, size_t k)
  {
    size_t i = scan.skip(k + 1, {"TABLE", "ONLY"});
    while (i < scan.tokens.size()) {
      const QualifiedName table = scan.name(i);
      if (existed(table)) {
        add("S603", "destructive", RiskLevel::high, "TRUNCATE of " + display(table) + " deletes every row", table);
      }
      if (scan.is_punct(i, '*')) {
        ++i;
      }
      if (!scan.is_punct(i, ',')) {
        break;
      }
      i = scan.skip(i + 1, {"ONLY"});
    }
  }

  // CREATE [UNIQUE] INDEX without CONCURRENTLY on a table with rows blocks its writes for the build.
  void create_index(const Scan& scan, size_t k)
  {
    const size_t index = scan.skip(k + 1, {"UNIQUE"});
    if (!m_context.concurrent_index || !scan.is(index, "INDEX") || scan.is(index + 1, "CONCURRENTLY")) {
      return;
    }
    size_t on = scan.find("ON", index);
    if (on == std::string::npos) {
      return;
    }
    size_t at = scan.skip(index + 1, {"IF", "NOT", "EXISTS"});
    const std::string name = at < on ? scan.tokens[at].text + " " : std::string{};
    at = scan.skip(on + 1, {"ONLY"});
    const QualifiedName table = scan.name(at);
    if (existed(table)) {
      add("L313", "locking", RiskLevel::medium,
          "CREATE INDEX " + name + "on " + display(table) +
            " without CONCURRENTLY blocks writes for the whole build (use CREATE INDEX CONCURRENTLY in a "
            "`-- strata: no-transaction` file)");
    }
  }

  // Statements the engine refuses inside a transaction block, in a file that runs in one.
  void outside_transaction(const Scan& scan, size_t k, const std::string& keyword)
  {
    if (!m_context.transactional_ddl || m_context.no_transaction_file) {
      return;
    }
    const size_t concurrently =
      m_context.concurrent_index && keyword != "REFRESH" ? scan.find("CONCURRENTLY", k) : std::string::npos;
    std::string what = keyword; // "VACUUM", "CREATE DATABASE", "CREATE UNIQUE INDEX CONCURRENTLY"
    if (((keyword == "CREATE" || keyword == "DROP") && (scan.is(k + 1, "DATABASE") || scan.is(k + 1, "TABLESPACE"))) ||
        (keyword == "ALTER" && scan.is(k + 1, "SYSTEM"))) {
      what += " " + upper(scan.tokens[k + 1].text);
    } else if (concurrently != std::string::npos) {
      for (size_t i = k + 1; i <= concurrently; ++i) {
        what += i > k + 3 && i < concurrently ? std::string{} : " " + scan.tokens[i].text;
      }
    } else if (keyword != "VACUUM") {
      return;
    }
    add("S604", "transaction", RiskLevel::high,
        what + " cannot run inside a transaction, and the file runs in one: put it in a file of its own with a "
        "`-- strata: no-transaction` header");
  }

  // Without transactional DDL each DDL statement commits: a file that also changes data is not atomic.
  void atomicity(const std::string& keyword)
  {
    if (m_context.transactional_ddl || m_reported_atomicity) {
      return;
    }
    static const std::set<std::string> ddl{"CREATE", "ALTER", "DROP", "RENAME", "TRUNCATE"};
    static const std::set<std::string> dml{"INSERT", "UPDATE", "DELETE", "REPLACE"};
    m_seen_ddl = m_seen_ddl || ddl.count(keyword) > 0;
    m_seen_dml = m_seen_dml || dml.count(keyword) > 0;
    if (m_seen_ddl && m_seen_dml) {
      m_reported_atomicity = true;
      add("S605", "transaction", RiskLevel::low,
          "the file mixes data changes with DDL, and each DDL statement commits on its own: a failure leaves it "
          "half-applied (strata marks the version dirty)");
    }
  }

  const SqlCheckContext& m_context;
  std::vector<SqlFinding>& m_out;
  size_t m_index = 0;
  int m_line = 0;
  bool m_seen_ddl = false;
  bool m_seen_dml = false;
  bool m_reported_atomicity = false;
};

// The renames of one ALTER TABLE clause starting at `i` (RENAME ..., CHANGE ...).
void clause_renames(const Scan& scan, size_t i, const QualifiedName& table, std::vector<SqlRename>& out)
{
  if (scan.is(i, "RENAME")) {
    ++i;
    if (scan.is(i, "TO") || scan.is(i, "AS")) {
      ++i;
      const QualifiedName to = scan.name(i);
      out.push_back({table, table.name, to.name, true});
      return;
    }
    if (scan.is(i, "CONSTRAINT") || scan.is(i, "INDEX") || scan.is(i, "KEY")) {
      return;
    }
    i = scan.skip(i, {"COLUMN"});
    if (i + 2 < scan.tokens.size() && scan.tokens[i].word && scan.is(i + 1, "TO") && scan.tokens[i + 2].word) {
      out.push_back({table, scan.tokens[i].text, scan.tokens[i + 2].text, false});
    }
  } else if (scan.is(i, "CHANGE")) {
    i = scan.skip(i + 1, {"COLUMN"});
    if (i + 1 < scan.tokens.size() && scan.tokens[i].word && scan.tokens[i + 1].word &&
        !iequals(scan.tokens[i].text, scan.tokens[i + 1].text)) {
      out.push_back({table, scan.tokens[i].text, scan.tokens[i + 1].text, false});
    }
  }
}

} // namespace

std::vector<SqlToken> tokenize_sql(const std::string& sql)
{
  std::vector<SqlToken> out;
  int depth = 0;
  size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    const char next = i + 1 < sql.size() ? sql[i + 1] : '\0';
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      ++i;
    } else if (c == '-' && next == '-') {
      const auto end = sql.find('\n', i);
      i = end == std::string::npos ? sql.size() : end;
    } else if (c == '/' && next == '*') {
      const auto end = sql.find("*/", i + 2);
      i = end == std::string::npos ? sql.size() : end + 2;
    } else if (c == '\'') {
      i = skip_quoted(sql, i, c, false);
    } else if (c == '"' || c == '`') {
      const size_t end = skip_quoted(sql, i, c, false);
      std::string text = sql.substr(i + 1, end > i + 1 ? end - i - 2 : 0);
      const std::string doubled(2, c);
      for (auto at = text.find(doubled); at != std::string::npos; at = text.find(doubled, at + 1)) {
        text.erase(at, 1);
      }
      out.push_back({std::move(text), true, true, depth});
      i = end;
    } else if (c == '$' && skip_dollar_quote(sql, i) != i) {
      i = skip_dollar_quote(sql, i);
    } else if (std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_') {
      size_t end = i;
      while (end < sql.size() && ident_char(sql[end])) {
        ++end;
      }
      if (end == i + 1 && (c == 'E' || c == 'e') && end < sql.size() && sql[end] == '\'') {
        i = skip_quoted(sql, end, '\'', true); // PostgreSQL E'...' takes backslash escapes
        continue;
      }
      out.push_back({sql.substr(i, end - i), true, false, depth});
      i = end;
    } else {
      if (c == ')') {
        depth = depth > 0 ? depth - 1 : 0;
      }
      out.push_back({std::string(1, c), false, false, depth});
      if (c == '(') {
        ++depth;
      }
      ++i;
    }
  }
  return out;
}

bool mentions_identifier(const std::vector<SqlToken>& tokens, const std::string& name)
{
  return std::any_of(tokens.begin(), tokens.end(),
                     [&](const SqlToken& token) { return token.word && iequals(token.text, name); });
}

std::string leading_keyword(const std::vector<SqlToken>& tokens)
{
  Scan scan("");
  scan.tokens = tokens;
  const size_t k = main_index(scan);
  return k == std::string::npos ? std::string{} : upper(tokens[k].text);
}

std::vector<SqlFinding> check_sql(const std::vector<SqlStatement>& statements, const SqlCheckContext& context)
{
  std::vector<SqlFinding> out;
  Checker checker(context, out);
  for (size_t i = 0; i < statements.size(); ++i) {
    checker.check(i, statements[i]);
  }
  return out;
}

std::vector<SqlRename> find_renames(const std::vector<SqlStatement>& statements)
{
  std::vector<SqlRename> out;
  for (const auto& statement : statements) {
    const Scan scan(statement.sql);
    if (scan.is(0, "RENAME") && scan.is(1, "TABLE")) { // MySQL: RENAME TABLE a TO b, c TO d
      for (size_t i = 2; i < scan.tokens.size();) {
        const QualifiedName from = scan.name(i);
        if (from.name.empty() || !scan.is(i, "TO")) {
          break;
        }
        ++i;
        const QualifiedName to = scan.name(i);
        out.push_back({from, from.name, to.name, true});
        if (!scan.is_punct(i, ',')) {
          break;
        }
        ++i;
      }
    } else if (scan.is(0, "ALTER") && scan.is(1, "TABLE")) {
      size_t i = scan.skip(2, {"IF", "EXISTS", "ONLY", "IGNORE"});
      const QualifiedName table = scan.name(i);
      clause_renames(scan, i, table, out);
      for (; i < scan.tokens.size(); ++i) {
        if (scan.tokens[i].depth == 0 && scan.is_punct(i, ',')) {
          clause_renames(scan, i + 1, table, out);
        }
      }
    }
  }
  return out;
}

} // namespace strata::migrations
