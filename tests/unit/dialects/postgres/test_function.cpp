// PostgreSQL functions, triggers and rules (dialects/postgres/function.cpp, trigger.cpp, rule.cpp): the
// header of a CREATE FUNCTION / PROCEDURE / TRIGGER / RULE statement, the input argument types that tell overloads
// apart, the statement strata renders and compares, and when CREATE OR REPLACE can change a
// function in place. Pure: the server's own form is tested by the cases on the real server.
#include "dialects/postgres/function.hpp"
#include "dialects/postgres/rule.hpp"
#include "dialects/postgres/trigger.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace strata::dialects::postgres;

TEST_CASE("postgres: a CREATE FUNCTION statement is read into its header", "[postgres][functions]")
{
  const auto header = parse_function("create or replace function \"Audit\".Log_It(a int, b text default 'x;y')\n"
                                     "  returns setof text language sql as $$ select b $$;");
  REQUIRE(header);
  CHECK_FALSE(header->procedure);
  CHECK(header->schema == "Audit");
  CHECK(header->name == "log_it");
  CHECK(header->arguments == "a int, b text default 'x;y'");
  CHECK(header->result == "setof text");

  const auto procedure = parse_function("CREATE PROCEDURE p(INOUT n bigint) AS $$ BEGIN END $$ LANGUAGE plpgsql");
  REQUIRE(procedure);
  CHECK(procedure->procedure);
  CHECK(procedure->result.empty());
}

TEST_CASE("postgres: text that is not a function definition says what is missing", "[postgres][functions]")
{
  const std::pair<std::string, std::string> cases[] = {
    {"CREATE VIEW v AS SELECT 1", "is not a CREATE FUNCTION, PROCEDURE or AGGREGATE statement"},
    {"CREATE FUNCTION f RETURNS int AS 'select 1' LANGUAGE sql", "has no argument list after the name (write () for none)"},
    {"CREATE FUNCTION f(a int RETURNS int", "has an argument list that is not closed"},
    {"CREATE FUNCTION f() LANGUAGE sql AS 'select 1'", "has no RETURNS clause"},
    {"CREATE AGGREGATE cat(text)", "has no option list (SFUNC = ..., STYPE = ...) after the argument list"},
  };
  for (const auto& [text, problem] : cases) {
    std::string found;
    CHECK_FALSE(parse_function(text, &found));
    CHECK(found == problem);
  }
}

TEST_CASE("postgres: input argument types as oidvectortypes prints them", "[postgres][functions]")
{
  CHECK(argument_types("").empty());
  CHECK(argument_types("a int, b varchar(10) DEFAULT 'x', OUT c text") == "integer, character varying");
  CHECK(argument_types("double precision, a double precision, character varying(3)") ==
        "double precision, double precision, character varying");
  CHECK(argument_types("t timestamptz = now(), VARIADIC xs int4[]") ==
        "timestamp with time zone, integer[]");
  CHECK(argument_types("INOUT n int8, OUT m int") == "bigint");
  CHECK(argument_types("m mood, \"Quoted\" text") == "mood, text");
  // An ordered-set aggregate's direct and aggregated arguments.
  CHECK(argument_types("double precision ORDER BY anyelement") == "double precision, anyelement");
  CHECK(argument_types("*").empty()); // an aggregate without arguments, count(*)-like
}

TEST_CASE("postgres: a CREATE AGGREGATE statement is read, rendered, replaced and dropped as an aggregate",
          "[postgres][functions]")
{
  const std::string text = "CREATE OR REPLACE AGGREGATE public.group_concat(text) (SFUNC = _group_concat, "
                           "STYPE = text, INITCOND = '', PARALLEL = SAFE)";
  const auto header = parse_function(text);
  REQUIRE(header);
  CHECK(header->aggregate);
  CHECK_FALSE(header->procedure);
  CHECK(std::string(header->kind()) == "AGGREGATE");
  CHECK(header->schema == "public");
  CHECK(header->name == "group_concat");
  CHECK(header->arguments == "text");
  CHECK(header->result == "stype=text"); // what the result type comes from; SFUNC and INITCOND may change in place

  strata::schemas::Function f{"", "group_concat", "", "create aggregate Group_Concat(text) (sfunc = _group_concat, stype = text)", {}};
  normalize_function(f);
  CHECK(f.definition == "CREATE OR REPLACE AGGREGATE group_concat(text) (sfunc = _group_concat, stype = text)");
  CHECK(f.arguments == "text");

  const auto agg = [](const std::string& options) {
    return strata::schemas::Function{"", "group_concat", "text", "CREATE AGGREGATE group_concat(text) (" + options + ")", {}};
  };
  const auto base = agg("SFUNC = _group_concat, STYPE = text");
  CHECK(replaces_function(base, agg("SFUNC = _cat, STYPE = text, INITCOND = ''")));
  CHECK_FALSE(replaces_function(base, agg("SFUNC = _group_concat, STYPE = text, FINALFUNC = done")));
  CHECK_FALSE(replaces_function(base, agg("SFUNC = _group_concat, STYPE = varchar")));
  CHECK_FALSE(replaces_function(base, {"", "group_concat", "text", "CREATE FUNCTION group_concat(text) RETURNS text "
                                                                    "LANGUAGE sql AS $$select $1$$", {}}));

  const auto ordered = parse_function("CREATE AGGREGATE pct(float8 ORDER BY anyelement) (SFUNC = s, STYPE = internal, "
                                      "FINALFUNC = f, FINALFUNC_EXTRA)");
  REQUIRE(ordered);
  CHECK(ordered->arguments == "float8 ORDER BY anyelement");
  CHECK(ordered->result == "stype=internal finalfunc=f");
}

TEST_CASE("postgres: a function is rendered CREATE OR REPLACE under its own name", "[postgres][functions]")
{
  CHECK(function_statement("  CREATE FUNCTION other.f() RETURNS int AS 'select 1' LANGUAGE sql;\n", "app.f") ==
        "CREATE OR REPLACE FUNCTION app.f() RETURNS int AS 'select 1' LANGUAGE sql");
  CHECK(function_statement("CREATE OR REPLACE PROCEDURE p() AS $$ $$", "p") == "CREATE OR REPLACE PROCEDURE p() AS $$ $$");
  strata::schemas::Function f{"", "f", "", "create function F(x int) returns int as 'select x' language sql", {}};
  normalize_function(f);
  CHECK(f.definition == "CREATE OR REPLACE FUNCTION f(x int) returns int as 'select x' language sql");
  CHECK(f.arguments == "integer");
}

TEST_CASE("postgres: CREATE OR REPLACE keeps kind, arguments and result", "[postgres][functions]")
{
  const auto fn = [](const std::string& text) { return strata::schemas::Function{"", "f", "integer", text, {}}; };
  const auto base = fn("CREATE OR REPLACE FUNCTION f(a integer)\n RETURNS integer\n LANGUAGE sql\nAS $function$select a$function$");
  CHECK(replaces_function(base, fn("CREATE OR REPLACE FUNCTION f(a integer) RETURNS integer LANGUAGE sql AS $$select a + 1$$")));
  CHECK_FALSE(replaces_function(base, fn("CREATE OR REPLACE FUNCTION f(a integer) RETURNS bigint LANGUAGE sql AS $$select a$$")));
  CHECK_FALSE(replaces_function(base, fn("CREATE OR REPLACE FUNCTION f(b integer) RETURNS integer LANGUAGE sql AS $$select b$$")));
  CHECK_FALSE(replaces_function(base, fn("CREATE OR REPLACE PROCEDURE f(a integer) LANGUAGE sql AS $$select a$$")));
}

TEST_CASE("postgres: a CREATE TRIGGER statement is read and rendered on its table", "[postgres][triggers]")
{
  const auto header = parse_trigger("create or replace constraint trigger \"T1\" after update of a, b on app.Items "
                                    "deferrable for each row when (new.a > 0) execute procedure f();");
  REQUIRE(header);
  CHECK(header->constraint);
  CHECK(header->name == "T1");
  CHECK(header->table == "items");
  CHECK(trigger_statement("CREATE OR REPLACE TRIGGER t BEFORE INSERT ON public.items FOR EACH ROW EXECUTE FUNCTION f();",
                          "\"items\"") == "CREATE TRIGGER t BEFORE INSERT ON \"items\" FOR EACH ROW EXECUTE FUNCTION f()");
  std::string problem;
  CHECK_FALSE(parse_trigger("CREATE TRIGGER t BEFORE INSERT", &problem));
  CHECK(problem == "has no ON table");
}

TEST_CASE("postgres: a CREATE RULE statement is read and rendered on its table or view", "[postgres][rules]")
{
  const auto header = parse_rule("create or replace rule \"Keep\" as on delete to app.Items where old.id > 1 "
                                 "do instead (delete from app.trash; insert into app.log values (old.id));");
  REQUIRE(header);
  CHECK(header->name == "Keep");
  CHECK(header->event == "delete");
  CHECK(header->relation == "items");
  CHECK(rule_statement("CREATE OR REPLACE RULE r AS ON INSERT TO public.items DO ALSO NOTIFY items;", "\"items\"") ==
        "CREATE RULE r AS ON INSERT TO \"items\" DO ALSO NOTIFY items");
  CHECK(canonical_rule("create rule r as\n  on insert to items do also notify items", "items") ==
        canonical_rule("CREATE RULE r AS ON INSERT TO public.items DO ALSO NOTIFY items;", "items"));
  CHECK(shown_relation({"Audit", "log"}) == "\"Audit\".log");
  std::string problem;
  CHECK_FALSE(parse_rule("CREATE RULE r AS ON TRUNCATE TO t DO NOTHING", &problem));
  CHECK(problem == "has no event (SELECT, INSERT, UPDATE or DELETE) after AS ON");
  CHECK_FALSE(parse_rule("CREATE RULE r AS ON INSERT DO NOTHING", &problem));
  CHECK(problem == "has no TO table or view");
  CHECK_FALSE(parse_rule("CREATE TRIGGER t", &problem));
  CHECK(problem == "is not a CREATE RULE statement");
}
