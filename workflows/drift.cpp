#include "workflows/drift.hpp"

#include "migrations/directory.hpp"
#include "schemas/error.hpp"
#include "workflows/history_gate.hpp"
#include "workflows/scratch.hpp"

#include <spdlog/spdlog.h>

namespace strata::workflows {

namespace {

// The schema the applied versions lead to, replayed on a scratch database.
schemas::Schema replay_applied(const DriftRequest& request, const migrations::Directory& directory,
                               const std::optional<std::string>& newest)
{
  auto scratch = open_scratch(request.dev_db, request.target.url);
  spdlog::debug("replaying migrations up to {} on {}", newest.value_or("(none)"), scratch->describe());
  if (newest) {
    replay_folder(*scratch, directory, newest, "replaying the applied migrations");
  }
  return snapshot(*scratch);
}

} // namespace

DriftResult run_drift(const DriftRequest& request)
{
  std::optional<schemas::Schema> desired;
  if (!request.against_migrations) { // offline mistakes first, before touching the database
    desired = load_desired(request.schema_path);
  }
  Database db = open_database(request.target, Access::read_only);
  std::string baseline = request.schema_path.string();
  std::optional<std::string> newest;
  if (request.against_migrations) {
    const auto directory = migrations::Directory::open(request.dir);
    newest = require_replayable(read_history_gate(db, directory));
    desired = replay_applied(request, directory, newest);
    baseline = newest ? "migrations applied up to " + *newest : "an empty migration history (nothing applied)";
  }
  PlanSettings settings;
  settings.read_only = ProbeScratch{request.dev_db, request.target.url};
  Planned planned = plan_against(db, *desired, settings);
  auto rendered = migrations::render_plan(planned.plan, *db.dialect, &planned.live, &planned.desired);
  return DriftResult{std::move(db), std::move(planned), std::move(rendered), baseline, newest.value_or("")};
}

} // namespace strata::workflows
