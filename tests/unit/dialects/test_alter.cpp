#include "sqlite_fixture.hpp"

#include "schemas/error.hpp"

using namespace strata;
using namespace strata::schemas;
using namespace strata::test;
using strata::dialects::AlterQuestion;

namespace {

bool in_place(const dialects::Dialect& dialect, const Table* table, const Operation& op)
{
  return dialect.can_alter_in_place(AlterQuestion{table, &op});
}

// Whether SQLite itself accepts the statements (rolled back either way).
bool sqlite_accepts(SqliteDb& db, const Operation& op)
{
  db.conn->execute("SAVEPOINT probe");
  bool ok = true;
  try {
    db.apply(op);
  } catch (const Error&) {
    ok = false;
  }
  db.conn->execute("ROLLBACK TO probe");
  db.conn->execute("RELEASE probe");
  return ok;
}

// The live table of the DROP COLUMN cases, created with the SQL SQLite will check against.
Table live_table(SqliteDb& db)
{
  db.conn->execute(
    "CREATE TABLE parent (id INTEGER PRIMARY KEY);"
    "CREATE TABLE t (id INTEGER PRIMARY KEY, u TEXT, i TEXT, w TEXT, e TEXT, f INTEGER, c INTEGER, g INTEGER,"
    " tr TEXT, plain TEXT, doubled INTEGER GENERATED ALWAYS AS (g * 2) VIRTUAL,"
    " CONSTRAINT t_u_key UNIQUE (u), CONSTRAINT t_f_fkey FOREIGN KEY (f) REFERENCES parent (id),"
    " CONSTRAINT t_c_check CHECK (c > 0));"
    "CREATE INDEX t_i_idx ON t (i);"
    "CREATE INDEX t_w_idx ON t (id) WHERE w IS NOT NULL;"
    "CREATE INDEX t_e_idx ON t (lower(e));"
    "CREATE TRIGGER t_tr AFTER UPDATE ON t BEGIN UPDATE t SET tr = upper(NEW.tr) WHERE id = NEW.id; END;"
    "INSERT INTO t (id, u, c, g) VALUES (1, 'a', 1, 2)");
  Table t;
  t.name = "t";
  for (const char* name : {"id", "u", "i", "w", "e", "f", "c", "g", "tr", "plain"}) {
    t.columns.push_back(column(name, "text"));
  }
  t.columns[0].identity = true;
  t.columns.push_back(column("doubled", "integer"));
  t.columns.back().generated = GeneratedColumn{"g * 2", false};
  t.primary_key = {"id"};
  const Index u = unique_key("t_u_key", "u");
  const Index i = plain_index("t_i_idx", "i");
  Index w = plain_index("t_w_idx", "id");
  w.where = "w IS NOT NULL";
  Index e;
  e.name = "t_e_idx";
  e.keys = {IndexKey{"", "lower(e)", false, ""}};
  t.indexes = {u, i, w, e};
  ForeignKey fk;
  fk.name = "t_f_fkey";
  fk.columns = {"f"};
  fk.references = {"", "parent"};
  fk.ref_columns = {"id"};
  t.foreign_keys = {fk};
  t.checks = {Check{"t_c_check", "c > 0", {}}};
  t.triggers = {Trigger{"t_tr", "CREATE TRIGGER t_tr AFTER UPDATE ON t BEGIN UPDATE t SET tr = upper(NEW.tr) "
                                "WHERE id = NEW.id; END", {}}};
  return t;
}

} // namespace

TEST_CASE("SQLite capabilities", "[alter]")
{
  const auto c = dialects::sqlite::dialect().capabilities;
  CHECK(c.transactional_ddl);
  CHECK(c.table_rebuild);
  CHECK(c.alter_add_column);
  CHECK(c.alter_drop_column);
  CHECK(c.alter_rename_column);
  CHECK(c.alter_rename_table);
  CHECK_FALSE(c.comments);
  CHECK_FALSE(c.schemas);
  CHECK_FALSE(c.enum_types);
  CHECK_FALSE(c.sequences);
  CHECK_FALSE(c.concurrent_index);
  CHECK_FALSE(c.alter_column_type);
  CHECK_FALSE(c.alter_column_nullability);
  CHECK_FALSE(c.alter_column_default);
  CHECK_FALSE(c.alter_add_foreign_key);
  CHECK_FALSE(c.alter_drop_foreign_key);
  CHECK_FALSE(c.alter_add_check);
  CHECK_FALSE(c.alter_drop_check);
  CHECK_FALSE(c.alter_primary_key);
  CHECK_FALSE(c.alter_unique_constraint);
}

TEST_CASE("ADD COLUMN in place exactly when SQLite accepts it", "[alter]")
{
  SqliteDb db;
  db.conn->execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT); INSERT INTO t VALUES (1, 'x')");
  struct Case {
    Column column;
    bool expected;
  };
  const auto identity = identity_column("n", "integer");
  auto stored = column("n", "integer");
  stored.generated = GeneratedColumn{"id * 2", true};
  auto virtual_column = column("n", "integer");
  virtual_column.generated = GeneratedColumn{"id * 2", false};
  auto collated = column("n", "text", false, "'y'");
  collated.collation = "NOCASE";
  const std::vector<Case> cases = {
    {column("n", "text"), true},
    {column("n", "text", true, "'it''s'"), true},
    {column("n", "integer", false, "0"), true},
    {column("n", "real", false, "-1.5"), true},
    {column("n", "blob", false, "X'00'"), true},
    {collated, true},
    {virtual_column, true},
    {column("n", "text", false), false},
    {column("n", "text", false, "NULL"), false},
    {column("n", "timestamp", true, "CURRENT_TIMESTAMP"), false},
    {column("n", "date", true, "current_date"), false},
    {column("n", "text", true, "lower('A')"), false},
    {column("n", "text", true, "(random())"), false},
    {stored, false},
    {identity, false},
  };
  for (const auto& c : cases) {
    const Operation op = AddColumn{{"", "t"}, c.column, "a"};
    INFO(db.dialect->render(op, db.ctx)[0].sql);
    CHECK(in_place(*db.dialect, nullptr, op) == c.expected);
    CHECK(sqlite_accepts(db, op) == c.expected);
  }
}

TEST_CASE("DROP COLUMN in place only when nothing else uses the column", "[alter]")
{
  SqliteDb db;
  const Table t = live_table(db);
  for (const auto& c : t.columns) {
    const Operation op = DropColumn{{"", "t"}, c};
    const bool expected = c.name == "plain" || c.name == "doubled";
    INFO(c.name);
    CHECK(in_place(*db.dialect, &t, op) == expected);
    CHECK(sqlite_accepts(db, op) == expected);
  }
}

TEST_CASE("constraint changes are never in place, renames and plain indexes are", "[alter]")
{
  const auto* dialect = &dialects::sqlite::dialect();
  Table t;
  t.name = "t";
  t.columns = {column("a", "text"), column("b", "text")};
  const Index unique = unique_key("t_a_key", "a");
  Index plain = unique;
  plain.name = "t_a_idx";
  plain.constraint = false;
  CHECK_FALSE(in_place(*dialect, &t, AlterColumn{{"", "t"}, column("a", "text"), column("a", "integer"), {}}));
  CHECK_FALSE(in_place(*dialect, &t, AddForeignKey{}));
  CHECK_FALSE(in_place(*dialect, &t, DropForeignKey{}));
  CHECK_FALSE(in_place(*dialect, &t, AddCheck{}));
  CHECK_FALSE(in_place(*dialect, &t, DropCheck{}));
  CHECK_FALSE(in_place(*dialect, &t, AddIndex{{"", "t"}, unique}));
  CHECK_FALSE(in_place(*dialect, &t, DropIndex{{"", "t"}, unique}));
  CHECK(in_place(*dialect, &t, AddIndex{{"", "t"}, plain}));
  CHECK(in_place(*dialect, &t, DropIndex{{"", "t"}, plain}));
  CHECK(in_place(*dialect, &t, RenameColumn{{"", "t"}, "a", "c"}));
  CHECK(in_place(*dialect, &t, RenameTable{{"", "t"}, {"", "u"}}));
  CHECK(in_place(*dialect, &t, DropTable{t}));
  CHECK(in_place(*dialect, &t, AddTable{t}));
}

TEST_CASE("a rebuild carries a locking risk, other operations none", "[alter]")
{
  const auto* dialect = &dialects::sqlite::dialect();
  Table t;
  t.name = "users";
  const auto risks = dialect->engine_risks(RebuildTable{t, t, {}, {}});
  REQUIRE(risks.size() == 1);
  CHECK(risks[0].kind == RiskKind::locking);
  CHECK(risks[0].level == RiskLevel::medium);
  CHECK(risks[0].code == "L301");
  CHECK(risks[0].message == "rebuilds table users (copies every row; holds the database write lock)");
  CHECK(dialect->engine_risks(DropTable{t}).empty());
  CHECK(dialect->engine_risks(AddColumn{{"", "users"}, column("a", "text"), ""}).empty());
}
