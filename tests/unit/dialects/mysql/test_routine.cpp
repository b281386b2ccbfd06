// MySQL/MariaDB stored functions and procedures (dialects/mysql/routine.cpp): a CREATE FUNCTION or
// PROCEDURE statement is read into the parts the server keeps, compared in canonical form
// (types in the server's spelling, characteristics other than the defaults, the body without
// comments, spacing or keyword case), rendered as written under its quoted name, and a definition
// that does not parse or names another routine is an error at its YAML line.
#include "dialects/mysql/routine.hpp"
#include "dialects/registry.hpp"
#include "schemas/error.hpp"
#include "schemas/operation.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace strata::dialects::mysql;

namespace {

// Sakila's get_customer_balance, shortened: DEFINER, characteristics, a compound body with ';'
// inside a comment and a string literal.
const std::string k_balance = R"SQL(CREATE DEFINER=`root`@`localhost` FUNCTION `sakila`.get_customer_balance(
    p_customer_id INT, p_effective_date DATETIME) RETURNS DECIMAL(5,2)
    DETERMINISTIC
    READS SQL DATA
    COMMENT 'balance; as of a date'
BEGIN
  -- rentals; fees
  DECLARE v_rentfees DECIMAL(5,2);
  SELECT IFNULL(SUM(rental_rate), 0) INTO v_rentfees FROM film WHERE title <> 'a;b';
  RETURN v_rentfees;
END;)SQL";

} // namespace

TEST_CASE("mysql: a CREATE FUNCTION statement is read into its parts", "[mysql][routines]")
{
  const auto parts = parse_routine(k_balance);
  REQUIRE(parts);
  CHECK_FALSE(parts->procedure);
  CHECK(parts->name == "get_customer_balance");
  REQUIRE(parts->parameters.size() == 2);
  CHECK(parts->parameters[0].name == "p_customer_id");
  CHECK(parts->parameters[0].type == "INT");
  CHECK(parts->parameters[1].type == "DATETIME");
  CHECK(parts->returns == "DECIMAL(5,2)");
  CHECK(parts->deterministic);
  CHECK(parts->data_access == "READS SQL DATA");
  CHECK(parts->security == "DEFINER");
  CHECK(parts->comment == "balance; as of a date");
  CHECK(parts->body.rfind("BEGIN\n  -- rentals; fees", 0) == 0);
  CHECK(parts->body.substr(parts->body.size() - 3) == "END");
}

TEST_CASE("mysql: a CREATE PROCEDURE statement is read with its parameter modes", "[mysql][routines]")
{
  const auto parts = parse_routine("create or replace procedure if not exists rewards_report(\n"
                                   "  IN min_monthly_purchases TINYINT UNSIGNED, OUT count_rewardees INT,\n"
                                   "  inout note VARCHAR(20) CHARACTER SET latin1, kind ENUM('a','b,c'))\n"
                                   "  SQL SECURITY INVOKER LANGUAGE SQL NOT DETERMINISTIC MODIFIES SQL DATA\n"
                                   "proc: BEGIN SET count_rewardees = 0; END proc");
  REQUIRE(parts);
  CHECK(parts->procedure);
  CHECK(parts->name == "rewards_report");
  REQUIRE(parts->parameters.size() == 4);
  CHECK(parts->parameters[0].mode == "IN");
  CHECK(parts->parameters[0].type == "TINYINT UNSIGNED");
  CHECK(parts->parameters[1].mode == "OUT");
  CHECK(parts->parameters[2].mode == "INOUT");
  CHECK(parts->parameters[2].type == "VARCHAR(20) CHARACTER SET latin1");
  CHECK(parts->parameters[3].mode.empty());
  CHECK(parts->parameters[3].type == "ENUM('a','b,c')");
  CHECK(parts->returns.empty());
  CHECK(parts->security == "INVOKER");
  CHECK(parts->data_access == "MODIFIES SQL DATA");
  CHECK_FALSE(parts->deterministic);
  CHECK(parts->body == "proc: BEGIN SET count_rewardees = 0; END proc");
}

TEST_CASE("mysql: text that is not a CREATE FUNCTION or PROCEDURE statement says what is wrong", "[mysql][routines]")
{
  const std::pair<std::string, std::string> cases[] = {
    {"RETURN 1", "does not start with CREATE FUNCTION or CREATE PROCEDURE"},
    {"CREATE TABLE t (a int)", "does not start with CREATE FUNCTION or CREATE PROCEDURE"},
    {"CREATE AGGREGATE FUNCTION f(x INT) RETURNS INT BEGIN RETURN 1; END",
     "is an AGGREGATE FUNCTION without FETCH GROUP NEXT ROW in its body (MariaDB requires it there)"},
    {"CREATE FUNCTION f(x INT) RETURNS INT BEGIN LOOP FETCH GROUP NEXT ROW; END LOOP; RETURN 1; END",
     "has FETCH GROUP NEXT ROW in its body, which only an AGGREGATE FUNCTION may hold"},
    {"CREATE AGGREGATE PROCEDURE p() SELECT 1", "is an AGGREGATE PROCEDURE (only a function aggregates)"},
    {"CREATE AGGREGATE TABLE t (a int)", "has AGGREGATE without FUNCTION after it"},
    {"CREATE FUNCTION (x INT) RETURNS INT RETURN x", "names no routine after CREATE FUNCTION"},
    {"CREATE FUNCTION f RETURNS INT RETURN 1", "has no parameter list after the name (write () for none)"},
    {"CREATE FUNCTION f(x INT RETURNS INT RETURN 1", "has a parameter list that is not closed"},
    {"CREATE FUNCTION f(x) RETURNS INT RETURN 1", "has parameter x without a type"},
    {"CREATE FUNCTION f(x INT,) RETURNS INT RETURN 1", "has a parameter without a name (parameter 2)"},
    {"CREATE FUNCTION f(x INT) RETURN x", "has no RETURNS clause (a FUNCTION returns a value; a PROCEDURE does not)"},
    {"CREATE PROCEDURE p() RETURNS INT SELECT 1", "is a PROCEDURE with a RETURNS clause (only a FUNCTION returns a value)"},
    {"CREATE FUNCTION f() RETURNS (1)", "has no type after RETURNS"},
    {"CREATE FUNCTION f() RETURNS INT COMMENT nothing RETURN 1", "has COMMENT without a string after it"},
    {"CREATE FUNCTION f() RETURNS INT LANGUAGE JAVASCRIPT AS 'x'", "has LANGUAGE other than SQL"},
    {"CREATE PROCEDURE p() SQL SECURITY NOBODY SELECT 1", "has SQL SECURITY without DEFINER or INVOKER"},
    {"CREATE FUNCTION f() RETURNS INT DETERMINISTIC;", "has no body"},
  };
  for (const auto& [text, message] : cases) {
    INFO(text);
    std::string problem;
    CHECK_FALSE(parse_routine(text, &problem));
    CHECK(problem == message);
  }
}

TEST_CASE("mysql: routines compare in canonical form, as the catalog holds them", "[mysql][routines]")
{
  // What the reader builds from information_schema for k_balance on MariaDB (int(11)).
  RoutineParts live;
  live.name = "get_customer_balance";
  live.parameters = {{"IN", "p_customer_id", catalog_routine_type("int(11)", "", "", "", "utf8mb4")},
                     {"IN", "p_effective_date", "datetime"}};
  live.returns = "decimal(5,2)";
  live.deterministic = true;
  live.data_access = "READS SQL DATA";
  live.comment = "balance; as of a date";
  live.body = parse_routine(k_balance)->body;
  const std::string read = routine_statement(live);
  CHECK(read.rfind("CREATE FUNCTION `get_customer_balance`(`p_customer_id` int, `p_effective_date` datetime) "
                   "RETURNS decimal(5,2)\n    DETERMINISTIC\n    READS SQL DATA\n    COMMENT 'balance; as of a date'\n"
                   "BEGIN\n",
                   0) == 0);
  CHECK(canonical_routine(k_balance) == canonical_routine(read));
  CHECK(canonical_routine(canonical_routine(read)) == canonical_routine(read));

  // Spacing, comments and keyword case in the body are not a change; its text is.
  std::string respaced = k_balance;
  respaced.replace(respaced.find("  -- rentals; fees\n"), 19, "");
  respaced.replace(respaced.find("RETURN v_rentfees"), 17, "return   v_rentfees");
  CHECK(canonical_routine(respaced) == canonical_routine(k_balance));
  std::string changed = k_balance;
  changed.replace(changed.find("'a;b'"), 5, "'a;c'");
  CHECK(canonical_routine(changed) != canonical_routine(k_balance));
  // So are a characteristic, a parameter's type and the comment.
  std::string nondeterministic = k_balance;
  nondeterministic.replace(nondeterministic.find("    DETERMINISTIC\n"), 18, "");
  CHECK(canonical_routine(nondeterministic) != canonical_routine(k_balance));
  std::string wider = k_balance;
  wider.replace(wider.find("p_customer_id INT"), 17, "p_customer_id BIGINT");
  CHECK(canonical_routine(wider) != canonical_routine(k_balance));
  std::string commented = k_balance;
  commented.replace(commented.find("balance; as of a date"), 7, "Balance");
  CHECK(canonical_routine(commented) != canonical_routine(k_balance));
  // Defaults are no change: NOT DETERMINISTIC, CONTAINS SQL, SQL SECURITY DEFINER, IN, LANGUAGE SQL.
  CHECK(canonical_routine("CREATE PROCEDURE p(IN a INTEGER) NOT DETERMINISTIC CONTAINS SQL SQL SECURITY DEFINER "
                          "LANGUAGE SQL SELECT a") == canonical_routine("CREATE PROCEDURE p(a int(11)) SELECT a"));
}

TEST_CASE("mysql: routine types compare in the server's spelling with their character set", "[mysql][routines]")
{
  CHECK(canonical_routine_type("INTEGER(11)") == "int");
  CHECK(canonical_routine_type("TINYINT(3) UNSIGNED") == "tinyint unsigned");
  CHECK(canonical_routine_type("VARCHAR(20) CHARACTER SET Latin1") == "varchar(20) charset latin1");
  CHECK(canonical_routine_type("varchar(20) charset utf8mb4 collate utf8mb4_bin") == "varchar(20) collate utf8mb4_bin");
  CHECK(canonical_routine_type("varchar(20) charset latin1 collate utf8mb4_bin") ==
        "varchar(20) charset latin1 collate utf8mb4_bin");
  // The catalog names every string's character set and collation: the database's, and the
  // collation a type without COLLATE gets, are left out.
  CHECK(catalog_routine_type("varchar(10)", "utf8mb4", "utf8mb4_unicode_ci", "utf8mb4_unicode_ci", "utf8mb4") ==
        "varchar(10)");
  CHECK(catalog_routine_type("varchar(10)", "utf8mb4", "utf8mb4_bin", "utf8mb4_unicode_ci", "utf8mb4") ==
        "varchar(10) collate utf8mb4_bin");
  CHECK(catalog_routine_type("varchar(20)", "latin1", "latin1_swedish_ci", "latin1_swedish_ci", "utf8mb4") ==
        "varchar(20) charset latin1");
  CHECK(catalog_routine_type("varchar(20) CHARSET latin1", "latin1", "latin1_bin", "latin1_swedish_ci", "utf8mb4") ==
        "varchar(20) charset latin1 collate latin1_bin");
  CHECK(catalog_routine_type("int(11)", "", "", "", "utf8mb4") == "int");
}

TEST_CASE("mysql: routines render as written under their quoted name, and drop by kind", "[mysql][routines]")
{
  const auto& dialect = strata::dialects::dialect_for("mysql");
  strata::dialects::RenderContext context;
  strata::schemas::Function routine;
  routine.name = "get_customer_balance";
  routine.definition = k_balance;
  const auto create = dialect.render(strata::schemas::CreateFunction{routine}, context);
  REQUIRE(create.size() == 1);
  CHECK(create[0].sql.rfind("CREATE FUNCTION `get_customer_balance`(\n    p_customer_id INT, ", 0) == 0);
  CHECK(create[0].sql.find("DEFINER") == std::string::npos);
  CHECK(create[0].sql.substr(create[0].sql.size() - 4) == "\nEND"); // no final ';': the writer adds it
  const auto drop = dialect.render(strata::schemas::DropFunction{routine}, context);
  REQUIRE(drop.size() == 1);
  CHECK(drop[0].sql == "DROP FUNCTION `get_customer_balance`");
  routine.name = "rewards";
  routine.definition = "CREATE PROCEDURE rewards() SELECT 1";
  CHECK(dialect.render(strata::schemas::DropFunction{routine}, context)[0].sql == "DROP PROCEDURE `rewards`");
}

TEST_CASE("mysql: a routine that does not parse or names another is an error at its line", "[mysql][routines]")
{
  const auto& dialect = strata::dialects::dialect_for("mysql");
  const auto error_of = [&](const std::string& name, const std::string& definition, const std::string& schema = {}) {
    strata::schemas::Schema schema_;
    schema_.functions.push_back({schema, name, "", definition, {"schema.yaml", 9, 5}});
    try {
      dialect.normalize(schema_);
    } catch (const strata::Error& e) {
      CHECK(e.location().line == 9);
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(error_of("film_in_stock", "CREATE PROCEDURE film_in_stock(p INT) BEGIN SELECT p; END") == "no error");
  CHECK(error_of("film_in_stock", "CREATE PROCEDURE film_not_in_stock(p INT) SELECT p") ==
        "function film_in_stock: its definition creates film_not_in_stock, not film_in_stock");
  CHECK(error_of("film_in_stock", "CREATE PROCEDURE film_in_stock(p) SELECT p") ==
        "function film_in_stock: its definition has parameter p without a type");
  CHECK(error_of("film_in_stock", "SELECT 1") ==
        "function film_in_stock: its definition does not start with CREATE FUNCTION or CREATE PROCEDURE");
  CHECK(error_of("f", "CREATE FUNCTION f() RETURNS INT RETURN 1", "app") ==
        "function f: `schema` is PostgreSQL's; a MySQL/MariaDB routine lives in the database the URL names");

  // A function and a procedure may share a name; two procedures may not.
  strata::schemas::Schema both;
  both.functions.push_back({"", "Stock", "", "CREATE FUNCTION Stock() RETURNS INT RETURN 1", {"schema.yaml", 3, 5}});
  both.functions.push_back({"", "stock", "", "CREATE PROCEDURE stock() SELECT 1", {"schema.yaml", 6, 5}});
  const auto normal = dialect.normalize(both);
  REQUIRE(normal.functions.size() == 2);
  CHECK(normal.functions[0].kind.empty());
  CHECK(normal.functions[1].kind == "procedure");
  CHECK(normal.find_function(normal.functions[1]) == &normal.functions[1]);
  CHECK(normal.functions[1].identity() == "procedure stock()");

  strata::schemas::Schema twice = both;
  twice.functions.push_back({"", "STOCK", "", "CREATE PROCEDURE STOCK() SELECT 2", {"schema.yaml", 9, 5}});
  try {
    dialect.normalize(twice);
    FAIL("no error");
  } catch (const strata::Error& e) {
    CHECK(e.location().line == 9);
    CHECK(std::string(e.what()) == "procedure stock is declared twice (MySQL/MariaDB routines are known by their "
                                   "name, one function and one procedure of a name at most)");
  }
}

TEST_CASE("mysql: a MariaDB aggregate function is read, compared and rendered as one", "[mysql][routines]")
{
  const std::string written = "CREATE AGGREGATE FUNCTION group_total(x INT) RETURNS INT\n"
                              "BEGIN\n  DECLARE s INT DEFAULT 0;\n  DECLARE CONTINUE HANDLER FOR NOT FOUND RETURN s;\n"
                              "  LOOP FETCH GROUP NEXT ROW; SET s = s + x; END LOOP;\nEND";
  const auto parts = parse_routine(written);
  REQUIRE(parts);
  CHECK(parts->aggregate);
  CHECK_FALSE(parts->procedure);
  CHECK(fetches_group_rows(parts->body));
  CHECK_FALSE(fetches_group_rows("BEGIN SELECT 'FETCH GROUP NEXT ROW'; RETURN 1; END")); // a string is no statement

  // The catalog says FUNCTION; the reader tells the aggregate by its body.
  RoutineParts live;
  live.name = "group_total";
  live.parameters = {{"IN", "x", "int"}};
  live.returns = "int";
  live.body = parts->body;
  live.aggregate = fetches_group_rows(live.body);
  const std::string read = routine_statement(live);
  CHECK(read.rfind("CREATE AGGREGATE FUNCTION `group_total`(`x` int) RETURNS int\nBEGIN", 0) == 0);
  CHECK(canonical_routine(read) == canonical_routine(written));

  const auto& dialect = strata::dialects::dialect_for("mysql");
  strata::dialects::RenderContext context;
  strata::schemas::Function routine;
  routine.name = "group_total";
  routine.definition = written;
  const auto create = dialect.render(strata::schemas::CreateFunction{routine}, context);
  REQUIRE(create.size() == 1);
  CHECK(create[0].sql.rfind("CREATE AGGREGATE FUNCTION `group_total`(x INT) RETURNS INT\nBEGIN", 0) == 0);
  CHECK(dialect.render(strata::schemas::DropFunction{routine}, context)[0].sql == "DROP FUNCTION `group_total`");
}
