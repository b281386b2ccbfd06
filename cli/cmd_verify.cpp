// strata verify: the pull-request check of a migration folder. Replays it on a scratch database
// (never the --db one, which is only read for its history), then reports each problem on one
// line: strata.sum, duplicate or out-of-order versions, a missing migration (the replay does not
// give schema.yaml), a down file that does not undo its up file. Exit 0 no problem, 1 otherwise.
#include "cli/commands.hpp"
#include "cli/output/verify_render.hpp"
#include "workflows/verify.hpp"

namespace strata::cli {

namespace {

struct VerifyFlags {
  std::string schema;
  std::string db;
  std::string dev_db;
  std::string dir;
  std::string format = "text";
};

int run_verify(const VerifyFlags& flags)
{
  workflows::VerifyRequest request;
  request.dir = resolve_dir(flags.dir);
  request.schema_path = resolve_schema(flags.schema);
  request.target = target_of(flags.db);
  request.dev_db = resolve_dev_db(flags.dev_db);
  const auto report = workflows::run_verify(request);
  if (flags.format == "json") {
    print_out(render_verify_json(report));
  } else if (flags.format == "github") {
    print_out(render_verify_github(report, request.dir, request.schema_path));
  } else {
    print_out(render_verify_text(report));
  }
  return report.ok() ? exit_codes::ok : exit_codes::error;
}

} // namespace

void register_verify(CLI::App& app, Globals& globals)
{
  auto [command, flags] = add_command(
    app, globals, "verify",
    "Check a migration folder on a scratch database: it gives schema.yaml, strata.sum matches, down files "
    "undo their up files, versions are unique and ordered (exit 1 on any problem)",
    run_verify);
  add_schema_option(*command, flags->schema);
  add_dir_option(*command, flags->dir);
  add_db_option(*command, flags->db);
  add_dev_db_option(*command, flags->dev_db);
  command->add_option("--format", flags->format, "output: text, json or github")
    ->check(one_of({"text", "json", "github"}));
}

} // namespace strata::cli
