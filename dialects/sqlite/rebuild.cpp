// SQLite's documented procedure for schema changes ALTER TABLE cannot make
// (https://www.sqlite.org/lang_altertable.html, "Making Other Kinds Of Table Schema Changes").
// The migration runs inside one transaction with foreign_keys OFF on the connection (PRAGMA
// foreign_keys is a no-op inside a transaction, so it is not emitted here); the executor runs
// PRAGMA foreign_key_check before committing.
#include "dialects/sqlite/render_parts.hpp"

#include "schemas/error.hpp"

#include <algorithm>

namespace strata::dialects::sqlite {

namespace {

std::string joined(const std::vector<std::string>& items)
{
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : "; ") + item;
  }
  return out;
}

bool has_identity(const schemas::Table& table)
{
  return std::any_of(table.columns.begin(), table.columns.end(), [](const auto& c) { return c.identity; });
}

bool names_rowid(const schemas::Table& table)
{
  return std::any_of(table.columns.begin(), table.columns.end(), [](const auto& c) {
    std::string l = c.name;
    std::transform(l.begin(), l.end(), l.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    return l == "rowid" || l == "oid" || l == "_rowid_";
  });
}

// True when `table` has an INTEGER PRIMARY KEY column (an alias of the rowid).
bool has_rowid_alias(const schemas::Table& table)
{
  if (table.primary_key.size() != 1) {
    return false;
  }
  const auto* column = table.find_column(table.primary_key.front());
  if (column == nullptr) {
    return false;
  }
  std::string type = format_type(column->type);
  std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return column->identity || type == "integer";
}

// Rowids survive the copy (what refers to them, e.g. a column backup keyed by rowid, stays valid)
// when both tables have real rowids that no column aliases or shadows.
bool keep_rowids(const schemas::RebuildTable& op)
{
  const auto plain = [](const schemas::Table& t) {
    return !table_option(t, "without_rowid") && !names_rowid(t) && !has_rowid_alias(t);
  };
  return plain(op.before) && plain(op.after);
}

// INSERT INTO tmp (targets) SELECT sources FROM old: every column of `after` that has a source.
// Generated columns compute themselves; columns without a source take their default.
Statement copy_rows(const schemas::RebuildTable& op, const schemas::QualifiedName& tmp)
{
  std::vector<std::string> targets;
  std::string sources;
  const bool rowids = keep_rowids(op);
  if (rowids) {
    targets.emplace_back("rowid");
    sources = "rowid";
  }
  for (const auto& column : op.after.columns) {
    const auto it = std::find_if(op.column_sources.begin(), op.column_sources.end(),
                                 [&](const auto& pair) { return pair.first == column.name; });
    if (it == op.column_sources.end() || column.generated) {
      continue;
    }
    if (op.before.find_column(it->second) == nullptr) {
      throw Error(ErrorKind::internal, "rebuild of table " + op.after.name + ": source column '" + it->second +
                                         "' of column '" + column.name + "' does not exist in the current table");
    }
    targets.push_back(column.name);
    sources += (sources.empty() ? "" : ", ") + quote_identifier(it->second);
  }
  if (targets.empty() && !table_option(op.before, "without_rowid") && !table_option(op.after, "without_rowid")) {
    // No column survives: keep the rows themselves (their rowids), every column takes its default.
    targets.emplace_back("rowid");
    sources = "rowid";
  }
  if (targets.empty()) {
    throw Error(ErrorKind::input, "rebuild of table " + op.after.name +
                                    ": no column of the current table is kept, so its rows cannot be copied");
  }
  return statement("INSERT INTO " + qualified(tmp) + " (" + column_list(targets) + ")\n  SELECT " + sources +
                     " FROM " + qualified(op.before.qualified()),
                   "copy every row");
}

// AUTOINCREMENT high-water mark: the copy must never hand out an id the old table already used.
std::vector<Statement> carry_sequence(const schemas::RebuildTable& op, const schemas::QualifiedName& tmp)
{
  const std::string seq = qualified({op.after.schema, "sqlite_sequence"});
  const std::string tmp_name = quote_literal(tmp.name);
  const std::string old_name = quote_literal(op.before.name);
  return {
    statement("UPDATE " + seq + " SET seq = (SELECT max(seq) FROM " + seq + " WHERE name IN (" + old_name + ", " +
                tmp_name + ")) WHERE name = " + tmp_name,
              "keep the AUTOINCREMENT counter"),
    statement("INSERT INTO " + seq + " (name, seq) SELECT " + tmp_name + ", seq FROM " + seq + " WHERE name = " +
              old_name + " AND NOT EXISTS (SELECT 1 FROM " + seq + " WHERE name = " + tmp_name + ")"),
  };
}

} // namespace

std::vector<Statement> render_rebuild(const schemas::RebuildTable& op)
{
  const schemas::QualifiedName tmp{op.after.schema, "_strata_new_" + op.after.name};
  std::vector<Statement> out;
  std::string why = "rebuild table " + op.after.name;
  if (!op.reasons.empty()) {
    why += " (" + joined(op.reasons) + ")";
  }
  out.push_back(statement(create_table_sql(op.after, tmp), why));
  out.push_back(copy_rows(op, tmp));
  if (has_identity(op.after)) {
    for (auto& s : carry_sequence(op, tmp)) {
      out.push_back(std::move(s));
    }
  }
  out.push_back(statement("DROP TABLE " + qualified(op.before.qualified())));
  // Legacy RENAME leaves the text of views and other tables' triggers alone: they name the table,
  // which exists again once the rename is done (the modern RENAME would refuse: they dangle now).
  out.push_back(statement("PRAGMA legacy_alter_table = ON"));
  out.push_back(statement("ALTER TABLE " + qualified(tmp) + " RENAME TO " + quote_identifier(op.after.name)));
  out.push_back(statement("PRAGMA legacy_alter_table = OFF"));
  for (const auto& index : op.after.indexes) {
    if (!index.constraint) {
      out.push_back(statement(create_index_sql(op.after.qualified(), index)));
    }
  }
  for (const auto& trigger : op.after.triggers) {
    out.push_back(statement(trigger_sql(trigger)));
  }
  return out;
}

} // namespace strata::dialects::sqlite
