// Table size and row estimates in locking risks: human units, unknown parts left out, and a
// table's definition the same at any size (estimates are never compared).

#include "schemas/model.hpp"
#include "schemas/risk.hpp"

#include <catch2/catch.hpp>

using namespace strata::schemas;

TEST_CASE("sizes read in 1024-based units, one decimal below ten", "[schemas][estimates]")
{
  CHECK(format_bytes(0) == "0 bytes");
  CHECK(format_bytes(1) == "1 byte");
  CHECK(format_bytes(812) == "812 bytes");
  CHECK(format_bytes(8192) == "8 kB");
  CHECK(format_bytes(16384) == "16 kB");
  CHECK(format_bytes(1536) == "1.5 kB");
  CHECK(format_bytes(350LL * 1024 * 1024) == "350 MB");
  CHECK(format_bytes(1288490189LL) == "1.2 GB"); // 1.2 × 1024³
  CHECK(format_bytes(1048575) == "1 MB");        // 1023.999 kB rounds up into the next unit
  CHECK(format_bytes(3LL * 1024 * 1024 * 1024 * 1024) == "3 TB");
}

TEST_CASE("row estimates read in k, M and B with a tilde", "[schemas][estimates]")
{
  CHECK(format_row_estimate(0) == "~0 rows");
  CHECK(format_row_estimate(1) == "~1 row");
  CHECK(format_row_estimate(950) == "~950 rows");
  CHECK(format_row_estimate(5000) == "~5k rows");
  CHECK(format_row_estimate(9100) == "~9.1k rows");
  CHECK(format_row_estimate(250000) == "~250k rows");
  CHECK(format_row_estimate(9123456) == "~9.1M rows");
  CHECK(format_row_estimate(999600) == "~1M rows");
  CHECK(format_row_estimate(3400000000LL) == "~3.4B rows");
}

TEST_CASE("a risk's table estimate leaves unknown parts out", "[schemas][estimates]")
{
  CHECK(table_estimate_text("orders", 1288490189LL, 9123456) == "orders: 1.2 GB, ~9.1M rows");
  CHECK(table_estimate_text("app.orders", 16384, std::nullopt) == "app.orders: 16 kB");
  CHECK(table_estimate_text("orders", std::nullopt, 5000) == "orders: ~5k rows");
  CHECK(table_estimate_text("orders", std::nullopt, std::nullopt).empty());

  Risk risk;
  risk.message = "changing the type of orders.total rewrites the table";
  add_table_estimate(risk, "orders", std::nullopt, std::nullopt);
  CHECK(risk.message == "changing the type of orders.total rewrites the table");
  CHECK_FALSE(risk.table_bytes.has_value());
  add_table_estimate(risk, "orders", 1288490189LL, 9123456);
  CHECK(risk.message == "changing the type of orders.total rewrites the table (orders: 1.2 GB, ~9.1M rows)");
  CHECK(risk.table_bytes == 1288490189LL);
  CHECK(risk.table_rows_estimate == 9123456);
  // A message that ends with a parenthesis takes the estimate inside it: never ") (".
  Risk locked;
  locked.message = "rewrites the table under an ACCESS EXCLUSIVE lock (reads and writes wait)";
  add_table_estimate(locked, "measures", 163840, std::nullopt);
  CHECK(locked.message == "rewrites the table under an ACCESS EXCLUSIVE lock (reads and writes wait; measures: 160 kB)");
}

TEST_CASE("a table's estimate is no part of its definition", "[schemas][estimates]")
{
  Table small;
  small.name = "orders";
  Table large = small;
  large.estimate.bytes = 1LL << 30;
  large.estimate.rows = 9000000;
  CHECK(large.estimate.known());
  CHECK_FALSE(small.estimate.known());
  CHECK(small == large);
  CHECK(small.same_definition(large));
  Schema a;
  Schema b;
  a.tables.push_back(small);
  b.tables.push_back(large);
  CHECK(a == b);
}
