// Which column type changes alter stored values and still succeed (Rendering::
// changes_stored_values), and the changed-values count (ProbeQuery::Kind::changed_values), checked
// against each real engine: the values are stored under the old type, counted, converted the way
// the engine converts them (PostgreSQL ALTER ... TYPE ... USING, MariaDB MODIFY, SQLite's rebuild
// copy into a table of the new type) and compared with a copy of the originals.
#include "dialects/sqlite/sqlite_dialect.hpp"
#include "dialects/registry.hpp"
#include "tests/support/mysql_database.hpp"
#include "tests/support/postgres_database.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace strata;
using dialects::ProbeQuery;

namespace {

struct Change {
  std::string from;
  std::string to;
  std::vector<std::string> values; // SQL literals
  bool alters = false;             // the engine's decision expected
  // The oracle's condition for this change when the engine's default cannot compare the two
  // types as they are (text with a number, an integer with a float).
  const char* differs = nullptr;
};

// One engine's SQL for the oracle: the conversion, and a condition true when the value of `saved`.x
// and `new`.x differ (value and, on SQLite, storage class).
struct Oracle {
  std::string (*convert)(const Change& change);
  const char* differs;
};

long long number(dialects::Connection& c, const std::string& sql)
{
  INFO(sql);
  const auto result = c.query(sql);
  REQUIRE(result.rows.size() == 1);
  return std::stoll(result.rows[0][0].value_or("-1"));
}

// Stores change.values as t.x of type change.from (and a copy in `saved`), counts with the dialect's
// probe, converts, and checks the count and the decision against what changed.
void check_change(const dialects::Dialect& dialect, dialects::Connection& c, const Oracle& oracle,
                  const Change& change)
{
  INFO(dialect.name << ": " << change.from << " -> " << change.to);
  c.execute("DROP TABLE IF EXISTS t");
  c.execute("DROP TABLE IF EXISTS saved");
  for (const char* table : {"t", "saved"}) {
    c.execute(std::string("CREATE TABLE ") + table + " (id integer PRIMARY KEY, x " + change.from + ")");
    std::string rows = "(0, NULL)";
    int id = 0;
    for (const auto& value : change.values) {
      rows += ", (" + std::to_string(++id) + ", " + value + ")";
    }
    c.execute(std::string("INSERT INTO ") + table + " (id, x) VALUES " + rows);
  }
  const auto before = schemas::ColumnType::parse(change.from);
  const auto after = schemas::ColumnType::parse(change.to);
  ProbeQuery probe;
  probe.kind = ProbeQuery::Kind::changed_values;
  probe.table = {"", "t"};
  probe.columns = {"x"};
  probe.from_type = before;
  probe.to_type = after;
  const long long counted = number(c, dialect.probe_sql(probe));

  c.execute(oracle.convert(change));
  const long long changed =
    number(c, std::string("SELECT count(*) FROM saved JOIN t ON t.id = saved.id WHERE ") +
                (change.differs != nullptr ? change.differs : oracle.differs));
  CHECK(counted == changed);
  CHECK(dialect.changes_stored_values(before, after) == change.alters);
  // The values chosen show the loss wherever the engine decides there is one.
  CHECK((changed > 0) == change.alters);
}

std::string pg_convert(const Change& change)
{
  return "ALTER TABLE t ALTER COLUMN x TYPE " + change.to + " USING x::" + change.to;
}

std::string my_convert(const Change& change)
{
  return "ALTER TABLE t MODIFY x " + change.to;
}

const std::vector<Change> k_postgres{
  {"numeric(30,10)", "numeric(12,2)", {"1.2345678901", "2.5", "3", "-0.005"}, true},
  {"numeric", "numeric(12,2)", {"1.005", "2.5"}, true},
  {"numeric(12,4)", "integer", {"1.5", "2"}, true},
  {"numeric(12,2)", "numeric(14,2)", {"1.23", "2.5"}, false},
  {"numeric(12,2)", "numeric(14,4)", {"1.23"}, false},
  {"numeric(14,2)", "numeric(12,2)", {"1.23"}, false}, // fewer digits fail rather than change
  {"timestamp(6)", "timestamp(0)", {"'2026-01-01 23:59:59.5'", "'2026-01-02 10:00:00'"}, true},
  {"timestamp", "timestamp(3)", {"'2026-01-01 10:00:00.1234'", "'2026-01-02 10:00:00.123'"}, true},
  {"timestamptz(6)", "timestamptz(0)", {"'2026-01-01 23:59:59.5+00'"}, true},
  {"time(3)", "time(0)", {"'10:00:00.123'", "'11:00:00'"}, true},
  {"timestamp(0)", "timestamp(6)", {"'2026-01-01 23:59:59'"}, false},
  {"double precision", "real", {"3.141592653589793", "0.5", "2", "'NaN'", "'Infinity'", "0"}, true},
  {"real", "double precision", {"3.1415927", "0.5"}, false},
  {"integer", "bigint", {"2147483647", "-1"}, false},
  {"bigint", "integer", {"5", "-1"}, false}, // out of range fails rather than changes
  {"varchar(20)", "varchar(5)", {"'abcdefgh'", "'abc'"}, true},
  {"text", "varchar(3)", {"'abcd'", "'ab'"}, true},
  {"varchar(5)", "varchar(20)", {"'abcde'"}, false},
  // Text to a number keeps the number, not the text; json -> jsonb orders keys, keeps the last of
  // duplicates and rewrites white space; integers beyond a float's mantissa are rounded.
  {"text", "integer", {"'007'", "' 7 '", "'42'", "'-3'"}, true, "saved.x IS DISTINCT FROM t.x::text"},
  {"varchar(20)", "bigint", {"'+5'", "'5'"}, true, "saved.x IS DISTINCT FROM t.x::text"},
  {"text", "numeric(10,2)", {"'1.5'", "'1.50'", "' 2'", "'3.14159'", "'-0.25'"}, true,
   "saved.x IS DISTINCT FROM t.x::text"},
  {"text", "numeric", {"'1e3'", "'1.50'", "'007.5'"}, true, "saved.x IS DISTINCT FROM t.x::text"},
  {"text", "double precision", {"'0.10'", "'0.5'", "'1e3'", "'-2'"}, true, "saved.x IS DISTINCT FROM t.x::text"},
  {"text", "real", {"'0.1'", "'16777217'", "'2.5'"}, true, "saved.x IS DISTINCT FROM t.x::text"},
  {"json", "jsonb", {"'{\"b\":1,\"a\":2}'", "'{\"a\": 1}'", "'[1, 2]'", "'{\"a\":1,\"a\":2}'"}, true,
   "saved.x::text IS DISTINCT FROM t.x::text"},
  {"bigint", "double precision", {"9007199254740993", "9007199254740992", "1", "-9007199254740993"}, true,
   "saved.x IS DISTINCT FROM t.x::bigint"},
  {"integer", "real", {"16777217", "16777216", "5", "2147483647"}, true,
   "saved.x::double precision IS DISTINCT FROM t.x::double precision"},
  {"bigint", "real", {"16777217", "3"}, true, "saved.x::double precision IS DISTINCT FROM t.x::double precision"},
  {"integer", "double precision", {"2147483647", "-2147483648"}, false},
  {"smallint", "real", {"32767", "-32768"}, false, "saved.x::double precision IS DISTINCT FROM t.x::double precision"},
};

const std::vector<Change> k_mysql{
  {"decimal(30,10)", "decimal(12,2)", {"1.2345678901", "2.5", "3", "-0.005"}, true},
  {"decimal(12,2)", "decimal(14,2)", {"1.23", "2.5"}, false},
  {"decimal(12,2)", "decimal(14,4)", {"1.23"}, false},
  {"datetime(6)", "datetime", {"'2026-01-01 23:59:59.5'", "'2026-01-02 10:00:00'"}, true},
  {"datetime(6)", "datetime(3)", {"'2026-01-01 10:00:00.1234'", "'2026-01-02 10:00:00.123'"}, true},
  {"timestamp(3)", "timestamp", {"'2026-01-01 10:00:00.5'", "'2026-01-01 11:00:00'"}, true},
  {"time(3)", "time", {"'10:00:00.123'", "'11:00:00'"}, true},
  {"datetime", "datetime(6)", {"'2026-01-01 23:59:59'"}, false},
  {"double", "float", {"3.141592653589793", "0.5", "2", "0"}, true},
  {"float", "double", {"0.5", "3.25"}, false},
  {"int", "bigint", {"2147483647", "-1"}, false},
  {"bigint", "int", {"5", "-1"}, false},              // out of range fails rather than changes
  {"varchar(20)", "varchar(5)", {"'abc'", "'ab'"}, false}, // too long fails rather than changes
  // Text to a number keeps the number, not the text (bytes compared: no PAD SPACE); integers
  // beyond a float's mantissa are rounded.
  {"varchar(20)", "int", {"'007'", "' 7'", "'7 '", "'42'", "'-3'"}, true,
   "NOT (BINARY saved.x <=> BINARY CAST(t.x AS CHAR))"},
  {"text", "bigint unsigned", {"'+5'", "'5'"}, true, "NOT (BINARY saved.x <=> BINARY CAST(t.x AS CHAR))"},
  {"varchar(20)", "decimal(10,2)", {"'1.5'", "'1.50'", "' 2'", "'3.14159'", "'-0.25'"}, true,
   "NOT (BINARY saved.x <=> BINARY CAST(t.x AS CHAR))"},
  {"varchar(20)", "double", {"'0.10'", "'0.5'", "'1e3'", "'-2'"}, true,
   "NOT (BINARY saved.x <=> BINARY CAST(t.x AS CHAR))"},
  {"bigint", "double", {"9007199254740993", "9007199254740992", "1", "-9007199254740993"}, true,
   "NOT (saved.x <=> CAST(t.x AS SIGNED))"},
  {"int", "float", {"16777217", "16777216", "5", "2147483647"}, true, "NOT (saved.x <=> CAST(t.x AS SIGNED))"},
  {"bigint unsigned", "double", {"9007199254740993", "7"}, true,
   "NOT (saved.x <=> CAST(t.x AS UNSIGNED))"},
  {"int", "double", {"2147483647", "-2147483648"}, false, "NOT (saved.x <=> CAST(t.x AS SIGNED))"},
  {"mediumint", "float", {"8388607", "-8388608"}, false, "NOT (saved.x <=> CAST(t.x AS SIGNED))"},
};

// Every change of `changes` on a fresh database of a test server.
template <class Database>
void check_all(const std::string& engine, const Oracle& oracle, const std::vector<Change>& changes,
               const std::string& session_setup = {})
{
  Database db;
  if (!session_setup.empty()) {
    db.connection().execute(session_setup); // a throw-away database: no need to wait for each commit
  }
  const auto& dialect = dialects::dialect_for(engine);
  for (const auto& change : changes) {
    check_change(dialect, db.connection(), oracle, change);
  }
}

} // namespace

TEST_CASE("postgres: changes that round, cut or narrow are lossy and counted exactly", "[postgres][value-changes]")
{
  check_all<test::PostgresDatabase>("postgres", {&pg_convert, "saved.x IS DISTINCT FROM t.x"}, k_postgres,
                                    "SET synchronous_commit = off");
}

TEST_CASE("mysql: changes that round are lossy and counted exactly", "[mysql][value-changes]")
{
  check_all<test::MysqlDatabase>("mysql", {&my_convert, "NOT (saved.x <=> t.x)"}, k_mysql);
}

TEST_CASE("sqlite: an affinity change that converts values is lossy and counted exactly", "[sqlite][value-changes]")
{
  test::TempDir dir;
  const auto& dialect = dialects::sqlite::dialect();
  auto c = dialect.connect(dialects::DbUrl::parse("sqlite:" + (dir.path() / "t.db").string()));
  c->execute("PRAGMA synchronous = OFF"); // 66 conversions of a throw-away file: no need to sync each
  // What a rebuild does: the rows copied into a table of the new type.
  const Oracle oracle{[](const Change& change) {
                        return "CREATE TABLE n (id integer PRIMARY KEY, x " + change.to +
                               "); INSERT INTO n SELECT id, x FROM t; DROP TABLE t; ALTER TABLE n RENAME TO t";
                      },
                      "quote(saved.x) IS NOT quote(t.x)"};
  // Every storage class, text that reads as a number or not, floats with and without a fraction.
  const std::vector<std::string> values{"1", "1.0", "1.5", "'007'", "'abc'", "'1.5'", "x'00'", "9007199254740993",
                                        "' 12 '", "'0x10'"};
  const std::vector<std::string> types{"integer", "text", "blob", "real", "numeric", "varchar(10)", "double", ""};
  const auto affinity = [](const std::string& type) {
    return type == "varchar(10)" ? "text" : type == "double" ? "real" : type.empty() ? "blob" : type;
  };
  for (const auto& from : types) {
    for (const auto& to : types) {
      const std::string a = affinity(from);
      const std::string b = affinity(to);
      const bool numeric_pair = (a == "integer" || a == "numeric") && (b == "integer" || b == "numeric");
      check_change(dialect, *c, oracle, Change{from, to, values, a != b && b != "blob" && !numeric_pair});
    }
  }
  // Lengths and precisions are not enforced: nothing is cut or rounded.
  check_change(dialect, *c, oracle, Change{"varchar(100)", "varchar(2)", {"'abcdef'"}, false});
  check_change(dialect, *c, oracle, Change{"numeric(30,10)", "numeric(12,2)", {"1.2345678901"}, false});
}
