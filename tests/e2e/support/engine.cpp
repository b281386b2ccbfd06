#include "tests/e2e/support/engine.hpp"

#include "tests/e2e/support/fixtures.hpp"
#include "tests/e2e/support/my_support.hpp"
#include "tests/e2e/support/pg_support.hpp"
#include "tests/e2e/support/sqlite_workspace.hpp"

#include <catch2/catch.hpp>

namespace strata::e2e {

namespace {

template <class W>
std::unique_ptr<DbWorkspace> make()
{
  return std::make_unique<W>();
}

// The table, in EngineId order.
const Engine k_engines[] = {
  {EngineId::sqlite, "sqlite", &make<SqliteWorkspace>, false, true, false},
  {EngineId::postgres, "postgres", &make<PgWorkspace>, true, true, true},
  {EngineId::mysql, "mysql", &make<MyWorkspace>, false, false, true},
};

} // namespace

const Engine& engine_by_id(EngineId id)
{
  return k_engines[static_cast<int>(id)];
}

SqliteWorkspace::SqliteWorkspace() : DbWorkspace(engine_by_id(EngineId::sqlite)) {}

dialects::Value DbWorkspace::scalar(const std::string& sql)
{
  const auto result = rows(sql);
  INFO(sql);
  REQUIRE_FALSE(result.empty());
  REQUIRE_FALSE(result.front().empty());
  return result.front().front();
}

ProcessResult DbWorkspace::run(const std::string& command, std::vector<std::string> args) const
{
  std::vector<std::string> argv{command};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.push_back("--db");
  argv.push_back(url());
  return strata(argv);
}

void check_probes(DbWorkspace& ws, const std::vector<Probe>& probes)
{
  for (const auto& probe : probes) {
    INFO(ws.engine().name << ": " << probe.sql);
    CHECK(ws.rows(probe.sql) == probe.expected);
  }
}

std::string newest_version(DbWorkspace& ws)
{
  const auto history = ws.history();
  REQUIRE_FALSE(history.empty());
  return history.back().substr(0, history.back().find('|'));
}

void apply_books_v1(DbWorkspace& ws)
{
  ws.write("v1.yaml", k_books_v1_yaml);
  require_exit(ws.run("plan", {"--schema", "v1.yaml", "--dir", "migrations", "--name", "v1", "--version", k_v1_version}),
               2);
  ws.migration_file_ending(std::string(k_v1_version) + "_v1.up.sql");
  // Nothing destructive: no --yes needed even without a terminal.
  require_exit(ws.run("apply", {"--dir", "migrations"}), 0);
  REQUIRE(ws.history() == std::vector<std::string>{std::string(k_v1_version) + "|applied"});
  ws.exec(k_books_v1_rows_sql);
}

void apply_books_v2(DbWorkspace& ws)
{
  ws.write("v2.yaml", k_books_v2_yaml);
  require_exit(ws.run("plan", {"--schema", "v2.yaml", "--dir", "migrations", "--name", "v2", "--version", k_v2_version}),
               2);
  const auto up = read_text(ws.migration_file_ending(std::string(k_v2_version) + "_v2.up.sql"));
  ws.migration_file_ending(std::string(k_v2_version) + "_v2.down.sql");
  INFO(up);
  CHECK(contains(up, "-- strata:"));
  CHECK(contains(up, "legacy_code")); // the dropped column is named (risk and backup lines)
  require_exit(ws.run("apply", {"--dir", "migrations", "--yes"}), 0);
  const auto history = ws.history();
  REQUIRE(history.size() == static_cast<std::size_t>(1 + index_step_versions(ws.engine())));
  REQUIRE(history.front() == std::string(k_v1_version) + "|applied");
  REQUIRE(history[1] == std::string(k_v2_version) + "|applied");
  for (const auto& entry : history) {
    REQUIRE(entry.substr(entry.size() - 8) == "|applied");
  }
}

void apply_hand_written(DbWorkspace& ws, const std::string& version, const std::string& slug,
                        const std::string& up_sql, const std::string& down_sql)
{
  write_migration(ws, version, slug, up_sql, down_sql);
  require_exit(ws.strata({"hash", "--dir", "migrations"}), 0);
  require_exit(ws.run("apply", {"--dir", "migrations"}), 0);
}

} // namespace strata::e2e
