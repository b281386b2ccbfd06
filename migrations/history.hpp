#pragma once
// Access to strata's own tables: strata_schema_history (one row per applied version) and
// strata_schema_backups (the backup catalog). Portable SQL; identifiers quoted by the dialect,
// values by quote_literal. strata_ tables are never introspected.

#include "dialects/dialect.hpp"
#include "migrations/executor.hpp"
#include "schemas/error.hpp"

#include <string>
#include <vector>

namespace strata::migrations {

class History {
public:
  History(dialects::Connection& connection, const dialects::Dialect& dialect);

  // Creates both tables when missing, and adds the columns a table made by an older strata lacks
  // (direction, failed_statement, failed_line, accepted_by, accepted_at, rows_affected, batch_key:
  // all nullable); running it
  // again changes nothing.
  void ensure();

  // Rows ordered numerically by version; empty when the table does not exist yet.
  std::vector<HistoryRow> rows();
  void insert(const HistoryRow& row);
  // Sets status, duration and message of one version's row.
  void update(const std::string& version, const std::string& status, long long duration_ms,
              const std::string& message);
  // Writes every mutable field of `row` (status, checksum, duration, message, direction, failed
  // statement and line, rows affected, batch key) to the row of row.version.
  void write_state(const HistoryRow& row);
  void remove(const std::string& version);
  // Sets the checksum of one version's row and who accepted the edited file, when.
  void accept(const std::string& version, const std::string& checksum, const std::string& by,
              const std::string& at);

  void record_backup(const dialects::BackupRecord& record, const std::string& version);
  // Catalog rows ordered by creation time then id; empty when the table does not exist yet.
  std::vector<dialects::BackupRecord> backups();
  bool backup_exists(const std::string& id);
  void remove_backup(const std::string& id);

private:
  std::string table(const char* name) const;
  std::string literal(const std::string& value) const;
  // A catalog question, never a provoked error: on PostgreSQL a failed statement would abort the
  // surrounding transaction.
  bool exists(const char* name) const;
  // Column names of a strata table as the engine reports them (an empty SELECT, no catalog).
  std::vector<std::string> columns_of(const char* name) const;

  dialects::Connection& m_connection;
  const dialects::Dialect& m_dialect;
};

// A number read from one of strata's tables: 0 for NULL or a text that is no number.
long long number_of(const dialects::Value& value);

// Current UTC time as ISO-8601 ("2026-11-21T19:30:00Z").
std::string utc_now_iso();

} // namespace strata::migrations
