// Read-only commands write nothing, on every engine: with a project applied and a schema.yaml in
// sync with it (on the servers, whose expressions need the server's spelling), inspect, both
// drifts, status, history, backup list, lint and verify run as an account that may only read the
// database, and succeed; the engine's evidence shows nothing written (support/read_only.hpp:
// SQLite's file bytes, modification time and folder; the servers' catalog fingerprints and
// statement logs). SQLite-only extras: test_sqlite_read_only.cpp.
#include "tests/e2e/support/engine.hpp"
#include "tests/e2e/support/read_only.hpp"

#include <catch2/catch.hpp>

using namespace strata::e2e;

TEMPLATE_TEST_CASE("read-only commands as an account that may only read write nothing", "[e2e][read_only]", sqlite,
                   postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  const auto& setup = k_read_only_setups[engine];
  auto ws = engine.workspace();
  setup.apply_project(*ws);
  // The test's own account sees the project in sync: the YAML's spellings are only spellings.
  require_exit(ws->run("drift", {"--schema", "schema.yaml"}), 0);

  const auto access = setup.read_only_access(*ws);
  run_read_only_commands(*ws, read_only_commands(access->url(), access->dev_db()));
  if (engine.scratch_database) {
    // The expressions did need the server's canonical forms, and they were probed on the --dev-db.
    const auto verbose = ws->strata({"--verbose", "drift", "--db", access->url(), "--schema", "schema.yaml",
                                     "--dev-db", access->dev_db()});
    require_exit(verbose, 0);
    CHECK(contains(verbose.err, "probed on the --dev-db"));
    // Without a scratch database (the account may not create one) drift still runs, and says
    // why spellings may show as drift.
    const auto alone = ws->strata({"drift", "--db", access->url(), "--schema", "schema.yaml"});
    INFO(alone.describe());
    CHECK((alone.exit_code == 0 || alone.exit_code == 2));
    CHECK(contains(alone.err, "--dev-db"));
  }
  access->check_nothing_written();
}
