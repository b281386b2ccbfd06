#include "workflows/drift.hpp"

#include "migrations/directory.hpp"
#include "schemas/error.hpp"
#include "workflows/history_gate.hpp"
#include "workflows/scratch.hpp"


namespace strata::workflows {

namespace {

// Against the schema file: loaded on a second thread while the database is opened and read, its
// own error first (offline mistakes before the database's, DesiredLoad).
DriftResult drift_from_schema(const DriftRequest& request, const PlanSettings& settings)
{
  DesiredLoad load(request.schema_path, engine_of(request.target), &request.target);
  auto [db, ahead] = load.alongside([&] {
    Database opened = open_database(request.target, Access::read_only);
    LiveRead read = read_ahead(source_of(opened));
    return std::pair{std::move(opened), std::move(read)};
  });
  const Source source = source_of(db);
  Planned planned = plan_against(source, load.get().for_source(source), settings, std::move(ahead));
  refuse_empty_schema(planned, request.schema_path, "the database " + db.connection->redacted_url(),
                      request.allow_empty);
  auto rendered = migrations::render_plan(planned.plan, *db.dialect, &planned.live, &planned.desired);
  return DriftResult{std::move(db), std::move(planned), std::move(rendered), request.schema_path.string(), ""};
}

} // namespace

DriftResult run_drift(const DriftRequest& request)
{
  PlanSettings settings;
  settings.read_only = ProbeScratch{request.dev_db, request.target.url};
  if (!request.against_migrations) {
    return drift_from_schema(request, settings);
  }
  // The replayed files are the ones apply ran: a folder that no longer matches strata.sum is refused.
  const auto directory = migrations::Directory::open(request.dir);
  directory.verify_sum_or_throw();
  Database db = open_database(request.target, Access::read_only);
  const std::optional<std::string> newest = require_replayable(read_history_gate(db, directory));
  schemas::Schema desired = replayed_schema(request.dev_db, request.target.url, directory, newest,
                                            "the applied migrations");
  std::string baseline =
    newest ? "migrations applied up to " + *newest : "an empty migration history (nothing applied)";
  Planned planned = plan_against(db, std::move(desired), settings);
  auto rendered = migrations::render_plan(planned.plan, *db.dialect, &planned.live, &planned.desired);
  return DriftResult{std::move(db), std::move(planned), std::move(rendered), std::move(baseline),
                     newest.value_or("")};
}

} // namespace strata::workflows
