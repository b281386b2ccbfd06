// Issue 13, "Silent data loss": a type change that alters stored values and still succeeds
// (PostgreSQL/MariaDB: a smaller decimal scale, fewer fractional seconds, double -> real, text ->
// a number, bigint -> double, PostgreSQL json -> jsonb; SQLite: an affinity change that converts
// text to numbers or integers to floats) is destructive (D103), counted live, and backed up before
// it runs; after a rollback `backup restore` brings back every original value. Widening changes
// stay quiet in the up file; the down file, which narrows them back, backs up what it rounds.

#include "tests/e2e/support/engine.hpp"
#include "tests/e2e/support/fixtures.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace strata::e2e;

namespace {

struct Narrowing {
  // YAML column lines of v1 and v2 (after the id line).
  std::string v1_columns;
  std::string v2_columns;
  // The value of `bulk` for row n (SQL over the CTE's column n).
  std::string bulk_value;
  // Values of the other changed columns for rows 1 and 2.
  std::string extra_values_sql;
  std::vector<std::string> lossy; // columns backed up, besides bulk
  std::vector<std::string> kept;  // changed columns whose values all survive
  std::vector<std::string> down_lossy; // kept columns the down file narrows back (backed up by rollback)
};

// 1,500 rows; bulk changes in every row but each fourth: 1,125 values.
constexpr int k_narrowing_rows = 1500;
const char* const k_bulk_count = "1,125 values would change";

const PerEngine<Narrowing> k_cases{
  // SQLite: text -> integer converts '0n' text to the integer n; lengths and precisions are not
  // enforced, real -> double keeps the REAL affinity.
  {"      - { name: bulk, type: text }\n"
   "      - { name: big, type: integer }\n"
   "      - { name: fw, type: real }\n"
   "      - { name: label, type: varchar(100) }\n"
   "      - { name: huge, type: bigint }\n",
   "      - { name: bulk, type: integer }\n"
   "      - { name: big, type: bigint }\n"
   "      - { name: fw, type: double }\n"
   "      - { name: label, type: varchar(200) }\n"
   "      - { name: huge, type: double }\n",
   "CASE WHEN n % 4 = 0 THEN 'x' || n ELSE '0' || n END",
   "UPDATE measures SET big = 2147483647, fw = 0.5, label = 'abc', huge = 9007199254740993 WHERE id = 1",
   {"huge"},
   {"big", "fw", "label"},
   {}},
  {"      - { name: bulk, type: \"numeric(30,10)\" }\n"
   "      - { name: at, type: \"timestamp(6)\" }\n"
   "      - { name: ratio, type: double }\n"
   "      - { name: wide, type: \"numeric(12,2)\" }\n"
   "      - { name: big, type: integer }\n"
   "      - { name: fw, type: real }\n"
   "      - { name: tw, type: \"timestamp(0)\" }\n"
   "      - { name: code, type: text }\n"
   "      - { name: huge, type: bigint }\n"
   "      - { name: doc, type: json }\n",
   "      - { name: bulk, type: \"numeric(12,2)\" }\n"
   "      - { name: at, type: \"timestamp(0)\" }\n"
   "      - { name: ratio, type: real }\n"
   "      - { name: wide, type: \"numeric(14,2)\" }\n"
   "      - { name: big, type: bigint }\n"
   "      - { name: fw, type: double }\n"
   "      - { name: tw, type: \"timestamp(6)\" }\n"
   "      - { name: code, type: integer }\n"
   "      - { name: huge, type: double }\n"
   "      - { name: doc, type: jsonb }\n",
   "n + CASE WHEN n % 4 = 0 THEN 0.5 ELSE 0.1234567891 END",
   "UPDATE measures SET at = '2026-01-01 23:59:59.5', ratio = 3.141592653589793, wide = 1.23, big = 2147483647, "
   "fw = 0.5, tw = '2026-01-01 23:59:59', code = '007', huge = 9007199254740993, doc = '{\"b\": 1,  \"a\": 2}' "
   "WHERE id = 1",
   {"at", "ratio", "code", "huge", "doc"},
   {"wide", "big", "fw", "tw"},
   {"fw", "tw"}},
  {"      - { name: bulk, type: \"decimal(30,10)\" }\n"
   "      - { name: at, type: \"datetime(6)\" }\n"
   "      - { name: ratio, type: double }\n"
   "      - { name: wide, type: \"decimal(12,2)\" }\n"
   "      - { name: big, type: integer }\n"
   "      - { name: fw, type: real }\n"
   "      - { name: tw, type: datetime }\n"
   "      - { name: code, type: varchar(20) }\n"
   "      - { name: huge, type: bigint }\n",
   "      - { name: bulk, type: \"decimal(12,2)\" }\n"
   "      - { name: at, type: datetime }\n"
   "      - { name: ratio, type: real }\n"
   "      - { name: wide, type: \"decimal(14,2)\" }\n"
   "      - { name: big, type: bigint }\n"
   "      - { name: fw, type: double }\n"
   "      - { name: tw, type: \"datetime(6)\" }\n"
   "      - { name: code, type: integer }\n"
   "      - { name: huge, type: double }\n",
   "n + CASE WHEN n % 4 = 0 THEN 0.5 ELSE 0.1234567891 END",
   "UPDATE measures SET at = '2026-01-01 23:59:59.5', ratio = 3.141592653589793, wide = 1.23, big = 2147483647, "
   "fw = 0.5, tw = '2026-01-01 23:59:59', code = '007', huge = 9007199254740993 WHERE id = 1",
   {"at", "ratio", "code", "huge"},
   {"wide", "big", "fw", "tw"},
   {"fw", "tw"}}};

std::string columns_sql(const Narrowing& c)
{
  std::string out = "id";
  for (const auto& name : c.lossy) {
    out += ", " + name;
  }
  for (const auto& name : c.kept) {
    out += ", " + name;
  }
  return out + ", bulk";
}

} // namespace

TEMPLATE_TEST_CASE("a type change that alters stored values is destructive, counted, backed up and restorable",
                   "[e2e][narrowing][backup]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  const Narrowing& c = k_cases[engine];
  auto ws = engine.workspace();
  ws->write("v1.yaml", one_table_yaml("measures", "\n      - { name: id, type: integer }\n" + c.v1_columns));
  ws->write("v2.yaml", one_table_yaml("measures", "\n      - { name: id, type: integer }\n" + c.v2_columns));
  require_exit(ws->run("plan", {"--schema", "v1.yaml", "--dir", "migrations", "--version", k_v1_version, "--name", "v1"}),
               2);
  require_exit(ws->run("apply", {"--dir", "migrations", "--yes"}), 0);
  // 30 x 50 numbers (MariaDB stops a recursion at 1,000 iterations by default).
  ws->exec("INSERT INTO measures (id, bulk) SELECT n, " + c.bulk_value +
           " FROM (WITH RECURSIVE d(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM d WHERE k < 49) SELECT a.k * 50 + "
           "b.k + 1 AS n FROM d AS a CROSS JOIN d AS b WHERE a.k < 30) AS numbers");
  ws->exec(c.extra_values_sql);
  const std::string select = "SELECT " + columns_sql(c) + " FROM measures ORDER BY id";
  const auto original = ws->rows(select);
  REQUIRE(original.size() == static_cast<size_t>(k_narrowing_rows));

  // plan (exit 2: a file written): each lossy column is destructive, counted and backed up; the
  // widened ones stay quiet.
  const auto planned =
    ws->run("plan", {"--schema", "v2.yaml", "--dir", "migrations", "--version", k_v2_version, "--name", "v2"});
  INFO(planned.describe());
  CHECK(planned.exit_code == 2);
  CHECK(contains(planned.out, k_bulk_count));
  const std::string up = read_text(ws->migration_file_ending(std::string(k_v2_version) + "_v2.up.sql"));
  INFO(up);
  std::vector<std::string> lossy = c.lossy;
  lossy.emplace_back("bulk");
  for (const auto& name : lossy) {
    CHECK(contains(up, "-- strata: backup measures." + name + "\n"));
    CHECK(contains(up, "destructive D103 changing the type of measures." + name + " from "));
  }
  // A count follows the message in its own parentheses, never right after another.
  CHECK_FALSE(contains(up, ") ("));
  // Fewer fractional seconds round, they never fail.
  CHECK_FALSE(contains(up, "DD205 changing the type of measures.at "));
  // The down file narrows the widened columns back: what that rounds is backed up like an up
  // file's (and nothing else).
  const std::string down = read_text(ws->migration_file_ending(std::string(k_v2_version) + "_v2.down.sql"));
  INFO(down);
  for (const auto& name : c.kept) {
    const bool narrows = std::find(c.down_lossy.begin(), c.down_lossy.end(), name) != c.down_lossy.end();
    CHECK(contains(down, "-- strata: backup measures." + name + "\n") == narrows);
    CHECK(contains(down, "destructive D103 changing the type of measures." + name + " from ") == narrows);
  }
  CHECK(contains(up, "(1125 values would change)"));
  if (!c.lossy.empty()) {
    CHECK(contains(up, "(1 values would change)"));
  }
  for (const auto& name : c.kept) {
    CHECK_FALSE(contains(up, "backup measures." + name));
    CHECK_FALSE(contains(up, "D103 changing the type of measures." + name + " "));
    CHECK_FALSE(contains(up, "D103 narrowing measures." + name + " "));
  }

  // apply: the values change (that is the engine's conversion); the backups were taken first.
  require_exit(ws->run("apply", {"--dir", "migrations", "--yes"}), 0);
  CHECK(ws->rows(select) != original);

  // rollback restores the types, backup restore the values, byte for byte.
  require_exit(ws->run("rollback", {"--dir", "migrations", "--steps", "1", "--yes"}), 0);
  const auto listing = ws->run("backup", {"list", "--dir", "migrations"});
  require_exit(listing, 0);
  INFO(listing.describe());
  for (const auto& name : lossy) {
    const auto id = backup_id_from_listing(listing.out, k_v2_version + std::string("-measures-") + name);
    REQUIRE_FALSE(id.empty());
    require_exit(ws->run("backup", {"restore", id, "--dir", "migrations", "--yes"}), 0);
  }
  CHECK(ws->rows(select) == original);
  // The rollback backed up the columns its down file narrowed, under ids of their own.
  for (const auto& name : c.down_lossy) {
    CHECK(contains(listing.out, k_v2_version + std::string("-measures-") + name));
  }
}
