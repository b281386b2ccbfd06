// Scratch databases on a PostgreSQL server: created from template0 with the encoding and
// collation of the database the server URL names (so text sorts and compares as it does there),
// dropped after use; the listing/clearing of a --dev-db given by the user; and plan's column
// check on the target itself, as temporary tables in a transaction that is rolled back.
#include "dialects/postgres/connection.hpp"
#include "dialects/postgres/internal.hpp"
#include "dialects/postgres/partitions.hpp"
#include "dialects/postgres/render_parts.hpp"
#include "dialects/scratch_common.hpp"

#include <fmt/format.h>

namespace strata::dialects::postgres {

namespace {

std::string text(const Value& value)
{
  return value.value_or("");
}

// Every user object of the database, as (kind, drop statement, display name): schemas other than
// public, then what lives in public. Objects that belong to an extension are left out.
ResultSet user_objects(Connection& connection, const std::string& limit_clause)
{
  return connection.query(R"SQL(
SELECT kind, name, drop_sql FROM (
  SELECT 1 AS rank, 'schema' AS kind, n.nspname::text AS name,
         'DROP SCHEMA IF EXISTS ' || quote_ident(n.nspname) || ' CASCADE' AS drop_sql
  FROM pg_namespace n
  WHERE n.nspname NOT IN ('public', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_namespace'::regclass AND d.objid = n.oid AND d.deptype = 'e')
  UNION ALL
  SELECT 2, CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence'
                           WHEN 'f' THEN 'foreign table' ELSE 'table' END,
         c.relname::text,
         'DROP ' || CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE'
                                   WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END
                 || ' IF EXISTS public.' || quote_ident(c.relname) || ' CASCADE'
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
  UNION ALL
  SELECT 3, 'type', t.typname::text, 'DROP TYPE IF EXISTS public.' || quote_ident(t.typname) || ' CASCADE'
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
  WHERE n.nspname = 'public' AND (t.typtype IN ('e', 'd') OR (t.typtype = 'c' AND t.typrelid <> 0 AND
        (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c'))
    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
  UNION ALL
  SELECT 4, CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END, p.proname::text,
         'DROP ' || CASE p.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END
                 || ' IF EXISTS ' || p.oid::regprocedure::text || ' CASCADE'
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
  WHERE n.nspname = 'public'
    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
) objects ORDER BY rank, name)SQL" + limit_clause);
}

} // namespace

DbUrl create_scratch(const DbUrl& server, const std::string& name)
{
  PostgresConnection admin(server);
  const auto source = admin.query(
    "SELECT pg_encoding_to_char(encoding), datcollate, datctype FROM pg_database WHERE datname = current_database()");
  std::string options;
  if (!source.rows.empty()) {
    const auto& row = source.rows[0];
    options = fmt::format(" TEMPLATE template0 ENCODING {} LC_COLLATE {} LC_CTYPE {}", quote_literal(text(row[0])),
                          quote_literal(text(row[1])), quote_literal(text(row[2])));
  }
  admin.execute("CREATE DATABASE " + quote_identifier(name) + options);
  return with_database(server, name);
}

namespace {

// Runs `sql` under a savepoint: the server's message when it refuses it (the savepoint then rolled
// back), empty when it takes it.
std::string refusal(Connection& connection, const std::string& sql)
{
  connection.execute("SAVEPOINT strata_column_check");
  try {
    connection.execute(sql);
    connection.execute("RELEASE SAVEPOINT strata_column_check");
    return {};
  } catch (const Error& e) {
    connection.execute("ROLLBACK TO SAVEPOINT strata_column_check");
    connection.execute("RELEASE SAVEPOINT strata_column_check");
    std::string message = e.what();
    return message.empty() ? std::string("refused") : message;
  }
}

} // namespace

// Rendering::try_columns_on_target.
std::optional<std::vector<std::string>> try_columns_on_target(Connection& target,
                                                              const std::vector<schemas::Table>& tables)
{
  // Each table as its CREATE TABLE would make it (render_add_table), but TEMP: in pg_temp, seen by
  // this session only, gone with the transaction, which is never committed.
  std::vector<std::string> statements;
  for (const auto& table : tables) {
    std::vector<std::string> columns;
    for (const auto& column : table.columns) {
      columns.push_back(column_definition(column));
    }
    Statements more{statement("CREATE TEMP TABLE " + quote_identifier(table.name) + " " + element_list(columns))};
    serial_sequence_types({"", table.name}, table.columns, more);
    std::string sql;
    for (const auto& part : more) {
      sql += part.sql + ";\n";
    }
    statements.push_back(std::move(sql));
  }
  Transaction transaction(target); // rolled back
  if (!refusal(target, "CREATE TEMP TABLE strata_column_check_0 ()").empty()) {
    return std::nullopt; // no temporary table here at all: not an answer about the columns
  }
  std::vector<std::string> answers(tables.size());
  std::string batch;
  for (const auto& sql : statements) {
    batch += sql;
  }
  if (refusal(target, batch).empty()) {
    return answers; // the usual case: one round trip
  }
  for (size_t i = 0; i < statements.size(); ++i) {
    answers[i] = refusal(target, statements[i]);
  }
  return answers;
}

void drop_scratch(const DbUrl& server, const DbUrl& scratch)
{
  PostgresConnection admin(server);
  admin.execute("DROP DATABASE IF EXISTS " + quote_identifier(scratch.database));
}

std::vector<std::string> list_objects(Connection& connection, size_t limit)
{
  return object_names(user_objects(connection, " LIMIT " + std::to_string(limit)));
}

void clear_database(Connection& connection)
{
  for (const auto& row : user_objects(connection, "").rows) {
    connection.execute(text(row[2]));
  }
}

namespace {

std::vector<std::string> first_column(const ResultSet& result)
{
  std::vector<std::string> names;
  for (const auto& row : result.rows) {
    names.push_back(text(row[0]));
  }
  return names;
}

} // namespace

std::vector<std::string> list_databases(const DbUrl& server)
{
  // The maintenance database every cluster has; only the pattern's own name is not a database.
  PostgresConnection admin(with_database(server, "postgres"));
  return first_column(admin.query("SELECT datname::text FROM pg_database WHERE datallowconn AND NOT datistemplate "
                                  "AND has_database_privilege(datname, 'CONNECT') ORDER BY 1"));
}

std::vector<std::string> list_schemas(Connection& connection)
{
  return first_column(connection.query(
    "SELECT nspname::text FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' "
    "AND nspname NOT LIKE 'strata\\_backup%' ORDER BY 1"));
}

} // namespace strata::dialects::postgres
