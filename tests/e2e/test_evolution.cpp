// Issue 2, tests 2 and 3: v1 -> v2 on a database holding rows, then rollback and backup restore.

#include "tests/e2e/support/database.hpp"
#include "tests/e2e/support/fixtures.hpp"
#include "tests/e2e/support/workspace.hpp"

#include <catch2/catch.hpp>

#include <cctype>
#include <sstream>

using namespace strata::e2e;
using Rows = std::vector<Row>;

namespace {

Rows v2_books(const Workspace& ws)
{
  return query_rows(ws.db_path(), "SELECT id, author_id, headline, isbn, price_cents, pages, typeof(pages), "
                                  "publisher_id, stock FROM books ORDER BY id");
}

Rows authors(const Workspace& ws)
{
  return query_rows(ws.db_path(), "SELECT id, name, bio FROM authors ORDER BY id");
}

const Rows k_authors{row({"1", "Ursula K. Le Guin", "Earthsea and Hainish cycles"}),
                     row({"2", "Octavia E. Butler", std::nullopt})};
const Rows k_reviewers{row({"1", "Ana Reyes"}), row({"2", "Bo O'Neil"})};
const Rows k_reviews{row({"1", "1", "1", "5"}), row({"2", "3", "2", "4"}), row({"3", "3", "1", "5"})};


} // namespace

TEST_CASE("v1 -> v2 keeps every surviving row and value", "[e2e][evolution]")
{
  Workspace ws;
  apply_books_v1(ws);
  apply_books_v2(ws);

  const auto db = ws.db_path();
  // Column added with its default, column dropped, column renamed, type changed, NOT NULL added.
  CHECK(column_names(db, "books") == std::vector<std::string>{"id", "author_id", "headline", "isbn", "price_cents",
                                                              "pages", "publisher_id", "stock"});
  CHECK(v2_books(ws) ==
        Rows{row({"1", "1", "A Wizard of Earthsea", "9780547773742", "899", "183", "integer", "1", "0"}),
             row({"2", "1", "The Dispossessed", "9780060512750", "1099", "387", "integer", std::nullopt, "0"}),
             row({"3", "2", "Kindred", "9780807083697", "1250", "264", "integer", "2", "0"})});
  CHECK(scalar(db, "SELECT \"notnull\" FROM pragma_table_info('books') WHERE name = 'price_cents'") == "1");
  CHECK(scalar(db, "SELECT dflt_value FROM pragma_table_info('books') WHERE name = 'stock'") == "0");

  // Table renamed with its rows.
  CHECK_FALSE(table_exists(db, "reviewers"));
  CHECK(query_rows(db, "SELECT id, full_name FROM critics ORDER BY id") == k_reviewers);
  CHECK(authors(ws) == k_authors);
  CHECK(query_rows(db, "SELECT id, name FROM publishers ORDER BY id") ==
        Rows{row({"1", "Houghton Mifflin"}), row({"2", "Beacon Press"})});
  CHECK(query_rows(db, "SELECT id, book_id, reviewer_id, rating FROM reviews ORDER BY id") == k_reviews);
  CHECK(query_rows(db, "SELECT id, name FROM authors_with_bio") == Rows{row({"1", "Ursula K. Le Guin"})});

  // Index added and dropped; foreign key added and dropped.
  CHECK(index_exists(db, "books_isbn_uq"));
  CHECK(scalar(db, "SELECT \"unique\" FROM pragma_index_list('books') WHERE name = 'books_isbn_uq'") == "1");
  CHECK_FALSE(index_exists(db, "books_title_idx"));
  CHECK(referenced_tables(db, "books") == std::vector<std::string>{"authors"});
  CHECK(referenced_tables(db, "reviews") == std::vector<std::string>{"books", "critics"});
  CHECK(query_rows(db, "PRAGMA foreign_key_check").empty());

  const auto drift = ws.strata({"drift", "--schema", "v2.yaml", "--db", ws.db_url()});
  INFO(drift.describe());
  CHECK(drift.exit_code == 0);

  const auto files_before = ws.migration_files();
  const auto again = ws.strata({"plan", "--schema", "v2.yaml", "--db", ws.db_url(), "--dir", "migrations", "--dry-run"});
  INFO(again.describe());
  CHECK(again.exit_code == 0);
  CHECK(ws.migration_files() == files_before);
}

TEST_CASE("rollback returns to v1 and the backup restores the dropped column", "[e2e][evolution][backup]")
{
  Workspace ws;
  apply_books_v1(ws);
  apply_books_v2(ws);
  const auto db = ws.db_path();

  require_exit(ws.strata({"rollback", "--db", ws.db_url(), "--dir", "migrations", "--steps", "1", "--yes"}), 0);
  CHECK(history_versions(db) == std::vector<std::string>{std::string(k_v1_version) + "|applied"});

  const auto drift = ws.strata({"drift", "--schema", "v1.yaml", "--db", ws.db_url()});
  INFO(drift.describe());
  CHECK(drift.exit_code == 0);

  // Back to v1: the renames are undone with their data, the dropped column is back but empty.
  CHECK(table_exists(db, "reviewers"));
  CHECK_FALSE(table_exists(db, "critics"));
  CHECK(query_rows(db, "SELECT id, full_name FROM reviewers ORDER BY id") == k_reviewers);
  CHECK(query_rows(db, "SELECT id, title, pages, typeof(pages), legacy_code FROM books ORDER BY id") ==
        Rows{row({"1", "A Wizard of Earthsea", "183", "text", std::nullopt}),
             row({"2", "The Dispossessed", "387", "text", std::nullopt}),
             row({"3", "Kindred", "264", "text", std::nullopt})});
  CHECK(authors(ws) == k_authors);
  CHECK(query_rows(db, "SELECT id, book_id, reviewer_id, rating FROM reviews ORDER BY id") == k_reviews);
  CHECK(index_exists(db, "books_title_idx"));
  CHECK_FALSE(index_exists(db, "books_isbn_uq"));

  const auto listing = ws.strata({"backup", "list", "--db", ws.db_url(), "--dir", "migrations"});
  require_exit(listing, 0);
  INFO(listing.describe());
  REQUIRE(contains(listing.out, "legacy_code"));
  const auto id = backup_id_from_listing(listing.out, "legacy_code");
  REQUIRE_FALSE(id.empty());

  require_exit(ws.strata({"backup", "restore", id, "--db", ws.db_url(), "--dir", "migrations"}), 0);
  CHECK(query_rows(db, "SELECT id, legacy_code FROM books ORDER BY id") ==
        Rows{row({"1", "LG-001"}), row({"2", "LG-002"}), row({"3", "OB-001"})});
  CHECK(query_rows(db, "SELECT id, title, isbn, price_cents, publisher_id FROM books ORDER BY id") ==
        Rows{row({"1", "A Wizard of Earthsea", "9780547773742", "899", "1"}),
             row({"2", "The Dispossessed", "9780060512750", "1099", std::nullopt}),
             row({"3", "Kindred", "9780807083697", "1250", "2"})});
}
