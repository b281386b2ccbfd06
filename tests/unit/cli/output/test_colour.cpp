#include "cli/output/colour.hpp"
#include "cli/output/lint_view.hpp"

#include <catch2/catch.hpp>

using namespace strata::cli;

TEST_CASE("colour policy: a terminal, NO_COLOR unset or empty, TERM not dumb")
{
  CHECK(colour_enabled(true, nullptr, "xterm-256color"));
  CHECK(colour_enabled(true, "", "xterm"));      // no-color.org: only a non-empty value counts
  CHECK(colour_enabled(true, nullptr, nullptr)); // TERM unset is not "dumb"
  CHECK_FALSE(colour_enabled(false, nullptr, "xterm"));
  CHECK_FALSE(colour_enabled(true, "1", "xterm"));
  CHECK_FALSE(colour_enabled(true, "0", "xterm")); // any non-empty value, even "0"
  CHECK_FALSE(colour_enabled(true, nullptr, "dumb"));
  CHECK(colour_enabled(true, nullptr, "dumber"));
}

TEST_CASE("colour styles: plain text without colour, fmt's escape codes with it")
{
  CHECK(paint_bold("x", false) == "x");
  CHECK(paint_level("high", "high", false) == "high");
  CHECK(paint_bold("summary", true) == "\033[1msummary\033[0m");
  CHECK(paint_hint("hint:", true) == "\033[33mhint:\033[0m");
  CHECK(paint_level("high", "high", true) == "\033[1m\033[31mhigh\033[0m");
  CHECK(paint_level("medium", "medium", true) == "\033[33mmedium\033[0m");
  CHECK(paint_level("low", "low", true) == "\033[36mlow\033[0m");
}

TEST_CASE("lint text output: colour only when asked")
{
  LintReport view;
  LintFile file;
  file.file = "migrations/1_x.up.sql";
  LintFinding finding;
  finding.line = 3;
  finding.code = "D102";
  finding.level = "high";
  finding.kind = "destructive";
  finding.message = "drops a column";
  file.findings = {finding};
  view.files = {file};
  CHECK(render_lint_text(view, false).find('\033') == std::string::npos);
  CHECK(render_lint_text(view, true).find("\033[1m\033[31mhigh\033[0m") != std::string::npos);
}
