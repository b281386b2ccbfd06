#include "workflows/plan.hpp"

#include "migrations/directory.hpp"
#include "schemas/error.hpp"
#include "workflows/column_check.hpp"
#include "workflows/history_gate.hpp"
#include "workflows/scratch.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <future>

namespace strata::workflows {

void check_version(const std::string& version)
{
  const bool digits = !version.empty() && std::all_of(version.begin(), version.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
  if (!digits || std::all_of(version.begin(), version.end(), [](char c) { return c == '0'; })) {
    throw Error(ErrorKind::usage, "--version '" + version + "' must be a positive integer such as 20261121193000");
  }
}

namespace {

// A pinned version must be new and newer than every file, or the folder's order breaks. A dry run
// writes nothing, so there a clash is only worth a warning (previews may reuse a version).
void check_version_free(const std::string& version, const migrations::Directory& directory, bool dry_run)
{
  std::string problem;
  if (const auto* used = directory.find(version); used != nullptr) {
    problem = "version " + version + " is already used by " + used->file_name();
  } else if (!directory.migrations().empty() &&
             migrations::compare_versions(version, directory.migrations().back().version) <= 0) {
    problem = "version " + version + " must be newer than the last migration, " +
              directory.migrations().back().file_name();
  }
  if (problem.empty()) {
    return;
  }
  if (!dry_run) {
    throw Error(ErrorKind::usage, problem);
  }
  spdlog::warn("{}", problem);
}

// The current state is the folder replayed on a scratch database (--from migrations); the new
// and changed columns are tried there too.
Planned plan_from_folder(const PlanRequest& request, const migrations::Directory& directory,
                         LoadedDesired desired, const dialects::Dialect*& dialect)
{
  auto scratch = open_scratch(request.dev_db, request.target.url);
  spdlog::debug("replaying {} on {}", request.dir.string(), scratch->describe());
  replay_folder(*scratch, directory, std::nullopt, "replaying " + request.dir.string());
  PlanSettings settings = request.settings;
  settings.live_counts = false; // the scratch tables hold no rows
  const Source source = scratch_source(*scratch);
  Planned planned = plan_against(source, std::move(desired).for_source(source), settings);
  check_columns(*scratch, planned, columns_to_check(planned, false), nullptr);
  dialect = &scratch->dialect();
  return planned;
}

// The new and changed columns `planned` has that the --db database does not already use, tried
// on it (temporary tables, rolled back) when it holds every type and function they name, else on
// a scratch database, when one can be had.
void try_new_columns(Database& db, const PlanRequest& request, const Planned& planned)
{
  const auto columns = columns_to_check(planned, true);
  if (columns.empty() || check_columns_on_target(*db.connection, *db.dialect, planned, columns)) {
    return;
  }
  std::unique_ptr<migrations::ScratchDatabase> scratch;
  try {
    scratch = open_scratch(request.dev_db, request.target.url);
  } catch (const Error& e) {
    spdlog::warn("the types and defaults of {} new or changed column(s) were not tried: no scratch database ({}); "
                 "give --dev-db URL (an empty database strata may fill and clear) or a --db account that may create "
                 "databases",
                 columns.size(), e.what());
    return;
  }
  check_columns(*scratch, planned, columns, db.connection.get());
}

// The current state is the --db database. The plan is rendered (into `rendered`) on a second
// thread while its new columns are tried (try_new_columns): a column the engine refuses is
// reported as before, the rendering dropped.
Planned plan_from_database(Database& db, const PlanRequest& request, LoadedDesired desired, LiveRead ahead,
                           const dialects::Dialect*& dialect, std::optional<migrations::RenderedPlan>& rendered)
{
  const Source source = source_of(db);
  Planned planned = plan_against(source, std::move(desired).for_source(source), request.settings, std::move(ahead));
  dialect = db.dialect;
  auto rendering = std::async(std::launch::async, [&] {
    return migrations::render_plan(planned.plan, *db.dialect, &planned.live, &planned.desired, request.settings);
  });
  try_new_columns(db, request, planned); // on a failure, rendering's destructor waits for it
  rendered = rendering.get();
  return planned;
}

} // namespace

std::string make_slug(const std::string& name)
{
  std::string slug;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0) {
      slug += static_cast<char>(std::tolower(u));
    } else if (!slug.empty() && slug.back() != '_') {
      slug += '_';
    }
  }
  while (!slug.empty() && slug.back() == '_') {
    slug.pop_back();
  }
  if (slug.empty()) {
    throw Error(ErrorKind::usage, "--name '" + name + "' has no letters or digits to make a file name from");
  }
  return slug;
}

namespace {

// What run_plan finds before it needs the desired schema: the folder, the version and file name
// of the next migration, and the current state: the database (its live schema read ahead), or
// the folder replayed (from_folder).
struct Current {
  migrations::Directory directory;
  std::optional<Database> db{};
  bool from_folder = false;
  std::optional<LiveRead> ahead{};
  std::string version{};
  std::string slug{};
};

Current open_current(const PlanRequest& request)
{
  Current current{migrations::Directory::open(request.dir)};
  const auto& directory = current.directory;
  directory.verify_sum_or_throw();
  if (!request.version.empty()) {
    check_version(request.version);
    check_version_free(request.version, directory, request.dry_run);
  }
  auto& db = current.db;
  bool& from_folder = current.from_folder;
  from_folder = request.from_migrations;
  if (from_folder && !request.target.schema_names.empty()) {
    // The replay runs on the scratch database's own default schema; the files' unqualified
    // objects would not land where --schema-name says.
    throw Error(ErrorKind::usage, "--schema-name cannot be combined with --from migrations");
  }
  if (!from_folder) {
    db = open_or_empty(request.target);
    const auto gate = read_history_gate(*db, directory);
    if (request.dry_run && request.target.schema_names.empty() && gate.status.dirty.empty() &&
        !gate.status.pending.empty()) {
      // The preview of what `plan` would write next: on top of the pending files, which the
      // database has not run yet, so the folder is the state to plan from.
      spdlog::info("{} migration(s) pending on {}: the dry run plans from the migration folder replayed on a "
                   "scratch database (as --from migrations)",
                   gate.status.pending.size(), db->connection->redacted_url());
      from_folder = true;
      db.reset();
    } else {
      // Planning on top of unapplied files would duplicate their changes in the new migration,
      // and on top of a dirty (half-applied) database it would plan from a state nobody reviewed.
      refuse_unless_current(gate, db->connection->redacted_url());
      current.ahead = read_ahead(source_of(*db), true); // plan is not read-only: normalized there
    }
  }
  current.version = request.version.empty() ? directory.next_version() : request.version;
  current.slug = request.name.empty() ? std::string("strata") : make_slug(request.name);
  return current;
}

} // namespace

PlanResult run_plan(const PlanRequest& request)
{
  // The schema file loads on a second thread while the folder is checked and the database opened
  // and read, and is prepared there for the target (unless the plan starts from the folder); its
  // own error, if it has one, is the one reported (offline mistakes first).
  DesiredLoad load(request.schema_path, engine_of(request.target), request.from_migrations ? nullptr : &request.target);
  Current current = load.alongside([&] { return open_current(request); });
  LoadedDesired desired = load.get();
  const auto& directory = current.directory;
  const bool from_folder = current.from_folder;
  auto& db = current.db;
  const std::string& version = current.version;
  const std::string& slug = current.slug;

  const dialects::Dialect* dialect = nullptr;
  std::optional<migrations::RenderedPlan> rendered_plan;
  Planned planned =
    from_folder ? plan_from_folder(request, directory, std::move(desired), dialect)
                : plan_from_database(*db, request, std::move(desired), std::move(*current.ahead), dialect, rendered_plan);
  refuse_empty_schema(planned, request.schema_path,
                      from_folder ? "the migration folder " + request.dir.string() + " (replayed)"
                                  : "the database " + db->connection->redacted_url(),
                      request.allow_empty);
  if (!rendered_plan) {
    rendered_plan = migrations::render_plan(planned.plan, *dialect, &planned.live, &planned.desired, request.settings);
  }
  auto rendered = migrations::render_migration(planned.plan, *rendered_plan, version, slug);
  std::optional<migrations::WrittenFiles> files;
  if (!planned.plan.empty() && !request.dry_run) {
    files = migrations::write_migration(rendered, request.dir);
  }
  return PlanResult{dialect, std::move(planned), version, std::move(*rendered_plan), std::move(rendered),
                    std::move(files)};
}

} // namespace strata::workflows
