#include "workflows/baseline.hpp"

#include "migrations/history.hpp"
#include "schemas/error.hpp"
#include "schemas/yaml.hpp"
#include "workflows/inspect.hpp"
#include "workflows/plan.hpp"
#include "workflows/scratch.hpp"

#include <fmt/format.h>


namespace strata::workflows {

namespace fs = std::filesystem;

namespace {

std::optional<std::string> read_if_exists(const fs::path& path)
{
  return fs::exists(path) ? std::optional<std::string>(migrations::read_bytes(path)) : std::nullopt;
}

// What run_baseline is about to write, as it was: undo() puts it back (a file that did not exist
// is removed, a folder it created is removed when empty again).
class WrittenUndo {
public:
  WrittenUndo(fs::path schema_file, fs::path dir)
    : m_schema(std::move(schema_file)), m_dir(std::move(dir)), m_schema_before(read_if_exists(m_schema)),
      m_sum_before(read_if_exists(m_dir / "strata.sum")), m_dir_existed(fs::exists(m_dir))
  {
  }

  void undo(const migrations::WrittenFiles* files) const
  {
    std::error_code ignored;
    if (files != nullptr) {
      fs::remove(files->up, ignored);
      fs::remove(files->down, ignored);
    }
    restore(m_dir / "strata.sum", m_sum_before);
    restore(m_schema, m_schema_before);
    if (!m_dir_existed) {
      fs::remove(m_dir, ignored); // only when empty
    }
  }

private:
  static void restore(const fs::path& path, const std::optional<std::string>& before)
  {
    std::error_code ignored;
    if (before) {
      migrations::write_file_atomic(path, *before);
    } else {
      fs::remove(path, ignored);
    }
  }

  fs::path m_schema;
  fs::path m_dir;
  std::optional<std::string> m_schema_before;
  std::optional<std::string> m_sum_before;
  bool m_dir_existed;
};

void refuse_unless_new(const BaselineRequest& request, const migrations::Directory& directory)
{
  const auto& files = directory.migrations();
  if (!files.empty()) {
    throw Error(ErrorKind::input,
                fmt::format("{} already holds {} migration(s) ({} .. {}): `strata baseline` starts a folder from a "
                            "database. To adopt a database that already holds the schema these files lead to, run "
                            "`strata apply --baseline VERSION` on it",
                            request.dir.string(), files.size(), files.front().file_name(), files.back().file_name()));
  }
  if (fs::exists(request.schema_path) && !request.force) {
    throw Error(ErrorKind::input, fmt::format("{} exists; `strata baseline` writes the live schema there: pass --force "
                                              "to replace it, or --schema another file",
                                              request.schema_path.string()));
  }
}

} // namespace

BaselineProof prove_baseline(Database& db, const migrations::Directory& directory, const std::string& version,
                             const std::optional<dialects::DbUrl>& dev)
{
  auto expected =
    replayed_schema(dev, db.url, directory, version, fmt::format("the migrations up to {}", version));
  PlanSettings settings;
  settings.read_only = ProbeScratch{dev, db.url};
  BaselineProof proof{fmt::format("migrations up to {}", version), plan_against(db, std::move(expected), settings), {},
                      db.dialect};
  proof.rendered_plan =
    migrations::render_plan(proof.planned.plan, *db.dialect, &proof.planned.live, &proof.planned.desired);
  return proof;
}

BaselineResult run_baseline(const BaselineRequest& request)
{
  const auto directory = migrations::Directory::open(request.dir);
  directory.verify_sum_or_throw();
  refuse_unless_new(request, directory);
  const std::string version = request.version.empty() ? directory.next_version() : request.version;
  check_version(version);

  Database db = open_database(request.target, Access::read_write);
  const auto url = db.connection->redacted_url();
  if (const auto rows = migrations::History(*db.connection, *db.dialect).rows(); !rows.empty()) {
    throw Error(ErrorKind::input,
                fmt::format("{} already has {} migration(s) in {}: it was adopted before; run `strata apply` (or "
                            "`strata status`) with its migration folder instead",
                            url, rows.size(), migrations::k_history_table));
  }
  const schemas::Schema live = read_whole_schema(db);
  if (live.tables.empty() && live.views.empty()) {
    throw Error(ErrorKind::input, fmt::format("{} holds no tables or views: there is nothing to baseline; write "
                                              "schema.yaml and run `strata plan` instead",
                                              url));
  }
  const auto& dialect = *db.dialect;
  auto creation = creation_of(live, dialect);
  const auto migration = migrations::render_baseline(creation.plan, creation.rendered, version);

  BaselineResult result{url, version, request.schema_path, live.tables.size(), live.views.size(), {}, {}};
  const WrittenUndo undo(request.schema_path, request.dir);
  const migrations::WrittenFiles* written = nullptr;
  try {
    migrations::write_file_atomic(request.schema_path, schemas::write_yaml(live, default_schema_of(source_of(db))));
    result.files = migrations::write_migration(migration, request.dir);
    written = &result.files;
    const auto folder = migrations::Directory::open(request.dir);
    migrations::Executor executor(*db.connection, dialect, db.url, folder, request.executor);
    executor.adopt(
      version,
      [&] {
        auto proof = prove_baseline(db, folder, version, request.dev_db);
        if (!proof.matches()) {
          result.mismatch = std::move(proof);
        }
        return !result.mismatch;
      },
      "baseline: the schema the database held, recorded by `strata baseline` without running it", false);
  } catch (...) {
    undo.undo(written);
    throw;
  }
  if (result.mismatch) {
    undo.undo(written);
  }
  return result;
}

AdoptResult run_apply_baseline(const RunRequest& request, const std::string& version,
                               const std::optional<dialects::DbUrl>& dev_db)
{
  if (request.to && migrations::compare_versions(*request.to, version) < 0) {
    throw Error(ErrorKind::usage, fmt::format("--to {} is older than --baseline {}", *request.to, version));
  }
  MigrationSession session(request.target, request.dir, Access::read_write, request.executor);
  AdoptResult result;
  const auto recorded = session.executor.adopt(
    version,
    [&] {
      auto proof = prove_baseline(session.db, session.directory, version, dev_db);
      if (!proof.matches()) {
        result.mismatch = std::move(proof);
      }
      return !result.mismatch;
    },
    fmt::format("recorded by `strata apply --baseline {}`: the live schema equalled the migrations replayed up to "
                "it",
                version),
    request.dry_run);
  for (const auto& v : recorded) {
    result.baselined.push_back(session.file_of(v));
  }
  if (result.mismatch) {
    return result;
  }
  if (!request.dry_run) {
    result.run = run_result_of(session, session.executor.apply(request.to, false), false);
    return result;
  }
  result.run.dry_run = true;
  for (const auto& m : session.directory.migrations()) {
    if (migrations::compare_versions(m.version, version) > 0 &&
        (!request.to || migrations::compare_versions(m.version, *request.to) <= 0)) {
      result.run.files.push_back(m.file_name());
    }
  }
  return result;
}

} // namespace strata::workflows
