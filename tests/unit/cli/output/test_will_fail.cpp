// A step whose measured count shows that it fails on the current data is marked "will fail on
// current data" in every plan format: a line under the summary and a mark on the risk (text,
// markdown), `will_fail` on the risk and the step (json), an ::error whatever the level (github).
#include "cli/output/render.hpp"
#include "tests/unit/cli/output/step_view.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace strata::cli;

namespace {

PlanView failing_plan()
{
  PlanView view;
  view.command = "plan";
  view.engine = "postgres";
  view.summary = "2 changes: 1 AlterColumn, 1 AddIndex (2 risks: 1 high, 1 medium)";
  view.risks_by_level = {{"high", 1}, {"medium", 1}};
  StepView alter = step_view(1, "AlterColumn", "alter column users.email");
  alter.risks = {RiskView{"data-dependent", "high", "DD201", "setting users.email NOT NULL fails while rows hold NULL", 2,
                          "NULL rows", true}};
  StepView index = step_view(2, "AddIndex", "add index users_handle_uq");
  index.risks = {RiskView{"data-dependent", "medium", "DD202", "adding unique index users_handle_uq fails", 0,
                          "duplicate groups", false}};
  alter.file = index.file = "migrations/5_x.up.sql";
  alter.line = 4;
  index.line = 6;
  view.steps = {alter, index};
  return view;
}

} // namespace

TEST_CASE("text output marks a step that will fail on current data under the summary and on its risk")
{
  const auto text = render_text(failing_plan(), false);
  CHECK(text == "2 changes: 1 AlterColumn, 1 AddIndex (2 risks: 1 high, 1 medium)\n"
                "FAILS: step 1 (alter column users.email: 2 NULL rows) will fail on current data; `strata apply` "
                "refuses it until the data is fixed\n"
                "  1. alter column users.email\n"
                "     ! high data-dependent DD201 setting users.email NOT NULL fails while rows hold NULL (2 NULL rows) "
                "[will fail on current data]\n"
                "  2. add index users_handle_uq\n"
                "     ! medium data-dependent DD202 adding unique index users_handle_uq fails (0 duplicate groups)\n");
}

TEST_CASE("markdown output puts a caution block under the summary and marks the risk")
{
  const auto markdown = render_markdown(failing_plan());
  CHECK_THAT(markdown, Catch::Contains("> [!CAUTION]\n> **step 1 (alter column users.email: 2 NULL rows) will fail "
                                      "on current data"));
  CHECK_THAT(markdown, Catch::Contains("(2 NULL rows) — **will fail on current data**\n"));
  CHECK_THAT(markdown, Catch::Contains("(0 duplicate groups)\n"));
}

TEST_CASE("json output carries will_fail on each risk and each step")
{
  const auto doc = nlohmann::ordered_json::parse(render_json(failing_plan()));
  CHECK(doc["steps"][0]["risks"][0]["will_fail"] == true);
  CHECK(doc["steps"][0]["will_fail"] == true);
  CHECK(doc["steps"][1]["risks"][0]["will_fail"] == false);
  CHECK(doc["steps"][1]["will_fail"] == false);
  std::vector<std::string> keys;
  for (const auto& item : doc["steps"][0]["risks"][0].items()) {
    keys.push_back(item.key());
  }
  // New keys only at the end: will_fail, then a locking risk's table estimate (null: none).
  REQUIRE(keys.size() >= 3);
  CHECK(keys[keys.size() - 3] == "will_fail");
  CHECK(keys[keys.size() - 2] == "table_bytes");
  CHECK(keys.back() == "table_rows_estimate");
  CHECK(doc["steps"][0]["risks"][0]["table_bytes"].is_null());
}

TEST_CASE("github output makes a will-fail risk an error whatever its level")
{
  auto view = failing_plan();
  view.steps[0].risks[0].level = "medium";
  const auto github = render_github(view);
  CHECK_THAT(github, Catch::Contains("::error file=migrations/5_x.up.sql,line=4,title=DD201 medium data-dependent will "
                                    "fail on current data::step 1, alter column users.email: setting users.email NOT "
                                    "NULL fails while rows hold NULL (2 NULL rows) — will fail on current data\n"));
  CHECK_THAT(github, Catch::Contains("::warning file=migrations/5_x.up.sql,line=6,title=DD202 medium data-dependent::"));
}
