// `-- strata: batch` directives: the statement each one batches, its settings, the table and
// alias it walks, the statement narrowed to one range of keys, and the errors naming file:line.

#include "migrations/batch_step.hpp"
#include "migrations/directory.hpp"
#include "schemas/error.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace strata::migrations;

namespace {

std::vector<BatchStep> batches(const std::string& sql, bool header = true)
{
  return find_batches(sql, split_statements(sql), strata::dialects::lex::portable_syntax(), "f.sql", header);
}

std::string quoted(const std::string& value)
{
  return "'" + value + "'";
}

// The message of the Error `sql` throws.
std::string error_of(const std::string& sql, bool header = true)
{
  try {
    batches(sql, header);
  } catch (const strata::Error& e) {
    return e.what();
  }
  return "no error";
}

} // namespace

TEST_CASE("a batch directive belongs to the next statement and says key, size, sleep and timeout",
          "[migrations][batch]")
{
  const std::string sql = "-- strata: batched\n"
                          "ALTER TABLE users ADD COLUMN tier INTEGER;\n"
                          "-- strata: batch key=id size=5000 sleep=100ms timeout=5s\n"
                          "UPDATE users SET tier = 1 WHERE tier IS NULL;\n"
                          "-- strata: batch size=2 key=\"order id\"\n"
                          "DELETE FROM app.\"old orders\" o WHERE o.done = 1 RETURNING o.\"order id\";\n";
  const auto steps = batches(sql);
  REQUIRE(steps.size() == 2);
  CHECK(steps[0].statement == 1);
  CHECK(steps[0].line == 3);
  CHECK(steps[0].keys == std::vector<std::string>{"id"});
  CHECK(steps[0].size == 5000);
  CHECK(steps[0].sleep.count() == 100);
  CHECK(steps[0].timeout.count() == 5000);
  CHECK(steps[0].table == "users");
  CHECK(steps[0].qualifier == "users");
  CHECK(describe(steps[0]) == "key=id size=5000 sleep=100ms timeout=5s");
  CHECK(steps[1].statement == 2);
  CHECK(steps[1].keys == std::vector<std::string>{"order id"});
  CHECK(steps[1].table == "app.\"old orders\"");
  CHECK(steps[1].qualifier == "o");
  CHECK(batch_at(steps, 1) == &steps[0]);
  CHECK(batch_at(steps, 0) == nullptr);
}

TEST_CASE("a batched statement is narrowed to its range of keys inside its WHERE", "[migrations][batch]")
{
  const std::string update = "UPDATE users SET tier = CASE WHEN a > 1 THEN 2 ELSE 3 END WHERE tier IS NULL OR "
                             "(tier = 0) -- old rows\n  RETURNING id";
  const auto steps = batches("-- strata: batch key=id size=10\n" + update + ";\n");
  REQUIRE(steps.size() == 1);
  using Keys = std::vector<std::string>;
  CHECK(batch_statement(steps[0], update, {"\"id\""}, {}, {"10"}) ==
        "UPDATE users SET tier = CASE WHEN a > 1 THEN 2 ELSE 3 END WHERE (tier IS NULL OR (tier = 0)) AND "
        "users.\"id\" <= 10 -- old rows\n  RETURNING id");
  CHECK(batch_statement(steps[0], update, {"\"id\""}, {"10"}, {"20"}).find("users.\"id\" > 10 AND users.\"id\" <= 20") !=
        std::string::npos);
  CHECK(range_end_query(steps[0], {"\"id\""}, {"10"}) ==
        "SELECT strata_key1 FROM (SELECT \"id\" AS strata_key1 FROM users WHERE \"id\" > 10 ORDER BY \"id\" LIMIT "
        "10) strata_range ORDER BY strata_key1 DESC LIMIT 1");
  CHECK(range_end_query(steps[0], {"\"id\""}, Keys{}) ==
        "SELECT strata_key1 FROM (SELECT \"id\" AS strata_key1 FROM users ORDER BY \"id\" LIMIT 10) strata_range "
        "ORDER BY strata_key1 DESC LIMIT 1");

  const std::string insert = "INSERT INTO archive (id, body) SELECT s.id, s.body FROM source AS s, (SELECT 1) x "
                             "WHERE s.kind = 'x'";
  const auto copy = batches("-- strata: batch key=id size=3\n" + insert + ";\n");
  REQUIRE(copy.size() == 1);
  CHECK(copy[0].table == "source");
  CHECK(copy[0].qualifier == "s");
  CHECK(batch_statement(copy[0], insert, {"id"}, {"'a'"}, {"'b'"}) ==
        "INSERT INTO archive (id, body) SELECT s.id, s.body FROM source AS s, (SELECT 1) x WHERE (s.kind = 'x') AND "
        "s.id > 'a' AND s.id <= 'b'");
}

TEST_CASE("a composite key is walked in its columns' order, compared as tuples are", "[migrations][batch]")
{
  const std::string del = "DELETE FROM events e WHERE e.done = 1";
  const auto steps = batches("-- strata: batch key=tenant,\"event id\" size=100\n" + del + ";\n");
  REQUIRE(steps.size() == 1);
  CHECK(steps[0].keys == std::vector<std::string>{"tenant", "event id"});
  CHECK(describe(steps[0]) == "key=tenant,\"event id\" size=100");
  const std::vector<std::string> keys{"tenant", "\"event id\""};
  CHECK(range_end_query(steps[0], keys, {"3", "'x'"}) ==
        "SELECT strata_key1, strata_key2 FROM (SELECT tenant AS strata_key1, \"event id\" AS strata_key2 FROM events "
        "WHERE (tenant > 3 OR (tenant = 3 AND \"event id\" > 'x')) ORDER BY tenant, \"event id\" LIMIT 100) "
        "strata_range ORDER BY strata_key1 DESC, strata_key2 DESC LIMIT 1");
  CHECK(batch_statement(steps[0], del, keys, {"3", "'x'"}, {"5", "'y'"}) ==
        "DELETE FROM events e WHERE (e.done = 1) AND (e.tenant > 3 OR (e.tenant = 3 AND e.\"event id\" > 'x')) AND "
        "(e.tenant < 5 OR (e.tenant = 5 AND e.\"event id\" <= 'y'))");
  CHECK(batch_statement(steps[0], del, keys, {}, {"5", "'y'"}) ==
        "DELETE FROM events e WHERE (e.done = 1) AND (e.tenant < 5 OR (e.tenant = 5 AND e.\"event id\" <= 'y'))");
  CHECK(error_of("-- strata: batch key=a,,b size=10\nUPDATE t SET a = 1 WHERE b;\n").find("key '' is no column name") !=
        std::string::npos);
}

TEST_CASE("a walk's position is one key as it is, several as a tuple that reads back", "[migrations][batch]")
{
  CHECK(encode_key({"60000"}) == "60000");
  CHECK(decode_key("60000", 1) == std::vector<std::string>{"60000"});
  CHECK(decode_key("it's, (odd)", 1) == std::vector<std::string>{"it's, (odd)"});
  const std::vector<std::string> values{"3", "it's, (odd)", "-12", "", "0042x"};
  CHECK(encode_key(values) == "(3, 'it''s, (odd)', -12, '', '0042x')");
  CHECK(decode_key(encode_key(values), 5) == values);
  CHECK_THROWS_WITH(decode_key("(3, 'a')", 3), Catch::Contains("'(3, 'a')' of a batched step is no tuple of 3 keys"));
  CHECK_THROWS(decode_key("60000", 2));
  CHECK_THROWS(decode_key("(3, 'a'", 2));
}

TEST_CASE("keys are written as integers or as quoted text", "[migrations][batch]")
{
  CHECK(key_literal("42", &quoted) == "42");
  CHECK(key_literal("-7", &quoted) == "-7");
  CHECK(key_literal("a1", &quoted) == "'a1'");
  CHECK(key_literal("", &quoted) == "''");
  CHECK(key_literal("12345678901234567890", &quoted) == "'12345678901234567890'");
}

TEST_CASE("a malformed batch directive or statement is an error naming the file and line", "[migrations][batch]")
{
  CHECK(error_of("-- strata: batch key=id size=10\nUPDATE t SET a = 1 WHERE a IS NULL;\n", false) ==
        "f.sql:1: a batched step runs outside the file's transaction: the file's header says so with a "
        "`-- strata: batched` line");
  CHECK(error_of("SELECT 1;\n-- strata: batch key=id\nUPDATE t SET a = 1 WHERE b;\n").find("f.sql:2: -- strata: batch: "
                                                                                          "size= is missing") == 0);
  CHECK(error_of("SELECT 1;\n-- strata: batch key=id size=0\nUPDATE t SET a = 1 WHERE b;\n").find("size '0'") !=
        std::string::npos);
  CHECK(error_of("SELECT 1;\n-- strata: batch key=id size=5 sleep=5\nUPDATE t SET a = 1 WHERE b;\n")
          .find("sleep '5' is no duration") != std::string::npos);
  CHECK(error_of("SELECT 1;\n-- strata: batch key=id size=5 every=5\nUPDATE t SET a = 1 WHERE b;\n")
          .find("unknown setting 'every'") != std::string::npos);
  CHECK(error_of("SELECT 1;\n-- strata: batch key=id size=5\nUPDATE t SET a = 1;\n") ==
        "f.sql:2: a batched statement needs a WHERE clause (its ranges of keys are added to it)");
  CHECK(error_of("SELECT 1;\n-- strata: batch key=id size=5\nUPDATE t SET a = 1 WHERE b LIMIT 5;\n") ==
        "f.sql:2: a batched statement has no LIMIT (its batches are the key ranges)");
  CHECK(error_of("SELECT 1;\n-- strata: batch key=id size=5\nCREATE INDEX i ON t (a);\n") ==
        "f.sql:2: a batched statement is an UPDATE, a DELETE or an INSERT ... SELECT");
  CHECK(error_of("SELECT 1;\n-- strata: batch key=id size=5\n") == "f.sql:2: -- strata: batch is not followed by a statement");
  CHECK(error_of("UPDATE t SET a = 1\n-- strata: batch key=id size=5\nWHERE b;\n") ==
        "f.sql:2: -- strata: batch stands on its own line before the statement it batches, not inside one");
}

TEST_CASE("the header's batched line is read, and a batch line in the header is no header key", "[migrations][batch]")
{
  const auto header = parse_header("-- strata: version 1\n-- strata: batched\n-- strata: batch key=id size=5\n"
                                   "UPDATE t SET a = 1 WHERE b;\n");
  CHECK(header.batched);
  CHECK_FALSE(parse_header("-- strata: version 1\nSELECT 1;\n").batched);
}
