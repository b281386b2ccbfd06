// Backups before destructive steps (the algorithm: dialects/server_backup.cpp). PostgreSQL's
// parts: copies in the strata_backup schema, made in one repeatable-read snapshot with
// CREATE TABLE AS and commented; enum/domain/composite values are copied as text, so the copy
// never keeps a down file from dropping the type, and cast back on restore. Files of an explicit
// backup folder hold row_to_json objects, read back through json_populate_recordset with the
// table's row type, so every type round-trips as its text form.
#include "dialects/postgres/internal.hpp"
#include "dialects/server_backup.hpp"

#include "schemas/error.hpp"

#include <algorithm>

namespace strata::dialects::postgres {

std::string backup_schema_of(const std::string& schema)
{
  return schema.empty() || schema == "public" ? k_backup_schema : shortened_name(k_backup_schema + "_" + schema, 63);
}

namespace {

class PostgresBackup final : public ServerBackup {
public:
  // strata_backup for a run whose default schema is public; strata_backup_<schema> for one whose
  // default schema is another (a tenant of a schema-per-tenant fleet), so tenants of one database
  // never see, nor clean up, each other's copies.
  explicit PostgresBackup(Connection& connection)
  {
    const auto result = connection.query("SELECT coalesce(current_schema(), 'public')");
    const std::string schema = result.rows.empty() ? std::string("public") : result.rows[0][0].value_or("public");
    m_home = backup_schema_of(schema);
  }

protected:
  std::optional<std::vector<LiveColumn>> columns(Connection& connection,
                                                 const schemas::QualifiedName& table) const override
  {
    const auto result = connection.query(
      "SELECT a.attname, a.attgenerated <> '', format_type(a.atttypid, a.atttypmod), "
      "n.nspname NOT IN ('pg_catalog', 'information_schema'), a.attnotnull FROM pg_attribute a JOIN pg_type t ON "
      "t.oid = a.atttypid LEFT JOIN pg_type e ON e.oid = t.typelem AND t.typcategory = 'A' JOIN pg_namespace n ON "
      "n.oid = coalesce(e.typnamespace, t.typnamespace) WHERE a.attrelid = to_regclass(" +
      quote_literal(postgres::quote_name(table)) + ") AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum");
    if (result.empty()) {
      return std::nullopt; // no such relation (every table has a column here... or none: same thing)
    }
    std::vector<LiveColumn> columns;
    for (const auto& row : result.rows) {
      columns.push_back({row[0].value_or(""), row[1].value_or("f") == "t", row[2].value_or(""),
                         row[3].value_or("f") == "t", row[4].value_or("f") == "t"});
    }
    return columns;
  }

  std::vector<std::string> primary_key(Connection& connection, const schemas::QualifiedName& table) const override
  {
    const auto result = connection.query(
      "SELECT a.attname FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) "
      "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum WHERE i.indisprimary AND i.indrelid = "
      "to_regclass(" + quote_literal(postgres::quote_name(table)) + ") ORDER BY k.ord");
    std::vector<std::string> keys;
    for (const auto& row : result.rows) {
      keys.push_back(row[0].value_or(""));
    }
    return keys;
  }

  std::string quote_identifier(const std::string& name) const override { return postgres::quote_identifier(name); }
  std::string quote_literal(const std::string& value) const override { return postgres::quote_literal(value); }

  std::string null_safe_equal(const std::string& left, const std::string& right) const override
  {
    return left + " IS NOT DISTINCT FROM " + right;
  }

  // Copies keep enum/domain/composite values as text (a copy typed with them would keep DROP TYPE
  // from running), so those are cast back. Other types are not cast: an explicit cast to a
  // narrower varchar would silently cut the value.
  std::string saved_value(const std::vector<LiveColumn>& live, const std::string& column) const override
  {
    const std::string value = ServerBackup::saved_value(live, column);
    const auto found = std::find_if(live.begin(), live.end(), [&](const auto& c) { return c.name == column; });
    return found != live.end() && found->user_type ? "CAST(" + value + " AS " + found->type + ")" : value;
  }

  void refill_column(Connection& connection, const std::string& table, const std::string& column,
                     const std::string& value, const std::string& source, const std::string& match) const override
  {
    connection.execute("UPDATE " + table + " AS live SET " + column + " = " + value + " FROM " + source +
                       " AS saved WHERE " + match);
  }

  // Identity columns GENERATED ALWAYS take the saved values back.
  std::string insert_option() const override { return " OVERRIDING SYSTEM VALUE"; }

  std::string backup_home() const override { return m_home; }

  std::pair<std::string, std::string> copy_name(Connection&, const BackupTarget& resolved,
                                                const std::string& id) const override
  {
    return {shortened_name(id, 63), resolved.table.str()}; // identifiers are at most 63 bytes
  }

  std::string copied_value(const LiveColumn& column) const override
  {
    const std::string name = quote_identifier(column.name);
    return column.user_type ? name + "::text AS " + name : name;
  }

  void begin_snapshot(Connection& connection) const override
  {
    connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
  }

  void fill_copy(Connection& connection, const ServerCopy& copy) const override
  {
    connection.execute("CREATE SCHEMA IF NOT EXISTS " + quote_identifier(m_home));
    connection.execute("CREATE TABLE " + copy.copy + " AS SELECT " + copy.select + " FROM " + copy.live);
  }

  void finish_copy(Connection& connection, const ServerCopy& copy) const override
  {
    set_comment(connection, copy.copy, copy.comment);
  }

  void set_comment(Connection& connection, const std::string& copy, const std::string& comment) const override
  {
    connection.execute("COMMENT ON TABLE " + copy + " IS " + quote_literal(comment));
  }

  std::optional<std::string> copy_comment(Connection& connection, const std::string& name) const override
  {
    const auto result = connection.query(
      "SELECT coalesce(obj_description(c.oid, 'pg_class'), '') FROM pg_class c JOIN pg_namespace n ON n.oid = "
      "c.relnamespace WHERE n.nspname = " + quote_literal(m_home) + " AND c.relname = " + quote_literal(name) +
      " AND c.relkind = 'r'");
    if (result.rows.empty()) {
      return std::nullopt;
    }
    return result.rows[0][0].value_or("");
  }

  std::vector<std::pair<std::string, std::string>> own_copies(Connection& connection) const override
  {
    // The schema is this database's own: every commented copy in it is.
    const auto result = connection.query(
      "SELECT c.relname, obj_description(c.oid, 'pg_class') FROM pg_class c JOIN pg_namespace n ON n.oid = "
      "c.relnamespace WHERE n.nspname = " + quote_literal(m_home) + " AND c.relkind = 'r' AND "
      "obj_description(c.oid, 'pg_class') LIKE 'strata backup % of %' ORDER BY c.relname");
    std::vector<std::pair<std::string, std::string>> copies;
    for (const auto& row : result.rows) {
      copies.emplace_back(row[0].value_or(""), row[1].value_or(""));
    }
    return copies;
  }

  std::string row_objects(const std::vector<std::string>& selected, const std::vector<LiveColumn>&,
                          const std::string& table) const override
  {
    return "SELECT row_to_json(saved)::text FROM (SELECT " + column_list(selected) + " FROM " + table + ") AS saved";
  }

  std::string names_json(Connection& connection, const std::vector<std::string>& names) const override
  {
    const auto result = connection.query("SELECT to_json(ARRAY[" + literal_list(names) + "]::text[])::text");
    return result.rows.at(0).at(0).value_or("[]");
  }

  std::vector<std::string> json_names(Connection& connection, const std::string& header) const override
  {
    std::vector<std::string> names;
    for (const auto& row :
         connection.query("SELECT json_array_elements_text(" + quote_literal(header) + "::json)").rows) {
      names.push_back(row.at(0).value_or(""));
    }
    return names;
  }

  std::size_t rows_per_statement() const override { return 1000; }

  std::string load_batch(Connection&, const BackupRecord& record, const std::vector<std::string>&,
                         const std::vector<LiveColumn>&, const std::string&,
                         const std::vector<std::string>& rows) const override
  {
    std::string array;
    for (const auto& line : rows) {
      array += (array.empty() ? "" : ",") + line;
    }
    return "json_populate_recordset(NULL::" + postgres::quote_name(record.target.table) + ", " +
           quote_literal("[" + array + "]") + "::json)";
  }

private:
  std::string m_home;
};

} // namespace

BackupRecord backup(Connection& connection, const BackupTarget& target, const std::filesystem::path& backup_dir,
                    const std::string& id)
{
  return PostgresBackup{connection}.backup(connection, target, backup_dir, id);
}

void restore(Connection& connection, const BackupRecord& record)
{
  PostgresBackup{connection}.restore(connection, record);
}

bool drop_backup(Connection& connection, const BackupRecord& record)
{
  return PostgresBackup{connection}.drop(connection, record);
}

std::vector<BackupCopy> backup_copies(Connection& connection, const std::filesystem::path& backup_dir)
{
  return PostgresBackup{connection}.copies(connection, backup_dir);
}

bool remove_partial_backup(Connection& connection, const BackupCopy& copy)
{
  return PostgresBackup{connection}.remove_partial(connection, copy);
}

void backup_recorded(Connection& connection, const BackupRecord& record)
{
  PostgresBackup{connection}.recorded(connection, record);
}

} // namespace strata::dialects::postgres
