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
// | S606 | transaction | high   | BEGIN, COMMIT, ROLLBACK, SAVEPOINT, ... in any file (apply refuses it too)  |
// | S607 | locking     | medium | UPDATE/DELETE not batched, on a table with more live rows than a threshold  |
// | L313 | locking     | medium | CREATE INDEX without CONCURRENTLY on an existing table (where it exists)  |
#include "migrations/sql_checks.hpp"

#include "migrations/sql_scan.hpp"
#include "schemas/error.hpp"
#include "schemas/risk_codes.hpp"
#include "schemas/text.hpp"

#include <fmt/format.h>

#include <set>

namespace strata::migrations {

namespace {

using detail::Scan;
using detail::upper;
using schemas::QualifiedName;
using schemas::RiskCode;

std::string display(const QualifiedName& name)
{
  return name.schema.empty() ? name.name : name.schema + "." + name.name;
}

// Why a file must not hold transaction control (lint's S606 and apply's refusal).
constexpr const char* k_control_reason =
  "strata runs each file in one transaction of its own (a no-transaction file statement by statement, recording "
  "how far it got), and a file that opens, commits or rolls back a transaction itself breaks that; remove the "
  "statement, or split the file into several files";

class Checker {
public:
  Checker(const SqlCheckContext& context, std::vector<SqlFinding>& out) : m_context(context), m_out(out) {}

  void check(size_t index, const SqlStatement& statement)
  {
    const Scan scan(statement.sql, m_context.syntax != nullptr ? *m_context.syntax : dialects::lex::portable_syntax());
    m_index = index;
    m_line = statement.line;
    const auto control = transaction_control(scan.tokens);
    if (!control.empty()) {
      add(RiskCode::transaction_control,
          fmt::format("{} in a migration file: {} (apply refuses the file)", control, k_control_reason));
      return;
    }
    const size_t k = main_index(scan);
    if (k == std::string::npos) {
      return;
    }
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

  void add(RiskCode id, std::string message, QualifiedName table = {})
  {
    const auto& code = schemas::risk_code(id);
    m_out.push_back({m_index, m_line, std::string(code.code), std::string(code.kind), code.level, std::move(message),
                     std::move(table)});
  }

  void update(const Scan& scan, size_t k)
  {
    const QualifiedName table = detail::update_target(scan, k);
    unbatched("UPDATE of", table);
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
      add(RiskCode::update_without_where,
          "UPDATE of " + display(table) + " without WHERE overwrites the values of every row", table);
    }
  }

  // S607: a data change on a large table in one transaction, where a batched step would do.
  void unbatched(const char* what, const QualifiedName& table)
  {
    if (!m_context.batched || !m_context.large_table || m_context.batched(m_index) || !existed(table)) {
      return;
    }
    if (const auto rows = m_context.large_table(table)) {
      add(RiskCode::unbatched_data_change,
          fmt::format("{} {} ({} rows) runs in one transaction that locks every row it changes until it commits: "
                      "make it a batched step (`-- strata: batch key=<primary key> size=5000` before it, "
                      "`-- strata: batched` in the header)",
                      what, display(table), *rows),
          table);
    }
  }

  void remove(const Scan& scan, size_t k)
  {
    const QualifiedName table = detail::delete_target(scan, k);
    if (table.name.empty()) {
      return;
    }
    unbatched("DELETE from", table);
    if (scan.find("WHERE", k) == std::string::npos && existed(table)) {
      add(RiskCode::delete_without_where, "DELETE from " + display(table) + " without WHERE deletes every row",
          table);
    }
  }

  void truncate(const Scan& scan, size_t k)
  {
    for (const auto& table : detail::truncate_targets(scan, k)) {
      if (existed(table)) {
        add(RiskCode::truncate, "TRUNCATE of " + display(table) + " deletes every row", table);
      }
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
      add(RiskCode::pg_index_blocking,
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
    add(RiskCode::outside_transaction,
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
      add(RiskCode::not_atomic,
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

} // namespace

std::string transaction_control(const std::vector<SqlToken>& tokens)
{
  const auto is = [&](size_t i, const char* keyword) {
    return i < tokens.size() && tokens[i].word && !tokens[i].quoted && schemas::ascii_iequal(tokens[i].text, keyword);
  };
  if (is(0, "BEGIN")) {
    return is(1, "NOT") ? std::string{} : "BEGIN"; // MariaDB's BEGIN NOT ATOMIC ... END is a compound statement
  }
  for (const char* keyword : {"COMMIT", "END", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE", "XA"}) {
    if (is(0, keyword)) {
      return keyword;
    }
  }
  if ((is(0, "START") || is(0, "PREPARE")) && is(1, "TRANSACTION")) {
    return upper(tokens[0].text) + " TRANSACTION";
  }
  return {};
}

void refuse_transaction_control(const std::string& sql, const std::string& file, const dialects::Administration& engine)
{
  refuse_transaction_control(split_statements(sql, engine), file, engine);
}

void refuse_transaction_control(const std::vector<SqlStatement>& statements, const std::string& file,
                                const dialects::Administration& engine)
{
  for (size_t i = 0; i < statements.size(); ++i) {
    const auto control = transaction_control(tokenize_sql(statements[i].sql, engine.file_syntax()));
    if (!control.empty()) {
      throw Error(ErrorKind::input, fmt::format("{}:{}: statement {} is {}: {}; nothing was run", file,
                                                statements[i].line, i + 1, control, k_control_reason));
    }
  }
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

} // namespace strata::migrations
