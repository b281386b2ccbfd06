// The MySQL/MariaDB reader on a realistic schema, feature by feature, and its query count.
#include "dialects/registry.hpp"
#include "introspect/mysql/queries.hpp"
#include "introspect/reader.hpp"
#include "tests/unit/introspect/reader_checks.hpp"
#include "tests/unit/introspect/mysql/realistic.hpp"
#include "tests/support/mysql_database.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace strata;

namespace {

using test::column;
using test::CountingConnection;
using test::index;
using test::table;

schemas::Schema read_realistic(test::MysqlDatabase& db)
{
  db.connection().execute(test::k_my_realistic_schema);
  return introspect::read_schema(db.connection(), dialects::dialect_for("mysql"));
}

} // namespace

TEST_CASE("MySQL reader: tables, options and columns", "[mysql][introspect]")
{
  test::MysqlDatabase db;
  const auto live = read_realistic(db);

  CHECK(live.tables.size() == 13);
  CHECK(live.find_table({"", "strata_schema_history"}) == nullptr);
  CHECK(live.views.size() == 2);

  const auto& orgs = table(live, "orgs");
  CHECK(orgs.comment == "Customer organisations");
  CHECK(orgs.options.empty()); // InnoDB, the database's utf8mb4_general_ci
  CHECK(orgs.primary_key == std::vector<std::string>{"id"});
  CHECK(column(orgs, "id").type.str() == "int unsigned");
  CHECK(column(orgs, "id").identity);
  CHECK_FALSE(column(orgs, "id").nullable);
  CHECK(column(orgs, "slug").collation == "utf8mb4_bin");
  CHECK(column(orgs, "name").collation.empty());
  CHECK(column(orgs, "active").type.str() == "boolean");
  CHECK(column(orgs, "active").default_value == std::optional<std::string>("1"));
  CHECK(column(orgs, "plan").type.str() == "enum('free','pro','enterprise')");
  CHECK(column(orgs, "plan").default_value == std::optional<std::string>("'free'"));
  CHECK(column(orgs, "features").type.str() == "set('sso','audit','api')");
  CHECK_FALSE(column(orgs, "features").default_value);
  // MariaDB's json (longtext + CHECK json_valid) reads back as json without the check.
  CHECK(column(orgs, "settings").type.str() == "json");
  CHECK(column(orgs, "settings").collation.empty());
  CHECK(orgs.checks.empty());
  CHECK(column(orgs, "created_at").type.str() == "datetime(3)");
  CHECK(column(orgs, "updated_at").on_update == "current_timestamp(3)");
  CHECK(column(orgs, "created_at").on_update.empty());
  // Column order is kept.
  CHECK(orgs.columns.front().name == "id");
  CHECK(orgs.columns.back().name == "updated_at");

  const auto& users = table(live, "users");
  CHECK(column(users, "id").type.str() == "bigint unsigned");
  CHECK(column(users, "email").comment == "Login address");
  REQUIRE(column(users, "full_name").generated);
  CHECK_FALSE(column(users, "full_name").generated->stored);
  CHECK(column(users, "full_name").generated->expression == "concat(`first_name`,' ',`last_name`)");
  REQUIRE(column(users, "email_domain").generated);
  CHECK(column(users, "email_domain").generated->stored);
  CHECK(column(users, "balance").type.str() == "numeric(12,2)");
  CHECK(column(users, "balance").default_value == std::optional<std::string>("0.00"));
  CHECK(column(users, "score").type.str() == "real");
  CHECK(column(users, "ratio").type.str() == "double");
  CHECK(column(users, "login_at").type.str() == "timestamptz"); // MySQL timestamp
  CHECK(column(users, "login_at").nullable);
  CHECK(column(users, "note").type.str() == "text");

  const auto& legacy = table(live, "legacy_log");
  CHECK(legacy.options.at("engine") == "MyISAM");
  CHECK(legacy.options.at("charset") == "latin1");
  CHECK(legacy.options.at("collation") == "latin1_swedish_ci");
  CHECK(legacy.comment == "Old log, not transactional");
  CHECK(column(legacy, "id").type.str() == "integer");
  CHECK(column(legacy, "message").default_value == std::optional<std::string>("'it''s'"));
  CHECK(column(legacy, "message").collation.empty()); // the table's latin1 collation
  CHECK(column(legacy, "flags").type.str() == "bit(8)");
  CHECK(column(legacy, "delta").default_value == std::optional<std::string>("-3"));

  const auto& sessions = table(live, "sessions");
  CHECK(sessions.options.at("collation") == "utf8mb4_unicode_ci");
  CHECK(sessions.options.count("engine") == 0);
  CHECK(column(sessions, "token").type.str() == "binary(16)");
  CHECK(column(sessions, "expires_at").type.str() == "timestamp(6)");
  // The tags.label collation differs from its table's: kept.
  CHECK(column(table(live, "tags"), "label").collation == "utf8mb4_unicode_ci");
}

TEST_CASE("MySQL reader: keys, indexes, foreign keys, checks and views", "[mysql][introspect]")
{
  test::MysqlDatabase db;
  const auto live = read_realistic(db);

  const auto& users = table(live, "users");
  CHECK(index(users, "users_email").unique);
  CHECK_FALSE(index(users, "users_email").constraint);
  CHECK(index(users, "users_email_prefix").keys.at(0).length == 20);
  CHECK(index(users, "users_name_desc").keys.at(0).descending);
  // Index comments and visibility (MariaDB 10.6 IGNORED, MySQL 8 INVISIBLE).
  CHECK(index(users, "users_email_prefix").comment == "login lookups");
  CHECK_FALSE(index(users, "users_email_prefix").invisible);
  CHECK(index(users, "users_name_desc").invisible);
  CHECK(index(users, "users_name_desc").comment.empty());
  CHECK_FALSE(index(users, "users_name_desc").keys.at(1).descending);
  // The index InnoDB created for users_org_fk is read like any other.
  CHECK(index(users, "users_org_fk").keys.at(0).column == "org_id");
  CHECK(users.find_index("PRIMARY") == nullptr);
  const auto* fk = users.find_foreign_key("users_org_fk");
  REQUIRE(fk != nullptr);
  CHECK(fk->references == schemas::QualifiedName{"", "orgs"});
  CHECK(fk->ref_columns == std::vector<std::string>{"id"});
  CHECK(fk->on_delete == "cascade");
  CHECK(fk->on_update == "restrict"); // written without an action: InnoDB reports RESTRICT
  // NO ACTION written out is reported as such (the same on InnoDB: the two compare equal).
  const auto* org_fk = table(live, "teams").find_foreign_key("teams_org_fk");
  REQUIRE(org_fk != nullptr);
  CHECK(org_fk->on_delete == "no action");
  CHECK(org_fk->on_update == "restrict");
  CHECK(dialects::dialect_for("mysql").normalize(live).find_table({"", "users"})->find_foreign_key("users_org_fk")->on_update ==
        "no action");
  REQUIRE(users.find_check("users_balance_positive") != nullptr);
  CHECK(users.find_check("users_balance_positive")->expression == "`balance` >= 0");

  const auto& memberships = table(live, "memberships");
  CHECK(memberships.primary_key == std::vector<std::string>{"org_id", "team_code", "user_id"});
  const auto* team_fk = memberships.find_foreign_key("memberships_team_fk");
  REQUIRE(team_fk != nullptr);
  CHECK(team_fk->columns == std::vector<std::string>{"org_id", "team_code"});
  CHECK(team_fk->ref_columns == std::vector<std::string>{"org_id", "code"});
  CHECK(team_fk->on_update == "cascade");
  CHECK(memberships.find_index("memberships_team_fk") == nullptr); // the primary key serves

  CHECK(index(table(live, "products"), "products_search").method == "fulltext");
  CHECK(index(table(live, "orders"), "orders_placed").keys.at(0).descending);
  // A column-level check is named after its column (MariaDB).
  const auto& articles = table(live, "articles");
  REQUIRE(articles.find_check("state") != nullptr);
  CHECK(articles.find_foreign_key("articles_author_fk")->on_delete == "set null");

  const auto* view = live.find_view({"", "active_orgs"});
  REQUIRE(view != nullptr);
  CHECK(view->query.find(db.name()) == std::string::npos);
  CHECK(view->query.find("`orgs`") != std::string::npos);
}

TEST_CASE("MySQL reader: a fixed number of queries however many tables, each reading this database only",
          "[mysql][introspect]")
{
  test::MysqlDatabase db;
  const auto& dialect = dialects::dialect_for("mysql");
  std::string sql = "CREATE TABLE parent (id int PRIMARY KEY);";
  const auto add_tables = [&](int from, int to) {
    std::string batch;
    for (int i = from; i < to; ++i) {
      const std::string n = "t" + std::to_string(i);
      batch += "CREATE TABLE " + n + " (id int PRIMARY KEY, parent_id int, note varchar(20) DEFAULT 'x', "
               "CONSTRAINT " + n + "_fk FOREIGN KEY (parent_id) REFERENCES parent (id), CONSTRAINT " + n +
               "_ck CHECK (id > 0));";
      batch += "CREATE TRIGGER " + n + "_bi BEFORE INSERT ON " + n + " FOR EACH ROW SET NEW.note = 'y';";
      batch += "CREATE FUNCTION " + n + "_f(p int) RETURNS int DETERMINISTIC RETURN p + 1;";
      batch += "CREATE PROCEDURE " + n + "_p(IN p int, OUT q varchar(10)) BEGIN SET q = 'z'; END;";
    }
    db.connection().execute(batch);
  };
  db.connection().execute(sql);
  add_tables(0, 2);
  CountingConnection small(db.connection());
  const auto few = introspect::read_schema(small, dialect);
  CHECK(few.tables.size() == 3);

  add_tables(2, 105);
  CountingConnection large(db.connection());
  const auto many = introspect::read_schema(large, dialect);
  CHECK(many.tables.size() == 106);
  CHECK(many.find_table({"", "t104"})->checks.size() == 1);
  CHECK(many.find_table({"", "t104"})->triggers.size() == 1);
  CHECK(many.functions.size() == 210);
  CHECK(small.count == large.count);
  CHECK(large.count == 9);

  // Partitioned tables add one query (information_schema.PARTITIONS about those tables only).
  for (int i = 0; i < 3; ++i) {
    db.connection().execute("CREATE TABLE part" + std::to_string(i) +
                            " (id int PRIMARY KEY) PARTITION BY HASH (id) PARTITIONS " + std::to_string(i + 2));
  }
  CountingConnection partitioned(db.connection());
  const auto with_partitions = introspect::read_schema(partitioned, dialect);
  CHECK(partitioned.count == 10);
  CHECK(with_partitions.find_table({"", "part2"})->partitioning->partitions.size() == 4);
  CHECK(with_partitions.find_table({"", "part2"})->partitioning->method == "hash");
  CHECK(with_partitions.find_table({"", "t104"})->partitioning->empty());

  // Each query opens only this database's tables, whatever the server holds besides (MariaDB's
  // EXPLAIN says "Scanned 1 database" for an information_schema table filtered on its schema, and
  // "Scanned all databases" for one read in full: a real server holding 12,000 tables elsewhere
  // took seconds to read a 76-table database through such a query).
  for (const auto& sent : large.sent) {
    INFO(sent);
    const auto plan = db.connection().query("EXPLAIN " + sent);
    const auto extra = std::find(plan.columns.begin(), plan.columns.end(), "Extra") - plan.columns.begin();
    REQUIRE(static_cast<size_t>(extra) < plan.columns.size());
    for (const auto& row : plan.rows) {
      CHECK(row.at(static_cast<size_t>(extra)).value_or("").find("Scanned all databases") == std::string::npos);
    }
  }
}

TEST_CASE("MySQL reader: a foreign key to another database names it", "[mysql][introspect]")
{
  test::MysqlDatabase other;
  other.connection().execute("CREATE TABLE accounts (id int PRIMARY KEY)");
  test::MysqlDatabase db;
  db.connection().execute("CREATE TABLE invoices (id int PRIMARY KEY, account_id int, CONSTRAINT invoices_account_fk "
                          "FOREIGN KEY (account_id) REFERENCES `" + other.name() + "`.accounts (id))");
  const auto& dialect = dialects::dialect_for("mysql");
  const auto live = introspect::read_schema(db.connection(), dialect);
  const auto* fk = table(live, "invoices").find_foreign_key("invoices_account_fk");
  REQUIRE(fk != nullptr);
  CHECK(fk->references == schemas::QualifiedName{other.name(), "accounts"});
  CHECK(fk->ref_columns == std::vector<std::string>{"id"});
  // The implicit index InnoDB made is the one normalize() expects.
  const auto normal = dialect.normalize(live);
  CHECK(normal.find_table({"", "invoices"})->find_index("invoices_account_fk") != nullptr);
  CHECK(dialect.normalize(normal) == normal);
}

TEST_CASE("MySQL reader: stored routines are CREATE statements of what the catalog keeps", "[mysql][introspect]")
{
  test::MysqlDatabase db;
  db.connection().execute(
    "CREATE DEFINER = CURRENT_USER FUNCTION label(a varchar(10) CHARSET latin1 COLLATE latin1_bin, n INTEGER)\n"
    "  RETURNS varchar(20) CHARSET latin1 NO SQL COMMENT 'it''s' RETURN concat(a, n)");
  db.connection().execute("CREATE PROCEDURE tally(IN x tinyint unsigned, OUT y int, INOUT s varchar(5))\n"
                          "  SQL SECURITY INVOKER DETERMINISTIC\n"
                          "proc: BEGIN\n  SET y = x; -- one; two\n  SET s = 'a;b';\nEND proc");
  const auto& dialect = dialects::dialect_for("mysql");
  const auto live = introspect::read_schema(db.connection(), dialect);
  REQUIRE(live.functions.size() == 2);
  CHECK(live.functions[0].name == "label");
  CHECK(live.functions[0].definition ==
        "CREATE FUNCTION `label`(`a` varchar(10) charset latin1 collate latin1_bin, `n` int) RETURNS varchar(20) "
        "charset latin1\n    NO SQL\n    COMMENT 'it''s'\nRETURN concat(a, n)");
  CHECK(live.functions[1].name == "tally");
  CHECK(live.functions[1].definition ==
        "CREATE PROCEDURE `tally`(`x` tinyint unsigned, OUT `y` int, INOUT `s` varchar(5))\n    DETERMINISTIC\n"
        "    SQL SECURITY INVOKER\nproc: BEGIN\n  SET y = x; -- one; two\n  SET s = 'a;b';\nEND proc");
  const auto normal = dialect.normalize(live);
  CHECK(dialect.normalize(normal) == normal);
}

TEST_CASE("MySQL reader: an aggregate function is told by its body, and a procedure may share a function's name",
          "[mysql][introspect]")
{
  test::MysqlDatabase db;
  db.connection().execute("CREATE AGGREGATE FUNCTION tally(x int) RETURNS int\nBEGIN\n  DECLARE s int DEFAULT 0;\n"
                          "  DECLARE CONTINUE HANDLER FOR NOT FOUND RETURN s;\n"
                          "  LOOP FETCH GROUP NEXT ROW; SET s = s + x; END LOOP;\nEND");
  db.connection().execute("CREATE PROCEDURE tally(IN x int) SELECT x");
  const auto& dialect = dialects::dialect_for("mysql");
  const auto live = introspect::read_schema(db.connection(), dialect);
  REQUIRE(live.functions.size() == 2);
  CHECK(live.functions[0].name == "tally");
  CHECK(live.functions[0].kind.empty());
  CHECK(live.functions[0].definition.rfind("CREATE AGGREGATE FUNCTION `tally`(`x` int) RETURNS int\nBEGIN", 0) == 0);
  CHECK(live.functions[1].name == "tally");
  CHECK(live.functions[1].kind == "procedure");
  CHECK(live.functions[1].definition == "CREATE PROCEDURE `tally`(`x` int)\nSELECT x");
  const auto normal = dialect.normalize(live);
  CHECK(dialect.normalize(normal) == normal);
  CHECK(normal.find_function(live.functions[1])->definition == normal.functions[1].definition);
}

TEST_CASE("MySQL reader: the index query asks each server for its own columns", "[mysql][introspect]")
{
  namespace queries = introspect::mysql::queries;
  dialects::mysql::ServerInfo mysql8;
  mysql8.version = 80036;
  const std::string on_mysql = queries::indexes(mysql8);
  CHECK(on_mysql.find("s.EXPRESSION AS expression") != std::string::npos);
  CHECK(on_mysql.find("(s.IS_VISIBLE = 'NO') AS invisible") != std::string::npos);
  CHECK(on_mysql.find("IGNORED") == std::string::npos);
  CHECK(on_mysql.find("s.INDEX_COMMENT AS comment") != std::string::npos);

  dialects::mysql::ServerInfo mariadb;
  mariadb.mariadb = true;
  mariadb.version = 101119;
  const std::string on_mariadb = queries::indexes(mariadb);
  CHECK(on_mariadb.find("(s.IGNORED = 'YES') AS invisible") != std::string::npos);
  CHECK(on_mariadb.find("IS_VISIBLE") == std::string::npos);
  CHECK(on_mariadb.find("NULL AS expression") != std::string::npos);

  // Servers without either column (MariaDB before 10.6, MySQL 5.7) read every index as visible.
  mariadb.version = 100511;
  CHECK(queries::indexes(mariadb).find("(0) AS invisible") != std::string::npos);
  dialects::mysql::ServerInfo mysql57;
  mysql57.version = 50744;
  CHECK(queries::indexes(mysql57).find("(0) AS invisible") != std::string::npos);
}

TEST_CASE("MySQL reader: MariaDB system versioning from the tables and columns queries", "[mysql][introspect][versioning]")
{
  test::MysqlDatabase db;
  db.connection().execute(
    "CREATE TABLE accounts (id int NOT NULL PRIMARY KEY, note text WITHOUT SYSTEM VERSIONING) WITH SYSTEM VERSIONING; "
    "CREATE TABLE prices (id int NOT NULL PRIMARY KEY, vf timestamp(6) GENERATED ALWAYS AS ROW START, "
    "vt timestamp(6) GENERATED ALWAYS AS ROW END, PERIOD FOR SYSTEM_TIME (vf, vt)) WITH SYSTEM VERSIONING; "
    "CREATE TABLE plain (id int NOT NULL PRIMARY KEY)");
  CountingConnection counting(db.connection());
  const auto live = introspect::read_schema(counting, dialects::dialect_for("mysql"));
  CHECK(counting.count == 9); // none more for versioning
  const auto& accounts = table(live, "accounts");
  CHECK(accounts.versioning == schemas::SystemVersioning{true, "", ""});
  CHECK(accounts.columns.size() == 2); // the hidden ROW_START and ROW_END are not columns
  CHECK(column(accounts, "note").without_versioning);
  CHECK_FALSE(column(accounts, "id").without_versioning);
  const auto& prices = table(live, "prices");
  CHECK(prices.versioning == schemas::SystemVersioning{true, "vf", "vt"});
  CHECK_FALSE(column(prices, "vf").generated);
  CHECK(column(prices, "vt").type.str() == "timestamp(6)");
  CHECK(prices.primary_key == std::vector<std::string>{"id", "vt"}); // as the catalog has it; normalize drops vt
  CHECK_FALSE(table(live, "plain").versioning->enabled);
}

TEST_CASE("MySQL reader: rows read a chunk at a time give the model the whole result gives", "[mysql][introspect]")
{
  test::MysqlDatabase db;
  db.connection().execute(test::k_my_realistic_schema);
  test::check_chunked_read(db.connection(), dialects::dialect_for("mysql"), {}, 20); // a chunk per column
}
