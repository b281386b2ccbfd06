// PostgreSQL composite types through the planner: the attribute steps an ALTER TYPE takes (kept in
// order, retyped, dropped, added, moved), the risks of dropping an attribute columns hold, the
// refusal of a retyped attribute while a column holds the type, ordering around enums, domains,
// tables and functions, and plans applied up and down on the real server.
#include "dialects/postgres/postgres_dialect.hpp"
#include "planner/plan.hpp"
#include "schemas/error.hpp"
#include "tests/unit/planner/postgres/plan_fixture.hpp"

#include <algorithm>

using namespace strata;
using namespace strata::test;

namespace {

schemas::CompositeAttribute attribute(const std::string& name, const std::string& type, const std::string& collation = "")
{
  schemas::CompositeAttribute a;
  a.name = name;
  a.type = schemas::ColumnType::make_native(type);
  a.collation = collation;
  return a;
}

schemas::CompositeType composite(const std::string& name, std::vector<schemas::CompositeAttribute> attributes)
{
  schemas::CompositeType t;
  t.name = name;
  t.attributes = std::move(attributes);
  return t;
}

std::vector<std::string> names(const std::vector<schemas::CompositeAttribute>& attributes)
{
  std::vector<std::string> out;
  for (const auto& a : attributes) {
    out.push_back(a.name);
  }
  return out;
}

std::vector<std::string> sorted_codes(const planner::Step& step)
{
  std::vector<std::string> out;
  for (const auto& risk : step.risks) {
    out.push_back(risk.code);
  }
  std::sort(out.begin(), out.end());
  return out;
}

const char* k_attributes = "SELECT string_agg(a.attname || ':' || format_type(a.atttypid, a.atttypmod), ',' ORDER BY "
                           "a.attnum) FROM pg_attribute a WHERE a.attrelid = 'address'::regclass AND a.attnum > 0 "
                           "AND NOT a.attisdropped";

} // namespace

TEST_CASE("composite attribute steps: kept in order, retyped, dropped, added after, moved", "[planner][postgres]")
{
  const auto before = composite("t", {attribute("a", "integer"), attribute("b", "text"), attribute("c", "text")});
  SECTION("same attributes: nothing")
  {
    const auto steps = schemas::composite_attribute_steps(before, before);
    CHECK(steps.dropped.empty());
    CHECK(steps.added.empty());
    CHECK(steps.retyped.empty());
  }
  SECTION("one dropped in the middle, one retyped, one added at the end")
  {
    const auto after = composite("t", {attribute("a", "bigint"), attribute("c", "text"), attribute("d", "date")});
    const auto steps = schemas::composite_attribute_steps(before, after);
    CHECK(names(steps.dropped) == std::vector<std::string>{"b"});
    CHECK(names(steps.added) == std::vector<std::string>{"d"});
    REQUIRE(steps.retyped.size() == 1);
    CHECK(steps.retyped[0].first.type.str() == "integer");
    CHECK(steps.retyped[0].second.type.str() == "bigint");
    CHECK(steps.moved.empty());
  }
  SECTION("an attribute put back in the middle: the ones after it are dropped and added again")
  {
    const auto back = schemas::composite_attribute_steps(composite("t", {attribute("a", "integer"), attribute("c", "text")}),
                                                         before);
    CHECK(names(back.dropped) == std::vector<std::string>{"c"});
    CHECK(names(back.added) == std::vector<std::string>{"b", "c"});
    CHECK(back.moved == std::vector<std::string>{"c"});
  }
  SECTION("a new attribute first: every attribute moves")
  {
    auto after = before;
    after.attributes.insert(after.attributes.begin(), attribute("z", "text"));
    const auto steps = schemas::composite_attribute_steps(before, after);
    CHECK(names(steps.dropped) == std::vector<std::string>{"a", "b", "c"});
    CHECK(names(steps.added) == std::vector<std::string>{"z", "a", "b", "c"});
    CHECK(steps.moved == std::vector<std::string>{"a", "b", "c"});
  }
}

TEST_CASE("a composite type is created after the enum it holds and before the domain, table and function using "
          "it, and the down file drops it after them",
          "[planner][postgres]")
{
  PostgresDatabase db;
  auto& c = db.connection();
  schemas::Schema live;
  schemas::Schema desired;
  desired.enums = {schemas::Enum{"", "kind", {"home", "work"}, {}}};
  desired.composite_types = {composite("address", {attribute("street", "text", "C"), attribute("kind", "kind")})};
  schemas::Domain domain;
  domain.name = "checked_address";
  domain.type = schemas::ColumnType::make_native("address");
  desired.domains = {domain};
  desired.tables = {make_table("people", {make_column("id", "integer", false), make_column("home", "address"),
                                          make_column("past", "address[]")},
                               {"id"})};
  schemas::Function function;
  function.name = "street_of";
  function.arguments = "address";
  function.definition = "CREATE FUNCTION street_of(a address) RETURNS text LANGUAGE sql AS $$ SELECT (a).street $$";
  desired.functions = {function};
  const auto plan = planner::plan(live, desired, dialects::postgres::dialect());
  const auto order = kinds(plan);
  const auto at = [&](const std::string& kind) { return std::find(order.begin(), order.end(), kind) - order.begin(); };
  CHECK(at("CreateEnum") < at("CreateCompositeType"));
  CHECK(at("CreateCompositeType") < at("CreateDomain"));
  CHECK(at("CreateCompositeType") < at("AddTable"));
  CHECK(at("CreateCompositeType") < at("CreateFunction"));
  apply_plan(c, plan, live, desired, false);
  CHECK(pg_value(c, k_attributes) == "street:text,kind:kind");
  CHECK(pg_value(c, "SELECT collname FROM pg_attribute a JOIN pg_collation co ON co.oid = a.attcollation "
                    "WHERE a.attrelid = 'address'::regclass AND a.attname = 'street'") == "C");
  apply_plan(c, plan, live, desired, true);
  CHECK(pg_value(c, "SELECT count(*) FROM pg_type WHERE typname IN ('address', 'kind', 'checked_address')") == "0");
}

TEST_CASE("dropping an attribute a column holds destroys its values (D102 with a backup of the column), the down "
          "file adds it back at its place",
          "[planner][postgres]")
{
  PostgresDatabase db;
  auto& c = db.connection();
  c.execute("CREATE TYPE address AS (street text, note text, zip text)");
  c.execute("CREATE TABLE people (id integer PRIMARY KEY, home address)");
  c.execute("INSERT INTO people VALUES (1, ROW('Main', 'x', '1000'))");
  schemas::Schema live;
  live.composite_types = {composite("address", {attribute("street", "text"), attribute("note", "text"),
                                                attribute("zip", "text")})};
  live.tables = {make_table("people", {make_column("id", "integer", false), make_column("home", "address")}, {"id"})};
  schemas::Schema desired = live;
  desired.composite_types[0].attributes.erase(desired.composite_types[0].attributes.begin() + 1);
  const auto plan = planner::plan(live, desired, dialects::postgres::dialect());
  REQUIRE(plan.steps.size() == 1);
  CHECK(sorted_codes(plan.steps[0]) == std::vector<std::string>{"BI401", "D102", "IR501"});
  CHECK_FALSE(plan.steps[0].reversible);
  REQUIRE(plan.steps[0].backups.size() == 1);
  CHECK(plan.steps[0].backups[0].column == "home");
  apply_plan(c, plan, live, desired, false);
  CHECK(pg_value(c, k_attributes) == "street:text,zip:text");
  CHECK(pg_value(c, "SELECT (home).zip FROM people") == "1000");
  apply_plan(c, plan, live, desired, true);
  CHECK(pg_value(c, k_attributes) == "street:text,note:text,zip:text");
  CHECK(pg_value(c, "SELECT (home).street || coalesce((home).zip, '-') FROM people") == "Main-"); // moved: emptied
}

TEST_CASE("an attribute retyped while a column holds the type (directly or through another type) is refused at "
          "the type's line; with no column it is altered in place",
          "[planner][postgres]")
{
  schemas::Schema live;
  live.composite_types = {composite("address", {attribute("street", "text"), attribute("zip", "text")}),
                          composite("shipment", {attribute("to_address", "address")})};
  live.tables = {make_table("orders", {make_column("id", "integer", false), make_column("parcels", "shipment[]")},
                            {"id"})};
  schemas::Schema desired = live;
  desired.composite_types[0].attributes[1].type = schemas::ColumnType::make_native("integer");
  desired.composite_types[0].location = {"schema.yaml", 7, 5};
  try {
    (void)planner::plan(live, desired, dialects::postgres::dialect());
    FAIL("no refusal");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) ==
          "composite type address: attribute zip changes from text to integer, which PostgreSQL refuses while column "
          "orders.parcels holds the type; move the column to another type (or drop it) in an earlier migration, or "
          "add a new attribute and drop this one");
    CHECK(e.location().line == 7);
  }

  live.tables.clear();
  desired.tables.clear();
  const auto plan = planner::plan(live, desired, dialects::postgres::dialect());
  REQUIRE(plan.steps.size() == 1);
  CHECK(kinds(plan) == std::vector<std::string>{"AlterCompositeType"});
  CHECK(plan.steps[0].risks.empty());
  CHECK(plan.steps[0].reversible);
  dialects::RenderContext ctx;
  const auto sql = dialects::postgres::dialect().render(plan.steps[0].operation, ctx);
  REQUIRE(sql.size() == 1);
  CHECK(sql[0].sql == "ALTER TYPE \"address\" ALTER ATTRIBUTE \"zip\" SET DATA TYPE integer");
}

TEST_CASE("a composite attribute's comment changes in place, and an added attribute is commented after the ALTER TYPE "
          "that adds it",
          "[planner][postgres]")
{
  schemas::Schema live;
  live.composite_types = {composite("address", {attribute("street", "text"), attribute("zip", "text")})};
  live.composite_types[0].attributes[1].comment = "postal code";
  schemas::Schema desired = live;
  desired.composite_types[0].attributes[0].comment = "street and number";
  desired.composite_types[0].attributes[1].comment.clear();
  desired.composite_types[0].attributes.push_back(attribute("city", "text"));
  desired.composite_types[0].attributes.back().comment = "town's name";
  CHECK_FALSE(live == desired);
  const auto plan = planner::plan(live, desired, dialects::postgres::dialect());
  CHECK(kinds(plan) == std::vector<std::string>{"AlterCompositeType", "SetObjectComment", "SetObjectComment"});
  dialects::RenderContext ctx;
  std::vector<std::string> sql;
  for (const auto& step : plan.steps) {
    for (const auto& s : dialects::postgres::dialect().render(step.operation, ctx)) {
      sql.push_back(s.sql);
    }
    CHECK(step.risks.empty());
  }
  CHECK(sql == std::vector<std::string>{"ALTER TYPE \"address\" ADD ATTRIBUTE \"city\" text",
                                        "COMMENT ON COLUMN \"address\".\"city\" IS 'town''s name'",
                                        "COMMENT ON COLUMN \"address\".\"street\" IS 'street and number'",
                                        "COMMENT ON COLUMN \"address\".\"zip\" IS NULL"});

  // Comments alone: no ALTER TYPE.
  schemas::Schema recommented = live;
  recommented.composite_types[0].attributes[1].comment = "ZIP";
  CHECK(kinds(planner::plan(live, recommented, dialects::postgres::dialect())) ==
        std::vector<std::string>{"SetObjectComment"});
}
