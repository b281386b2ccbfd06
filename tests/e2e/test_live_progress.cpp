// The live status line of a long statement: with STRATA_PROGRESS=always (what a terminal gets) the
// elapsed time is redrawn in place while the statement runs and erased before its "took" line;
// on a pipe, or with --quiet, there is none.

#include "tests/e2e/support/engine.hpp"
#include "tests/e2e/support/fixtures.hpp"

#include <catch2/catch.hpp>

using namespace strata::e2e;

namespace {

// One statement that runs for a few seconds (line 1 of its file).
const PerEngine<std::string> k_slow_statement{
  slow_insert_sql("filler"),
  "SELECT pg_sleep(2.5);\n",
  "SELECT SLEEP(2.5);\n",
};

const std::string k_erase = "\r\x1b[K";

} // namespace

TEMPLATE_TEST_CASE("a long statement shows its elapsed time live, then its duration", "[e2e][progress]", sqlite,
                   postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  ws->exec("CREATE TABLE filler (n integer NOT NULL)");
  write_migration(*ws, "1", "slow", k_slow_statement[engine], "DELETE FROM filler;\n");
  write_migration(*ws, "2", "slow_again", k_slow_statement[engine], "DELETE FROM filler;\n");
  require_exit(ws->strata({"hash", "--dir", "migrations"}), 0);

  ProcessOptions forced;
  forced.env["STRATA_PROGRESS"] = "always";
  const auto live = ws->strata({"apply", "--db", ws->url(), "--dir", "migrations", "--to", "1"}, forced);
  require_exit(live, 0);
  INFO(live.err);
  const auto first = live.err.find(k_erase + "  statement 1 (line 1) of 1_slow.up.sql running for 1.");
  const auto erased = live.err.find(k_erase + "  statement 1 (line 1) of 1_slow.up.sql took ");
  REQUIRE(first != std::string::npos);
  REQUIRE(erased != std::string::npos);
  CHECK(first < erased);
  // Every redraw stays on one line; the line is erased before the statement's duration is logged.
  CHECK(live.err.substr(first, erased - first).find('\n') == std::string::npos);
  CHECK(contains(live.err.substr(erased), "applied 1_slow.up.sql in "));

  // --quiet wins over STRATA_PROGRESS; a pipe without it gets plain lines only.
  ProcessOptions quiet = forced;
  const auto silent = ws->strata({"apply", "--db", ws->url(), "--dir", "migrations", "--quiet"}, quiet);
  require_exit(silent, 0);
  CHECK(silent.err.find('\r') == std::string::npos);
  require_exit(ws->run("rollback", {"--dir", "migrations", "--steps", "1", "--yes"}), 0);
  const auto piped = ws->run("apply", {"--dir", "migrations"});
  require_exit(piped, 0);
  CHECK(piped.err.find('\r') == std::string::npos);
  CHECK(contains(piped.err, "  statement 1 (line 1) of 2_slow_again.up.sql took "));
}
