// The dialect registry and the engine names the schema file accepts both expand the engine list
// of schemas/engines.hpp; each engine's dialect answers to its name and fills both roles.
#include "dialects/registry.hpp"
#include "schemas/engines.hpp"
#include "schemas/error.hpp"
#include "schemas/model.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

using namespace strata;

TEST_CASE("every registered dialect is an engine name of the schema file, and the other way round", "[registry]")
{
  std::vector<std::string> registered = dialects::registered_engines();
  std::vector<std::string> named(schemas::k_engine_names.begin(), schemas::k_engine_names.end());
  std::sort(registered.begin(), registered.end());
  std::sort(named.begin(), named.end());
  CHECK(registered == named);
  for (const auto& name : registered) {
    CHECK(dialects::dialect_for(name).name == name);
    CHECK(schemas::is_engine_name(name));
  }
  CHECK_FALSE(schemas::is_engine_name("oracle"));
  // Only the embedded engine (SQLite) opens files itself.
  CHECK(dialects::dialect_for("sqlite").capabilities.embedded);
  CHECK_FALSE(dialects::dialect_for("postgres").capabilities.embedded);
  CHECK_FALSE(dialects::dialect_for("mysql").capabilities.embedded);
}

TEST_CASE("every registered dialect fills every member of both roles", "[registry]")
{
  for (const auto& name : dialects::registered_engines()) {
    INFO(name);
    const dialects::Rendering& rendering = dialects::dialect_for(name);
    CHECK(rendering.quote_identifier != nullptr);
    CHECK(rendering.quote_literal != nullptr);
    CHECK(rendering.format_type != nullptr);
    CHECK(rendering.normalize != nullptr);
    CHECK(rendering.canonicalize != nullptr);
    CHECK(rendering.canonical_probes != nullptr);
    CHECK(rendering.can_alter_in_place != nullptr);
    CHECK(rendering.render != nullptr);
    CHECK(rendering.engine_risks_in_context != nullptr);
    CHECK(rendering.probe_sql != nullptr);
    const dialects::Administration& administration = dialects::dialect_for(name);
    CHECK(administration.connect != nullptr);
    CHECK(administration.check_integrity != nullptr);
    CHECK(administration.table_exists != nullptr);
    CHECK(administration.after_failed_statement != nullptr);
    CHECK(administration.acquire_lock != nullptr);
    CHECK(administration.backup != nullptr);
    CHECK(administration.restore != nullptr);
    CHECK(administration.create_scratch != nullptr);
    CHECK(administration.drop_scratch != nullptr);
    CHECK(administration.list_objects != nullptr);
    CHECK(administration.clear_database != nullptr);
  }
}

TEST_CASE("SQLite and MySQL refuse an EXCLUDE constraint at its line and drop the other PostgreSQL key extras",
          "[registry][normalize]")
{
  using namespace strata::schemas;
  Schema schema;
  Table table;
  table.name = "t";
  table.columns.push_back({});
  table.columns.back().name = "a";
  table.columns.back().type = ColumnType::make_native("integer");
  table.primary_key = {"a"};
  table.primary_key_deferrable = true;
  table.primary_key_comment = "key";
  Index unique;
  unique.name = "t_a_key";
  unique.keys = {IndexKey{"a", "", false, ""}};
  unique.constraint = true;
  unique.deferrable = true;
  unique.with = {{"fillfactor", "70"}};
  unique.comment = "one a";
  table.indexes.push_back(unique);
  Check check;
  check.name = "t_a_positive";
  check.expression = "a > 0";
  check.comment = "positive";
  table.checks.push_back(check);
  schema.tables.push_back(table);
  Index exclusion;
  exclusion.name = "t_x";
  exclusion.keys = {IndexKey{"a", "", false, ""}};
  exclusion.keys[0].with = "=";
  exclusion.location = {"schema.yaml", 9, 7};
  Schema excluding = schema;
  excluding.tables[0].indexes.push_back(exclusion);
  for (const std::string engine : {"sqlite", "mysql"}) {
    INFO(engine);
    const auto& dialect = strata::dialects::dialect_for(engine);
    const Table normal = dialect.normalize(schema).tables.at(0);
    CHECK_FALSE(normal.primary_key_deferrable);
    // MySQL/MariaDB keep the primary key's comment (PRIMARY KEY (…) COMMENT '…'), SQLite has none.
    CHECK(normal.primary_key_comment.empty() == (engine == "sqlite"));
    REQUIRE(normal.indexes.size() == 1);
    CHECK_FALSE(normal.indexes[0].deferrable);
    CHECK(normal.indexes[0].with.empty());
    // MySQL/MariaDB keep an index's comment (COMMENT '…' on the index), SQLite has none.
    CHECK(normal.indexes[0].comment.empty() == (engine == "sqlite"));
    CHECK(normal.checks.at(0).comment.empty());
    try {
      dialect.normalize(excluding);
      FAIL("an EXCLUDE constraint was accepted");
    } catch (const strata::Error& e) {
      CHECK(e.location().line == 9);
      CHECK(std::string(e.what()).find("EXCLUDE constraint t_x is PostgreSQL's") != std::string::npos);
    }
  }
  // PostgreSQL keeps them.
  const Table kept = strata::dialects::dialect_for("postgres").normalize(excluding).tables.at(0);
  CHECK(kept.primary_key_deferrable);
  CHECK(kept.primary_key_comment == "key");
  CHECK(kept.find_index("t_a_key")->with == std::map<std::string, std::string>{{"fillfactor", "70"}});
  CHECK(kept.find_index("t_x")->exclusion());
}
