// GitHub Actions annotations: escapes of properties and messages, level mapping.
#include "cli/output/render.hpp"
#include "tests/unit/cli/output/step_view.hpp"

#include <catch2/catch.hpp>

using namespace strata::cli;

TEST_CASE("github annotations escape what would end a property or the command")
{
  CHECK(github_annotation("error", "migrations/1_a,b.up.sql", 7, "D102 high: drop", "100% lost\nreally") ==
        "::error file=migrations/1_a%2Cb.up.sql,line=7,title=D102 high%3A drop::100%25 lost%0Areally\n");
  CHECK(github_annotation("notice", "", 3, "", "summary") == "::notice::summary\n"); // no file: no line
  CHECK(github_annotation("warning", "f.sql", 0, "t", "m") == "::warning file=f.sql,title=t::m\n");
}

TEST_CASE("risk levels map to annotation levels")
{
  CHECK(github_level("high") == "error");
  CHECK(github_level("medium") == "warning");
  CHECK(github_level("low") == "notice");
}

TEST_CASE("the github format of a plan view lists risks, then a summary notice")
{
  PlanView view;
  view.command = "plan";
  view.summary = "1 change: 1 DropColumn";
  StepView step = step_view(1, "DropColumn", "drop column users.email");
  step.file = "migrations/2_x.up.sql";
  step.line = 10;
  step.risks.push_back({"destructive", "high", "D102", "dropping column users.email destroys its values", 3, "non-null values"});
  step.reversible = false;
  step.irreversible_reason = "data is not restored";
  view.steps.push_back(step);
  view.files = FilesView{"migrations/2_x.up.sql", "migrations/2_x.down.sql"};
  CHECK(render_github(view) ==
        "::error file=migrations/2_x.up.sql,line=10,title=D102 high destructive::step 1, drop column users.email: "
        "dropping column users.email destroys its values (3 non-null values)\n"
        "::warning file=migrations/2_x.up.sql,line=10,title=irreversible::step 1, drop column users.email: data is "
        "not restored\n"
        "::notice file=migrations/2_x.up.sql,title=strata plan::1 change: 1 DropColumn\n");
}
