// PostgreSQL indexes and constraints on the real server: concurrent builds on tables with rows
// (outside the transaction, safe to re-run), the plain forms on new tables, UNIQUE constraints
// attached to a concurrently built index, foreign keys and checks added NOT VALID then validated.
#include "tests/unit/dialects/postgres/write_fixture.hpp"

using namespace strata;
using namespace strata::test;
using schemas::Operation;

namespace {

schemas::Schema live_with(std::initializer_list<const char*> tables)
{
  schemas::Schema live;
  for (const char* name : tables) {
    live.tables.push_back(make_table(name, {make_column("id", "integer")}));
  }
  return live;
}

schemas::IndexKey column_key(std::string name, bool desc = false)
{
  return schemas::IndexKey{std::move(name), "", desc, ""};
}

} // namespace

TEST_CASE("postgres indexes on an existing table with rows are built and dropped concurrently", "[postgres]")
{
  PostgresDatabase db;
  auto& c = db.connection();
  c.execute("CREATE TABLE docs (id int PRIMARY KEY, body text, tags text[], deleted boolean)");
  c.execute("INSERT INTO docs SELECT g, 'b' || g, ARRAY['t' || (g % 7)], g % 2 = 0 FROM generate_series(1, 2000) g");
  const auto live = live_with({"docs"});
  dialects::RenderContext ctx{&live, nullptr};

  schemas::Index partial;
  partial.name = "docs_recent_idx";
  partial.keys = {column_key("id", true), schemas::IndexKey{"", "lower(body)", false, ""}};
  partial.include = {"deleted"};
  partial.where = "NOT deleted";
  const auto statements = pg_render(Operation{schemas::AddIndex{{"", "docs"}, partial}}, ctx);
  REQUIRE(statements.size() == 1);
  CHECK(statements[0].no_transaction);
  CHECK(statements[0].sql == "CREATE INDEX CONCURRENTLY IF NOT EXISTS \"docs_recent_idx\" ON \"docs\" (\"id\" DESC, "
                             "(lower(body))) INCLUDE (\"deleted\") WHERE NOT deleted");
  pg_apply(c, statements);
  pg_apply(c, statements); // a re-run after a failure later in the file is harmless

  schemas::Index gin;
  gin.name = "docs_tags_idx";
  gin.method = "gin";
  gin.keys = {column_key("tags")};
  pg_apply(c, pg_render(Operation{schemas::AddIndex{{"", "docs"}, gin}}, ctx));
  CHECK(pg_value(c, "SELECT count(*) FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid WHERE i.indisvalid "
                    "AND x.relname IN ('docs_recent_idx', 'docs_tags_idx')") == "2");
  CHECK(pg_value(c, "SELECT amname FROM pg_class x JOIN pg_am a ON a.oid = x.relam WHERE relname = "
                    "'docs_tags_idx'") == "gin");
  CHECK(pg_value(c, "SELECT pg_get_expr(indpred, indrelid) FROM pg_index WHERE indexrelid = "
                    "'docs_recent_idx'::regclass") == "(NOT deleted)");

  const auto drop = pg_render(Operation{schemas::DropIndex{{"", "docs"}, gin}}, ctx);
  REQUIRE(drop.size() == 1);
  CHECK(drop[0].no_transaction);
  pg_apply(c, drop);
  pg_apply(c, drop);
  CHECK(pg_value(c, "SELECT to_regclass('docs_tags_idx') IS NULL") == "t");

  // With --no-concurrent-indexes, and on tables created by the plan, the plain form is used.
  dialects::RenderContext plain{&live, nullptr};
  plain.concurrent_indexes = false;
  const auto direct = pg_render(Operation{schemas::AddIndex{{"", "docs"}, gin}}, plain);
  CHECK_FALSE(direct[0].no_transaction);
  CHECK(direct[0].sql == "CREATE INDEX \"docs_tags_idx\" ON \"docs\" USING \"gin\" (\"tags\")");
  dialects::RenderContext fresh{&live, nullptr};
  CHECK_FALSE(pg_render(Operation{schemas::AddIndex{{"", "new_table"}, gin}}, fresh)[0].no_transaction);
}

TEST_CASE("postgres UNIQUE constraint on an existing table attaches a concurrently built index", "[postgres]")
{
  PostgresDatabase db;
  auto& c = db.connection();
  c.execute("CREATE TABLE u (id int, email text); INSERT INTO u VALUES (1, 'a'), (2, 'b')");
  const auto live = live_with({"u"});
  dialects::RenderContext ctx{&live, nullptr};
  schemas::Index unique;
  unique.name = "u_email_key";
  unique.keys = {column_key("email")};
  unique.unique = true;
  unique.constraint = true;
  const auto statements = pg_render(Operation{schemas::AddIndex{{"", "u"}, unique}}, ctx);
  REQUIRE(statements.size() == 2);
  CHECK(statements[1].sql == "ALTER TABLE \"u\" ADD CONSTRAINT \"u_email_key\" UNIQUE USING INDEX \"u_email_key\"");
  pg_apply(c, statements);
  CHECK(pg_value(c, "SELECT contype FROM pg_constraint WHERE conname = 'u_email_key'") == "u");
  pg_apply(c, pg_render(Operation{schemas::DropIndex{{"", "u"}, unique}}, ctx));
  CHECK(pg_value(c, "SELECT count(*) FROM pg_constraint WHERE conname = 'u_email_key'") == "0");
}

namespace {

// A fresh database with p (id) holding 1 and ch (id, p_id, qty) holding `ch_rows` (some of them
// orphans, or failing the check), a live schema that has both (so constraints are added NOT
// VALID), and the constraints the cases add: ch (p_id) -> p (id), and qty > 0.
struct ParentChild {
  PostgresDatabase db;
  dialects::postgres::PostgresConnection& c = db.connection();
  schemas::Schema live;
  dialects::RenderContext ctx{&live, nullptr};
  schemas::ForeignKey fk;
  schemas::Check check{"ch_qty_check", "qty > 0", {}};

  explicit ParentChild(const std::string& ch_rows)
  {
    c.execute("CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE ch (id int, p_id int, qty int)");
    c.execute("INSERT INTO p VALUES (1); INSERT INTO ch VALUES " + ch_rows);
    live = live_with({"p", "ch"});
    fk.name = "ch_p_fkey";
    fk.columns = {"p_id"};
    fk.references = {"", "p"};
    fk.ref_columns = {"id"};
  }
};

} // namespace

TEST_CASE("postgres foreign keys and checks on existing tables are added NOT VALID, then validated", "[postgres]")
{
  ParentChild tables("(1, 1, 3), (2, 9, 4)");
  auto& c = tables.c;
  auto& ctx = tables.ctx;
  const auto& fk = tables.fk;
  const auto& check = tables.check;
  const auto statements = pg_render(Operation{schemas::AddForeignKey{{"", "ch"}, fk}}, ctx);
  REQUIRE(statements.size() == 3);
  CHECK(statements[0].sql == "ALTER TABLE \"ch\" DROP CONSTRAINT IF EXISTS \"ch_p_fkey\"");
  CHECK(statements[1].sql.find("NOT VALID") != std::string::npos);
  CHECK(statements[2].sql == "ALTER TABLE \"ch\" VALIDATE CONSTRAINT \"ch_p_fkey\"");
  for (const auto& s : statements) {
    CHECK(s.no_transaction); // the step runs outside the file's transaction
  }

  c.execute(statements[0].sql);
  c.execute(statements[1].sql);
  CHECK(pg_value(c, "SELECT convalidated FROM pg_constraint WHERE conname = 'ch_p_fkey'") == "f");
  CHECK_THROWS(c.execute(statements[2].sql)); // the orphan row (p_id 9) fails the validation
  c.execute("DELETE FROM ch WHERE p_id = 9");
  c.execute(statements[2].sql);
  CHECK(pg_value(c, "SELECT convalidated FROM pg_constraint WHERE conname = 'ch_p_fkey'") == "t");

  const auto check_statements = pg_render(Operation{schemas::AddCheck{{"", "ch"}, check}}, ctx);
  REQUIRE(check_statements.size() == 3);
  pg_apply(c, check_statements);
  CHECK(pg_value(c, "SELECT convalidated FROM pg_constraint WHERE conname = 'ch_qty_check'") == "t");
  CHECK_THROWS(c.execute("INSERT INTO ch VALUES (3, 1, 0)"));

  pg_apply(c, pg_render(Operation{schemas::DropCheck{{"", "ch"}, check}}, ctx));
  pg_apply(c, pg_render(Operation{schemas::DropForeignKey{{"", "ch"}, fk}}, ctx));
  CHECK(pg_value(c, "SELECT count(*) FROM pg_constraint WHERE conrelid = 'ch'::regclass") == "0");

  // A table created by the plan has no rows: the plain form, inside the transaction.
  dialects::RenderContext fresh;
  const auto plain = pg_render(Operation{schemas::AddForeignKey{{"", "ch"}, fk}}, fresh);
  REQUIRE(plain.size() == 1);
  CHECK(plain[0].sql.find("NOT VALID") == std::string::npos);
}

// The no-transaction step of a NOT VALID add is re-run as a whole after a failed VALIDATE: the
// first run left the unvalidated constraint behind, and the re-run must not fail on it.
TEST_CASE("postgres NOT VALID foreign key and check steps can be re-run after a failed VALIDATE", "[postgres]")
{
  ParentChild tables("(1, 1, 3), (2, 9, -4)");
  auto& c = tables.c;
  auto& ctx = tables.ctx;
  const auto& fk = tables.fk;
  const auto& check = tables.check;
  const auto fk_step = pg_render(Operation{schemas::AddForeignKey{{"", "ch"}, fk}}, ctx);
  const auto check_step = pg_render(Operation{schemas::AddCheck{{"", "ch"}, check}}, ctx);

  CHECK_THROWS(pg_apply(c, fk_step));    // VALIDATE fails on the orphan (p_id 9)
  CHECK_THROWS(pg_apply(c, check_step)); // VALIDATE fails on qty -4
  CHECK(pg_value(c, "SELECT count(*) FROM pg_constraint WHERE conrelid = 'ch'::regclass AND NOT convalidated") ==
        "2");

  c.execute("UPDATE ch SET p_id = 1, qty = 4 WHERE id = 2");
  pg_apply(c, fk_step); // the same statements again
  pg_apply(c, check_step);
  CHECK(pg_value(c, "SELECT count(*) FROM pg_constraint WHERE conrelid = 'ch'::regclass AND convalidated") == "2");
  CHECK(pg_value(c, "SELECT count(*) FROM ch") == "2");
  CHECK_THROWS(c.execute("INSERT INTO ch VALUES (3, 7, 1)"));
}
