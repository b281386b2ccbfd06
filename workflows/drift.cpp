#include "workflows/drift.hpp"

#include "migrations/directory.hpp"
#include "schemas/error.hpp"
#include "workflows/history_gate.hpp"
#include "workflows/scratch.hpp"


namespace strata::workflows {

DriftResult run_drift(const DriftRequest& request)
{
  std::optional<schemas::Schema> desired;
  std::optional<migrations::Directory> directory;
  if (!request.against_migrations) { // offline mistakes first, before touching the database
    desired = load_desired(request.schema_path, engine_of(request.target));
  } else { // the replayed files are the ones apply ran: a folder that no longer matches strata.sum is refused
    directory = migrations::Directory::open(request.dir);
    directory->verify_sum_or_throw();
  }
  Database db = open_database(request.target, Access::read_only);
  std::string baseline = request.schema_path.string();
  std::optional<std::string> newest;
  if (directory) {
    newest = require_replayable(read_history_gate(db, *directory));
    desired = replayed_schema(request.dev_db, request.target.url, *directory, newest, "the applied migrations");
    baseline = newest ? "migrations applied up to " + *newest : "an empty migration history (nothing applied)";
  }
  PlanSettings settings;
  settings.read_only = ProbeScratch{request.dev_db, request.target.url};
  Planned planned = plan_against(db, std::move(*desired), settings);
  if (!directory) {
    refuse_empty_schema(planned, request.schema_path, "the database " + db.connection->redacted_url(),
                        request.allow_empty);
  }
  auto rendered = migrations::render_plan(planned.plan, *db.dialect, &planned.live, &planned.desired);
  return DriftResult{std::move(db), std::move(planned), std::move(rendered), baseline, newest.value_or("")};
}

} // namespace strata::workflows
