// The SQL-level checks of `strata lint`: keywords inside strings, comments and quoted identifiers
// never trigger; WHERE counts only at the statement's own level; capabilities decide what applies.
#include "migrations/sql_checks.hpp"

#include "dialects/registry.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace strata::migrations;
using strata::schemas::QualifiedName;
using strata::schemas::RiskLevel;

namespace {

// Tables `users` and `orders` existed before the file (with columns id, email); everything else is new.
SqlCheckContext context(bool transactional_ddl = true, bool concurrent_index = false, bool no_transaction = false)
{
  SqlCheckContext out;
  out.transactional_ddl = transactional_ddl;
  out.concurrent_index = concurrent_index;
  out.no_transaction_file = no_transaction;
  out.table_existed = [](const QualifiedName& table) { return table.name == "users" || table.name == "orders"; };
  out.column_existed = [](const QualifiedName&, const std::string& column) {
    return column == "id" || column == "email";
  };
  return out;
}

std::vector<std::string> codes(const std::string& sql, const SqlCheckContext& ctx = context())
{
  std::vector<std::string> out;
  for (const auto& finding : check_sql(split_statements(sql), ctx)) {
    out.push_back(finding.code);
  }
  return out;
}

using Codes = std::vector<std::string>;

} // namespace

TEST_CASE("UPDATE, DELETE without WHERE and TRUNCATE are flagged with codes, levels and lines", "[migrations][lint]")
{
  const auto findings = check_sql(split_statements("-- clean up\n"
                                                   "UPDATE users SET email = NULL;\n"
                                                   "\n"
                                                   "DELETE FROM orders;\n"
                                                   "TRUNCATE TABLE users, orders;\n"),
                                  context());
  REQUIRE(findings.size() == 4);
  CHECK(findings[0].code == "S601");
  CHECK(findings[0].kind == "destructive");
  CHECK(findings[0].level == RiskLevel::medium);
  CHECK(findings[0].line == 2);
  CHECK(findings[0].table.name == "users");
  CHECK(findings[1].code == "S602");
  CHECK(findings[1].level == RiskLevel::high);
  CHECK(findings[1].line == 4);
  CHECK(findings[1].statement == 1);
  CHECK(findings[1].table.name == "orders");
  CHECK(findings[2].code == "S603");
  CHECK(findings[2].table.name == "users");
  CHECK(findings[3].code == "S603");
  CHECK(findings[3].table.name == "orders");
  CHECK(findings[3].line == 5);
}

TEST_CASE("a WHERE inside a subquery does not count, one at the statement level does", "[migrations][lint]")
{
  CHECK(codes("UPDATE users SET email = (SELECT email FROM orders WHERE orders.id = users.id)") == Codes{"S601"});
  CHECK(codes("DELETE FROM users WHERE id IN (SELECT id FROM orders)").empty());
  CHECK(codes("DELETE FROM users USING orders WHERE orders.id = users.id").empty());
  CHECK(codes("WITH gone AS (SELECT id FROM orders WHERE id > 3) DELETE FROM users") == Codes{"S602"});
  CHECK(codes("WITH gone AS (SELECT id FROM orders) DELETE FROM users WHERE id IN (SELECT id FROM gone)").empty());
  CHECK(codes("UPDATE users SET email = 'x' WHERE id = 1").empty());
}

TEST_CASE("keywords inside strings, comments and quoted identifiers do not trigger", "[migrations][lint]")
{
  CHECK(codes("INSERT INTO orders (id, note) VALUES (1, 'DELETE FROM users; TRUNCATE users')").empty());
  CHECK(codes("-- DELETE FROM users;\nSELECT 1").empty());
  CHECK(codes("/* UPDATE users SET email = NULL; */ SELECT 1").empty());
  CHECK(codes("INSERT INTO orders (body) VALUES ($$ DELETE FROM users $$)").empty());
  CHECK(codes("INSERT INTO orders (body) VALUES (E'it\\'s; DELETE FROM users')").empty());
  // A quoted WHERE is an identifier, not the keyword: the DELETE has no condition.
  CHECK(codes("DELETE FROM users AS \"where\"") == Codes{"S602"});
  // A string holding WHERE is no condition either.
  CHECK(codes("UPDATE users SET email = 'a WHERE b'") == Codes{"S601"});
  // A comment mentioning WHERE neither.
  CHECK(codes("DELETE FROM users -- WHERE id = 1\n") == Codes{"S602"});
}

TEST_CASE("tables created by the file and backfills of new columns are not flagged", "[migrations][lint]")
{
  CHECK(codes("CREATE TABLE fresh (id INT); DELETE FROM fresh; TRUNCATE fresh").empty());
  CHECK(codes("ALTER TABLE users ADD COLUMN score INT; UPDATE users SET score = 0").empty());
  CHECK(codes("UPDATE users SET score = 0, email = NULL") == Codes{"S601"});
  CHECK(codes("UPDATE \"users\" SET \"score\" = 1, rank = 2").empty());
  CHECK(codes("UPDATE ONLY public.users SET email = lower(email)") == Codes{"S601"});
}

TEST_CASE("CREATE INDEX without CONCURRENTLY on an existing table where the engine has it", "[migrations][lint]")
{
  const auto pg = context(true, true);
  const auto findings = check_sql(split_statements("CREATE TABLE fresh (id INT);\n"
                                                   "CREATE INDEX fresh_idx ON fresh (id);\n"
                                                   "CREATE UNIQUE INDEX IF NOT EXISTS users_email_idx ON ONLY "
                                                   "public.users (email);\n"),
                                  pg);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].code == "L313");
  CHECK(findings[0].kind == "locking");
  CHECK(findings[0].level == RiskLevel::medium);
  CHECK(findings[0].line == 3);
  CHECK(findings[0].message.find("users_email_idx") != std::string::npos);
  // Engines without concurrent builds: nothing to suggest.
  CHECK(codes("CREATE INDEX users_email_idx ON users (email)", context(true, false)).empty());
  // CONCURRENTLY in a no-transaction file: fine.
  CHECK(codes("CREATE INDEX CONCURRENTLY users_email_idx ON users (email)", context(true, true, true)).empty());
}

TEST_CASE("statements that cannot run in a transaction are flagged in transactional files", "[migrations][lint]")
{
  const auto pg = context(true, true);
  const auto findings = check_sql(split_statements("SELECT 1;\nCREATE UNIQUE INDEX CONCURRENTLY users_email_idx ON users (email)"), pg);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].code == "S604");
  CHECK(findings[0].kind == "transaction");
  CHECK(findings[0].level == RiskLevel::high);
  CHECK(findings[0].line == 2);
  CHECK(findings[0].message.rfind("CREATE UNIQUE INDEX CONCURRENTLY cannot run inside a transaction", 0) == 0);
  CHECK(codes("DROP INDEX CONCURRENTLY users_email_idx", pg) == Codes{"S604"});
  CHECK(codes("REINDEX INDEX CONCURRENTLY users_email_idx", pg) == Codes{"S604"});
  CHECK(codes("VACUUM ANALYZE users", pg) == Codes{"S604"});
  CHECK(codes("CREATE DATABASE other", pg) == Codes{"S604"});
  CHECK(codes("ALTER SYSTEM SET work_mem = '64MB'", pg) == Codes{"S604"});
  CHECK(codes("REFRESH MATERIALIZED VIEW CONCURRENTLY totals", pg).empty());
  CHECK(codes("COMMENT ON TABLE users IS 'VACUUM CONCURRENTLY'", pg).empty());
  // The no-transaction header makes them fine.
  CHECK(codes("VACUUM users; DROP INDEX CONCURRENTLY users_email_idx", context(true, true, true)).empty());
  // SQLite: VACUUM; a CONCURRENTLY word means nothing there.
  CHECK(codes("VACUUM", context(true, false)) == Codes{"S604"});
  // No transactional DDL (MySQL): the file never runs in one transaction.
  CHECK(codes("VACUUM", context(false, false)).empty());
}

TEST_CASE("a file mixing data changes with DDL is not atomic without transactional DDL", "[migrations][lint]")
{
  const auto my = context(false, false);
  const auto findings = check_sql(split_statements("ALTER TABLE users ADD COLUMN score INT;\n"
                                                   "INSERT INTO orders (id) VALUES (1);\n"
                                                   "INSERT INTO orders (id) VALUES (2);\n"),
                                  my);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].code == "S605");
  CHECK(findings[0].level == RiskLevel::low);
  CHECK(findings[0].line == 2);
  CHECK(codes("ALTER TABLE users ADD COLUMN score INT; INSERT INTO orders (id) VALUES (1)").empty());
  CHECK(codes("INSERT INTO orders (id) VALUES (1); INSERT INTO orders (id) VALUES (2)", my).empty());
}

TEST_CASE("renames are read from ALTER TABLE and RENAME TABLE statements", "[migrations][lint]")
{
  const auto renames = find_renames(split_statements("ALTER TABLE users RENAME COLUMN name TO full_name;\n"
                                                     "ALTER TABLE \"Orders\" RENAME TO purchases;\n"
                                                     "RENAME TABLE a TO b, shop.c TO d;\n"
                                                     "ALTER TABLE t CHANGE COLUMN old_name new_name INT NOT NULL, "
                                                     "RENAME COLUMN x TO y, CHANGE same same BIGINT;\n"
                                                     "ALTER TABLE u RENAME CONSTRAINT c1 TO c2;\n"
                                                     "SELECT 'ALTER TABLE v RENAME TO w';\n"));
  REQUIRE(renames.size() == 6);
  CHECK(renames[0].table.name == "users");
  CHECK(renames[0].from == "name");
  CHECK(renames[0].to == "full_name");
  CHECK_FALSE(renames[0].table_rename);
  CHECK(renames[1].table_rename);
  CHECK(renames[1].from == "Orders");
  CHECK(renames[1].to == "purchases");
  CHECK(renames[2].from == "a");
  CHECK(renames[2].to == "b");
  CHECK(renames[3].table.schema == "shop");
  CHECK(renames[3].to == "d");
  CHECK(renames[4].from == "old_name");
  CHECK(renames[4].to == "new_name");
  CHECK(renames[5].from == "x");
  CHECK(renames[5].to == "y");
}

TEST_CASE("the tables each statement writes are read with what it does to them", "[migrations][capture]")
{
  using Kind = TableWrite::Kind;
  const auto writes = table_writes(split_statements("UPDATE ONLY shop.users SET a = 1 WHERE id = 2;\n"
                                                    "INSERT OR REPLACE INTO \"Log\" (x) SELECT x FROM users;\n"
                                                    "DELETE FROM orders WHERE id IN (SELECT id FROM users);\n"
                                                    "TRUNCATE TABLE a, ONLY b;\n"
                                                    "CREATE TABLE IF NOT EXISTS t_new (id INT);\n"
                                                    "DROP TABLE IF EXISTS t, u;\n"
                                                    "ALTER TABLE t_new RENAME TO t;\n"
                                                    "ALTER TABLE events DETACH PARTITION events_2020;\n"
                                                    "MERGE INTO stock s USING x ON s.id = x.id WHEN MATCHED THEN DELETE;\n"
                                                    "SELECT 'DELETE FROM users';\n"));
  REQUIRE(writes.size() == 12);
  const auto at = [&](size_t i, size_t statement, Kind kind, const std::string& table) {
    INFO(i);
    CHECK(writes[i].statement == statement);
    CHECK(writes[i].kind == kind);
    CHECK(writes[i].table.name == table);
  };
  at(0, 0, Kind::update, "users");
  CHECK(writes[0].table.schema == "shop");
  at(1, 1, Kind::insert, "Log");
  at(2, 2, Kind::remove, "orders");
  at(3, 3, Kind::remove, "a");
  at(4, 3, Kind::remove, "b");
  at(5, 4, Kind::create, "t_new");
  at(6, 5, Kind::drop, "t");
  at(7, 5, Kind::drop, "u");
  at(8, 6, Kind::alter, "t_new");
  at(9, 6, Kind::rename, "t_new");
  CHECK(writes[9].to.name == "t");
  at(10, 7, Kind::remove, "events"); // rows leave with the partition
  at(11, 8, Kind::remove, "stock");
}

TEST_CASE("tokens drop literals and comments and keep quoted identifiers with their depth", "[migrations][lint]")
{
  const auto tokens = tokenize_sql("ALTER TABLE \"My \"\"T\"\"\" ADD CHECK (a > 'x'' y') -- email\n/* users */");
  CHECK(mentions_identifier(tokens, "my \"t\""));
  CHECK(mentions_identifier(tokens, "A"));
  CHECK_FALSE(mentions_identifier(tokens, "email"));
  CHECK_FALSE(mentions_identifier(tokens, "users"));
  CHECK_FALSE(mentions_identifier(tokens, "y"));
  CHECK(leading_keyword(tokens) == "ALTER");
  CHECK(leading_keyword(tokenize_sql("WITH x AS (SELECT 1) UPDATE t SET a = 1")) == "UPDATE");
  // MariaDB's SET STATEMENT … FOR: the statement it runs (how strata alters system-versioned tables).
  CHECK(leading_keyword(tokenize_sql("SET STATEMENT system_versioning_alter_history=KEEP FOR ALTER TABLE t DROP a")) ==
        "ALTER");
  CHECK(leading_keyword(tokenize_sql("SET STATEMENT max_statement_time=5, sql_mode='' FOR UPDATE t SET a = 1")) ==
        "UPDATE");
  CHECK(leading_keyword(tokenize_sql("SET NAMES 'utf8mb4'")) == "SET");
  std::set<int> depths;
  for (const auto& token : tokens) {
    depths.insert(token.depth);
  }
  CHECK(depths == std::set<int>{0, 1});
}

TEST_CASE("transaction control statements are recognised, compound blocks are not", "[migrations][lint]")
{
  for (const char* sql : {"BEGIN", "begin transaction", "BEGIN IMMEDIATE", "START TRANSACTION", "COMMIT", "END",
                          "ROLLBACK", "ROLLBACK TO SAVEPOINT a", "SAVEPOINT a", "RELEASE SAVEPOINT a", "RELEASE a",
                          "ABORT", "PREPARE TRANSACTION 'x'", "XA START 'x'", "commit work"}) {
    INFO(sql);
    CHECK_FALSE(transaction_control(tokenize_sql(sql)).empty());
  }
  CHECK(transaction_control(tokenize_sql("start  transaction read only")) == "START TRANSACTION");
  for (const char* sql : {"BEGIN NOT ATOMIC SELECT 1; END", "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END",
                          "PREPARE stmt FROM 'SELECT 1'", "SELECT 'COMMIT'", "\"commit\"", "-- COMMIT", "ENDS"}) {
    INFO(sql);
    CHECK(transaction_control(tokenize_sql(sql)).empty());
  }
  const auto findings = check_sql(split_statements("CREATE TABLE t2 (a int);\nCOMMIT;\nCREATE TABLE t3 (a int);\n"),
                                  context(false, false, true));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].code == "S606");
  CHECK(findings[0].kind == "transaction");
  CHECK(findings[0].level == RiskLevel::high);
  CHECK(findings[0].line == 2);
}

TEST_CASE("the checks read statements with the engine's lexer", "[migrations][lint]")
{
  const auto& engine = strata::dialects::dialect_for("mysql");
  auto ctx = context(false);
  ctx.syntax = &engine.file_syntax();
  const auto mysql_codes = [&](const std::string& sql) {
    Codes out;
    for (const auto& finding : check_sql(split_statements(sql, engine), ctx)) {
      out.push_back(finding.code);
    }
    return out;
  };
  // `#` starts a comment and `/*! */` holds code for MySQL/MariaDB, not for the portable lexer.
  CHECK(mysql_codes("DELETE FROM orders # WHERE id = 1\n;") == Codes{"S602"});
  CHECK(codes("DELETE FROM orders # WHERE id = 1\n;").empty());
  CHECK(mysql_codes("/*!40101 DELETE FROM orders */;") == Codes{"S602"});
  CHECK(codes("/*!40101 DELETE FROM orders */;").empty());
  CHECK(mysql_codes("SELECT 1--1;\nDELETE FROM orders;") == Codes{"S602"});
  CHECK(mysql_codes("/*!40101 COMMIT */;") == Codes{"S606"});
}

TEST_CASE("an UPDATE or DELETE that is no batched step is S607 on a table above the threshold",
          "[migrations][lint][batch]")
{
  auto ctx = context();
  // users has 500,000 rows (above the threshold); orders is below it.
  ctx.large_table = [](const QualifiedName& table) {
    return table.name == "users" ? std::optional<long long>(500000) : std::nullopt;
  };
  ctx.batched = [](size_t index) { return index == 1; };
  const auto findings = check_sql(split_statements("UPDATE users SET email = lower(email) WHERE id > 0;\n"
                                                   "UPDATE users SET email = upper(email) WHERE id > 0;\n"
                                                   "DELETE FROM users WHERE id < 0;\n"
                                                   "DELETE FROM orders WHERE id < 0;\n"
                                                   "UPDATE fresh SET a = 1 WHERE a IS NULL;\n"),
                                  ctx);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].code == "S607");
  CHECK(findings[0].kind == "locking");
  CHECK(findings[0].level == RiskLevel::medium);
  CHECK(findings[0].line == 1);
  CHECK(findings[0].table.name == "users");
  CHECK(findings[0].message.rfind("UPDATE of users (500000 rows) runs in one transaction", 0) == 0);
  CHECK(findings[1].line == 3);
  CHECK(findings[1].message.rfind("DELETE from users (500000 rows)", 0) == 0);
  // Without the live counts (no --db) nothing is flagged.
  CHECK(codes("UPDATE users SET email = lower(email) WHERE id > 0;\n").empty());
}
