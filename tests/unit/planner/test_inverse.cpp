// Inverse operations: every kind, inverse of inverse, irreversible steps, and the down order.

#include "planner_support.hpp"

#include "planner/risk.hpp"
#include "tests/support/model.hpp"
#include "tests/support/schema_yaml.hpp"

namespace {

using namespace strata;
using namespace strata::test;
using planner::detail::invert;

schemas::Table table(const std::string& name)
{
  return make_table(name, {make_column("id", "integer")});
}

// The down file: inverses of all steps in reverse step order.
std::vector<std::string> down(const planner::Plan& plan)
{
  std::vector<std::string> out;
  for (auto it = plan.steps.rbegin(); it != plan.steps.rend(); ++it) {
    for (const auto& op : it->inverse) {
      out.push_back(schemas::describe(op));
    }
  }
  return out;
}

} // namespace

TEST_CASE("the inverse of the inverse is the original operation", "[planner][inverse]")
{
  const schemas::QualifiedName t{"", "t"};
  schemas::Column a = table("t").columns[0];
  schemas::Column b = a;
  b.nullable = false;
  schemas::ColumnChanges changes;
  changes.nullability = true;
  schemas::Index index{"t_id_idx", {{"id", "", false, ""}}, false, false, "", "", {}, {}};
  const auto fk = test::foreign_key("t_fk", {"id"}, "u", {"id"});
  schemas::View view;
  view.name = "v";
  view.query = "SELECT 1";
  schemas::Enum mood{"", "mood", {"happy"}, {}};
  schemas::Sequence seq;
  seq.name = "s";
  schemas::Table with_index = table("t");
  with_index.indexes.push_back(schemas::Index{"t_key", {{"id", "", false, ""}}, true, true, "", "", {}, {}});
  const std::vector<schemas::Operation> reversible{
    schemas::AddTable{with_index},
    schemas::RenameTable{t, {"", "u"}},
    schemas::SetTableComment{t, "old", "new"},
    schemas::AddColumn{t, a, ""},
    schemas::AlterColumn{t, a, b, changes},
    schemas::RenameColumn{t, "x", "y"},
    schemas::AddIndex{t, index},
    schemas::DropIndex{t, index},
    schemas::AddForeignKey{t, fk},
    schemas::DropForeignKey{t, fk},
    schemas::AddCheck{t, {"c", "id > 0", {}}},
    schemas::DropCheck{t, {"c", "id > 0", {}}},
    schemas::CreateView{view},
    schemas::DropView{view},
    schemas::CreateEnum{mood},
    schemas::DropEnum{mood},
    schemas::CreateSequence{seq},
    schemas::DropSequence{seq},
    schemas::CreateTrigger{t, {"tr", "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END", {}}},
    schemas::DropTrigger{t, {"tr", "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END", {}}},
    schemas::RebuildTable{table("t"), with_index, {{"id", "id"}}, {"primary key of t changes"}},
  };
  for (const auto& op : reversible) {
    INFO(schemas::describe(op));
    const auto once = invert(op);
    CHECK(once.reversible);
    REQUIRE(once.operations.size() == 1);
    const auto twice = invert(once.operations[0]);
    REQUIRE(twice.operations.size() == 1);
    CHECK(twice.operations[0] == op);
  }
}

TEST_CASE("drops recreate structure but are irreversible", "[planner][inverse]")
{
  auto t = table("t");
  t.indexes.push_back(schemas::Index{"t_id_idx", {{"id", "", false, ""}}, false, false, "", "", {}, {}});
  const auto dropped = invert(schemas::DropTable{t});
  CHECK_FALSE(dropped.reversible);
  REQUIRE(dropped.operations.size() == 2);
  CHECK(std::get<schemas::AddTable>(dropped.operations[0]).table.indexes.empty());
  CHECK(std::holds_alternative<schemas::AddIndex>(dropped.operations[1]));

  const auto column = invert(schemas::DropColumn{{"", "t"}, t.columns[0]});
  CHECK_FALSE(column.reversible);
  CHECK(column.irreversible_reason == "data in t.id is not restored by the down file (a backup is taken before apply)");

  const auto value = invert(schemas::AddEnumValue{{"", "mood"}, "sad", "happy"});
  CHECK_FALSE(value.reversible);
  CHECK(value.operations.empty());

  auto wider = t;
  wider.columns.push_back(t.columns[0]);
  wider.columns.back().name = "extra";
  const auto rebuild = invert(schemas::RebuildTable{wider, t, {{"id", "id"}}, {}});
  CHECK_FALSE(rebuild.reversible);
  CHECK(std::get<schemas::RebuildTable>(rebuild.operations[0]).column_sources ==
        std::vector<std::pair<std::string, std::string>>{{"id", "id"}});
}

TEST_CASE("the down file undoes the plan in a valid order", "[planner][inverse]")
{
  const auto v1 = yaml(schema_yaml(
    {keyed_table("people", {"{ name: name, type: text }", "{ name: legacy, type: text, default: \"'x'\" }"})},
    "views:\n  - { name: names, query: \"SELECT name FROM people\" }\n"));
  const auto v2 = yaml(schema_yaml(
    {keyed_table("persons", {"{ name: full_name, type: text, renamed_from: name }"},
                 "renamed_from: people\nindexes:\n  - { name: persons_full_name_idx, columns: [full_name] }"),
     keyed_table("pets", {"{ name: owner_id, type: integer }"}, R"Y(
foreign_keys: [{ name: pets_owner_fk, columns: [owner_id], references: { table: persons, columns: [id] } }]
indexes: [{ name: pets_owner_idx, columns: [owner_id] }]
)Y")},
    "views:\n  - { name: names, query: \"SELECT full_name FROM persons\" }\n"));
  const auto plan = planner::plan(v1, v2, sqlite());
  CHECK(described(plan) == std::vector<std::string>{
                             "drop view names", "rename table people to persons",
                             "rename column persons.name to full_name", "drop column persons.legacy",
                             "create index persons_full_name_idx on persons", "create table pets",
                             "create index pets_owner_idx on pets", "create view names"});
  CHECK(down(plan) == std::vector<std::string>{
                        "drop view names", "drop index pets_owner_idx on pets", "drop table pets",
                        "drop index persons_full_name_idx on persons", "add column persons.legacy",
                        "rename column persons.full_name to name",
                        "rename table persons to people", "create view names"});
  CHECK_FALSE(plan.reversible());
  CHECK_FALSE(step(plan, "drop column persons.legacy").reversible);
}
