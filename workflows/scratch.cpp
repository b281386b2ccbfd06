#include "workflows/scratch.hpp"

#include "dialects/registry.hpp"
#include "introspect/reader.hpp"
#include "schemas/error.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace strata::workflows {

std::unique_ptr<migrations::ScratchDatabase> open_scratch(const std::optional<dialects::DbUrl>& dev,
                                                          const std::optional<dialects::DbUrl>& target)
{
  if (!dev && !target) {
    throw Error(ErrorKind::usage, "no database to replay migrations on: give --dev-db URL (an empty database; "
                                  "sqlite::memory: for SQLite) or --db URL (a temporary database is created on its "
                                  "server), set STRATA_DEV_DB or STRATA_DB, or name them in strata.yaml (dev_db:, "
                                  "--env)");
  }
  if (dev && target && dev->scheme != target->scheme) {
    throw Error(ErrorKind::usage, "--dev-db " + dev->redacted() + " and --db " + target->redacted() +
                                    " are different engines");
  }
  const auto& dialect = dialects::dialect_for(dev ? *dev : *target);
  return migrations::ScratchDatabase::open(dialect, dev, target);
}

Source scratch_source(migrations::ScratchDatabase& scratch)
{
  return Source{scratch.connection(), scratch.dialect(), scratch.url(), {}, {}};
}

migrations::ExecutorOptions replay_options()
{
  migrations::ExecutorOptions options;
  options.lock_timeout = std::chrono::milliseconds(2000);
  options.yes = true;
  options.take_backups = false;
  options.check_sum = false;
  options.preflight = false; // a replay's database holds no rows to count
  // Nobody reads a scratch database on a standby: waiting for the standbys to replay each file
  // (pg_stat_replication polled until they did) cost PostgreSQL replays tens of milliseconds a file.
  options.replica_wait = std::chrono::milliseconds(0);
  options.applied_by = "strata-replay";
  options.progress = [](const std::string& line) { spdlog::debug("replay: {}", line); };
  return options;
}

void replay_folder(migrations::ScratchDatabase& scratch, const migrations::Directory& directory,
                   const std::optional<std::string>& to, const std::string& what)
{
  migrations::Executor replay(scratch.connection(), scratch.dialect(), scratch.url(), directory, replay_options());
  try {
    replay.apply(to, false);
  } catch (const Error& e) {
    throw Error(e.kind(), fmt::format("{} on {} failed: {}", what, scratch.describe(), e.what()));
  }
}

namespace {

introspect::ReadOptions snapshot_options(const dialects::Dialect& dialect)
{
  introspect::ReadOptions options;
  options.all_schemas = dialect.capabilities.schemas;
  return options;
}

} // namespace

schemas::Schema snapshot(dialects::Connection& connection, const dialects::Dialect& dialect)
{
  return dialect.normalize(introspect::read_schema(connection, dialect, snapshot_options(dialect)));
}

std::optional<introspect::Fingerprint> fingerprint(migrations::ScratchDatabase& scratch,
                                                   const introspect::Fingerprint* previous,
                                                   introspect::FingerprintDepth depth)
{
  return introspect::fingerprint(scratch.connection(), scratch.dialect(), snapshot_options(scratch.dialect()),
                                 previous, depth);
}

namespace {

// A scratch database's sizes say nothing of the real tables: its risks carry no estimates.
schemas::Schema without_estimates(schemas::Schema schema)
{
  for (auto& table : schema.tables) {
    table.estimate = {};
  }
  return schema;
}

} // namespace

schemas::Schema snapshot(migrations::ScratchDatabase& scratch)
{
  return without_estimates(snapshot(scratch.connection(), scratch.dialect()));
}

schemas::Schema SnapshotReader::read()
{
  if (m_whole) {
    return snapshot(m_scratch);
  }
  auto print = fingerprint(m_scratch, m_print ? &*m_print : nullptr, introspect::FingerprintDepth::changes);
  if (!print) {
    m_whole = true; // the engine takes none: whatever the database becomes, read_changed cannot help
    return snapshot(m_scratch);
  }
  if (m_print &&
      introspect::read_changed(m_scratch.connection(), m_scratch.dialect(), snapshot_options(m_scratch.dialect()),
                               m_last, *m_print, *print)) {
    m_print = std::move(print);
    return without_estimates(m_last);
  }
  auto schema = snapshot(m_scratch);
  m_print = std::move(print);
  m_last = schema;
  return schema;
}
schemas::Schema current_snapshot(std::optional<schemas::Schema>& known, migrations::ScratchDatabase& scratch)
{
  if (known) {
    auto schema = std::move(*known);
    known.reset();
    return schema;
  }
  return snapshot(scratch);
}

schemas::Schema replayed_schema(const std::optional<dialects::DbUrl>& dev, const std::optional<dialects::DbUrl>& target,
                                const migrations::Directory& directory, const std::optional<std::string>& up_to,
                                const std::string& what)
{
  auto scratch = open_scratch(dev, target);
  spdlog::debug("replaying migrations up to {} on {}", up_to.value_or("(none)"), scratch->describe());
  if (up_to) {
    replay_folder(*scratch, directory, up_to, "replaying " + what);
  }
  return snapshot(*scratch);
}

planner::Plan compare_schemas(const schemas::Schema& actual, const schemas::Schema& expected,
                              const dialects::Rendering& dialect)
{
  if (actual == expected) { // two snapshots of one state: nothing to plan (the usual case of a round trip)
    planner::Plan none;
    none.engine = dialect.name;
    return none;
  }
  return planner::plan_normal(actual, expected, dialect); // normal already: not normalized again
}

} // namespace strata::workflows
