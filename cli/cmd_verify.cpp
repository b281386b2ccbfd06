// strata verify: the pull-request check of a migration folder. Replays it on a scratch database
// (never the --db one, which is only read for its history), then reports each problem on one
// line: strata.sum, duplicate or out-of-order versions, a missing migration (the replay does not
// give schema.yaml), a down file that does not undo its up file. Exit 0 no problem, 1 otherwise.
#include "cli/commands.hpp"
#include "cli/fleet.hpp"
#include "cli/output/verify_render.hpp"
#include "workflows/verify.hpp"

#include <fmt/format.h>

namespace strata::cli {

namespace {

struct VerifyFlags {
  std::string schema;
  std::string db;
  std::string dev_db;
  std::string dir;
  std::string format = "text";
  FleetFlags fleet;
};

workflows::VerifyRequest request_of(const VerifyFlags& flags, workflows::Target target)
{
  workflows::VerifyRequest request;
  request.dir = resolve_dir(flags.dir);
  request.schema_path = resolve_schema(flags.schema);
  request.target = std::move(target);
  request.dev_db = resolve_dev_db(flags.dev_db);
  return request;
}

// One database of a fleet: the folder verified against its history (its pending files' round
// trips), ok or failed with the first problem.
workflows::TargetResult verify_of_target(const VerifyFlags& flags, const workflows::FleetTarget& target)
{
  const auto report = workflows::run_verify(request_of(flags, target.target));
  workflows::TargetResult out;
  if (report.ok()) {
    out.outcome = workflows::Outcome::ok;
    out.detail = fmt::format("ok: {} replayed, {} round trip{}", report.replayed, report.round_trips,
                             report.round_trips == 1 ? "" : "s");
    return out;
  }
  const auto& first = report.problems.front();
  out.outcome = workflows::Outcome::failed;
  out.exit_code = exit_codes::error;
  out.detail = fmt::format("failed: {} problem{}, first: {}{}: {}", report.problems.size(),
                           report.problems.size() == 1 ? "" : "s", first.file,
                           first.line ? fmt::format(":{}", *first.line) : std::string{}, first.message);
  return out;
}

int run_verify(const VerifyFlags& flags)
{
  const auto fleet = fleet_of(flags.db, flags.fleet, flags.format == "markdown");
  if (!fleet.empty()) {
    return run_fleet_report("verify", fleet, flags.fleet, flags.format,
                            [&](const workflows::FleetTarget& target, std::size_t, const std::atomic<bool>&) {
                              return verify_of_target(flags, target);
                            });
  }
  const auto request = request_of(flags, target_of(flags.db));
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
  command->add_option("--format", flags->format, "output: text, json, github, or markdown (the fleet report)")
    ->check(one_of({"text", "json", "github", "markdown"}));
  add_fleet_options(*command, flags->fleet);
}

} // namespace strata::cli
