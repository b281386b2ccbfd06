// Issue 2, tests 2 and 3, on the three engines: v1 -> v2 on a database holding rows (a column
// added with a default, one dropped, one renamed, a type changed, NOT NULL added, a table renamed,
// an index and a foreign key added and dropped), then rollback and backup restore.

#include "tests/e2e/support/engine.hpp"
#include "tests/e2e/support/fixtures.hpp"

#include <catch2/catch.hpp>

using namespace strata::e2e;
using Rows = std::vector<Row>;

namespace {

const Rows k_authors{row({"1", "Ursula K. Le Guin", "Earthsea and Hainish cycles"}),
                     row({"2", "Octavia E. Butler", std::nullopt})};
const Rows k_reviewers{row({"1", "Ana Reyes"}), row({"2", "Bo O'Neil"})};
const Rows k_reviews{row({"1", "1", "1", "5"}), row({"2", "3", "2", "4"}), row({"3", "3", "1", "5"})};
const Rows k_v2_books{row({"1", "1", "A Wizard of Earthsea", "9780547773742", "899", "183", "1", "0"}),
                      row({"2", "1", "The Dispossessed", "9780060512750", "1099", "387", std::nullopt, "0"}),
                      row({"3", "2", "Kindred", "9780807083697", "1250", "264", "2", "0"})};

// Each engine's catalog after v2: pages became an integer (held as one), price_cents NOT NULL,
// stock defaults to 0, books_isbn_uq is a valid unique index (PostgreSQL builds it
// concurrently), books_title_idx and the foreign key to publishers are gone.
const PerEngine<std::vector<Probe>> k_v2_catalog{
  {{"SELECT DISTINCT typeof(pages) FROM books", {row({"integer"})}},
   {"SELECT \"notnull\" FROM pragma_table_info('books') WHERE name = 'price_cents'", {row({"1"})}},
   {"SELECT dflt_value FROM pragma_table_info('books') WHERE name = 'stock'", {row({"0"})}},
   {"SELECT \"unique\" FROM pragma_index_list('books') WHERE name = 'books_isbn_uq'", {row({"1"})}},
   {"SELECT name FROM sqlite_schema WHERE name = 'books_title_idx'", {}},
   {"SELECT DISTINCT \"table\" FROM pragma_foreign_key_list('books') ORDER BY 1", {row({"authors"})}},
   {"SELECT DISTINCT \"table\" FROM pragma_foreign_key_list('reviews') ORDER BY 1", {row({"books"}), row({"critics"})}},
   {"PRAGMA foreign_key_check", {}}},
  {{"SELECT DISTINCT pg_typeof(pages)::text FROM books", {row({"integer"})}},
   {"SELECT is_nullable FROM information_schema.columns WHERE table_name = 'books' AND column_name = 'price_cents'",
    {row({"NO"})}},
   {"SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'books_isbn_uq'",
    {row({"t"})}}},
  {{"SELECT DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'books' AND "
    "COLUMN_NAME = 'pages'",
    {row({"int"})}},
   {"SELECT IS_NULLABLE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'books' AND "
    "COLUMN_NAME = 'price_cents'",
    {row({"NO"})}},
   {"SELECT NON_UNIQUE FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND "
    "INDEX_NAME = 'books_isbn_uq'",
    {row({"0"})}}}};

// After the rollback to v1 (where the engine's catalog says more than the dump compares).
const PerEngine<std::vector<Probe>> k_v1_catalog{
  {{"SELECT id, pages, typeof(pages) FROM books ORDER BY id",
    {row({"1", "183", "text"}), row({"2", "387", "text"}), row({"3", "264", "text"})}},
   {"SELECT name FROM sqlite_schema WHERE name = 'books_title_idx'", {row({"books_title_idx"})}},
   {"SELECT name FROM sqlite_schema WHERE name = 'books_isbn_uq'", {}}},
  {},
  {}};

} // namespace

TEMPLATE_TEST_CASE("v1 -> v2 keeps every surviving row and value", "[e2e][evolution]", sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  apply_books_v1(*ws);
  apply_books_v2(*ws);

  // Column added with its default, column dropped, column renamed, type changed, NOT NULL added.
  CHECK(ws->columns("books") == std::vector<std::string>{"id", "author_id", "headline", "isbn", "price_cents", "pages",
                                                         "publisher_id", "stock"});
  CHECK(ws->rows("SELECT id, author_id, headline, isbn, price_cents, pages, publisher_id, stock FROM books "
                 "ORDER BY id") == k_v2_books);
  check_probes(*ws, k_v2_catalog[engine]);

  // Table renamed with its rows.
  CHECK_FALSE(ws->table_exists("reviewers"));
  CHECK(ws->rows("SELECT id, full_name FROM critics ORDER BY id") == k_reviewers);
  CHECK(ws->rows("SELECT id, name, bio FROM authors ORDER BY id") == k_authors);
  CHECK(ws->rows("SELECT id, name FROM publishers ORDER BY id") ==
        Rows{row({"1", "Houghton Mifflin"}), row({"2", "Beacon Press"})});
  CHECK(ws->rows("SELECT id, book_id, reviewer_id, rating FROM reviews ORDER BY id") == k_reviews);
  CHECK(ws->rows("SELECT id, name FROM authors_with_bio") == Rows{row({"1", "Ursula K. Le Guin"})});

  // In sync and idempotent: nothing left to plan, no file written.
  require_exit(ws->run("drift", {"--schema", "v2.yaml"}), 0);
  const auto files_before = ws->migration_files();
  const auto again = ws->run("plan", {"--schema", "v2.yaml", "--dir", "migrations", "--dry-run"});
  INFO(again.describe());
  CHECK(again.exit_code == 0);
  CHECK(ws->migration_files() == files_before);
}

TEMPLATE_TEST_CASE("rollback returns to v1 and the backup restores the dropped column", "[e2e][evolution][backup]",
                   sqlite, postgres, mysql)
{
  const Engine& engine = engine_of<TestType>();
  auto ws = engine.workspace();
  apply_books_v1(*ws);
  const std::string v1_dump = ws->schema_dump();
  apply_books_v2(*ws);

  // Where v2 is written as two versions (an index built CONCURRENTLY, outside a transaction), the
  // second is part-of the first and `--steps 1` rolls both halves back as one migration.
  int second_halves = 0;
  for (const auto& name : ws->migration_files()) {
    if (contains(name, "_no_transaction.up.sql")) {
      ++second_halves;
      CHECK(contains(read_text(ws->dir() / name), std::string("-- strata: part-of ") + k_v2_version));
    }
  }
  CHECK(second_halves == index_step_versions(engine) - 1);
  require_exit(ws->run("rollback", {"--dir", "migrations", "--steps", "1", "--yes"}), 0);
  CHECK(ws->history() == std::vector<std::string>{std::string(k_v1_version) + "|applied"});
  CHECK(ws->schema_dump() == v1_dump);
  require_exit(ws->run("drift", {"--schema", "v1.yaml"}), 0);

  // Back to v1: the renames are undone with their data, the dropped column is back but empty.
  CHECK(ws->table_exists("reviewers"));
  CHECK_FALSE(ws->table_exists("critics"));
  CHECK(ws->rows("SELECT id, full_name FROM reviewers ORDER BY id") == k_reviewers);
  CHECK(ws->rows("SELECT id, title, legacy_code FROM books ORDER BY id") ==
        Rows{row({"1", "A Wizard of Earthsea", std::nullopt}), row({"2", "The Dispossessed", std::nullopt}),
             row({"3", "Kindred", std::nullopt})});
  CHECK(ws->rows("SELECT id, name, bio FROM authors ORDER BY id") == k_authors);
  CHECK(ws->rows("SELECT id, book_id, reviewer_id, rating FROM reviews ORDER BY id") == k_reviews);
  check_probes(*ws, k_v1_catalog[engine]);

  const auto listing = ws->run("backup", {"list", "--dir", "migrations"});
  require_exit(listing, 0);
  INFO(listing.describe());
  REQUIRE(contains(listing.out, "legacy_code"));
  const auto id = backup_id_from_listing(listing.out, "legacy_code");
  REQUIRE_FALSE(id.empty());

  require_exit(ws->run("backup", {"restore", id, "--dir", "migrations", "--yes"}), 0);
  CHECK(ws->rows("SELECT id, legacy_code FROM books ORDER BY id") ==
        Rows{row({"1", "LG-001"}), row({"2", "LG-002"}), row({"3", "OB-001"})});
  CHECK(ws->rows("SELECT id, title, isbn, price_cents, publisher_id FROM books ORDER BY id") ==
        Rows{row({"1", "A Wizard of Earthsea", "9780547773742", "899", "1"}),
             row({"2", "The Dispossessed", "9780060512750", "1099", std::nullopt}),
             row({"3", "Kindred", "9780807083697", "1250", "2"})});
}
