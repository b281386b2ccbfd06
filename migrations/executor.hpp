#pragma once
// Applies and rolls back migration files (generated or hand-written) with a lock, the history
// table, checksums, one transaction per file, and backups before destructive steps.

#include "dialects/deployment.hpp"
#include "dialects/dialect.hpp"
#include "migrations/backup_prune.hpp"
#include "migrations/directory.hpp"

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace strata {
class DatabaseError;
}

namespace strata::migrations {

class History;
struct BatchStep;

inline constexpr const char* k_history_table = "strata_schema_history";
inline constexpr const char* k_backup_table = "strata_schema_backups";
inline constexpr const char* k_runs_table = "strata_schema_runs";

struct HistoryRow {
  std::string version;
  std::string name;        // file name of the up file
  std::string checksum;
  std::string applied_at;  // UTC ISO-8601
  long long duration_ms = 0;
  std::string applied_by;
  std::string status;      // "applied" | "dirty" | "baselined" (recorded as applied without running it)
  std::string backup_ref;  // backup ids, comma separated
  std::string message;     // failure message for a dirty row (kept as a note once repaired)
  // A file that runs outside a transaction (every file on engines without transactional DDL, a
  // `no-transaction` file elsewhere) leaves these behind while it runs and when it fails:
  std::string direction = "up"; // "up" (apply) | "down" (rollback) of the run that left the row
  int failed_statement = 0;     // 1-based statement that failed (or was running); 0: none/unknown
  int failed_line = 0;          // its first line in the file; 0 when unknown
  // `strata repair --accept`: the file was edited after it was applied and the edit accepted; the
  // checksum is the edited file's since then. Empty when never accepted.
  std::string accepted_by = {};
  std::string accepted_at = {};
  // Batched data steps (`-- strata: batch`): the rows they changed, and while the file is dirty
  // at one of them (failed_statement), the last key its committed batches reached ("": none yet).
  long long rows_affected = 0;
  std::string batch_key = {};
};

// One run of one migration file: apply, rollback or `repair --continue` (strata_schema_runs).
// Written when the run starts and again when it ends; a row still "running" after its run is
// gone was killed (the next run that takes the lock marks it "interrupted").
struct RunRow {
  long long id = 0;            // 1, 2, ... in the order the runs started
  std::string version;
  std::string name;            // the file run (up or down)
  std::string direction = "up";
  std::string command;         // "apply" | "rollback" | "repair"
  std::string started_at;      // UTC ISO-8601 with milliseconds
  std::string finished_at;     // "" while running or when interrupted
  long long duration_ms = 0;
  // Rows changed by the run's INSERT, UPDATE, DELETE, REPLACE and MERGE statements and by its
  // batched steps' batches (as the engine counts them; DDL statements count none).
  long long rows_affected = 0;
  std::string outcome;         // "running" | "applied" | "rolled_back" | "failed" | "interrupted"
  std::string message;         // why it failed or was interrupted
  std::string applied_by;
};

struct StatusReport {
  std::optional<std::string> current_version;   // newest applied version
  std::vector<std::string> pending;              // versions not applied, in order
  std::vector<std::string> dirty;                // versions left dirty
  std::vector<HistoryRow> dirty_rows;            // their rows (failed statement, message)
  std::vector<std::string> checksum_mismatches;  // "file: applied checksum X, file now Y"
  std::vector<std::string> missing_files;        // applied versions whose file is gone
  std::vector<std::string> sum_problems;         // strata.sum verification problems
  std::vector<std::string> out_of_order;         // pending versions older than current_version
  std::vector<std::string> accepted_edits;       // "file: edited after it was applied; accepted by U at T"
  // Backup copies of this database that neither the catalog nor a history row names (a backup
  // killed before it was recorded): "<location>: <what it is and what happens to it>". Not a
  // problem: status stays ok.
  std::vector<std::string> leftover_backups;
  bool ok() const { return dirty.empty() && checksum_mismatches.empty() && missing_files.empty() && sum_problems.empty(); }
};

// Versions of `directory` without a history row that are older than the newest applied (not
// dirty) one: running them now would put them after newer files. apply refuses them, drift cannot
// replay around them, verify reports them; this is the one place that decides it.
std::vector<std::string> out_of_order(const Directory& directory, const std::vector<HistoryRow>& rows);

// One statement of a migration file and its first line (1-based).
struct SqlStatement {
  std::string sql;
  int line = 1;
};

// Where a batched data step is, after each of its batches (ExecutorOptions::batch_progress).
struct BatchProgress {
  std::string file;          // the migration file's name
  int statement = 0;         // the step's statement number and line
  int line = 0;
  long long batches = 0;     // batches committed by this run
  long long rows = 0;        // rows the step changed so far (earlier runs too)
  std::string last_key;      // the last key done
  std::string max_key;       // the table's largest key when this run of the step began ("": none)
  double done = -1;          // share of the key range done (integer keys), -1 when unknown
  long long elapsed_ms = 0;  // since this run of the step began
  bool finished = false;     // no key left: the step is over
};

// When ExecutorOptions::around_file is called: before a file of an apply runs (before its
// backups), and after it committed.
enum class FilePhase { before, after };

struct ExecutorOptions {
  std::chrono::milliseconds lock_timeout{10000}; // the migration lock (another strata)
  // How long each statement of a migration file waits for a lock on what it changes (PostgreSQL
  // lock_timeout, MySQL lock_wait_timeout) before that attempt fails; 0: no limit of strata's
  // (the server's own setting). A statement behind a long transaction thus never queues the
  // table's other queries behind its own lock request for longer than this.
  std::chrono::milliseconds statement_lock_timeout{1000};
  // Attempts after the first when a lock wait runs out: the statement (PostgreSQL: its file's
  // whole transaction, which the timeout aborted) runs again after 100 ms, 200 ms, 400 ms, ...
  // (at most 5 s); once they are used up the file fails naming the sessions holding the lock.
  int lock_retries = 5;
  // How long each statement of a migration file may run (PostgreSQL statement_timeout, MariaDB
  // max_statement_time, SQLite an interrupting progress handler) unless the file's header says
  // otherwise (`-- strata: statement-timeout 30min`, or `none`); 0: no bound. A statement that
  // runs longer fails its file. MySQL bounds only SELECT statements: a bound there is refused
  // before anything runs.
  std::chrono::milliseconds statement_timeout{0};
  // Where backups go. Empty: engines with server-side backups (PostgreSQL: the strata_backup
  // schema) keep them in the database; file-based engines use <dir>/../.strata/backups.
  std::filesystem::path backup_dir;
  bool yes = false;                     // destructive steps approved
  // Asked when a destructive file is pending and !yes; returns true to go on. Null: refuse
  // (SafetyRefusal, exit 3) — used when there is no terminal.
  std::function<bool(const std::string& question)> confirm;
  // Progress callback: "applying 20261121_add_users.up.sql", "applied ... in 12 ms".
  std::function<void(const std::string& line)> progress;
  // Live status of a statement still running after a second ("statement 2 (line 9) of F running
  // for 3.5 s - <what the engine's progress probe sees>"), redrawn in place by the caller; ""
  // clears it. Called from a ticker thread while the statement runs. Null: no live status.
  std::function<void(const std::string& text)> live;
  // Called after each batch of a batched data step, and once more when it is over. Null: the
  // executor writes a progress line every 10 batches instead.
  std::function<void(const BatchProgress& progress)> batch_progress;
  std::string applied_by;               // default: $USER or "strata"
  // Replays on a scratch database (verify, lint, drift --against migrations): no backups (there
  // is no data to protect) and no strata.sum check (verify reports sum problems itself).
  bool take_backups = true;
  bool check_sum = true;
  // Count the header's `preflight` checks before running anything and refuse (SafetyRefusal,
  // exit 3) a file whose count shows it would fail. Off with `apply --no-preflight`.
  bool preflight = true;
  // Asked before each file of an apply: true stops the run there (a fleet apply that was
  // interrupted: the file running finishes, no new one starts). Null: never stop.
  std::function<bool()> stop_requested;
  // Called around each file an apply runs, on the executor's connection, outside the file's
  // transaction and under the migration lock (`apply --capture` reads the tables there). Not
  // called for a file that fails. Null: nothing.
  std::function<void(const Migration& migration, FilePhase phase)> around_file;
  // After an apply or rollback that ran files: how long to wait until every standby streaming
  // from the server has replayed them (PostgreSQL: pg_stat_replication); 0: no wait.
  std::chrono::milliseconds replica_wait{30000};
};

struct ApplyResult {
  std::vector<std::string> applied;     // versions applied (or that would be, with dry_run)
  std::vector<std::string> backups;     // backup ids taken
  // Versions left pending because options.stop_requested stopped the run before them.
  std::vector<std::string> stopped_before;
  // The standbys waited for after files ran (options.replica_wait; engines with standbys). Set
  // when the wait ran, also when it ended with standbys lagging: the files stay applied.
  std::optional<dialects::ReplicaWait> replicas;
};

// What `strata repair` does with a dirty row (a file that failed outside a transaction).
enum class RepairAction {
  resolved,    // finished by hand: an up run becomes applied, a down run rolled back (row removed)
  rolled_back, // undone by hand: an up run's row is removed (pending again), a down run is applied
  resume,      // `--continue`: run the file again from the failed statement on
};

// `repair --continue` after a run was killed while a statement ran (the row says it "was running
// when the run stopped"): the server may have finished that statement after the client died.
enum class CurrentStatement {
  check, // decide with the executor's StatementCheck (none given: run it again, as rerun)
  skip,  // `--skip-current`: it took effect; go on after it
  rerun, // `--rerun-current`: it did not; run it again
};

// Whether the interrupted statement took effect, as a StatementCheck sees it on the live database.
struct StatementVerdict {
  enum class Kind { took_effect, not_run, unknown } kind = Kind::unknown;
  std::string reason; // why (unknown: why it cannot tell), for the progress line or the refusal
};

// Decides whether statement `number` of the file of the dirty `row` (its up file, or its down
// file for a rollback) took effect. Called by repair under the migration lock, so a statement the
// server was still finishing for a dead client has ended (its session held the lock).
using StatementCheck = std::function<StatementVerdict(const HistoryRow& row, const Migration& migration, int number)>;

struct PruneResult {
  std::vector<dialects::BackupRecord> removed; // removed (dry run: would be), oldest first
  std::vector<std::string> already_gone;       // ids among them whose copy was already missing
  std::size_t remaining = 0;                   // backups left in the catalog
};

struct RepairResult {
  HistoryRow before;   // the dirty row as it was
  std::string outcome; // "applied" | "pending" | "rolled back"
};

class Executor {
public:
  Executor(dialects::Connection& connection, const dialects::Dialect& dialect, const dialects::DbUrl& url,
           const Directory& directory, ExecutorOptions options);

  // Applies pending files up to and including `to` (all when empty). Throws StatementError on
  // a failing statement (that file rolled back, history unchanged), IntegrityError on checksum
  // problems, SafetyRefusal when a destructive file is not approved.
  ApplyResult apply(const std::optional<std::string>& to, bool dry_run);

  // Runs down files of applied versions newer than `to_version` (or the newest `steps`), newest
  // first, removing their history rows. Same safety rules as apply.
  ApplyResult rollback(const std::optional<std::string>& to_version, std::optional<int> steps, bool dry_run);

  StatusReport status();
  std::vector<HistoryRow> history();
  // The rows of strata_schema_runs, oldest first (none when the table does not exist yet).
  std::vector<RunRow> runs();

  // The dirty row `repair` acts on (the oldest), nullopt when nothing is dirty. Takes no lock.
  std::optional<HistoryRow> dirty_row();
  // Checks the folder's sums (check_sum: IntegrityError, as apply), takes the lock and repairs the
  // dirty row; Error(input) when nothing is dirty. With resume, a
  // failing statement leaves the row dirty with that statement recorded and throws StatementError.
  // Resume starts at statement 1 when the run stopped before its first statement; after one it
  // was running when killed, at that statement or after it as `current` says (check: as `check`
  // decides; Error(input) naming --skip-current and --rerun-current when it cannot tell).
  RepairResult repair(RepairAction action, CurrentStatement current = CurrentStatement::check,
                      const StatementCheck& check = {});

  // Records versions up to and including `version` as applied (status "baselined") without running
  // them, on a database with no history: takes the lock, refuses (Error(input)) when history rows
  // exist or `version` is not in the folder, then calls `prove` (still under the lock); when it
  // returns false, or with dry_run, nothing is recorded. Returns the versions recorded (would be).
  // `message` is kept in each row.
  std::vector<std::string> adopt(const std::string& version, const std::function<bool()>& prove,
                                 const std::string& message, bool dry_run);

  // `strata repair --accept`: records the edited file of an applied version as what the database
  // has (its new checksum, who accepted it and when). Takes the lock; needs strata.sum to match
  // the files (`strata hash` first), a clean row whose checksum differs from the file's, and
  // approval (yes, else confirm; neither: SafetyRefusal). Returns the row as it was.
  HistoryRow accept_edit(const std::string& version);

  std::vector<dialects::BackupRecord> backups();
  // Restores one backup by id; throws Error(input) for an unknown id.
  dialects::BackupRecord restore_backup(const std::string& id);
  // Takes the lock and removes the backups `rule` selects, each one's copy and catalog row
  // together, oldest first; confirmed like a destructive step (yes, confirm, else SafetyRefusal).
  // A dry run only selects. A failure throws Error naming what was removed before it and what
  // is left of the failed backup.
  PruneResult prune_backups(const PruneRule& rule, bool dry_run);

  // Where file backups of migrations in `dir` go: `configured` (apply --backup-dir) when given,
  // else nothing for engines that keep backups in the database, else <dir>/../.strata/backups.
  static std::filesystem::path backup_dir(const dialects::Dialect& dialect, const std::filesystem::path& dir,
                                          const std::filesystem::path& configured);

private:
  // The statements of a file's text as the engine splits them (split_statements), split once per
  // text: verify runs a file up to three times, and apply checks each file before it runs it.
  const std::vector<SqlStatement>& statements_of(const std::string& sql) const;
  struct SplitFile;
  SplitFile& split_file(const std::string& sql) const;
  // Refuses (Error(input), before anything runs) a file that holds transaction control or whose
  // batched steps are malformed (refuse_transaction_control, find_batches).
  void check_file(const std::string& sql, const std::filesystem::path& path, const Header& header) const;
  // Fills current, pending, dirty, checksum_mismatches and missing_files from the history rows.
  StatusReport audit(const std::vector<HistoryRow>& rows) const;
  // IntegrityError for a dirty row, an edited applied file or an applied file that is gone.
  void refuse_if_unhealthy(const StatusReport& report, const std::vector<HistoryRow>& rows) const;
  // The start of apply and rollback: checks the folder's sums (check_sum), takes the lock, makes
  // sure the history tables exist, reads and audits the rows into `rows` and `status`, and refuses
  // an unhealthy history. The lock is held until the returned handle goes.
  std::unique_ptr<dialects::Lock> begin_run(History& history, std::vector<HistoryRow>& rows, StatusReport& status,
                                            const char* what);
  // Takes the migration lock for `what` ("apply", "repair", ...), after refusing (SafetyRefusal)
  // a server that takes no writes (a hot standby), named in the message. When another process
  // holds it, says so (naming the holder) before waiting up to options.lock_timeout.
  std::unique_ptr<dialects::Lock> take_lock(const char* what);
  // Waits for the standbys (options.replica_wait); nullopt when there is no wait.
  std::optional<dialects::ReplicaWait> await_replicas();
  // Asks (or refuses: SafetyRefusal) when a file destroys data; `down` checks the down headers.
  void confirm_risky(const std::vector<const Migration*>& files, bool down) const;
  // Before the first copy, removes the partial copies of ours that neither the catalog nor a
  // history row names (a killed backup's leftovers) and finishes the recorded ones; each backup
  // gets an id that neither the catalog nor a copy present has; a copy is marked finished
  // (Administration::backup_recorded) once its catalog row is written.
  std::vector<std::string> take_backups(History& history, const Header& header, const std::string& version);
  // The copies present where this run's backups go (none when the engine cannot list them).
  std::vector<dialects::BackupCopy> backup_copies() const;
  // Counts the preflight checks of every pending file on the database as it is now, each in a
  // read-only transaction; refuses (SafetyRefusal) when any count is above zero. A check that
  // cannot be counted yet (its table or column comes from an earlier pending file) is returned,
  // by position in `pending`, to be counted by preflight_before just before its file runs.
  using Deferred = std::vector<std::vector<const PreflightCheck*>>;
  Deferred preflight(const std::vector<const Migration*>& pending);
  // The deferred checks of one file, counted after the files before it ran (`applied`: their
  // file names); a check that still cannot be counted is reported and skipped.
  void preflight_before(const Migration& migration, const std::vector<const PreflightCheck*>& checks,
                        const std::vector<std::string>& applied);
  // `retry`: the dirty row an earlier failed run of this file left (a no-transaction file runs
  // again whole, a batched one goes on where it stopped); null for a first run.
  std::vector<std::string> apply_one(History& history, const Migration& migration, const HistoryRow* retry = nullptr);
  // The dirty row a no-transaction file left that an apply may simply run again: the newest row,
  // of an up run, with its file unchanged and marked no-transaction. Null when there is none.
  const HistoryRow* retryable(const std::vector<HistoryRow>& rows) const;
  // The statement `repair --continue` starts at (count + 1: only the integrity check is left).
  int first_to_run(const HistoryRow& row, const Migration& migration, int count, const std::string& file,
                   CurrentStatement current, const StatementCheck& check);
  std::vector<std::string> rollback_one(History& history, const Migration& migration, const HistoryRow& row);
  // Outside a transaction each failed statement is handed to Dialect::after_failed_statement so
  // that what it left behind (an INVALID index) is cleaned before the error is reported.
  void run_statements(const std::string& sql, const std::filesystem::path& file, bool in_transaction);
  // Runs statements `first`.. of a file outside a transaction, each committed on its own. Before
  // each one `row` (dirty) records which statement runs, so even a killed run says where it
  // stopped; a failure records the statement, its line and the message, then throws. In a
  // `batched` file (`header`), batched steps run batch by batch (run_batches), and where DDL is
  // transactional the statements between them run in one transaction each (run_group).
  void run_tracked(History& history, HistoryRow& row, const std::string& sql, const std::filesystem::path& file,
                   int first, std::chrono::steady_clock::time_point start, const Header& header);
  // Statements [from, to) (0-based) in one transaction that also moves `row` on to statement
  // to + 1; a failure rolls them all back and leaves the row at statement from + 1.
  void run_group(History& history, HistoryRow& row, const std::vector<SqlStatement>& statements, size_t from,
                 size_t to, const std::filesystem::path& file);
  // A batched step (statement `number`): one transaction per range of keys after row.batch_key,
  // each recording the range's end and its rows in `row`; ends when no key is left. A failing
  // batch leaves the row at the step with the failing range in its message, then throws.
  void run_batches(History& history, HistoryRow& row, const std::filesystem::path& file, int number,
                   const SqlStatement& statement, const BatchStep& step);
  void check_integrity(const std::filesystem::path& file);
  // A file whose header asks for a rolling schema upgrade (`-- strata: galera-osu rsu`,
  // dialects/rolling.hpp; `down`: the down file): refused (Error(input), naming file:line) where
  // the server cannot roll a change, or for a statement of it, or of the file that undoes it
  // (the down file for an apply, the up file for a rollback), that may not run node by node.
  // Nothing for other files. Called before anything runs.
  void check_rolling(const Migration& migration, bool down) const;
  // Runs such a file (up, or down) on each node of the cluster in turn, behind `row` made dirty
  // (inserted for an apply) and naming the nodes done. Returns when every node is done (the
  // caller records the outcome). A failing node: the nodes changed are undone with the other
  // file and the history is as before (the row removed, or applied again for a rollback); when
  // they cannot be, the row stays dirty naming each node's state. Throws either way.
  void run_rolling(History& history, HistoryRow& row, const Migration& migration, bool down,
                   std::chrono::steady_clock::time_point start);
  // Runs `body` (one run of `migration`'s up or down file) between the two writes of its
  // strata_schema_runs row: "running" before, then its outcome ("applied" / "rolled_back", or
  // "failed" with the error, which is rethrown), duration and the rows its statements changed.
  // Creates strata_schema_runs when missing and marks the rows of runs that never finished
  // (under the migration lock: no other run is going on).
  void open_run_log();
  void recorded_run(const Migration& migration, const char* direction, const char* command,
                    const std::function<void()>& body);
  // Runs one statement, counting the rows it changes when it is an INSERT, UPDATE, DELETE,
  // REPLACE or MERGE (m_changed_rows).
  void execute_sql(const std::string& sql);
  // Runs `body` (a file's statements and its history change) in one transaction with the
  // statement lock timeout; when a lock wait runs out the transaction is rolled back and `body`
  // runs again, up to options.lock_retries times.
  void in_file_transaction(const std::function<void()>& body);
  // Runs a statement outside a transaction, again after a lock wait that ran out (up to
  // options.lock_retries times); the last DatabaseError propagates, naming the lock's holders.
  void execute_retrying(const std::filesystem::path& file, int number, const SqlStatement& statement);
  // After attempt `attempt` of statement `number` waited in vain for a lock: reports the wait and
  // sleeps the backoff before the next attempt, or returns the failure's text when none is left.
  std::optional<std::string> lock_wait_failed(const std::filesystem::path& file, int number, int line,
                                              const std::string& message, int attempt);
  // True when `error` is the engine's lock timeout and the executor sets one.
  bool lock_timed_out(const DatabaseError& error) const;
  // The statement timeout a file runs with (its header's, else options.statement_timeout; 0:
  // none); throws Error(input) naming `file` where the engine cannot bound its statements.
  std::chrono::milliseconds file_statement_timeout(const Header& header, const std::filesystem::path& file) const;
  // What a failed statement's error says: the database's message, preceded by the statement
  // timeout it ran out of when that is why it failed.
  std::string failure_text(const DatabaseError& error) const;
  // Runs one statement of `file`, with the live status while it runs (options.live) and the
  // progress line of a slow one after it; DatabaseError propagates.
  void execute_statement(const std::filesystem::path& file, int number, const SqlStatement& statement);
  // The statement itself, under the live status line when options.live asks for one.
  void run_with_status(const std::filesystem::path& file, int number, const SqlStatement& statement);
  // Progress line for a statement that ran k_slow_statement_ms or longer.
  void report_slow(const std::filesystem::path& file, int number, int line, long long ms) const;
  std::filesystem::path backup_dir() const;
  void report(const std::string& line) const;

  dialects::Connection& m_connection;
  const dialects::Dialect& m_dialect;
  dialects::DbUrl m_url;
  const Directory& m_directory;
  ExecutorOptions m_options;
  // The engine's progress probe for options.live, made before the first statement.
  std::unique_ptr<dialects::ProgressProbe> m_probe;
  bool m_probe_made = false;
  // The engine's probe of the sessions holding a lock a statement waits for, made before the
  // first statement when a statement lock timeout is set; what it last saw while the last failed
  // statement ran.
  std::unique_ptr<dialects::ProgressProbe> m_holders;
  bool m_holders_made = false;
  std::string m_last_holders;
  // Rows changed by the data statements of the file running (recorded_run).
  long long m_changed_rows = 0;
  // statements_of's files, by their text, and whether check_file passed them.
  struct SplitFile {
    std::vector<SqlStatement> statements;
    bool checked = false;
  };
  mutable std::unordered_map<std::string, SplitFile> m_files;
  // The statement timeout of the file running (file_statement_timeout; 0: none), and whether
  // run_tracked set it for the session (in_file_transaction then leaves it be).
  std::chrono::milliseconds m_statement_timeout{0};
  bool m_session_time_limit = false;
  // The migration lock take_lock handed out, while its handle lives: recorded_run refuses to
  // start a file once it is lost (a lease-based lock taken over by another process).
  const dialects::Lock* m_lock = nullptr;
};

// "its up file stopped at statement 3 (line 7): <database message>" for a dirty row.
std::string describe_dirty(const HistoryRow& row);
// A dirty row left before its file's first statement ran: nothing of the file ran.
bool stopped_before_first(const HistoryRow& row);
// A dirty row left while a statement ran (the run was killed): unlike a failed one, the server
// may have finished it.
bool stopped_while_running(const HistoryRow& row);

// Splits a SQL file into statements with their starting line (1-based), as `engine`'s own client
// reads the file (Administration::file_syntax and statement_complete): quotes and escapes,
// comments, dollar quotes, MySQL DELIMITER lines (never sent) and `/*! ... */` version comments
// (sent: the server runs what they hold), BEGIN ... END bodies of CREATE TRIGGER, FUNCTION,
// PROCEDURE and EVENT.
std::vector<SqlStatement> split_statements(const std::string& sql, const dialects::Administration& engine);
// The same where the engine is unknown: the portable syntax (every engine's quotes and comments).
std::vector<SqlStatement> split_statements(const std::string& sql);

} // namespace strata::migrations
