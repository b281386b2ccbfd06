// Where index names must be unique on each engine (index_names.hpp), on a schema the loader
// accepts: the same index name on two tables, which MySQL allows and real schemas do.

#include "schema_test_support.hpp"
#include "schemas/index_names.hpp"

#include <catch2/catch.hpp>

using namespace strata::schemas;
using strata::test::messages;
using strata::test::loaded;
using strata::test::yaml_text;
using Lines = std::vector<std::string>;

namespace {

const char* const k_shared = R"y(
tables:
  - name: users
    columns: [{ name: id, type: integer }, { name: org_id, type: integer }]
    primary_key: { name: users_pk, columns: [id] }
    indexes:
      - { name: index_on_org_id, columns: [org_id] }
      - { name: Users_Key, columns: [id], constraint: true }
  - name: teams
    columns: [{ name: id, type: integer }, { name: org_id, type: integer }]
    primary_key: [id]
    indexes:
      - { name: index_on_org_id, columns: [org_id] }
      - { name: users_key, columns: [id], constraint: true }
      - { name: users_pk, columns: [id] }
      - { name: teams_pkey, columns: [id] }
)y";

} // namespace

TEST_CASE("index names: per table on MySQL, per database on SQLite, per schema with keys on PostgreSQL",
          "[validate][names]")
{
  const Schema schema = loaded(k_shared);
  CHECK(index_name_clashes(schema, IndexNameScope::table, true).empty());
  CHECK(messages(index_name_clashes(schema, IndexNameScope::schema, true)) ==
        Lines{"s.yaml:12:9: table \"teams\": index \"index_on_org_id\": name already used by table \"users\": index "
              "\"index_on_org_id\" at s.yaml:6:9 (index names are unique per database)"});
  CHECK(messages(index_name_clashes(schema, IndexNameScope::schema_keys, false)) ==
        Lines{"s.yaml:12:9: table \"teams\": index \"index_on_org_id\": name already used by table \"users\": index "
              "\"index_on_org_id\" at s.yaml:6:9 (index, unique constraint and primary key names are unique per "
              "schema)",
              "s.yaml:14:9: table \"teams\": index \"users_pk\": name already used by table \"users\": primary key "
              "\"users_pk\" at s.yaml:2:5 (index, unique constraint and primary key names are unique per schema)"});
  // An unnamed primary key (teams_pkey) takes a free name of PostgreSQL's choosing: no clash.
  // Folding case: the unique constraints' names clash too (SQLite leaves those out: not indexes).
  CHECK(index_name_clashes(schema, IndexNameScope::schema_keys, true).size() == 3);
  CHECK(index_name_clashes(schema, IndexNameScope::schema, true).size() == 1);
}

TEST_CASE("index names: tables of different schemas do not share a scope", "[validate][names]")
{
  const Schema schema = loaded(R"y(
tables:
  - name: events
    columns: [{ name: id, type: integer }]
    indexes: [{ name: by_id, columns: [id] }]
  - name: events
    schema: audit
    columns: [{ name: id, type: integer }]
    indexes: [{ name: by_id, columns: [id] }]
)y");
  CHECK(index_name_clashes(schema, IndexNameScope::schema_keys, false).empty());
  CHECK(index_name_clashes(schema, IndexNameScope::schema, true).empty());
}
