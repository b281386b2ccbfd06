#include "dialects/server_backup.hpp"

#include "schemas/error.hpp"

#include <algorithm>

namespace strata::dialects {

namespace {

std::vector<BackupColumn> backup_columns(const std::vector<LiveColumn>& columns)
{
  std::vector<BackupColumn> out;
  for (const auto& column : columns) {
    out.push_back({column.name, column.generated});
  }
  return out;
}

std::vector<std::string> names_of(const std::vector<LiveColumn>& columns)
{
  std::vector<std::string> names;
  for (const auto& column : columns) {
    names.push_back(column.name);
  }
  return names;
}

// The end of a copy table's comment until its catalog row is written.
const std::string k_unrecorded = " (unrecorded)";
const std::string k_comment_prefix = "strata backup ";

bool ends_with(const std::string& text, const std::string& end)
{
  return text.size() >= end.size() && text.compare(text.size() - end.size(), end.size(), end) == 0;
}

} // namespace

std::string ServerBackup::quote_name(const schemas::QualifiedName& name) const
{
  return name.schema.empty() ? quote_identifier(name.name)
                             : quote_identifier(name.schema) + "." + quote_identifier(name.name);
}

std::string ServerBackup::column_list(const std::vector<std::string>& names) const
{
  std::string out;
  for (const auto& name : names) {
    out += (out.empty() ? "" : ", ") + quote_identifier(name);
  }
  return out;
}

std::string ServerBackup::literal_list(const std::vector<std::string>& names) const
{
  std::string out;
  for (const auto& name : names) {
    out += (out.empty() ? "" : ", ") + quote_literal(name);
  }
  return out;
}

std::string ServerBackup::saved_value(const std::vector<LiveColumn>&, const std::string& column) const
{
  return "saved." + quote_identifier(column);
}

std::string ServerBackup::key_match(const std::vector<std::string>& keys, const std::vector<LiveColumn>& live) const
{
  std::string out;
  for (const auto& key : keys) {
    const auto found = std::find_if(live.begin(), live.end(), [&](const auto& c) { return same_name(c.name, key); });
    const std::string left = "live." + quote_identifier(key);
    const std::string right = saved_value(live, key);
    out += (out.empty() ? "" : " AND ") +
           (found != live.end() && found->not_null ? left + " = " + right : null_safe_equal(left, right));
  }
  return out;
}

BackupTarget ServerBackup::resolve_target(Connection& connection, const BackupTarget& target,
                                          std::vector<LiveColumn>& columns) const
{
  const auto& table = target.table;
  const auto live = this->columns(connection, table);
  if (!live) {
    throw Error(ErrorKind::database, "cannot back up table " + table.str() + ": it does not exist");
  }
  BackupTarget named = target;
  if (!target.column.empty()) {
    const auto found =
      std::find_if(live->begin(), live->end(), [&](const auto& c) { return same_name(c.name, target.column); });
    if (found == live->end()) {
      throw Error(ErrorKind::database, "cannot back up column " + table.str() + "." + target.column +
                                         ": it does not exist");
    }
    named.column = found->name; // the live spelling
  }
  columns = *live;
  return resolve_keys(named, target.key_columns.empty() ? primary_key(connection, table) : target.key_columns,
                      backup_columns(columns));
}

void ServerBackup::check_restorable(Connection& connection, const BackupRecord& record,
                                    const std::vector<std::string>& saved) const
{
  const auto& table = record.target.table;
  const auto live = columns(connection, table);
  if (!live) {
    throw Error(ErrorKind::database, "cannot restore backup " + record.id + ": table " + table.str() +
                                       " does not exist; re-create it first (e.g. roll back the migration that "
                                       "dropped it)");
  }
  for (const auto& column : saved) {
    if (std::none_of(live->begin(), live->end(), [&](const auto& c) { return same_name(c.name, column); })) {
      throw Error(ErrorKind::database, "cannot restore backup " + record.id + ": column " + table.str() + "." +
                                         column + " does not exist; re-create it (e.g. roll back the migration) "
                                         "first");
    }
  }
}

void ServerBackup::restore_rows(Connection& connection, const BackupRecord& record, const std::string& source,
                                const std::vector<std::string>& saved) const
{
  const auto& table = record.target.table;
  const auto live = columns(connection, table).value_or(std::vector<LiveColumn>{});
  if (!record.target.column.empty()) {
    std::vector<std::string> keys;
    for (const auto& key : record.target.key_columns) {
      if (key != record.target.column) {
        keys.push_back(key);
      }
    }
    if (keys.empty()) {
      throw Error(ErrorKind::database, "backup " + record.id + " has no key columns to match rows of " + table.str());
    }
    refill_column(connection, quote_name(table), quote_identifier(record.target.column),
                  saved_value(live, record.target.column), source, key_match(keys, live));
    return;
  }
  // Generated columns compute themselves; every other saved column goes back as it was.
  std::vector<std::string> names;
  std::string values;
  for (const auto& column : saved) {
    const auto found = std::find_if(live.begin(), live.end(), [&](const auto& c) { return same_name(c.name, column); });
    if (found != live.end() && !found->generated) {
      names.push_back(column);
      values += (values.empty() ? "" : ", ") + saved_value(live, column);
    }
  }
  const auto keys = record.target.key_columns.empty() ? names : record.target.key_columns;
  connection.execute("INSERT INTO " + quote_name(table) + " (" + column_list(names) + ")" + insert_option() +
                     " SELECT " + values + " FROM " + source + " AS saved WHERE NOT EXISTS (SELECT 1 FROM " +
                     quote_name(table) + " AS live WHERE " + key_match(keys, live) + ")");
}

BackupRecord ServerBackup::backup(Connection& connection, const BackupTarget& target,
                                  const std::filesystem::path& backup_dir, const std::string& id) const
{
  if (!backup_dir.empty()) {
    return backup_to_file(connection, target, backup_dir, id);
  }
  std::vector<LiveColumn> columns;
  const BackupTarget resolved = resolve_target(connection, target, columns);
  const auto [name, source] = copy_name(connection, resolved, id);
  const std::string what = source + (resolved.column.empty() ? "" : "." + resolved.column);
  ServerCopy copy;
  copy.copy = quote_name({backup_home(), name});
  copy.live = quote_name(resolved.table);
  for (const auto& selected : copied_columns(resolved, backup_columns(columns))) {
    const auto found = std::find_if(columns.begin(), columns.end(), [&](const auto& c) { return c.name == selected; });
    copy.list += (copy.list.empty() ? "" : ", ") + quote_identifier(selected);
    copy.select += (copy.select.empty() ? "" : ", ") + copied_value(*found);
  }
  copy.comment = k_comment_prefix + id + " of " + what + k_unrecorded;

  prepare_copy(connection, copy);
  long long copied_rows = 0;
  try {
    // One snapshot for the copy and both counts: concurrent writers cannot make them disagree.
    Transaction transaction(connection);
    begin_snapshot(connection);
    fill_copy(connection, copy);
    const long long live_rows = count_rows(connection, copy.live, counting_lock());
    copied_rows = count_rows(connection, copy.copy);
    if (live_rows != copied_rows) {
      throw Error(ErrorKind::database, "backup " + copy.copy + " does not match the database: " +
                                         std::to_string(copied_rows) + " rows of " + what + " copied, " +
                                         std::to_string(live_rows) + " live");
    }
    finish_copy(connection, copy);
    transaction.commit();
  } catch (const Error&) {
    try {
      discard_copy(connection, copy); // no half copy stays behind
    } catch (const Error&) { // the first error is the one that matters
    }
    throw;
  }
  return BackupRecord{id, backup_home() + "." + name, resolved, copied_rows, backup_timestamp()};
}

void ServerBackup::restore(Connection& connection, const BackupRecord& record) const
{
  const std::string prefix = backup_home() + ".";
  if (record.location.rfind(prefix, 0) != 0) {
    restore_from_file(connection, record);
    return;
  }
  const schemas::QualifiedName copy{backup_home(), record.location.substr(prefix.size())};
  const auto saved = columns(connection, copy);
  if (!saved) {
    throw Error(ErrorKind::database, "the copy of backup " + record.id + " (" + record.location + ") is missing");
  }
  const auto names = names_of(*saved);
  check_restorable(connection, record, names);
  Transaction transaction(connection);
  restore_rows(connection, record, quote_name(copy), names);
  transaction.commit();
}

bool ServerBackup::drop(Connection& connection, const BackupRecord& record) const
{
  const std::string prefix = backup_home() + ".";
  if (record.location.rfind(prefix, 0) != 0) {
    return remove_backup_file(record, ".jsonl");
  }
  const std::string name = record.location.substr(prefix.size());
  // Recomputed as backup() named and described it: a catalog row that came from another database
  // (a dump restored elsewhere) or was edited never drops a copy that is not its own.
  const auto [expected, comment] = expected_copy(connection, record);
  if (name != expected) {
    throw Error(ErrorKind::integrity, "backup " + record.id + " points at " + record.location + ", but its copy for " +
                                        "this database is " + prefix + expected + "; not removing it");
  }
  const auto found = copy_comment(connection, name);
  if (!found) {
    return false;
  }
  if (*found != comment && *found != comment + k_unrecorded) {
    throw Error(ErrorKind::integrity, "table " + record.location + " is not the copy of backup " + record.id +
                                        " (its comment is '" + *found + "'); not removing it");
  }
  connection.execute("DROP TABLE " + quote_name({backup_home(), name}));
  return true;
}

std::vector<BackupCopy> ServerBackup::copies(Connection& connection, const std::filesystem::path& backup_dir) const
{
  if (!backup_dir.empty()) {
    return backup_files(backup_dir, ".jsonl");
  }
  std::vector<BackupCopy> found;
  for (const auto& [name, comment] : own_copies(connection)) {
    const auto of = comment.find(" of ", k_comment_prefix.size());
    if (comment.rfind(k_comment_prefix, 0) == 0 && of != std::string::npos) {
      found.push_back({comment.substr(k_comment_prefix.size(), of - k_comment_prefix.size()),
                       backup_home() + "." + name, ends_with(comment, k_unrecorded), true});
    }
  }
  return found;
}

bool ServerBackup::remove_partial(Connection& connection, const BackupCopy& copy) const
{
  const std::string prefix = backup_home() + ".";
  if (copy.location.rfind(prefix, 0) != 0) {
    throw Error(ErrorKind::internal, "not a copy table of " + backup_home() + ": " + copy.location);
  }
  const std::string name = copy.location.substr(prefix.size());
  // Only a table this database's listing gives, with the unrecorded comment of this very id.
  for (const auto& [own, comment] : own_copies(connection)) {
    if (own == name && comment.rfind(k_comment_prefix + copy.id + " of ", 0) == 0 && ends_with(comment, k_unrecorded)) {
      connection.execute("DROP TABLE " + quote_name({backup_home(), name}));
      return true;
    }
  }
  if (!copy_comment(connection, name)) {
    return false;
  }
  throw Error(ErrorKind::integrity, "table " + copy.location + " is not an unrecorded copy of backup " + copy.id +
                                      " of this database; not removing it");
}

void ServerBackup::recorded(Connection& connection, const BackupRecord& record) const
{
  const std::string prefix = backup_home() + ".";
  if (record.location.rfind(prefix, 0) != 0) {
    return; // a `.jsonl` file: complete once it has its name
  }
  const auto [name, comment] = expected_copy(connection, record);
  const auto found = copy_comment(connection, name);
  if (record.location == prefix + name && found && *found == comment + k_unrecorded) {
    set_comment(connection, quote_name({backup_home(), name}), comment);
  }
}

std::pair<std::string, std::string> ServerBackup::expected_copy(Connection& connection,
                                                                const BackupRecord& record) const
{
  const auto [name, source] = copy_name(connection, record.target, record.id);
  return {name, k_comment_prefix + record.id + " of " + source +
                  (record.target.column.empty() ? "" : "." + record.target.column)};
}

BackupRecord ServerBackup::backup_to_file(Connection& connection, const BackupTarget& target,
                                          const std::filesystem::path& dir, const std::string& id) const
{
  std::vector<LiveColumn> columns;
  const BackupTarget resolved = resolve_target(connection, target, columns);
  const std::vector<std::string> selected = copied_columns(resolved, backup_columns(columns));
  // An absolute path: the catalog finds it from any working directory.
  const auto file = std::filesystem::absolute(new_backup_file(dir, id + ".jsonl")).lexically_normal();
  const std::string table = quote_name(resolved.table);

  std::vector<std::string> lines;
  long long live_rows = 0;
  {
    Transaction transaction(connection); // one snapshot for the rows and the count
    begin_snapshot(connection);
    for (const auto& row : connection.query(row_objects(selected, columns, table)).rows) {
      lines.push_back(row.at(0).value_or("null"));
    }
    live_rows = count_rows(connection, table);
    transaction.commit();
  }
  write_backup_file(file, names_json(connection, selected), lines, live_rows);
  return BackupRecord{id, file.string(), resolved, live_rows, backup_timestamp()};
}

void ServerBackup::restore_from_file(Connection& connection, const BackupRecord& record) const
{
  BackupFileReader reader(record);
  const auto names = json_names(connection, reader.header());
  if (names.empty()) {
    throw Error(ErrorKind::database, "backup file " + record.location + " has no column list on its first line");
  }
  check_restorable(connection, record, names);
  const auto live = columns(connection, record.target.table).value_or(std::vector<LiveColumn>{});
  const std::string staging = stage(connection, record, names);
  try {
    Transaction transaction(connection);
    const std::size_t count = rows_per_statement();
    for (auto batch = reader.next(count); !batch.empty(); batch = reader.next(count)) {
      const auto source = load_batch(connection, record, names, live, staging, batch);
      if (!source.empty()) {
        restore_rows(connection, record, source, names);
      }
    }
    if (!staging.empty()) {
      restore_rows(connection, record, staging, names);
    }
    transaction.commit();
  } catch (const Error&) {
    unstage(connection, staging);
    throw;
  }
  unstage(connection, staging);
}

} // namespace strata::dialects
