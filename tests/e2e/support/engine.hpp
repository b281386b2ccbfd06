#pragma once
// The engine matrix of the end-to-end tests: a scenario is written once against `DbWorkspace` and
// runs on every engine of the table below. What differs between engines is data here (or in a
// scenario's own `PerEngine` table), never a branch hidden in a helper.
//
// Scenarios are Catch2 templated test cases over the tags `sqlite`, `postgres`, `mysql`: each
// engine is a test case of its own (named "<scenario> - <engine>"), so catch_discover_tests
// registers it separately and a server that is absent skips only its own engine.

#include "tests/e2e/support/database.hpp"
#include "tests/e2e/support/workspace.hpp"

#include <memory>
#include <string>
#include <vector>

namespace strata::e2e {

enum class EngineId { sqlite, postgres, mysql };
struct Engine;

// A workspace (temporary folder, the real binary) with a fresh database of one engine, and direct
// SQL access for preparing it and checking what strata did.
class DbWorkspace : public Workspace {
public:
  explicit DbWorkspace(const Engine& engine) : m_engine(engine) {}
  virtual ~DbWorkspace() = default;

  const Engine& engine() const { return m_engine; }
  // The URL strata is given (--db), and the database's own name (for "never printed" checks).
  virtual std::string url() const = 0;
  virtual std::string database_name() const = 0;

  virtual void exec(const std::string& sql) = 0;
  virtual std::vector<Row> rows(const std::string& sql) = 0;
  // The first column of the first row (fails the test when there is no row).
  dialects::Value scalar(const std::string& sql);
  virtual long long count(const std::string& table) = 0;
  virtual bool table_exists(const std::string& name) = 0;
  // Column names of `table` in their order.
  virtual std::vector<std::string> columns(const std::string& table) = 0;
  // "version|status" rows of strata_schema_history (empty when it does not exist).
  virtual std::vector<std::string> history() = 0;
  // Every catalog fact as sorted lines (strata's own objects left out): equal dumps mean an
  // unchanged schema.
  virtual std::string schema_dump() = 0;
  // A database of that name exists on the server (e.g. a scratch database left behind).
  virtual bool database_exists(const std::string& name) = 0;

  // strata <command> <args...> --db <url>
  ProcessResult run(const std::string& command, std::vector<std::string> args = {}) const;

private:
  const Engine& m_engine;
};

struct Engine {
  EngineId id;
  // As strata names it: the "engine" of json outputs, the markdown titles.
  const char* name;
  // A fresh workspace with an empty database (skips the test when the server's URL is absent).
  std::unique_ptr<DbWorkspace> (*workspace)();
  // PostgreSQL builds an index on a table that has rows CONCURRENTLY, which cannot run inside a
  // transaction: such a plan is written as two versions, the second a no-transaction file
  // "part-of" the first. The bookshop's v2 and v3 each add such an index.
  bool splits_concurrent_index_steps;
  // SQLite and PostgreSQL run a file and its history row in one transaction, so a failing
  // statement leaves nothing behind. MariaDB commits DDL as it goes: a failure leaves the file's
  // row `dirty` and `strata repair` settles it.
  bool transactional_ddl;
  // Replays (verify, lint, drift --against migrations) run in a temporary database on the server,
  // which --verbose names; SQLite replays in memory.
  bool scratch_database;
};

const Engine& engine_by_id(EngineId id);

// The type arguments of the templated test cases: their spelling is the test name's suffix.
struct sqlite { static constexpr EngineId id = EngineId::sqlite; };
struct postgres { static constexpr EngineId id = EngineId::postgres; };
struct mysql { static constexpr EngineId id = EngineId::mysql; };

template <class Tag>
const Engine& engine_of()
{
  return engine_by_id(Tag::id);
}

// One value per engine, for a scenario's per-engine data: {sqlite, postgres, mysql}.
template <class T>
struct PerEngine {
  T on_sqlite;
  T on_postgres;
  T on_mysql;

  const T& operator[](const Engine& e) const
  {
    return e.id == EngineId::sqlite ? on_sqlite : e.id == EngineId::postgres ? on_postgres : on_mysql;
  }
};

// A query and the rows it must return: an engine's own catalog checks, as data.
struct Probe {
  std::string sql;
  std::vector<Row> expected;
};
void check_probes(DbWorkspace& ws, const std::vector<Probe>& probes);

// How many versions the bookshop's v2 (or v3) is written as on this engine.
inline int index_step_versions(const Engine& e)
{
  return e.splits_concurrent_index_steps ? 2 : 1;
}

// The newest applied version (after the bookshop's v2 on PostgreSQL, v2's second half).
std::string newest_version(DbWorkspace& ws);

// Plans (`--version k_v1_version --name v1`) and applies v1 of the bookshop (fixtures.hpp),
// then inserts the v1 rows.
void apply_books_v1(DbWorkspace& ws);
// From v1 with rows: plans v2 (files written, exit 2) and applies it with --yes (exit 0).
void apply_books_v2(DbWorkspace& ws);

// Writes a hand-written migration (<version>_<slug>.up.sql and .down.sql), runs `strata hash` and
// applies it (both exit 0).
void apply_hand_written(DbWorkspace& ws, const std::string& version, const std::string& slug,
                        const std::string& up_sql, const std::string& down_sql);

} // namespace strata::e2e
