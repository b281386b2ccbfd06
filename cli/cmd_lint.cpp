// strata lint: replay each migration file on a scratch database and report what it does, as the
// planner classifies a generated plan (risk codes and levels), plus SQL-level checks, each at
// its file and line. Exit 1 when a finding is at or above --fail-on (default high), else 0.
#include "cli/commands.hpp"
#include "cli/output/lint_view.hpp"
#include "schemas/risk.hpp"
#include "workflows/lint.hpp"

namespace strata::cli {

namespace {

struct LintFlags {
  std::string db;
  std::string dev_db;
  std::string dir;
  workflows::LintRequest options;
  std::string fail_on; // empty: the project file's lint.fail_on, else high
  std::string format = "text";
};

int run_lint(const LintFlags& command)
{
  Format format = Format::text;
  parse_format(command.format, format);
  schemas::RiskLevel threshold = schemas::RiskLevel::high;
  schemas::parse_risk_level(settings().fail_on(command.fail_on).value, threshold);
  auto request = command.options;
  for (const auto& code : settings().disabled_codes()) {
    request.disabled.insert(code);
  }
  request.target = target_of(command.db);
  request.dev_db = resolve_dev_db(command.dev_db);
  request.dir = resolve_dir(command.dir);
  const LintReport report = workflows::run_lint(request);
  print_out(render_lint(report, format, stdout_colour()));
  return workflows::fails_at(report, threshold) ? exit_codes::error : exit_codes::ok;
}

} // namespace

void register_lint(CLI::App& app, Globals& globals)
{
  auto [cli, command] = add_command(
    app, globals, "lint",
    "Replay migration files on a scratch database and report their risks at their lines (exit 1 at --fail-on)",
    run_lint);
  auto& options = command->options;
  add_db_option(*cli, command->db);
  add_dev_db_option(*cli, command->dev_db);
  add_dir_option(*cli, command->dir);
  cli->add_option("--base", options.base,
                  "lint only the files added or modified since git merge-base REV HEAD (and untracked ones)");
  cli->add_flag("--changed-only", options.changed_only,
                "lint only the files changed against HEAD or untracked (git); with --base, since that base");
  cli->add_option("--fail-on", command->fail_on, "exit 1 when a finding is at or above this level (default: the project file's lint.fail_on, else high)")
    ->check(one_of({"high", "medium", "low"}));
  cli->add_option("--format", command->format, "output: text, json, markdown or github")
    ->check(one_of({"text", "json", "markdown", "github"}));
  cli->add_option("--batch-threshold", options.batch_threshold,
                  "flag (S607) an UPDATE or DELETE that is no batched step on a table with more rows than this on "
                  "--db (default: 100000)")
    ->check(CLI::NonNegativeNumber);
  cli->add_option("files", options.files, "migration files to lint (path, file name or version; default: all)");
}

} // namespace strata::cli
