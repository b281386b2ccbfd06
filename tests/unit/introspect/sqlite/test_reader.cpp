#include "dialects/sqlite/sql_text.hpp"
#include "dialects/sqlite/sqlite_dialect.hpp"
#include "introspect/reader.hpp"
#include "tests/unit/introspect/reader_checks.hpp"
#include "tests/unit/introspect/sqlite/realistic_db.hpp"
#include "tests/unit/introspect/sqlite/temp_db.hpp"

#include <catch2/catch.hpp>

#include <chrono>

using namespace strata;
using schemas::Schema;
using schemas::Table;
using schemas::VirtualTable;

namespace {

// The realistic schema created in a fresh database file and read back.
Schema read_realistic()
{
  test::TempDb db;
  db.connection().execute(test::k_realistic_schema);
  const auto* dialect = &dialects::sqlite::dialect();
  return introspect::read_schema(db.connection(), *dialect);
}

// A table's columns and primary key as read, against what PRAGMA table_xinfo reports of it.
void check_columns_as_pragma_reports(test::TempDb& db, const Table& table)
{
  const auto& dialect = dialects::sqlite::dialect();
  const auto pragma = db.connection().query("SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(" +
                                            dialect.quote_literal(table.name) + ") ORDER BY cid");
  std::vector<std::string> expected;
  std::vector<std::pair<long long, std::string>> key;
  for (const auto& row : pragma.rows) {
    const long long hidden = std::stoll(*row[5]);
    expected.push_back(*row[0] + " type=" + schemas::ColumnType::parse(*row[1]).str() + " notnull=" + *row[2] +
                       " default=" + row[3].value_or("(none)") +
                       " generated=" + (hidden == 3 ? "stored" : hidden == 2 ? "virtual" : "no"));
    if (*row[4] != "0") {
      key.emplace_back(std::stoll(*row[4]), *row[0]);
    }
  }
  std::sort(key.begin(), key.end());
  std::vector<std::string> expected_key;
  for (const auto& [position, name] : key) {
    expected_key.push_back(name);
  }
  std::vector<std::string> read;
  for (const auto& column : table.columns) {
    read.push_back(column.name + " type=" + column.type.str() + " notnull=" + (column.nullable ? "0" : "1") +
                   " default=" + column.default_value.value_or("(none)") + " generated=" +
                   (!column.generated ? "no" : column.generated->stored ? "stored" : "virtual"));
  }
  INFO(table.name);
  CHECK(read == expected);
  CHECK(table.primary_key == expected_key);
}

} // namespace

TEST_CASE("SQLite reader: tables, columns and keys", "[sqlite][introspect]")
{
  const Schema schema = read_realistic();
  CHECK(schema.tables.size() == 18);

  const Table& orgs = test::table(schema, "organisations");
  CHECK(orgs.primary_key == std::vector<std::string>{"id"});
  CHECK(test::column(orgs, "id").identity);
  CHECK(test::column(orgs, "name").collation == "NOCASE");
  CHECK_FALSE(test::column(orgs, "name").nullable);
  CHECK(test::column(orgs, "slug").type == schemas::ColumnType::parse("varchar(64)"));
  CHECK(test::column(orgs, "created_at").default_value == std::optional<std::string>("CURRENT_TIMESTAMP"));

  const Table& users = test::table(schema, "users");
  CHECK_FALSE(test::column(users, "id").identity); // INTEGER PRIMARY KEY without AUTOINCREMENT
  CHECK(test::column(users, "status").default_value == std::optional<std::string>("'active'"));
  CHECK(test::column(users, "balance").type == schemas::ColumnType::parse("numeric(10,2)"));
  CHECK_FALSE(test::column(users, "display_name").default_value);

  const Table& user_roles = test::table(schema, "user_roles");
  CHECK(user_roles.primary_key == std::vector<std::string>{"user_id", "role_code"});
  CHECK(test::table(schema, "roles").options.at("without_rowid") == "true");
  CHECK(test::table(schema, "payments").options.at("strict") == "true");
  CHECK(test::table(schema, "payments").options.count("without_rowid") == 0);

  const Table& tasks = test::table(schema, "tasks");
  const auto& days = test::column(tasks, "estimate_days");
  REQUIRE(days.generated);
  CHECK(days.generated->expression == "estimate_hours / 8.0");
  CHECK_FALSE(days.generated->stored);
  REQUIRE(test::column(tasks, "title_length").generated);
  CHECK(test::column(tasks, "title_length").generated->stored);

  const Table& items = test::table(schema, "line items");
  CHECK(items.primary_key == std::vector<std::string>{"order id", "line no"});
  CHECK(test::column(items, "Größe").type == schemas::ColumnType::parse("text"));
  CHECK(test::table(schema, "order").find_column("select") != nullptr);
  CHECK(test::table(schema, "settings").find_column("flags")->type.native == "UNSIGNED BIG INT");
  CHECK(schema.find_table({"", "MixedCase"}) != nullptr);
}

TEST_CASE("SQLite reader: indexes and unique constraints", "[sqlite][introspect]")
{
  const Schema schema = read_realistic();
  const Table& users = test::table(schema, "users");
  REQUIRE(users.indexes.size() == 3);
  const auto* live = users.find_index("users_live_idx");
  REQUIRE(live != nullptr);
  CHECK(live->where == "deleted_at IS NULL");
  CHECK(live->column_names() == std::vector<std::string>{"org_id", "email"});
  CHECK_FALSE(live->unique);
  const auto* lower = users.find_index("users_lower_email_idx");
  REQUIRE(lower != nullptr);
  REQUIRE(lower->keys.size() == 1);
  CHECK(lower->keys[0].expression == "lower(email)");
  const auto* unique = users.find_index("users_email_uq");
  REQUIRE(unique != nullptr);
  CHECK(unique->unique);
  CHECK(unique->constraint);
  CHECK(unique->column_names() == std::vector<std::string>{"org_id", "email"});

  // Unnamed UNIQUE constraints take the default name; the primary key is not an index.
  CHECK(test::table(schema, "projects").find_index("projects_org_id_name_key") != nullptr);
  CHECK(test::table(schema, "organisations").find_index("organisations_slug_key") != nullptr);
  CHECK(test::table(schema, "roles").indexes.empty());

  const auto* tasks_idx = test::table(schema, "tasks").find_index("tasks_title_len_desc_idx");
  REQUIRE(tasks_idx != nullptr);
  REQUIRE(tasks_idx->keys.size() == 2);
  CHECK(tasks_idx->keys[0].descending);
  CHECK(tasks_idx->keys[1].collation == "NOCASE");
  // users.email is COLLATE NOCASE, but the index does not say so: no explicit key collation.
  CHECK(live->keys[1].collation.empty());
  const auto* size_idx = test::table(schema, "line items").find_index("line items by größe");
  REQUIRE(size_idx != nullptr);
  CHECK(size_idx->where == "\"Größe\" IS NOT NULL");
}

TEST_CASE("SQLite reader: foreign keys, checks, views and triggers", "[sqlite][introspect]")
{
  const Schema schema = read_realistic();
  const Table& user_roles = test::table(schema, "user_roles");
  REQUIRE(user_roles.foreign_keys.size() == 2);
  const auto* to_users = user_roles.find_foreign_key("user_roles_user_id_fkey");
  REQUIRE(to_users != nullptr);
  CHECK(to_users->on_delete == "cascade");
  CHECK(to_users->on_update == "cascade");
  CHECK(user_roles.find_foreign_key("user_roles_role_code_fkey")->on_delete == "restrict");

  const Table& projects = test::table(schema, "projects");
  CHECK(projects.find_foreign_key("projects_owner_fk")->on_delete == "set null");
  CHECK(projects.foreign_keys[0].name == "projects_org_fk"); // declaration order

  const Table& tasks = test::table(schema, "tasks");
  const auto* to_projects = tasks.find_foreign_key("tasks_project_id_fkey");
  REQUIRE(to_projects != nullptr);
  CHECK(to_projects->ref_columns == std::vector<std::string>{"id"}); // implicit parent key filled in
  CHECK(tasks.find_foreign_key("tasks_assignee_id_fkey")->on_delete == "set default");

  const auto* deferred = test::table(schema, "task_dependencies").find_foreign_key("task_dependencies_project_id_depends_on_fkey");
  REQUIRE(deferred != nullptr);
  CHECK(deferred->deferrable);
  CHECK(deferred->initially_deferred);
  CHECK(deferred->ref_columns == std::vector<std::string>{"project_id", "number"});

  const Table& orgs = test::table(schema, "organisations");
  REQUIRE(orgs.checks.size() == 1);
  CHECK(orgs.checks[0].name == "org_slug_format");
  CHECK(orgs.checks[0].expression == "slug = lower(slug)");
  const Table& users = test::table(schema, "users");
  REQUIRE(users.checks.size() == 1);
  CHECK(users.checks[0].name == "users_check");
  CHECK(users.checks[0].expression == "status IN ('active', 'disabled')");
  CHECK(test::table(schema, "comments").find_check("comments_body_nonempty") != nullptr);

  REQUIRE(schema.views.size() == 3);
  const auto* active = schema.find_view({"", "active_users"});
  REQUIRE(active != nullptr);
  CHECK(active->query.rfind("SELECT u.id", 0) == 0);
  const auto* open_tasks = schema.find_view({"", "open tasks"});
  REQUIRE(open_tasks != nullptr);
  CHECK(open_tasks->columns == std::vector<std::string>{"project", "number", "title"});

  REQUIRE(users.triggers.size() == 1);
  CHECK(users.triggers[0].name == "users_audit");
  CHECK(users.triggers[0].definition.rfind("CREATE TRIGGER users_audit", 0) == 0);
  CHECK(test::table(schema, "invoice_lines").triggers.size() == 1);
}

TEST_CASE("SQLite reader skips strata's own and SQLite's internal tables", "[sqlite][introspect]")
{
  const Schema schema = read_realistic();
  for (const auto& table : schema.tables) {
    CHECK(table.name.rfind("strata_", 0) != 0);
    CHECK(table.name.rfind("sqlite_", 0) != 0);
  }
  CHECK(schema.find_table({"", "strata_schema_history"}) == nullptr);
  CHECK(schema.find_table({"", "sqlite_sequence"}) == nullptr);
}

TEST_CASE("SQLite reader: virtual tables by declaration, their shadow tables never as tables",
          "[sqlite][introspect]")
{
  const Schema schema = read_realistic();
  REQUIRE(schema.virtual_tables.size() == 3);
  CHECK(schema.virtual_tables[0] ==
        VirtualTable{"comments_search", "fts5", "body, content='comments', content_rowid='id', tokenize = 'porter'", {}});
  CHECK(schema.virtual_tables[1] == VirtualTable{"Task Notes", "FTS4", "title, body", {}});
  CHECK(schema.virtual_tables[2] == VirtualTable{"office_boxes", "rtree", "id, min_x, max_x, min_y, max_y", {}});
  for (const auto& table : schema.tables) {
    INFO(table.name);
    CHECK(table.name.rfind("comments_search", 0) != 0);
    CHECK(table.name.rfind("Task Notes", 0) != 0);
    CHECK(table.name.rfind("office_boxes", 0) != 0);
  }
  const auto& comments = test::table(schema, "comments");
  REQUIRE(comments.triggers.size() == 1);
  CHECK(comments.triggers[0].name == "comments_search_ai");
  CHECK(schema.find_view({"", "found_comments"}) != nullptr);
}

TEST_CASE("SQLite reader uses a constant number of queries", "[sqlite][introspect]")
{
  const auto* dialect = &dialects::sqlite::dialect();
  auto statements_for = [&](int tables) {
    test::TempDb db;
    std::string sql;
    for (int i = 0; i < tables; ++i) {
      const std::string n = std::to_string(i);
      sql += "CREATE TABLE t" + n + " (id INTEGER PRIMARY KEY, v TEXT UNIQUE, p INTEGER REFERENCES t0 (id), CHECK (v <> ''));";
      sql += "CREATE INDEX t" + n + "_v ON t" + n + " (lower(v));";
      sql += "CREATE VIRTUAL TABLE t" + n + "_fts USING fts5(v, content='t" + n + "');";
    }
    db.connection().execute(sql);
    test::CountingConnection counting(db.connection());
    const auto start = std::chrono::steady_clock::now();
    const Schema schema = introspect::read_schema(counting, *dialect);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    CHECK(schema.tables.size() == static_cast<size_t>(tables)); // shadow tables are not tables
    CHECK(schema.virtual_tables.size() == static_cast<size_t>(tables));
    CHECK(schema.tables.back().indexes.size() == 2);
    CHECK(schema.tables.back().foreign_keys.size() == 1);
    CHECK(elapsed < std::chrono::seconds(5));
    return counting.count;
  };
  const int few = statements_for(3);
  const int many = statements_for(200);
  CHECK(few == many);
  CHECK(many == 4); // objects and indexes, whether there are virtual tables and statistics, the shadow tables
                    // (the UNIQUE column's automatic index: the index pragmas asked); columns and foreign
                    // keys from the texts

  test::TempDb plain; // without a virtual table the shadow tables are not asked for; without an
                      // automatic index (nor a key only SQLite can resolve) the index pragmas not
  plain.connection().execute("CREATE TABLE a (id INTEGER PRIMARY KEY, v TEXT); CREATE VIEW v AS SELECT id FROM a;"
                             "CREATE INDEX a_v ON a (v, lower(v)) WHERE v <> '';");
  test::CountingConnection counting(plain.connection());
  const Schema schema = introspect::read_schema(counting, *dialect);
  REQUIRE(schema.tables.size() == 1);
  CHECK(schema.tables[0].indexes.size() == 1);
  CHECK(counting.count == 2);

  // A text the scan leaves open: the columns' and foreign keys' pragmas asked, for that table only.
  plain.connection().execute("CREATE TABLE b (id INTEGER PRIMARY KEY, v TEXT HIDDEN DEFAULT 'x')");
  test::CountingConnection again(plain.connection());
  const Schema both = introspect::read_schema(again, *dialect);
  CHECK(again.count == 4);
  REQUIRE(both.tables.size() == 2);
  CHECK(test::table(both, "b").primary_key == std::vector<std::string>{"id"});
  CHECK(test::table(both, "b").columns[1].type == schemas::ColumnType::parse("TEXT HIDDEN"));
  CHECK(test::table(both, "b").columns[1].default_value == std::optional<std::string>("'x'"));
}

TEST_CASE("SQLite reader: indexes read from their texts as the pragmas report them", "[sqlite][introspect]")
{
  test::TempDb db;
  db.connection().execute(R"sql(
    CREATE TABLE "Odd ""T""" (id INTEGER PRIMARY KEY, "E-mail" TEXT COLLATE NOCASE, Name text, score REAL, data TEXT,
      g INT GENERATED ALWAYS AS (score * 2) VIRTUAL);
    CREATE   unique  INDEX   IF NOT EXISTS  main."odd ix" ON "Odd ""T"""  ( "e-mail" COLLATE binary , NAME );
    create index [br ix] on "odd ""t""" ( lower( name ) collate nocase, score + 1 ) where score > 0 /* c */ and name is not null;
    CREATE INDEX ix_comment ON "Odd ""T""" (-- first key
      name, /* second */ score)  WHERE data IS NOT NULL -- trailing
    ;
    CREATE INDEX ix_gen ON "Odd ""T""" (g);
    CREATE INDEX ix_json ON "Odd ""T""" (json_extract(data, '$.a'), `Name` ASC);
    CREATE INDEX "ix_ä" ON "Odd ""T""" (score);
    CREATE INDEX Ix_Z ON "Odd ""T""" (score, data);
    CREATE TABLE asked (id INTEGER PRIMARY KEY, a INT, b TEXT);
    CREATE INDEX asked_str ON asked ('a');
    CREATE INDEX asked_paren ON asked ((b));
    CREATE INDEX asked_desc ON asked (a DESC, b);
    CREATE INDEX asked_plain ON asked (b);
    CREATE TABLE wr (a TEXT, b INT, c TEXT UNIQUE, PRIMARY KEY (a, b)) WITHOUT ROWID;
    CREATE INDEX wr_c ON wr (c COLLATE rtrim, b);
    CREATE TABLE pk_text (code TEXT PRIMARY KEY, v INT UNIQUE, w INT, CONSTRAINT vw_uq UNIQUE (v, w));
    CREATE INDEX pk_text_w ON pk_text (w) WHERE w > 0;
  )sql");
  const Schema schema = introspect::read_schema(db.connection(), dialects::sqlite::dialect());
  for (const Table& table : schema.tables) {
    // What the pragmas say of each index but the primary key's, by name.
    const auto pragma = db.connection().query(
      "SELECT il.name, il.\"unique\", il.origin, il.partial, ix.cid, ix.name, ix.\"desc\""
      " FROM pragma_index_list(" + dialects::sqlite::dialect().quote_literal(table.name) + ") il"
      " JOIN pragma_index_xinfo(il.name) ix WHERE ix.key = 1 AND il.origin <> 'pk' ORDER BY il.name, ix.seqno");
    std::vector<std::string> expected;
    std::vector<std::string> read;
    for (const auto& row : pragma.rows) {
      const bool expression = row[4] == std::optional<std::string>("-2");
      expected.push_back((*row[2] == "u" ? std::string("(constraint)") : *row[0]) + " unique=" + *row[1] +
                         " partial=" + *row[3] + " " + (expression ? "(expression)" : *row[5]) + " desc=" + *row[6]);
    }
    for (const auto& index : table.indexes) {
      for (const auto& key : index.keys) {
        read.push_back((index.constraint ? std::string("(constraint)") : index.name) + " unique=" + (index.unique ? "1" : "0") +
                       " partial=" + (index.where.empty() ? "0" : "1") + " " +
                       (key.expression.empty() ? key.column : "(expression)") + " desc=" + (key.descending ? "1" : "0"));
      }
    }
    INFO(table.name);
    CHECK(read == expected);
  }
  const Table& odd = test::table(schema, "Odd \"T\"");
  REQUIRE(odd.find_index("br ix") != nullptr);
  CHECK(odd.find_index("br ix")->keys[0].expression == "lower( name )");
  CHECK(odd.find_index("br ix")->keys[0].collation == "nocase");
  CHECK(odd.find_index("br ix")->where == "score > 0 /* c */ and name is not null");
  CHECK(odd.find_index("odd ix")->keys[0].column == "E-mail");
  CHECK(odd.find_index("odd ix")->keys[0].collation == "binary");
  CHECK(test::table(schema, "asked").find_index("asked_str")->keys[0].column == "a");
  CHECK(test::table(schema, "wr").indexes.size() == 2);
}

TEST_CASE("SQLite reader takes row estimates from sqlite_stat1 once ANALYZE ran, never sizes", "[sqlite][introspect]")
{
  const auto* dialect = &dialects::sqlite::dialect();
  test::TempDb db;
  db.connection().execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER NOT NULL);"
                          "CREATE INDEX orders_total ON orders (total);"
                          "CREATE TABLE notes (body TEXT);"
                          "CREATE TABLE empty (id INTEGER PRIMARY KEY);"
                          "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 2500) "
                          "INSERT INTO orders (id, total) SELECT n, n % 7 FROM c;"
                          "INSERT INTO notes (body) VALUES ('a'), ('b'), ('c');");
  const Schema before = introspect::read_schema(db.connection(), *dialect);
  for (const auto& table : before.tables) {
    CHECK_FALSE(table.estimate.known()); // never analysed
  }
  db.connection().execute("ANALYZE");
  test::CountingConnection counting(db.connection());
  const Schema after = introspect::read_schema(counting, *dialect);
  CHECK(counting.count == 3); // the statistics one more (the index, columns and keys read from their texts)
  const auto* orders = after.find_table({"", "orders"});
  const auto* notes = after.find_table({"", "notes"});
  REQUIRE(orders != nullptr);
  REQUIRE(notes != nullptr);
  CHECK(orders->estimate.rows == 2500);
  CHECK(notes->estimate.rows == 3);
  CHECK_FALSE(orders->estimate.bytes.has_value());
  CHECK(after == before); // live facts, not part of the schema
}

TEST_CASE("SQLite reader after ALTER TABLE renames and ADD COLUMN", "[sqlite][introspect]")
{
  test::TempDb db;
  db.connection().execute(R"sql(
    CREATE TABLE t (a INTEGER NOT NULL CHECK (a > 0), b TEXT, CONSTRAINT t_b CHECK (length(b) < 10));
    CREATE INDEX t_lower_b ON t (lower(b)) WHERE a > 1;
    CREATE VIEW v AS SELECT a, b FROM t;
    ALTER TABLE t RENAME COLUMN a TO "first col";
    ALTER TABLE t RENAME COLUMN b TO c;
    ALTER TABLE t RENAME TO renamed;
    ALTER TABLE renamed ADD COLUMN d INTEGER DEFAULT 7 CONSTRAINT d_small CHECK (d < 100) COLLATE NOCASE;
  )sql");
  const auto* dialect = &dialects::sqlite::dialect();
  const Schema schema = dialect->normalize(introspect::read_schema(db.connection(), *dialect));
  const Table& t = test::table(schema, "renamed");
  REQUIRE(t.columns.size() == 3);
  CHECK(t.columns[0].name == "first col");
  CHECK(t.columns[2].default_value == std::optional<std::string>("7"));
  CHECK(t.columns[2].collation == "NOCASE");
  REQUIRE(t.checks.size() == 3);
  CHECK(t.find_check("renamed_check") != nullptr);
  CHECK(t.find_check("renamed_check")->expression == "\"first col\" > 0");
  CHECK(t.find_check("t_b")->expression == "length(c) < 10");
  CHECK(t.find_check("d_small")->expression == "d < 100");
  const auto* index = t.find_index("t_lower_b");
  REQUIRE(index != nullptr);
  CHECK(index->keys[0].expression == "lower(c)");
  CHECK(index->where == "\"first col\" > 1");
  REQUIRE(schema.views.size() == 1);
  CHECK(schema.views[0].query == "SELECT \"first col\", c FROM renamed"); // SQLite rewrote the view text
}

TEST_CASE("SQLite reader: rows read a chunk at a time give the model the whole result gives", "[sqlite][introspect]")
{
  test::TempDb db;
  db.connection().execute(test::k_realistic_schema);
  // Tables whose texts leave the columns to the pragma (HIDDEN in a type): their columns' rows
  // come a chunk at a time too.
  db.connection().execute("CREATE TABLE wide_a (a INT HIDDEN, b TEXT, c INT, d TEXT, e INT, f INT, g TEXT, h INT,"
                          " i TEXT, j INT, k INT, l TEXT, PRIMARY KEY (b, a));"
                          "CREATE TABLE wide_b (a INT HIDDEN, b TEXT NOT NULL, c INT DEFAULT 1, d TEXT, e INT,"
                          " f INT, g TEXT, h INT, i TEXT, j INT, k INT, l TEXT);");
  test::check_chunked_read(db.connection(), dialects::sqlite::dialect(), {}, 20); // a chunk per column
}

TEST_CASE("SQLite reader: columns read from the texts as PRAGMA table_xinfo reports them", "[sqlite][introspect]")
{
  // Texts of many shapes, a few the scan leaves to the pragma (open): every table's columns,
  // types, NOT NULLs, defaults, keys and generated kinds must be what SQLite itself reports.
  test::TempDb db;
  db.connection().execute(R"sql(
    CREATE TABLE types (a integer, b Int, c 'TEXT', d "varchar"(10), e VARCHAR ( 10 ,  2 ), f double   precision,
      g, h [int], i `blob` NOT NULL, j 'a b', k 'in''t', l "int", m 'int'(5), n any, o 'x'y, p INT key, q text match,
      r DECIMAL(+10, -2), s int(3,4) /* c */ , t varchar(10) -- x
      , u UNSIGNED BIG INT, v "Text", w 'real' NOT NULL);
    CREATE TABLE defaults (x int primary key, y text not null default 'a''b', z default -  1, w default (1+2),
      v default +3, u default CURRENT_TIMESTAMP, t default true, s default "abc", q default x'00',
      p default -/*c*/2.5, o int default (((1))), n int default ( /* c */ 'x' ) collate nocase, m default null,
      l int default NULL not null, k text default '', j int default 0x10, i real default 1e3, h default - 0.5,
      g int CONSTRAINT c DEFAULT 1 NOT NULL, f text default 'x' check (f <> '') collate nocase,
      e default (datetime('now', 'localtime')));
    CREATE TABLE keyed (x text, y int, z int not null, primary key (y desc, "X" collate nocase)) without rowid;
    CREATE TABLE keyed2 (a int, b int, c int, constraint pk primary key (c collate nocase, "a" desc));
    CREATE TABLE keyed3 ('q' int, [r s] text, `t` int, "u""v" int, primary key ('q'));
    CREATE TABLE keyed4 (x int primary key) without rowid;
    CREATE TABLE keyed5 (a integer not null primary key desc on conflict abort, b int unique references keyed4 (x));
    CREATE TABLE keyed6 (id integer primary key autoincrement, v text);
    CREATE TABLE keyed7 (a text check (a <> '') collate nocase default 'q' primary key, b int null);
    CREATE TABLE gen (k int, x int generated always as (1) stored, y as (2), z int as (3) virtual,
      w text GENERATED ALWAYS AS (k || 'a') not null, v int generated always as (4));
    CREATE TABLE conflicts (x int constraint nn not null on conflict replace, y null, z int unique on conflict ignore);
    CREATE TABLE strictly (a INT NOT NULL, b TEXT, c ANY, PRIMARY KEY (b)) STRICT;
    CREATE TABLE strict_alias (id integer PRIMARY KEY, b TEXT) STRICT;
    CREATE TABLE strict_pair (id INTEGER, b TEXT, PRIMARY KEY (id, b)) STRICT;
    CREATE TABLE strict_int (id INT PRIMARY KEY, b TEXT) STRICT;
    CREATE TABLE strict_desc (id INTEGER PRIMARY KEY DESC, b TEXT) STRICT;
    CREATE TABLE copied AS SELECT x, y, z FROM keyed;
    CREATE TABLE "Odd ""T""" ("A b" "Weird Type"(1), [c] TEXT DEFAULT "q" NOT NULL);
    CREATE TABLE altered (a INTEGER NOT NULL CHECK (a > 0), b TEXT);
    ALTER TABLE altered RENAME COLUMN a TO "first col";
    ALTER TABLE altered ADD COLUMN d INTEGER DEFAULT 7 CONSTRAINT d_small CHECK (d < 100) COLLATE NOCASE;
    ALTER TABLE altered ADD COLUMN e TEXT NOT NULL DEFAULT (lower('X'));
  )sql");
  const auto& dialect = dialects::sqlite::dialect();
  const Schema schema = introspect::read_schema(db.connection(), dialect);
  CHECK(schema.tables.size() == 19);
  for (const Table& table : schema.tables) {
    check_columns_as_pragma_reports(db, table);
  }
  CHECK(test::column(test::table(schema, "types"), "o").type == schemas::ColumnType::parse("x"));
  CHECK(test::column(test::table(schema, "defaults"), "o").default_value == std::optional<std::string>("((1))"));
  CHECK(test::table(schema, "keyed").primary_key == std::vector<std::string>{"y", "x"});
}

TEST_CASE("SQLite reader: foreign keys read from the texts as PRAGMA foreign_key_list reports them", "[sqlite][introspect]")
{
  test::TempDb db;
  db.connection().execute(R"sql(
    CREATE TABLE p (id INTEGER PRIMARY KEY, "Code" TEXT UNIQUE, a INT, b INT, UNIQUE (a, b));
    CREATE TABLE c1 (x INT REFERENCES p ON DELETE CASCADE ON UPDATE SET NULL,
      "Y" TEXT REFERENCES "p" ("Code") ON INSERT CASCADE MATCH FULL NOT DEFERRABLE,
      a INT, b INT,
      CONSTRAINT fk2 FOREIGN KEY (A, b) REFERENCES p (a, b) ON UPDATE RESTRICT ON DELETE SET DEFAULT DEFERRABLE INITIALLY DEFERRED,
      FOREIGN KEY (x) REFERENCES p (id) ON DELETE NO ACTION);
    ALTER TABLE c1 ADD COLUMN z INT REFERENCES p (id) ON DELETE CASCADE;
    CREATE TABLE c2 ([w w] INT CONSTRAINT named REFERENCES [p] /* c */ (id) on delete set null deferrable initially immediate,
      v INT, FOREIGN KEY ("V") REFERENCES c1);
    CREATE TABLE c3 (k INT HIDDEN REFERENCES p (id) ON UPDATE CASCADE, j INT REFERENCES c2 ([w w]));
  )sql");
  const auto& dialect = dialects::sqlite::dialect();
  const Schema schema = introspect::read_schema(db.connection(), dialect);
  for (const char* name : {"c1", "c2", "c3"}) {
    const Table& table = test::table(schema, name);
    // The pragma numbers keys from the last declared one.
    const auto pragma = db.connection().query("SELECT id, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(" +
                                              dialect.quote_literal(name) + ") ORDER BY id DESC, seq");
    std::vector<std::string> expected;
    for (const auto& row : pragma.rows) {
      expected.push_back(*row[1] + " " + *row[2] + "->" + row[3].value_or("(key)") + " update " + *row[4] + " delete " + *row[5]);
    }
    std::vector<std::string> read;
    for (const auto& fk : table.foreign_keys) {
      for (size_t i = 0; i < fk.columns.size(); ++i) {
        const std::string to = i < fk.ref_columns.size() ? fk.ref_columns[i] : "(key)"; // c1 has no primary key
        read.push_back(fk.references.name + " " + fk.columns[i] + "->" + to + " update " +
                       dialects::sqlite::ascii_upper(fk.on_update) + " delete " + dialects::sqlite::ascii_upper(fk.on_delete));
      }
    }
    INFO(name);
    CHECK(read.size() == expected.size());
    // Keys naming their parent's primary key implicitly are resolved to it after the read.
    for (size_t i = 0; i < std::min(read.size(), expected.size()); ++i) {
      if (expected[i].find("->(key)") != std::string::npos) {
        continue;
      }
      CHECK(read[i] == expected[i]);
    }
  }
  const Table& c1 = test::table(schema, "c1");
  REQUIRE(c1.foreign_keys.size() == 5);
  CHECK(c1.foreign_keys[0].ref_columns == std::vector<std::string>{"id"}); // the parent's key
  CHECK(c1.foreign_keys[2].columns == std::vector<std::string>{"z"});       // added: before the table's constraints
  CHECK(c1.foreign_keys[3].name == "fk2");
  CHECK(c1.foreign_keys[3].columns == std::vector<std::string>{"a", "b"});  // as the columns are declared
  CHECK(c1.foreign_keys[3].deferrable);
  CHECK(test::table(schema, "c2").foreign_keys[0].name == "named");
  CHECK(test::table(schema, "c2").foreign_keys[1].columns == std::vector<std::string>{"v"});
  CHECK(test::table(schema, "c3").foreign_keys.size() == 2); // from the pragma (HIDDEN leaves the text open)
}

TEST_CASE("SQLite reader: the tables of a large file, made from their texts in two halves at once, are each what "
          "the pragma reports",
          "[sqlite][introspect]")
{
  // 1,500 tables (two halves from 1,000): texts of several shapes, some the scan leaves to the
  // pragma (open) in both halves, so that each half's open tables are gathered in order.
  test::TempDb db;
  const std::vector<std::string> shapes = {
    "(id integer PRIMARY KEY, name text NOT NULL DEFAULT 'x', score numeric(5,2) DEFAULT -1)",
    "(a INT, b TEXT, c REAL NOT NULL, PRIMARY KEY (b, a))",
    "(id INTEGER PRIMARY KEY DESC, b TEXT) STRICT", // open: a descending key of a STRICT table
    "(k int, g int GENERATED ALWAYS AS (k * 2) STORED, v AS (k + 1))",
    "(x \"Odd Type\"(3), y DEFAULT (1 + 2) NOT NULL) WITHOUT ROWID",
  };
  std::string sql = "BEGIN;";
  for (size_t i = 0; i < 1500; ++i) {
    std::string shape = shapes[i % shapes.size()];
    if (shape.find("WITHOUT ROWID") != std::string::npos) {
      shape = "(x \"Odd Type\"(3) PRIMARY KEY, y DEFAULT (1 + 2) NOT NULL) WITHOUT ROWID";
    }
    sql += "CREATE TABLE t" + std::to_string(i) + " " + shape + ";";
  }
  db.connection().execute(sql + "COMMIT;");
  const Schema schema = introspect::read_schema(db.connection(), dialects::sqlite::dialect());
  REQUIRE(schema.tables.size() == 1500);
  for (const Table& table : schema.tables) {
    check_columns_as_pragma_reports(db, table);
  }
}
