// Virtual tables (`virtual_tables:`) are SQLite's: its normal form compares them by declaration
// (module in any case, arguments with spacing and comments normalised) and refuses arguments that
// would break out of the parentheses; PostgreSQL and MySQL/MariaDB refuse a declared one at its line.
#include "dialects/registry.hpp"
#include "schemas/error.hpp"
#include "schemas/model.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace {

strata::schemas::Schema with_virtual_table(const std::string& module, const std::string& arguments)
{
  strata::schemas::Schema schema;
  schema.virtual_tables.push_back({"posts_fts", module, arguments, {"schema.yaml", 9, 5}});
  return schema;
}

std::string refusal(const std::string& engine, const std::string& arguments)
{
  try {
    strata::dialects::dialect_for(engine).normalize(with_virtual_table("fts5", arguments));
  } catch (const strata::Error& e) {
    CHECK(e.location().file == "schema.yaml");
    CHECK(e.location().line == 9);
    return e.what();
  }
  return "no error";
}

} // namespace

TEST_CASE("virtual tables compare by declaration on SQLite", "[sqlite][normalize]")
{
  const auto& sqlite = strata::dialects::dialect_for("sqlite");
  const auto a = sqlite.normalize(with_virtual_table("FTS5", "title,body , content='posts' -- synced\n"));
  const auto b = sqlite.normalize(with_virtual_table("fts5", " title, body, content = 'posts'"));
  REQUIRE(a.virtual_tables.size() == 1);
  CHECK(a.virtual_tables[0].module == "fts5");
  CHECK(a.virtual_tables[0].arguments == "title, body, content = 'posts'");
  CHECK(a == b);
  CHECK(sqlite.normalize(with_virtual_table("fts5", "title, body, content='Posts'")) != b);
  CHECK(sqlite.normalize(a) == a);
}

TEST_CASE("virtual table arguments that leave their parentheses are refused at their line", "[sqlite][normalize]")
{
  CHECK(refusal("sqlite", "a); DROP TABLE users; --") ==
        "virtual table posts_fts: `arguments` close a parenthesis they did not open");
  CHECK(refusal("sqlite", "a, tokenize = 'porter") .rfind("virtual table posts_fts: `arguments` leave a quote or comment open", 0) == 0);
  CHECK(refusal("sqlite", "a; b") == "virtual table posts_fts: `arguments` hold a ';' outside quotes");
  CHECK(refusal("sqlite", "a, (b") == "virtual table posts_fts: `arguments` leave a parenthesis open");
  CHECK(refusal("sqlite", "a, tokenize = 'x;)'") == "no error");
}

TEST_CASE("virtual tables are refused on PostgreSQL and MySQL/MariaDB at their line", "[postgres][mysql][normalize]")
{
  for (const std::string engine : {"postgres", "mysql"}) {
    INFO(engine);
    CHECK(refusal(engine, "title") == "virtual table posts_fts: `virtual_tables` are SQLite's (CREATE VIRTUAL "
                                      "TABLE), which this engine does not have");
  }
}
