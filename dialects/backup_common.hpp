#pragma once
// What the engines' backups share: the UTC timestamp of a record, names shortened to an engine's
// identifier limit, which columns key and make up a copy, and the `.jsonl` backup file (a first
// line with the JSON array of the saved column names, then one JSON object per row), written
// atomically and verified by count. The engines produce and consume the JSON themselves.

#include "dialects/dialect.hpp"

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace strata::dialects {

// "2026-11-21T19:30:00Z"
std::string backup_timestamp();

// `name` when it fits in `limit` bytes; else its start plus "_" and a hash of the whole, so two
// long names never shorten to the same one.
std::string shortened_name(const std::string& name, std::size_t limit);

// The row count of `relation` (SQL text), with `suffix` appended to the query.
long long count_rows(Connection& connection, const std::string& relation, const std::string& suffix = "");

// A column of the table being backed up, as far as choosing keys goes.
struct BackupColumn {
  std::string name;
  bool generated = false;
};

// The target with key_columns filled: the given ones, else the primary key; a table without one,
// or a backed-up column that is itself (part of) the key (it could not find its own rows again
// on restore), is keyed by every other non-generated column.
BackupTarget resolve_keys(const BackupTarget& target, const std::vector<std::string>& primary_key,
                          const std::vector<BackupColumn>& columns);
// What a copy takes: every column of a whole table, or the key columns plus the column.
std::vector<std::string> copied_columns(const BackupTarget& resolved, const std::vector<BackupColumn>& columns);

// 8 hex digits of the FNV-1a hash of `text`.
std::string short_hash(const std::string& text);

// <dir>/<name>: creates the folder and throws when the file exists already.
std::filesystem::path new_backup_file(const std::filesystem::path& dir, const std::string& name);
// Writes the header and row lines through a temporary file renamed into place, after checking
// that the rows are as many as the live table has (`live_rows`); throws (leaving nothing) when not.
void write_backup_file(const std::filesystem::path& file, const std::string& header_line,
                       const std::vector<std::string>& row_lines, long long live_rows);

// Makes the written and closed `temporary` the backup file `file`: flushes it to disk, links it
// under the final name (never over an existing file: throws naming it, removing the temporary),
// drops the temporary name (unless `keep_temporary`: the caller drops it later) and flushes the
// folder. A backup file is thus complete or absent.
void publish_backup_file(const std::filesystem::path& temporary, const std::filesystem::path& file,
                         bool keep_temporary = false);

// The finished backup files <id><extension> of `dir` (none when it does not exist); not known
// to be this database's (a folder may be shared).
std::vector<BackupCopy> backup_files(const std::filesystem::path& dir, const std::string& extension);

// Removes the backup file of `record` (its location), which must be named <id><extension>;
// false when it is already gone. Throws Error naming the file when the name is not the record's
// or the removal fails.
bool remove_backup_file(const BackupRecord& record, const std::string& extension);

// Reads a backup file as a stream: the header line, then the row lines in batches.
class BackupFileReader {
public:
  // Throws naming the backup when the file is missing.
  explicit BackupFileReader(const BackupRecord& record);
  const std::string& header() const { return m_header; }
  // Up to `count` next non-empty row lines; empty at the end.
  std::vector<std::string> next(std::size_t count);

private:
  std::ifstream m_in;
  std::string m_header;
};

} // namespace strata::dialects
