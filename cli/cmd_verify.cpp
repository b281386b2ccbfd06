// strata verify: the pull-request check of a migration folder. Replays it on a scratch database
// (never the --db one, which is only read for its history), then reports each problem on one
// line: strata.sum, duplicate or out-of-order versions, a missing migration (the replay does not
// give schema.yaml), a down file that does not undo its up file. Exit 0 no problem, 1 otherwise.
#include "cli/commands.hpp"
#include "cli/output/verify_render.hpp"
#include "workflows/verify.hpp"

#include <memory>

namespace strata::cli {

namespace {

struct VerifyOptions {
  std::string schema;
  std::string db;
  std::string dev_db;
  std::string dir;
  std::string format = "text";
};

int run_verify(const VerifyOptions& options)
{
  workflows::VerifyRequest request;
  request.dir = resolve_dir(options.dir);
  request.schema_path = resolve_schema(options.schema);
  request.target = target_of(options.db);
  request.dev_db = resolve_dev_db(options.dev_db);
  const auto report = workflows::run_verify(request);
  if (options.format == "json") {
    print_out(render_verify_json(report));
  } else if (options.format == "github") {
    print_out(render_verify_github(report, request.dir, request.schema_path));
  } else {
    print_out(render_verify_text(report));
  }
  return report.ok() ? exit_codes::ok : exit_codes::error;
}

} // namespace

void register_verify(CLI::App& app, Globals& globals)
{
  auto options = std::make_shared<VerifyOptions>();
  auto* command = app.add_subcommand(
    "verify", "Check a migration folder on a scratch database: it gives schema.yaml, strata.sum matches, down files "
              "undo their up files, versions are unique and ordered (exit 1 on any problem)");
  add_schema_option(*command, options->schema);
  add_dir_option(*command, options->dir);
  add_db_option(*command, options->db);
  add_dev_db_option(*command, options->dev_db);
  command->add_option("--format", options->format, "output: text, json or github")
    ->check(CLI::IsMember({"text", "json", "github"}));
  command->callback([options, &globals] { globals.exit_code = run_verify(*options); });
}

} // namespace strata::cli
