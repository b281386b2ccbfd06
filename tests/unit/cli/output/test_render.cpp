#include "cli/output/render.hpp"
#include "cli/output/text_parts.hpp"
#include "schemas/model.hpp"
#include "tests/unit/cli/output/step_view.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace strata::cli;

namespace {

PlanView sample_plan()
{
  PlanView view;
  view.command = "plan";
  view.engine = "sqlite";
  view.version = "20261121193000";
  view.summary = "2 changes: 1 AddColumn, 1 DropColumn (1 risk: 1 high)";
  view.reversible = false;
  view.hints = {"did you mean to rename column users.name to users.full_name?"};
  view.operations_by_kind = {{"AddColumn", 1}, {"DropColumn", 1}};
  view.risks_by_level = {{"high", 1}};
  StepView add = step_view(1, "AddColumn", "add column users.full_name",
                           {"ALTER TABLE \"users\" ADD COLUMN \"full_name\" TEXT"});
  add.target = "users.full_name";
  StepView drop =
    step_view(2, "DropColumn", "drop column users.name", {"ALTER TABLE \"users\" DROP COLUMN \"name\""});
  drop.target = "users.name";
  drop.risks = {RiskView{"destructive", "high", "D102", "drop column users.name loses its values", 3, "non-null values"}};
  drop.reversible = false;
  drop.irreversible_reason = "the values of users.name cannot be restored";
  drop.order_reasons = {"after add column users.full_name"};
  view.steps = {add, drop};
  view.up_sql = "-- strata: version 20261121193000\nALTER TABLE \"users\" ADD COLUMN \"full_name\" TEXT;\n";
  return view;
}

} // namespace

TEST_CASE("text output: summary line, numbered steps, risk lines, hints, files")
{
  auto view = sample_plan();
  view.files = FilesView{"migrations/20261121193000_x.up.sql", "migrations/20261121193000_x.down.sql"};
  const std::string expected = "2 changes: 1 AddColumn, 1 DropColumn (1 risk: 1 high)\n"
                               "  1. add column users.full_name\n"
                               "  2. drop column users.name\n"
                               "     ! high destructive D102 drop column users.name loses its values (3 non-null values)\n"
                               "     irreversible: the values of users.name cannot be restored\n"
                               "hint: did you mean to rename column users.name to users.full_name?\n"
                               "wrote migrations/20261121193000_x.up.sql\n"
                               "wrote migrations/20261121193000_x.down.sql\n";
  CHECK(render_text(view, false) == expected);
}

TEST_CASE("text output groups the thousands of a measured count, json keeps the number")
{
  auto view = sample_plan();
  view.steps[1].risks[0].count = 1204;
  CHECK(render_text(view, false).find("loses its values (1,204 non-null values)\n") != std::string::npos);
  view.steps[1].risks[0].count = 1234567;
  CHECK(render_text(view, false).find("(1,234,567 non-null values)") != std::string::npos);
  view.steps[1].risks[0].count = 999;
  CHECK(render_text(view, false).find("(999 non-null values)") != std::string::npos);
  view.steps[1].risks[0].count = 1204;
  const std::string json = render_json(view);
  CHECK(json.find("1204") != std::string::npos);
  CHECK(json.find("1,204") == std::string::npos);
}

TEST_CASE("text output: colour only when asked")
{
  const auto view = sample_plan();
  CHECK(render_text(view, false).find('\033') == std::string::npos);
  // fmt's styling writes bold and red as two sequences.
  CHECK(render_text(view, true).find("\033[1m\033[31mhigh\033[0m") != std::string::npos);
}

TEST_CASE("text output of an empty plan and of drift")
{
  PlanView plan;
  plan.command = "plan";
  CHECK(render_text(plan, false) == "no changes\n");
  PlanView drift;
  drift.command = "drift";
  CHECK(render_text(drift, false) == "in sync\n");
  auto drifted = sample_plan();
  drifted.command = "drift";
  CHECK(render_text(drifted, false).rfind("drift: 2 changes", 0) == 0);
}

TEST_CASE("sql output is the up file text, nothing when empty")
{
  const auto view = sample_plan();
  CHECK(render_sql(view) == view.up_sql);
  PlanView empty;
  empty.up_sql = "-- strata: version 1\n";
  CHECK(render_sql(empty).empty());
}

TEST_CASE("json output: stable keys in a stable order")
{
  auto view = sample_plan();
  const auto doc = nlohmann::ordered_json::parse(render_json(view));
  std::vector<std::string> keys;
  for (const auto& item : doc.items()) {
    keys.push_back(item.key());
  }
  CHECK(keys == std::vector<std::string>{"format_version", "command", "engine", "version", "empty", "summary",
                                         "reversible", "hints", "operations_by_kind", "risks_by_level", "steps",
                                         "files"});
  CHECK(doc["format_version"] == 1);
  CHECK(doc["empty"] == false);
  CHECK(doc["reversible"] == false);
  CHECK(doc["files"].is_null());
  CHECK(doc["risks_by_level"] == nlohmann::ordered_json{{"high", 1}, {"medium", 0}, {"low", 0}});
  const auto& step = doc["steps"][1];
  CHECK(step["index"] == 2);
  CHECK(step["kind"] == "DropColumn");
  CHECK(step["target"] == "users.name");
  CHECK(step["sql"][0] == "ALTER TABLE \"users\" DROP COLUMN \"name\"");
  CHECK(step["risks"][0]["code"] == "D102");
  CHECK(step["risks"][0]["count"] == 3);
  CHECK(step["irreversible_reason"] == "the values of users.name cannot be restored");
  CHECK(doc["steps"][0]["irreversible_reason"].is_null());
  CHECK(doc["steps"][0]["risks"].empty());

  view.files = FilesView{"a.up.sql", "a.down.sql"};
  view.steps[1].risks[0].count.reset();
  const auto written = nlohmann::ordered_json::parse(render_json(view));
  CHECK(written["files"]["up"] == "a.up.sql");
  CHECK(written["steps"][1]["risks"][0]["count"].is_null());
}

TEST_CASE("a locking risk's table estimate: in its message everywhere, as numbers in json")
{
  auto view = sample_plan();
  StepView alter = step_view(3, "AlterColumn", "alter column orders.total");
  alter.risks = {RiskView{"locking", "medium", "L311",
                          "changing the type of orders.total rewrites the table (orders: 1.2 GB, ~9.1M rows)", std::nullopt,
                          ""}};
  alter.risks[0].table_bytes = 1288490189LL;
  alter.risks[0].table_rows_estimate = 9123456;
  view.steps.push_back(alter);
  CHECK_THAT(render_text(view, false),
             Catch::Contains("! medium locking L311 changing the type of orders.total rewrites the table (orders: "
                             "1.2 GB, ~9.1M rows)\n"));
  CHECK_THAT(render_markdown(view), Catch::Contains("rewrites the table (orders: 1.2 GB, ~9.1M rows)"));
  const auto doc = nlohmann::ordered_json::parse(render_json(view));
  CHECK(doc["steps"][2]["risks"][0]["table_bytes"] == 1288490189LL);
  CHECK(doc["steps"][2]["risks"][0]["table_rows_estimate"] == 9123456);
  CHECK(doc["steps"][1]["risks"][0]["table_bytes"].is_null());
  CHECK(doc["steps"][1]["risks"][0]["table_rows_estimate"].is_null());
}

TEST_CASE("json output of drift carries in_sync and no version")
{
  PlanView view;
  view.command = "drift";
  view.engine = "sqlite";
  view.summary = "no changes";
  const auto doc = nlohmann::ordered_json::parse(render_json(view));
  CHECK(doc["in_sync"] == true);
  CHECK(doc["empty"] == true);
  CHECK_FALSE(doc.contains("version"));
  CHECK(doc["steps"].empty());
  CHECK(doc["operations_by_kind"].is_object());
}

TEST_CASE("markdown output: tables, fenced SQL per step, risks, live counts")
{
  const auto text = render_markdown(sample_plan());
  CHECK(text.rfind("## strata plan 20261121193000 (sqlite)\n", 0) == 0);
  CHECK(text.find("| DropColumn | 1 |") != std::string::npos);
  CHECK(text.find("| high | 1 |") != std::string::npos);
  CHECK(text.find("| 2. drop column users.name | D102 | 3 | non-null values |") != std::string::npos);
  CHECK(text.find("### 2. drop column users.name\n\n```sql\nALTER TABLE \"users\" DROP COLUMN \"name\";\n```") !=
        std::string::npos);
  CHECK(text.find("- **high** destructive `D102`: drop column users.name loses its values (3 non-null values)") !=
        std::string::npos);
  CHECK(text.find("> hint: did you mean to rename") != std::string::npos);
}

TEST_CASE("markdown output of an empty drift says in sync")
{
  PlanView view;
  view.command = "drift";
  view.engine = "sqlite";
  CHECK(render_markdown(view) == "## strata drift (sqlite)\n\n**In sync**: the database matches the schema.\n");
}

TEST_CASE("format names")
{
  Format format = Format::text;
  CHECK(parse_format("json", format));
  CHECK(format == Format::json);
  CHECK(parse_format("markdown", format));
  CHECK(format == Format::markdown);
  CHECK_FALSE(parse_format("yaml", format));
  CHECK(format == Format::markdown);
}

namespace {

// Drift against the applied migrations: a column added by hand (one step) and a check whose
// expression contains a pipe, changed by hand (a drop and a create: one difference).
PlanView sample_drift()
{
  PlanView view;
  view.command = "drift";
  view.engine = "postgres";
  view.summary = "3 changes: 1 AddCheck, 1 DropCheck, 1 DropColumn";
  view.against = "migrations";
  view.baseline = "migrations applied up to 20261122000000";
  view.applied_version = "20261122000000";
  view.operations_by_kind = {{"AddCheck", 1}, {"DropCheck", 1}, {"DropColumn", 1}};
  StepView column = step_view(1, "DropColumn", "drop column users.nickname",
                              {"ALTER TABLE \"users\" DROP COLUMN \"nickname\""});
  column.object = "column users.nickname";
  column.expected = "(absent)";
  column.actual = "nickname text NULL";
  StepView drop = step_view(2, "DropCheck", "drop check users_code on users");
  drop.object = "check users_code on users";
  drop.expected = "CONSTRAINT users_code CHECK ((code || 'x') <> 'x')";
  drop.actual = "CONSTRAINT users_code CHECK (code <> '')";
  StepView add = drop;
  add.index = 3;
  add.kind = "AddCheck";
  add.description = "add check users_code on users";
  view.steps = {column, drop, add};
  view.differences = {DifferenceView{column.object, column.expected, column.actual, {1}},
                      DifferenceView{drop.object, drop.expected, drop.actual, {2, 3}}};
  return view;
}

} // namespace

TEST_CASE("text output of drift: one line per difference with expected, actual and fix")
{
  const auto text = render_text(sample_drift(), false);
  CHECK(text.rfind("drift: 2 differences against migrations applied up to 20261122000000\n", 0) == 0);
  CHECK(text.find("  1. column users.nickname\n"
                  "     expected: (absent)\n"
                  "     actual:   nickname text NULL\n"
                  "     fix:      drop column users.nickname\n") != std::string::npos);
  CHECK(text.find("     fix:      drop check users_code on users; add check users_code on users\n") !=
        std::string::npos);
  PlanView clean;
  clean.command = "drift";
  clean.baseline = "schema.yaml";
  CHECK(render_text(clean, false) == "in sync with schema.yaml\n");
}

TEST_CASE("json output of drift: against, baseline, applied version, differences and per-step definitions")
{
  const auto doc = nlohmann::ordered_json::parse(render_json(sample_drift()));
  std::vector<std::string> keys;
  for (const auto& item : doc.items()) {
    keys.push_back(item.key());
  }
  CHECK(keys == std::vector<std::string>{"format_version", "command", "engine", "in_sync", "empty", "summary",
                                         "reversible", "hints", "operations_by_kind", "risks_by_level", "steps",
                                         "files", "against", "baseline", "applied_version", "differences"});
  CHECK(doc["against"] == "migrations");
  CHECK(doc["applied_version"] == "20261122000000");
  REQUIRE(doc["differences"].size() == 2);
  CHECK(doc["differences"][1]["steps"] == nlohmann::ordered_json::array({2, 3}));
  CHECK(doc["differences"][0]["actual"] == "nickname text NULL");
  CHECK(doc["steps"][0]["object"] == "column users.nickname");
  CHECK(doc["steps"][0]["expected"] == "(absent)");
  // plan documents carry the per-step fields too, but none of drift's top-level ones.
  const auto plan = nlohmann::ordered_json::parse(render_json(sample_plan()));
  CHECK(plan["steps"][0].contains("object"));
  CHECK_FALSE(plan.contains("against"));
}

TEST_CASE("markdown output of drift: a differences table with escaped cells, then the SQL")
{
  const auto text = render_markdown(sample_drift());
  CHECK(text.rfind("## strata drift (postgres)\n\n**2 differences against migrations applied up to 20261122000000**",
                   0) == 0);
  CHECK(text.find("| # | object | expected | actual | fixed by steps |\n|---:|---|---|---|---|\n"
                  "| 1 | column users.nickname | *(absent)* | `nickname text NULL` | 1 |\n"
                  "| 2 | check users_code on users | `CONSTRAINT users_code CHECK ((code \\|\\| 'x') <> 'x')` | "
                  "`CONSTRAINT users_code CHECK (code <> '')` | 2, 3 |\n\n") != std::string::npos);
  CHECK(text.find("### 1. drop column users.nickname\n\n```sql\nALTER TABLE \"users\" DROP COLUMN \"nickname\";\n```") !=
        std::string::npos);
  PlanView clean;
  clean.command = "drift";
  clean.engine = "mysql";
  clean.baseline = "migrations applied up to 1";
  CHECK(render_markdown(clean) == "## strata drift (mysql)\n\n**In sync** with migrations applied up to 1: no differences.\n");
}

TEST_CASE("inspect's summary counts tables and views, and SQLite virtual tables when there are any")
{
  strata::schemas::Schema schema;
  schema.tables.resize(2);
  schema.views.resize(1);
  CHECK(inspected_counts(schema) == "2 tables, 1 view");
  schema.virtual_tables.resize(2);
  CHECK(inspected_counts(schema) == "2 tables, 1 view, 2 virtual tables");
}
