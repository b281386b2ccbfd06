// Issue 4, tests 2 and 3 on MariaDB: v1 -> v2 on a database holding rows (type change, rename of a
// column and a table, drop, NOT NULL, unique index, a foreign key needing an index), then rollback
// and backup restore.

#include "tests/e2e/support/my_support.hpp"
#include "tests/e2e/support/fixtures.hpp"

#include <catch2/catch.hpp>

using namespace strata::e2e;
using Rows = std::vector<Row>;

TEST_CASE("mysql: v1 -> v2 keeps every surviving row and value", "[e2e][mysql][evolution]")
{
  MyWorkspace ws;
  apply_books_v1(ws);
  apply_books_v2(ws);

  CHECK(ws.columns("books") == std::vector<std::string>{"id", "author_id", "headline", "isbn", "price_cents", "pages",
                                                        "publisher_id", "stock"});
  CHECK(ws.rows("SELECT id, author_id, headline, isbn, price_cents, pages, publisher_id, stock FROM books ORDER BY id") ==
        Rows{row({"1", "1", "A Wizard of Earthsea", "9780547773742", "899", "183", "1", "0"}),
             row({"2", "1", "The Dispossessed", "9780060512750", "1099", "387", std::nullopt, "0"}),
             row({"3", "2", "Kindred", "9780807083697", "1250", "264", "2", "0"})});
  CHECK(ws.scalar("SELECT DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND "
                  "TABLE_NAME = 'books' AND COLUMN_NAME = 'pages'") == "int");
  CHECK(ws.scalar("SELECT IS_NULLABLE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND "
                  "TABLE_NAME = 'books' AND COLUMN_NAME = 'price_cents'") == "NO");
  CHECK_FALSE(ws.table_exists("reviewers"));
  CHECK(ws.rows("SELECT id, full_name FROM critics ORDER BY id") == Rows{row({"1", "Ana Reyes"}), row({"2", "Bo O'Neil"})});
  CHECK(ws.rows("SELECT id, book_id, reviewer_id, rating FROM reviews ORDER BY id") ==
        Rows{row({"1", "1", "1", "5"}), row({"2", "3", "2", "4"}), row({"3", "3", "1", "5"})});
  CHECK(ws.scalar("SELECT NON_UNIQUE FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND "
                  "INDEX_NAME = 'books_isbn_uq'") == "0");
  CHECK(ws.rows("SELECT id, name FROM authors_with_bio") == Rows{row({"1", "Ursula K. Le Guin"})});

  // Idempotent and in sync.
  const auto again = ws.run("plan", {"--schema", "v2.yaml", "--dir", "migrations", "--dry-run"});
  INFO(again.describe());
  CHECK(again.exit_code == 0);
  require_exit(ws.run("drift", {"--schema", "v2.yaml"}), 0);
}

TEST_CASE("mysql: rollback to v1 restores the schema, backup restore brings dropped values back",
          "[e2e][mysql][evolution][backup]")
{
  MyWorkspace ws;
  apply_books_v1(ws);
  const std::string v1_dump = ws.schema_dump();
  apply_books_v2(ws);

  require_exit(ws.run("rollback", {"--dir", "migrations", "--steps", "1", "--yes"}), 0);
  CHECK(ws.history() == std::vector<std::string>{std::string(k_v1_version) + "|applied"});
  CHECK(ws.schema_dump() == v1_dump);
  // The dropped column is back, empty; surviving values are intact.
  CHECK(ws.rows("SELECT id, title, legacy_code FROM books ORDER BY id") ==
        Rows{row({"1", "A Wizard of Earthsea", std::nullopt}), row({"2", "The Dispossessed", std::nullopt}),
             row({"3", "Kindred", std::nullopt})});

  const auto listing = ws.run("backup", {"list", "--dir", "migrations"});
  require_exit(listing, 0);
  const std::string id = backup_id_from_listing(listing.out, "legacy_code");
  INFO(listing.out);
  REQUIRE_FALSE(id.empty());
  require_exit(ws.run("backup", {"restore", id, "--dir", "migrations"}), 0);
  CHECK(ws.rows("SELECT id, legacy_code FROM books ORDER BY id") ==
        Rows{row({"1", "LG-001"}), row({"2", "LG-002"}), row({"3", "OB-001"})});
}
