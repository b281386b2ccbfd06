// Issue 15: SQLite's fingerprints are per object, and read_changed reads again only the objects
// whose fingerprint changed (and the tables whose foreign keys name them). After each statement
// below, on the realistic schema, its result equals a whole read normalized: the statements change
// objects they do not name (SQLite rewrites the foreign keys, views and triggers that name a
// renamed table or column; a parent's new primary key is its children's implicit referenced
// columns; a virtual table brings shadow tables), and those are read again too.

#include "dialects/sqlite/sqlite_dialect.hpp"
#include "introspect/reader.hpp"
#include "tests/unit/introspect/sqlite/realistic_db.hpp"
#include "tests/unit/introspect/sqlite/temp_db.hpp"

#include <catch2/catch.hpp>

using namespace strata;

namespace {

const char* const k_family = R"sql(
CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent ON DELETE CASCADE);
CREATE TABLE named_child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id));
CREATE INDEX child_parent_idx ON child (parent_id);
CREATE VIEW parent_names AS SELECT parent.id, parent.name FROM parent;
CREATE TRIGGER child_touch AFTER INSERT ON CHILD BEGIN UPDATE parent SET name = name WHERE id = NEW.parent_id; END;
)sql";

} // namespace

TEST_CASE("SQLite read_changed equals a whole read after statements that change objects they do not name",
          "[sqlite][introspect]")
{
  test::TempDb db;
  auto& connection = db.connection();
  const auto& dialect = dialects::sqlite::dialect();
  connection.execute(test::k_realistic_schema);
  connection.execute(k_family);
  auto last = dialect.normalize(introspect::read_schema(connection, dialect));
  auto was = introspect::fingerprint(connection, dialect);
  REQUIRE(was);
  REQUIRE(was->per_object());

  const std::vector<std::string> statements{
    // The view and named_child's foreign key are rewritten; child's implicit key now names pid.
    "ALTER TABLE parent RENAME COLUMN id TO pid",
    // Every reference to parent is rewritten (child, named_child, the view, the trigger).
    "ALTER TABLE parent RENAME TO mother",
    // A new primary key under the old name: child's text is unchanged, its referenced columns not.
    "DROP TRIGGER child_touch; DROP VIEW parent_names;"
    "CREATE TABLE mother_new (a INTEGER NOT NULL, b INTEGER NOT NULL, name TEXT, PRIMARY KEY (a, b));"
    "DROP TABLE mother; ALTER TABLE mother_new RENAME TO mother",
    "CREATE INDEX named_child_parent_idx ON named_child (parent_id)",
    "CREATE TRIGGER named_touch AFTER DELETE ON Named_Child BEGIN SELECT 1; END",
    "CREATE VIRTUAL TABLE notes_search USING fts5(body)", // with its shadow tables
    "DROP TABLE notes_search",
    "CREATE TABLE Unrelated (id INTEGER PRIMARY KEY); CREATE TRIGGER unrelated_t AFTER INSERT ON UNRELATED BEGIN "
    "SELECT 1; END",
    "DROP TABLE child",
  };
  for (const auto& statement : statements) {
    INFO(statement);
    connection.execute(statement);
    const auto now = introspect::fingerprint(connection, dialect);
    REQUIRE(now);
    CHECK_FALSE(*now == *was);
    REQUIRE(introspect::read_changed(connection, dialect, {}, last, *was, *now));
    CHECK(last == dialect.normalize(introspect::read_schema(connection, dialect)));
    was = now;
  }
}

TEST_CASE("SQLite read of only some objects reads them and no others", "[sqlite][introspect]")
{
  test::TempDb db;
  auto& connection = db.connection();
  const auto& dialect = dialects::sqlite::dialect();
  connection.execute(k_family);
  introspect::ReadOptions options;
  options.only = std::set<std::string>{"child", "parent_names"};
  const auto part = introspect::read_schema(connection, dialect, options);
  REQUIRE(part.tables.size() == 1);
  CHECK(part.tables[0].name == "child");
  CHECK(part.tables[0].indexes.size() == 1);
  CHECK(part.tables[0].triggers.size() == 1); // ON CHILD: its table in another case
  REQUIRE(part.tables[0].foreign_keys.size() == 1);
  CHECK(part.tables[0].foreign_keys[0].ref_columns == std::vector<std::string>{"id"}); // parent read for its key
  REQUIRE(part.views.size() == 1);
  CHECK(part.views[0].name == "parent_names");
}
