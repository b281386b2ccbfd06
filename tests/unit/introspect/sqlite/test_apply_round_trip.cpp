// The invariant behind "an unchanged schema never diffs": a schema rendered by the SQLite dialect,
// applied to a real database and read back normalizes to the same Schema as the YAML it came from.

#include "dialects/sqlite/sqlite_dialect.hpp"
#include "introspect/reader.hpp"
#include "schemas/yaml.hpp"
#include "tests/unit/introspect/sqlite/temp_db.hpp"

#include <catch2/catch.hpp>

using namespace strata;

namespace {

// Creates every table (with its inline constraints), index and view of `schema` in the database.
void create_all(dialects::Connection& connection, const dialects::Dialect& dialect, const schemas::Schema& schema)
{
  dialects::RenderContext ctx;
  ctx.desired = &schema;
  auto run = [&](const schemas::Operation& op) {
    for (const auto& statement : dialect.render(op, ctx)) {
      connection.execute(statement.sql);
    }
  };
  for (const auto& table : schema.tables) {
    run(schemas::AddTable{table});
  }
  for (const auto& table : schema.tables) {
    for (const auto& index : table.indexes) {
      if (!index.constraint) {
        run(schemas::AddIndex{table.qualified(), index});
      }
    }
  }
  for (const auto& view : schema.views) {
    run(schemas::CreateView{view});
  }
}

std::string table_yaml(const schemas::Table& table)
{
  schemas::Schema one;
  one.tables.push_back(table);
  return schemas::write_yaml(one);
}

std::string first_difference(const schemas::Schema& a, const schemas::Schema& b)
{
  for (size_t i = 0; i < std::min(a.tables.size(), b.tables.size()); ++i) {
    if (!(a.tables[i] == b.tables[i])) {
      return "table " + a.tables[i].name + "\n" + table_yaml(a.tables[i]) + "vs\n" + table_yaml(b.tables[i]);
    }
  }
  return "views or table count";
}

void check_round_trip(const std::string& yaml)
{
  const auto loaded = schemas::load_string(yaml, "schema.yaml");
  for (const auto& diagnostic : loaded.diagnostics) {
    INFO(diagnostic.str());
  }
  REQUIRE(loaded.ok());
  const auto* dialect = &dialects::sqlite::dialect();
  const schemas::Schema desired = dialect->normalize(loaded.schema);

  test::TempDb db;
  create_all(db.connection(), *dialect, desired);
  const schemas::Schema live = dialect->normalize(introspect::read_schema(db.connection(), *dialect));
  INFO(first_difference(desired, live));
  CHECK(live == desired);
}

} // namespace

TEST_CASE("SQLite: the bookshop example applied and read back normalizes equal", "[sqlite][introspect][render]")
{
  const auto loaded = schemas::load_path(STRATA_SOURCE_DIR "/examples/schema.yaml");
  REQUIRE(loaded.ok());
  check_round_trip(schemas::write_yaml(loaded.schema));
}

TEST_CASE("SQLite: awkward definitions applied and read back normalize equal", "[sqlite][introspect][render]")
{
  check_round_trip(R"yaml(
version: 1
tables:
  - name: "Odd Table"
    comment: dropped on SQLite
    columns:
      - { name: id, type: bigint, identity: true }
      - { name: "e-mail", type: VARCHAR(120), nullable: false, collation: nocase }
      - { name: "select", type: "numeric(8, 2)", default: "(0.0)" }
      - { name: created, type: timestamp, default: current_timestamp }
      - { name: note, type: text, default: "NULL" }
      - { name: doubled, type: numeric, generated: { expression: "\"select\" * 2", stored: true } }
      - { name: settings, type: { postgres: jsonb, sqlite: TEXT } }
    primary_key: [id]
    indexes:
      - { name: odd_email_uq, columns: ["e-mail"], unique: true }
      - { name: odd_recent_idx, columns: [created], where: "(created is not null)" }
      - { name: odd_lower_idx, expressions: ["LOWER( \"e-mail\" )"] }
    checks:
      - { name: odd_select_positive, expression: "(\"select\" >= 0)" }
  - name: children
    columns:
      - { name: parent, type: integer, nullable: false }
      - { name: pos, type: integer, nullable: false }
      - { name: label, type: text }
    primary_key: [parent, pos]
    foreign_keys:
      - { name: children_parent_fk, columns: [parent], references: { table: "Odd Table" }, on_delete: CASCADE }
    checks:
      - { name: children_pos, expression: "pos between 0 and 100" }
    options: { without_rowid: "true" }
  - name: counters
    columns:
      - { name: id, type: integer, identity: true }
      - { name: owner, type: integer }
      - { name: name, type: text }
    indexes:
      - name: counters_name_idx
        columns: [{ column: name, desc: true, collate: NOCASE }, owner]
    foreign_keys:
      - { name: counters_owner_fk, columns: [owner], references: { table: "Odd Table", columns: [id] }, on_delete: set null, deferrable: true, initially_deferred: true }
views:
  - { name: odd_view, query: "select id, \"e-mail\" from \"Odd Table\" where note is null" }
)yaml");
}
