// renamed_from: RenameTable / RenameColumn instead of drop + add, idempotence once applied, and
// "did you mean to rename" hints.

#include "planner_support.hpp"

#include "planner/diff.hpp"

#include "tests/support/schema_yaml.hpp"

namespace {

using namespace strata;
using namespace strata::test;

const std::string k_renames_live = schema_yaml(
  {keyed_table("people", {"{ name: name, type: text }"}, "indexes:\n  - { name: people_name_idx, columns: [name] }")});

// One table `table` (id integer NOT NULL primary key, `column` text): the shape every case
// here renames, or hints at renaming.
std::string id_and_text(const std::string& table, const std::string& column)
{
  return schema_yaml({keyed_table(table, {"{ name: " + column + ", type: text }"})});
}

// people renamed to members and its column name to full_name, with `extra` at the table's level.
std::string people_renamed(const std::string& extra = "")
{
  return schema_yaml({keyed_table("members", {"{ name: full_name, type: text, renamed_from: name }"},
                                  "renamed_from: people\n" + extra)});
}

} // namespace

TEST_CASE("renamed_from renames a table and a column instead of dropping them", "[planner][renames]")
{
  const auto desired = yaml(people_renamed("indexes:\n  - { name: people_name_idx, columns: [full_name] }"));
  const auto plan = planner::plan(yaml(k_renames_live), desired, sqlite());
  CHECK(described(plan) ==
        std::vector<std::string>{"rename table people to members", "rename column members.name to full_name"});
  CHECK(plan.hints.empty());
  CHECK(op<schemas::RenameTable>(plan.steps[0]).from.name == "people");
  CHECK(plan.steps[1].order_reasons.size() == 1);
}

TEST_CASE("a rename already applied plans nothing", "[planner][renames]")
{
  const auto live = yaml(id_and_text("members", "full_name"));
  const auto desired = yaml(people_renamed());
  const auto plan = planner::plan(live, desired, sqlite());
  CHECK(plan.empty());
  CHECK(plan.hints.empty());
}

TEST_CASE("a renamed_from naming nothing live is reported and the object created", "[planner][renames]")
{
  // people as live has it, and a new table whose renamed_from names nothing.
  const auto desired = yaml(k_renames_live + R"Y(  - name: teams
    renamed_from: squads
    columns:
      - { name: id, type: integer }
)Y");
  const auto plan = planner::plan(yaml(k_renames_live), desired, sqlite());
  CHECK(described(plan) == std::vector<std::string>{"create table teams"});
  REQUIRE(plan.hints.size() == 1);
  CHECK(plan.hints[0] == "table teams: renamed_from squads names no table in the live database; teams will be created");
}

TEST_CASE("a vanished and a new column of the same type give a rename hint", "[planner][renames]")
{
  const auto desired = yaml(id_and_text("people", "display_name"));
  const auto plan = planner::plan(yaml(k_renames_live), desired, sqlite());
  REQUIRE(plan.hints.size() == 1);
  CHECK(plan.hints[0] == "did you mean to rename column people.name to people.display_name? add renamed_from: name "
                         "to the column in the YAML");
}

TEST_CASE("a vanished and a new table with the same columns give a rename hint", "[planner][renames]")
{
  const auto desired = yaml(id_and_text("persons", "name"));
  const auto plan = planner::plan(yaml(k_renames_live), desired, sqlite());
  CHECK(described(plan) == std::vector<std::string>{"create table persons", "drop table people"});
  REQUIRE(plan.hints.size() == 1);
  CHECK(plan.hints[0] ==
        "did you mean to rename table people to persons? add renamed_from: people to the table in the YAML");
}

TEST_CASE("a table whose name changes only in letter case is renamed where the engine tells the names apart",
          "[planner][renames]")
{
  const auto live = yaml(id_and_text("People", "name"));
  const auto desired = yaml(id_and_text("people", "name"));
  for (const char* engine : {"postgres", "mysql"}) {
    INFO(engine);
    const auto plan = planner::plan(live, desired, dialects::dialect_for(engine));
    CHECK(described(plan) == std::vector<std::string>{"rename table People to people"});
    CHECK(plan.hints.empty());
  }
  // SQLite takes People and people for one table: nothing to do, the catalog keeps its spelling.
  CHECK(planner::plan(live, desired, sqlite()).empty());
  // Two live tables folding together: no rename is guessed.
  const auto both = yaml(schema_yaml({keyed_table("People", {"{ name: name, type: text }"}),
                                      keyed_table("PEOPLE", {"{ name: name, type: text }"})}));
  auto steps = described(planner::plan(both, desired, dialects::dialect_for("postgres")));
  std::sort(steps.begin(), steps.end());
  CHECK(steps == std::vector<std::string>{"create table people", "drop table PEOPLE", "drop table People"});
}

TEST_CASE("spelled_as_live: a desired name re-spelled only where live has a name equal to it up to case",
          "[planner][renames]")
{
  const auto table = [](const std::string& name, const std::string& index) {
    return keyed_table(name, {"{ name: name, type: text }"}, "indexes:\n  - { name: " + index + ", columns: [name] }");
  };
  const auto live = yaml(schema_yaml({table("people", "people_name"), table("teams", "teams_name")}));
  const auto spelled = [&](const std::vector<std::string>& tables) {
    return planner::detail::spelled_as_live(live, yaml(schema_yaml(tables)));
  };
  CHECK(spelled({table("people", "people_name"), table("teams", "teams_name")}));
  CHECK(spelled({table("people", "people_name"), table("clubs", "clubs_name")})); // new names, no live look-alike
  CHECK(spelled({table("people", "teams_name"), table("teams", "people_name")})); // index names swapped: kept, schema-wide
  CHECK_FALSE(spelled({table("People", "people_name")}));                        // the table's name in another case
  CHECK_FALSE(spelled({table("people", "People_Name")}));                        // its index's
  CHECK_FALSE(spelled({table("people", "people_name"), table("clubs", "TEAMS_NAME")})); // another table's index's
  CHECK_FALSE(spelled({keyed_table("people", {"{ name: Name, type: text }"})}));  // a column's
}
