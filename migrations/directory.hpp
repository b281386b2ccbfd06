#pragma once
// The migration folder: <version>_<slug>.up.sql / .down.sql, numeric order, `-- strata:` headers,
// and strata.sum.

#include "dialects/dialect.hpp"
#include "schemas/risk.hpp"

#include <array>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace strata::migrations {

// Parsed `-- strata:` header lines of one file.
// "-- strata: preflight not-null users(email)": a live-data check apply counts again before the
// file runs; a count above zero means the file fails, and apply refuses it (exit 3).
struct PreflightCheck {
  std::string text;           // as written after "preflight "
  int line = 0;               // its line in the file
  dialects::ProbeQuery probe; // parse_preflight(text)
};

struct Header {
  std::string version;
  std::string summary;
  std::vector<schemas::Risk> risks;     // "-- strata: risk high destructive D101 drop table users"
  std::vector<std::string> backups;     // "-- strata: backup users" / "users.email"
  bool no_transaction = false;          // "-- strata: no-transaction"
  // "-- strata: batched": the file holds batched data steps (`-- strata: batch ...` before a
  // statement, migrations/batch_step.hpp), which run outside the file's transaction.
  bool batched = false;
  bool irreversible = false;            // "-- strata: irreversible <reason>"
  // "-- strata: part-of <version>": this file is the second half of that version's plan (its
  // no-transaction steps); `rollback --steps N` counts the two as one migration.
  std::string part_of;
  std::vector<std::string> irreversible_reasons;
  // "-- strata: baseline": the schema a database held when strata adopted it (`strata baseline`);
  // recorded there without running, replayed everywhere else, never rolled back.
  bool baseline = false;
  std::vector<PreflightCheck> preflights;
  // "-- strata: statement-timeout 30min" (or "none"): the bound on each statement of the file,
  // instead of apply's --statement-timeout; 0 ("none"): no bound. Empty: the run's default.
  std::optional<std::chrono::milliseconds> statement_timeout;
  // "-- strata: galera-osu rsu": the file's line holding it (0: none). The file runs on one node
  // of a MariaDB Galera Cluster after the other, each in a session with wsrep_OSU_method = RSU
  // (dialects/rolling.hpp); only index changes and OPTIMIZE/ANALYZE TABLE may be in it.
  int rolling_line = 0;
  bool rolling() const { return rolling_line != 0; }
};

struct Migration {
  std::string version;  // digits as written ("001", "20261121193000"); ordered numerically
  std::string slug;
  std::filesystem::path up_path;
  std::filesystem::path down_path;      // empty when no down file exists
  std::string up_sql;
  std::string down_sql;
  Header up_header;
  Header down_header;
  std::string checksum;                 // sha256 hex of the up file's bytes
  std::string file_name() const { return up_path.filename().string(); }
};

// Two or more files of one kind (up or down) with the same version.
struct DuplicateVersion {
  std::string version;            // without leading zeros
  std::vector<std::string> files; // file names, sorted
};

// One strata.sum problem: the file it is about (a migration's file name, or strata.sum), the line
// of strata.sum when it is a malformed line, and the whole sentence (which names the path).
struct SumProblem {
  std::string file;
  std::optional<int> line;
  std::string message;
};

// Compares two version strings numerically ("2" < "10", "001" == "1").
int compare_versions(const std::string& a, const std::string& b);
// The text by which compare_versions tells versions apart: compare_versions(a, b) == 0 exactly
// when version_key(a) == version_key(b) (a set of keys finds a version in constant time).
std::string version_key(const std::string& version);

class Directory {
public:
  // Reads every migration file of `dir` (a missing folder is an empty directory). Throws
  // strata::Error(input) naming a badly named file or a version used twice.
  static Directory open(const std::filesystem::path& dir);

  const std::filesystem::path& path() const { return m_path; }
  const std::vector<Migration>& migrations() const { return m_migrations; }
  const Migration* find(const std::string& version) const;
  // UTC timestamp YYYYMMDDHHMMSS, bumped past the newest existing version if needed.
  std::string next_version() const;

  // The versions used twice in `dir` (open() refuses such a folder); reading stops at the same
  // misnamed files open() refuses.
  static std::vector<DuplicateVersion> duplicate_versions(const std::filesystem::path& dir);

  // strata.sum problems (missing sum with files present, edited/added/removed files, bad total).
  // Empty when intact.
  std::vector<SumProblem> sum_problems() const;
  // The same as sentences, each naming the file.
  std::vector<std::string> verify_sum() const;
  // Throws IntegrityError listing verify_sum() problems.
  void verify_sum_or_throw() const;
  // Rewrites strata.sum from the files on disk (atomic).
  void write_sum() const;

private:
  std::filesystem::path m_path;
  std::vector<Migration> m_migrations;
};

// Parses the leading `-- strata:` lines of a file. Throws strata::Error(input) naming `file` and
// the line for an unknown key or a malformed value.
Header parse_header(const std::string& sql, const std::string& file = {});

// A duration as migration files write them (a batch's sleep= and timeout=, statement-timeout):
// digits and a unit, "250ms", "5s", "10min", "2h"; nullopt when malformed.
std::optional<std::chrono::milliseconds> parse_file_duration(std::string_view text);
// The shortest of those spellings for `ms` ("1s", "90s" -> "90s", "1500ms", "30min", "2h").
std::string format_file_duration(std::chrono::milliseconds ms);

// `backup` header targets: "users" (whole table), "users.email" (one column),
// "app.users.email" (schema, table, column), "app.users.*" (whole table in a schema). A part
// containing dots, spaces or quotes is written in double quotes ("my.table"), quotes doubled.
dialects::BackupTarget parse_backup_target(const std::string& text);
std::string format_backup_target(const dialects::BackupTarget& target);

// A name as header lines write it: bare, or in double quotes (quotes doubled) when it holds a
// dot, a quote, a space, a parenthesis or a comma.
std::string quote_header_name(const std::string& name);

// `preflight` checks: "not-null T(c)", "unique T(c, d)", "foreign-key T(c) -> R(d)",
// "check T EXPRESSION", "max-length T(c) N", "enum-members T(c) 'a', 'b'" (T: table or
// schema.table). format_preflight gives nothing for probes that are no such check (rows,
// non-null values); parse_preflight throws Error(input) for a malformed text.
std::optional<std::string> format_preflight(const dialects::ProbeQuery& probe);
dialects::ProbeQuery parse_preflight(const std::string& text);

// sha256 hex of bytes.
std::string sha256_hex(const std::string& bytes);
// The 32 bytes of the sha256 digest of bytes.
std::array<unsigned char, 32> sha256_digest(const std::string& bytes);

// The bytes of a file; Error(input) naming it when it cannot be read.
std::string read_bytes(const std::filesystem::path& path);

// Writes `content` to `path` atomically (temp file in the same folder, then rename).
void write_file_atomic(const std::filesystem::path& path, const std::string& content);
// Its steps, for writing several files all or nothing: `content` in a new hidden temporary file
// beside `path`, fsynced (removed again and Error(input) on failure; returns its path); the
// rename of that file onto `path` (the temporary file removed on failure); an fsync of a folder
// after renames into it (best effort).
std::filesystem::path write_temp_beside(const std::filesystem::path& path, const std::string& content);
void rename_into_place(const std::filesystem::path& temp, const std::filesystem::path& path);
void sync_folder(const std::filesystem::path& folder);

} // namespace strata::migrations
