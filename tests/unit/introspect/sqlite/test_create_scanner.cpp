#include "introspect/sqlite/create_scanner.hpp"

#include "dialects/sqlite/sql_text.hpp"

#include <catch2/catch.hpp>

using namespace strata::introspect::sqlite;

TEST_CASE("scan_create_table finds column and table constraints", "[sqlite][scanner]")
{
  const TableDefinition def = scan_create_table(R"sql(CREATE TABLE "odd ""name""" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    [e-mail] varchar(255) COLLATE NOCASE NOT NULL CONSTRAINT email_uq UNIQUE,
    price numeric(10, 2) DEFAULT (0.0) CHECK (price >= 0),  -- a comment, with (parens
    total REAL GENERATED ALWAYS AS (price * 2) STORED,
    parent_id INTEGER CONSTRAINT parent_fk REFERENCES "odd ""name""" (id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT positive CHECK ("price" > 0 AND ')' <> '('),
    CHECK (total < 1000),
    UNIQUE ("e-mail", price),
    FOREIGN KEY (parent_id, price) REFERENCES other(a, b) ON UPDATE CASCADE
  ) WITHOUT ROWID, STRICT)sql");
  REQUIRE(def.columns.size() == 5);
  CHECK(def.columns[0].autoincrement);
  CHECK(def.columns[1].name == "e-mail");
  CHECK(def.columns[1].collation == "NOCASE");
  CHECK_FALSE(def.columns[2].generated);
  REQUIRE(def.columns[3].generated);
  CHECK(*def.columns[3].generated == "price * 2");
  REQUIRE(def.checks.size() == 3);
  CHECK(def.checks[0].name.empty());
  CHECK(def.checks[0].expression == "price >= 0");
  CHECK(def.checks[1].name == "positive");
  CHECK(def.checks[1].expression == "\"price\" > 0 AND ')' <> '('");
  CHECK(def.checks[2].expression == "total < 1000");
  REQUIRE(def.uniques.size() == 2);
  CHECK(def.uniques[0].name == "email_uq");
  CHECK(def.uniques[0].columns == std::vector<std::string>{"e-mail"});
  CHECK(def.uniques[1].columns == std::vector<std::string>{"e-mail", "price"});
  REQUIRE(def.foreign_keys.size() == 2);
  CHECK(def.foreign_keys[0].name == "parent_fk");
  CHECK(def.foreign_keys[0].table == "odd \"name\"");
  CHECK(def.foreign_keys[0].deferrable);
  CHECK(def.foreign_keys[0].initially_deferred);
  CHECK(def.foreign_keys[1].columns == std::vector<std::string>{"parent_id", "price"});
  CHECK(def.foreign_keys[1].ref_columns == std::vector<std::string>{"a", "b"});
  CHECK_FALSE(def.foreign_keys[1].deferrable);
  CHECK(def.without_rowid);
  CHECK(def.strict);
}

TEST_CASE("table-level PRIMARY KEY (x AUTOINCREMENT) marks the column", "[sqlite][scanner]")
{
  const TableDefinition def = scan_create_table("CREATE TABLE t (id INTEGER, PRIMARY KEY (id AUTOINCREMENT))");
  REQUIRE(def.columns.size() == 1);
  CHECK(def.columns[0].autoincrement);
  CHECK_FALSE(def.without_rowid);
}

TEST_CASE("scan_create_index reads keys and the partial predicate", "[sqlite][scanner]")
{
  const IndexDefinition def =
    scan_create_index("CREATE UNIQUE INDEX \"ix on\" ON t (a, lower(b) COLLATE NOCASE DESC, (c + 1)) WHERE a IS NOT NULL;");
  REQUIRE(def.keys.size() == 3);
  CHECK(def.keys[0].expression == "a");
  CHECK(def.keys[1].expression == "lower(b)");
  CHECK(def.keys[1].collation == "NOCASE");
  CHECK(def.keys[2].expression == "(c + 1)");
  CHECK(def.where == "a IS NOT NULL");
}

TEST_CASE("scan_create_index reads UNIQUE, DESC and what each key can be", "[sqlite][scanner]")
{
  IndexDefinition def = scan_create_index("CREATE UNIQUE INDEX \"ix on\" ON t (a, lower(b) COLLATE NOCASE DESC, (c + 1))");
  CHECK(def.unique);
  REQUIRE(def.keys.size() == 3);
  CHECK(def.keys[0].column == "a");
  CHECK_FALSE(def.keys[0].computed);
  CHECK_FALSE(def.keys[0].descending);
  CHECK(def.keys[1].column.empty());
  CHECK(def.keys[1].computed);
  CHECK(def.keys[1].descending);
  CHECK(def.keys[2].computed);

  // Odd spacing and case, comments, quoted names, IF NOT EXISTS, a schema-qualified name.
  def = scan_create_index("create   index if not exists main.[my ix]\n on \"T \"\"x\"\"\"(  \"Col A\"  collate \"nocase\"  asc , -- c\n"
                          " `b` /* d */ desc )  where \"Col A\" > 0 -- end");
  CHECK_FALSE(def.unique);
  REQUIRE(def.keys.size() == 2);
  CHECK(def.keys[0].column == "Col A");
  CHECK(def.keys[0].expression == "\"Col A\"");
  CHECK(def.keys[0].collation == "nocase");
  CHECK_FALSE(def.keys[0].descending);
  CHECK(def.keys[1].column == "b");
  CHECK(def.keys[1].descending);
  CHECK(def.where == "\"Col A\" > 0");

  // Only SQLite's name resolution tells what these are ('a' and ('a') name column a; "zz" is a
  // string when no column has that name; (a) is column a): neither a column nor computed.
  def = scan_create_index("CREATE INDEX i ON t ('a', ('a'), (a), (a COLLATE nocase), \"zz\", true, a IS NULL)");
  REQUIRE(def.keys.size() == 7);
  for (size_t k = 0; k < 7; ++k) {
    INFO(k);
    CHECK_FALSE(def.keys[k].computed);
  }
  CHECK(def.keys[4].column == "zz");
  CHECK(def.keys[5].column == "true");
  CHECK(def.keys[0].column.empty());
  CHECK(def.keys[2].column.empty());

  // Computed: an operator, a literal beside something else, a call (CAST included), CASE with a literal.
  def = scan_create_index("CREATE INDEX i ON t (+a, -1, 'x' || a, CAST(a AS TEXT), json_extract(d, '$.a'), CASE WHEN a THEN 1 END, x'00')");
  REQUIRE(def.keys.size() == 7);
  for (size_t k = 0; k < 7; ++k) {
    INFO(k);
    CHECK(def.keys[k].computed);
    CHECK(def.keys[k].column.empty());
  }
}

TEST_CASE("scan_create_view reads the column list and the query", "[sqlite][scanner]")
{
  const ViewDefinition def = scan_create_view("CREATE VIEW IF NOT EXISTS \"v (x)\" (a, \"b\") AS\n  SELECT 1, 2");
  CHECK(def.columns == std::vector<std::string>{"a", "b"});
  CHECK(def.query == "SELECT 1, 2");
}

TEST_CASE("scan_create_virtual_table reads the module and the argument text as written", "[sqlite][scanner]")
{
  auto def = scan_create_virtual_table(
    "CREATE VIRTUAL TABLE \"Quoted (Name)\"   using   FTS5 ( title ,  body, tokenize = 'porter (x)' ) ");
  CHECK(def.module == "FTS5");
  CHECK(def.arguments == "title ,  body, tokenize = 'porter (x)'");
  def = scan_create_virtual_table("CREATE VIRTUAL TABLE IF NOT EXISTS main.geo USING \"rtree\"(id, -- key\n minx, maxx)");
  CHECK(def.module == "rtree");
  CHECK(def.arguments == "id, -- key\n minx, maxx");
  def = scan_create_virtual_table("CREATE VIRTUAL TABLE t USING mymodule");
  CHECK(def.module == "mymodule");
  CHECK(def.arguments.empty());
  def = scan_create_virtual_table("CREATE VIRTUAL TABLE t USING fts5()");
  CHECK(def.module == "fts5");
  CHECK(def.arguments.empty());
}

TEST_CASE("canonical_module_arguments normalises spacing and comments only", "[sqlite][scanner]")
{
  using strata::dialects::sqlite::canonical_module_arguments;
  CHECK(canonical_module_arguments("title,body , tokenize='porter'") == "title, body, tokenize = 'porter'");
  CHECK(canonical_module_arguments(" title ,\n  body,\ttokenize = 'porter' /* note */ ") ==
        "title, body, tokenize = 'porter'");
  CHECK(canonical_module_arguments("a, prefix = '2 3', tokenize = \"unicode61 remove_diacritics 2\"") ==
        "a, prefix = '2 3', tokenize = \"unicode61 remove_diacritics 2\"");
  CHECK(canonical_module_arguments("Title, x (10), +aux TEXT") == "Title, x(10), + aux TEXT");
  CHECK(canonical_module_arguments("title") != canonical_module_arguments("TITLE"));
  const std::string once = canonical_module_arguments("id ,minx,maxx, -- c\n +name");
  CHECK(canonical_module_arguments(once) == once);
}

TEST_CASE("scanners and canonical form tolerate truncated SQL", "[sqlite][scanner]")
{
  const char* broken[] = {
    "CREATE TABLE t (a CHECK (", "CREATE TABLE t (a TEXT COLLATE", "CREATE TABLE t (CONSTRAINT", "CREATE TABLE t (a 'unterminated",
    "CREATE TABLE t (FOREIGN KEY (a) REFERENCES", "CREATE INDEX i ON t (lower(a) COLLATE", "CREATE INDEX i ON",
    "CREATE VIEW v", "CREATE TABLE t (a) WITHOUT", "CREATE VIRTUAL TABLE t USING", "CREATE VIRTUAL TABLE t USING fts5(a,", "", "((", "))", "/* open comment",
  };
  for (const char* sql : broken) {
    INFO(sql);
    CHECK_NOTHROW(scan_create_table(sql));
    CHECK_NOTHROW(scan_create_index(sql));
    CHECK_NOTHROW(scan_create_view(sql));
    CHECK_NOTHROW(scan_create_virtual_table(sql));
    const std::string once = strata::dialects::sqlite::canonical_expression(sql);
    CHECK(strata::dialects::sqlite::canonical_expression(once) == once);
  }
  const TableDefinition def = scan_create_table("CREATE TABLE t (a INTEGER CHECK (a > 0");
  REQUIRE(def.checks.size() == 1);
  CHECK(def.checks[0].expression == "a > 0");
}

TEST_CASE("scan_create_table: which texts leave the columns to the pragma", "[sqlite][scanner]")
{
  CHECK_FALSE(scan_create_table("CREATE TABLE t (a INT NOT NULL DEFAULT -1, b TEXT, PRIMARY KEY (a))").open);
  CHECK_FALSE(scan_create_table("CREATE TABLE t (a \"my type\"(1, 2) DEFAULT (1 + 2) UNIQUE ON CONFLICT FAIL)").open);
  CHECK(scan_create_table("CREATE TABLE t (a INT, PRIMARY KEY (a + 0))").open);      // a key SQLite rejects or resolves
  CHECK(scan_create_table("CREATE TABLE t (a INT, PRIMARY KEY (b))").open);          // a key naming no column
  CHECK(scan_create_table("CREATE TABLE t (a INT DEFAULT ?)").open);                 // no literal (SQLite rejects it)
  CHECK(scan_create_table("CREATE TABLE t (a INT HIDDEN)").open);                    // hidden in some builds
  CHECK(scan_create_table("CREATE TABLE t (a INT(1) x)").open);                      // a word after the size
  CHECK(scan_create_table("CREATE TABLE t (a INT GENERATED BY DEFAULT)").open);      // an unknown form
  CHECK(scan_create_table("CREATE TABLE t AS SELECT 1").open);                       // no column list
}
