// strata lint: replay each migration file on a scratch database and report what it does, as the
// planner classifies a generated plan (risk codes and levels), plus SQL-level checks, each at
// its file and line. Exit 1 when a finding is at or above --fail-on (default high), else 0.
#include "cli/commands.hpp"
#include "cli/lint_run.hpp"
#include "cli/replay.hpp"
#include "schemas/error.hpp"
#include "schemas/risk.hpp"

#include <memory>

namespace strata::cli {

namespace {

struct LintCommand {
  LintOptions options;
  std::string fail_on = "high";
  std::string format = "text";
};

int run(const LintCommand& command)
{
  Format format = Format::text;
  parse_format(command.format, format);
  schemas::RiskLevel threshold = schemas::RiskLevel::high;
  schemas::parse_risk_level(command.fail_on, threshold);
  const LintView view = run_lint(command.options);
  print_out(render_lint(view, format, stdout_colour()));
  for (const auto& file : view.files) {
    for (const auto& finding : file.findings) {
      schemas::RiskLevel level = schemas::RiskLevel::high;
      schemas::parse_risk_level(finding.level, level);
      if (level >= threshold) {
        return exit_codes::error;
      }
    }
  }
  return exit_codes::ok;
}

} // namespace

void register_lint(CLI::App& app, Globals& globals)
{
  auto command = std::make_shared<LintCommand>();
  auto& options = command->options;
  auto* cli = app.add_subcommand(
    "lint", "Replay migration files on a scratch database and report their risks at their lines (exit 1 at --fail-on)");
  add_db_option(*cli, options.db);
  add_dev_db_option(*cli, options.dev_db);
  add_dir_option(*cli, options.dir);
  cli->add_option("--base", options.base,
                  "lint only the files added or modified since git merge-base REV HEAD (and untracked ones)");
  cli->add_flag("--changed-only", options.changed_only,
                "lint only the files changed against HEAD or untracked (git); with --base, since that base");
  cli->add_option("--fail-on", command->fail_on, "exit 1 when a finding is at or above this level (default high)")
    ->check(CLI::IsMember({"high", "medium", "low"}));
  cli->add_option("--format", command->format, "output: text, json, markdown or github")
    ->check(CLI::IsMember({"text", "json", "markdown", "github"}));
  cli->add_option("files", options.files, "migration files to lint (path, file name or version; default: all)");
  cli->callback([command, &globals] { globals.exit_code = run(*command); });
}

} // namespace strata::cli
