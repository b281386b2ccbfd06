#include "schemas/naming.hpp"

#include <catch2/catch.hpp>

using namespace strata::schemas;

TEST_CASE("default constraint and index names are deterministic", "[naming]")
{
  CHECK(default_index_name("users", {"email"}) == "users_email_idx");
  CHECK(default_index_name("users", {"org_id", "created_at"}) == "users_org_id_created_at_idx");
  CHECK(default_unique_name("users", {"email"}) == "users_email_key");
  CHECK(default_foreign_key_name("orders", {"customer_id"}) == "orders_customer_id_fkey");
  CHECK(default_primary_key_name("orders") == "orders_pkey");
}

TEST_CASE("default check names count unnamed checks from zero", "[naming]")
{
  CHECK(default_check_name("books", 0) == "books_check");
  CHECK(default_check_name("books", 1) == "books_check1");
  CHECK(default_check_name("books", 2) == "books_check2");
}
