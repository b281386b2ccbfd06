#pragma once
// `apply --capture`: the state of the database around each migration file an apply runs. Before
// the first file and after each one: the row count of every table, the number of orphan rows of
// every foreign key (FK columns all non-NULL, no parent row), and for the tables the file's
// statements write or change a checksum of their rows. The report of a file shows what changed
// and flags rows lost where no statement of the file deletes any.
//
// Costs: one query per snapshot for the counts and orphan counts (a UNION ALL, in chunks), one
// inspect of the catalog per file, and for each touched table one read of all its rows (twice
// per file: before and after), hashed on the client; a table with more rows than
// CaptureOptions::max_rows gets no checksum.

#include "migrations/directory.hpp"
#include "migrations/executor.hpp"
#include "workflows/database.hpp"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace strata::workflows {

struct CaptureOptions {
  bool enabled = false;
  // Touched tables with more rows than this get no checksum (0: no limit). Their rows are read
  // into memory at once.
  long long max_rows = 100000;
};

// A table in the report of one file: touched by it, created, dropped, or its row count changed.
struct TableCapture {
  std::string table;        // its name after the file (a dropped table: before)
  std::string renamed_from; // its name before, when the file renamed it
  std::optional<long long> rows_before; // nullopt: the file created it
  std::optional<long long> rows_after;  // nullopt: the file dropped it
  bool touched = false;                 // a statement of the file writes or changes it
  // Checksums (hex) of its rows over the columns it has both before and after the file: equal
  // when the file changed none of their values. Empty when not computed (checksum_note says why).
  std::string checksum_before;
  std::string checksum_after;
  std::vector<std::string> changed_columns; // columns whose values changed
  std::vector<std::string> added_columns;   // not compared: new with the file
  std::vector<std::string> dropped_columns; // not compared: gone with the file
  std::string checksum_note;
  // Fewer rows after than before, and no statement of the file deletes from it (DELETE,
  // TRUNCATE, MERGE ... DELETE, a partition dropped or detached, or a cascade of those).
  bool rows_lost = false;
};

// A foreign key whose orphan count changed with the file (or that has orphans and is new).
struct OrphanCapture {
  std::string table;       // the referencing table
  std::string foreign_key; // its name ("(a, b)" when it has none)
  std::string references;  // the referenced table
  std::optional<long long> before; // nullopt: the key is new with the file
  long long after = 0;
};

struct FileCapture {
  std::string file;
  std::vector<TableCapture> tables;
  std::vector<OrphanCapture> orphans;
  // "<file>: table t went from 10 to 8 rows (2 lost) but no statement of the file deletes from it"
  std::vector<std::string> warnings;
  long long capture_ms = 0; // time spent capturing (both sides)
};

// Reads the state of `db` around each file; `on_file` gets each file's report as soon as it is
// made. Give around() to ExecutorOptions::around_file.
class StateCapture {
public:
  StateCapture(Database& db, CaptureOptions options, std::function<void(const FileCapture&)> on_file);
  ~StateCapture();
  StateCapture(const StateCapture&) = delete;
  StateCapture& operator=(const StateCapture&) = delete;

  // A failed read throws Error naming the file and whether it ran; the apply stops there.
  void around(const migrations::Migration& migration, migrations::FilePhase phase);
  const std::vector<FileCapture>& files() const { return m_files; }

  struct Snapshot;
  struct Pending;

private:
  void capture(const migrations::Migration& migration, migrations::FilePhase phase);

  Database& m_db;
  CaptureOptions m_options;
  std::function<void(const FileCapture&)> m_on_file;
  std::unique_ptr<Snapshot> m_last;   // the state after the last file (before the next one)
  std::unique_ptr<Pending> m_pending; // the file running: what was read before it
  std::vector<FileCapture> m_files;
};

} // namespace strata::workflows
