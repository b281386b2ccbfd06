// Privileges in the schema file: the `privileges: managed` switch, `grants` of every kind of
// object, errors at their line, the normal form of grant lists and their changes, and the writer.

#include "schema_test_support.hpp"

#include "schemas/privileges.hpp"

#include <catch2/catch.hpp>

using namespace strata::schemas;
using strata::test::problems;
using strata::test::loaded;
using strata::test::yaml_text;

namespace {

const char* const k_managed = R"y(
version: 1
privileges: managed
schemas:
  - { name: app, grants: [{ role: app_reader, privileges: [usage] }] }
tables:
  - name: orders
    schema: app
    columns: [{ name: id, type: integer }]
    grants:
      - { role: app_reader, privileges: [SELECT] }
      - { role: App Writer, privileges: [select, Insert], with_grant_option: true }
      - { role: public, privileges: [all] }
views:
  - { name: open_orders, schema: app, query: "SELECT id FROM app.orders", grants: [{ role: app_reader, privileges: [SELECT] }] }
materialized_views:
  - { name: totals, query: "SELECT 1 AS x", grants: [{ role: app_reader, privileges: [SELECT] }] }
sequences:
  - { name: order_no, grants: [{ role: app_reader, privileges: [USAGE, SELECT] }] }
functions:
  - name: touch
    definition: "CREATE FUNCTION touch() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$"
    grants: [{ role: PUBLIC, privileges: [EXECUTE] }]
)y";

} // namespace

TEST_CASE("privileges: managed and the grants of tables, views, materialized views, sequences, functions and schemas load as written",
          "[schemas][yaml][privileges]")
{
  const Schema schema = loaded(k_managed);
  CHECK(schema.privileges_managed);
  REQUIRE(schema.tables.size() == 1);
  const auto& grants = schema.tables[0].grants;
  REQUIRE(grants.size() == 3);
  CHECK(grants[0] == Grant{"app_reader", {"SELECT"}, false, {}});
  CHECK(grants[1] == Grant{"App Writer", {"SELECT", "INSERT"}, true, {}}); // upper case
  CHECK(grants[2] == Grant{"public", {"ALL"}, false, {}});
  CHECK(grants[1].location.line == 11);
  REQUIRE(schema.views.size() == 2);
  CHECK(schema.views[0].grants.size() == 1);
  CHECK(schema.views[1].grants.size() == 1);
  CHECK(schema.sequences.at(0).grants.at(0).privileges == std::vector<std::string>{"USAGE", "SELECT"});
  CHECK(schema.functions.at(0).grants.at(0).role == "PUBLIC");
  CHECK(schema.namespaces.at(0).grants.at(0).privileges == std::vector<std::string>{"USAGE"});
}

TEST_CASE("without the switch privileges are not managed and a grants list is an error at its first grant",
          "[schemas][yaml][privileges]")
{
  CHECK_FALSE(loaded("version: 1\ntables: [{ name: t, columns: [{ name: id, type: integer }] }]\n").privileges_managed);
  CHECK_FALSE(loaded("version: 1\nprivileges: ignored\n").privileges_managed);
  CHECK(problems(R"y(
version: 1
tables:
  - name: t
    columns: [{ name: id, type: integer }]
    grants: [{ role: app, privileges: [SELECT] }]
)y") == std::vector<std::string>{"s.yaml:5:14: table \"t\": \"grants\" needs \"privileges: managed\" at the top of the "
                                 "schema (privileges are not managed otherwise)"});
  CHECK(problems("version: 1\nprivileges: yes-please\n") ==
        std::vector<std::string>{"s.yaml:2:13: \"privileges\": unknown value \"yes-please\" (expected managed or ignored)"});
}

TEST_CASE("a grant names its role and privileges, each privilege one its kind of object takes, errors at their line",
          "[schemas][yaml][privileges]")
{
  CHECK(problems(R"y(
version: 1
privileges: managed
sequences:
  - name: s
    grants:
      - { role: app, privileges: [EXECUTE] }
      - { privileges: [USAGE] }
      - { role: app }
      - { role: app, privileges: [] , as: x }
functions:
  - name: f
    definition: "CREATE FUNCTION f() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$"
    grants: [{ role: app, privileges: [SELECT] }]
)y") == std::vector<std::string>{
            "s.yaml:6:34: sequence \"s\": grant #1: privilege \"EXECUTE\" does not apply to a sequence (expected ALL or "
            "USAGE, SELECT, UPDATE)",
            "s.yaml:7:9: sequence \"s\": grant #2: missing required key \"role\"",
            "s.yaml:8:9: sequence \"s\": grant #3: missing required key \"privileges\"",
            "s.yaml:9:34: sequence \"s\": grant #4: \"privileges\" must not be empty",
            "s.yaml:9:39: sequence \"s\": grant #4: unknown key \"as\"",
            "s.yaml:13:39: function \"f\": grant #1: privilege \"SELECT\" does not apply to a function (expected ALL "
            "or EXECUTE)",
          });
}

TEST_CASE("the normal form of grants: PUBLIC spelled once, ALL expanded, one entry per role and grant option, sorted",
          "[schemas][privileges]")
{
  const std::vector<Grant> written{
    Grant{"public", {"select"}, false, {}},
    Grant{"writer", {"INSERT", "SELECT"}, false, {}},
    Grant{"writer", {"SELECT"}, true, {}}, // SELECT held with and without the option: with it
    Grant{"admin", {"ALL"}, false, {}},
  };
  const auto normal = canonical_grants(written, GrantTarget::sequence);
  CHECK(normal == std::vector<Grant>{
                    Grant{"PUBLIC", {"SELECT"}, false, {}},
                    Grant{"admin", {"SELECT", "UPDATE", "USAGE"}, false, {}},
                    Grant{"writer", {"INSERT"}, false, {}},
                    Grant{"writer", {"SELECT"}, true, {}},
                  });
  CHECK(canonical_grants(normal, GrantTarget::sequence) == normal); // idempotent
  CHECK(canonical_grants({Grant{"a", {"ALL PRIVILEGES"}, false, {}}}, GrantTarget::schema) ==
        std::vector<Grant>{Grant{"a", {"CREATE", "USAGE"}, false, {}}});
  CHECK(takes_privilege(GrantTarget::view, "MAINTAIN"));
  CHECK_FALSE(takes_privilege(GrantTarget::function, "USAGE"));
}

TEST_CASE("grant changes: whole privileges and grant options revoked first, then granted, per role",
          "[schemas][privileges]")
{
  const std::vector<Grant> before{Grant{"a", {"INSERT", "SELECT"}, false, {}}, Grant{"b", {"SELECT"}, true, {}}};
  const std::vector<Grant> after{Grant{"a", {"SELECT"}, false, {}}, Grant{"b", {"SELECT"}, false, {}},
                                 Grant{"c", {"DELETE"}, true, {}}};
  const auto changes = grant_changes(before, after);
  CHECK(changes.revoked == std::vector<GrantStep>{GrantStep{"a", {"INSERT"}, false}, GrantStep{"b", {"SELECT"}, true}});
  CHECK(changes.granted == std::vector<GrantStep>{GrantStep{"c", {"DELETE"}, true}});
  CHECK(grant_changes(after, after).empty());
  CHECK(shown_grants(after) == "SELECT to a; SELECT to b; DELETE to c with grant option");
  CHECK(shown_grants({}) == "none");
}

TEST_CASE("the writer puts privileges: managed and every grants list, which load back the same",
          "[schemas][yaml][privileges]")
{
  Schema schema = loaded(k_managed);
  const std::string text = write_yaml(schema);
  CHECK(text.find("privileges: managed") != std::string::npos);
  CHECK(text.find("{role: App Writer, privileges: [SELECT, INSERT], with_grant_option: true}") != std::string::npos);
  const auto again = load_string(text, "again.yaml");
  REQUIRE(again.ok());
  CHECK(again.schema == schema);
  CHECK(write_yaml(loaded("version: 1\ntables: [{ name: t, columns: [{ name: id, type: integer }] }]\n"))
          .find("privileges") == std::string::npos);
}
