// MySQL/MariaDB partitioning in the normal form (dialects/mysql/normalize_partitions.cpp): method,
// key and bounds in canonical form, HASH/KEY partitions the server names itself as a count, and
// what does not fit the method an error at the YAML line; elsewhere `partition` is refused.
#include "dialects/registry.hpp"
#include "schemas/error.hpp"
#include "schemas/model.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace {

using strata::schemas::Partition;
using strata::schemas::Partitioning;
using strata::schemas::Schema;

Schema with(const Partitioning& partitioning)
{
  Schema schema;
  schema.tables.push_back({});
  auto& table = schema.tables.back();
  table.name = "sales";
  table.columns.push_back({});
  table.columns.back().name = "id";
  table.columns.back().type = strata::schemas::ColumnType::make_native("int");
  table.partitioning = partitioning;
  table.partitioning.edit().location = {"schema.yaml", 7, 5};
  return schema;
}

Partitioning normal(const std::string& engine, const Partitioning& partitioning)
{
  return strata::dialects::dialect_for(engine).normalize(with(partitioning)).tables.at(0).partitioning;
}

std::string error_of(const std::string& engine, const Partitioning& partitioning)
{
  try {
    normal(engine, partitioning);
  } catch (const strata::Error& e) {
    CHECK(e.location().line > 0);
    return e.what();
  }
  return "no error";
}

} // namespace

TEST_CASE("mysql: partitioning compares in canonical form", "[mysql][partitions]")
{
  Partitioning written;
  written.method = "RANGE   COLUMNS";
  written.expression = "(`at_day`)";
  written.partitions = {Partition{"a", "less  than ('2024-01-01')", "", {}},
                        Partition{"b", "LESS THAN (MAXVALUE)", "", {}}};
  Partitioning read;
  read.method = "range columns";
  read.expression = "`at_day`";
  read.partitions = {Partition{"a", "LESS THAN ('2024-01-01')", "", {}}, Partition{"b", "LESS THAN (MAXVALUE)", "", {}}};
  CHECK(normal("mysql", written) == normal("mysql", read));

  Partitioning range;
  range.method = "range";
  range.expression = "TO_DAYS(created)";
  range.partitions = {Partition{"p", "less than (10)", "", {}}, Partition{"top", "less than (maxvalue)", "", {}}};
  const auto canonical = normal("mysql", range);
  CHECK(canonical.expression == "to_days(created)");
  CHECK(canonical.partitions.at(0).values == "LESS THAN (10)");
  CHECK(canonical.partitions.at(1).values == "LESS THAN MAXVALUE");

  Partitioning list;
  list.method = "LIST";
  list.expression = "day";
  list.partitions = {Partition{"odd", "in (1,3 , 5)", "", {}}};
  CHECK(normal("mysql", list).partitions.at(0).values == "IN (1, 3, 5)");
}

TEST_CASE("mysql: HASH and KEY partitions named as the server names them are a count", "[mysql][partitions]")
{
  Partitioning named;
  named.method = "hash";
  named.expression = "id";
  named.partitions = {Partition{"p0", "", "", {}}, Partition{"p1", "", "", {}}, Partition{"p2", "", "", {}}};
  const auto canonical = normal("mysql", named);
  CHECK(canonical.count == 3);
  CHECK(canonical.partitions.empty());

  Partitioning own = named;
  own.partitions.at(0).name = "first";
  CHECK(normal("mysql", own).partitions.size() == 3);

  Partitioning alone;
  alone.method = "key";
  alone.expression = "id";
  CHECK(normal("mysql", alone).count == 1);
}

TEST_CASE("mysql: partitioning that does not fit its method is an error at its line", "[mysql][partitions]")
{
  Partitioning p;
  p.method = "ranges";
  p.expression = "id";
  CHECK(error_of("mysql", p) == "table sales: unknown partitioning method \"ranges\" (expected range, list, hash, key, "
                                "linear hash, linear key, range columns or list columns)");
  p.method = "range";
  CHECK(error_of("mysql", p) == "table sales: range partitioning needs `partitions` with bounds");
  p.partitions = {Partition{"p", "IN (1)", "", {"schema.yaml", 9, 9}}};
  CHECK(error_of("mysql", p) == "partition p of table sales: `values` of a range partition must start with LESS "
                                "THAN (e.g. LESS THAN (2024) or LESS THAN MAXVALUE)");
  p.partitions = {Partition{"p", "LESS THAN 10", "", {"schema.yaml", 9, 9}}};
  CHECK(error_of("mysql", p) == "partition p of table sales: the bound in `values` must be in parentheses");
  p.method = "hash";
  p.partitions = {Partition{"p", "LESS THAN (10)", "", {"schema.yaml", 9, 9}}};
  CHECK(error_of("mysql", p) == "partition p of table sales: a hash partition takes no `values`");
  p.partitions.clear();
  p.count = 2;
  p.sub_method = "range";
  CHECK(error_of("mysql", p) == "table sales: unknown subpartitioning method \"range\" (expected hash, key, linear "
                                "hash or linear key)");
}

TEST_CASE("partitioning is refused on SQLite at its line, PostgreSQL refuses MySQL's parts and `columns` is PostgreSQL's",
          "[postgres][sqlite][partitions]")
{
  Partitioning p;
  p.location = {"schema.yaml", 3, 5};
  p.method = "range";
  p.expression = "id";
  CHECK(error_of("sqlite", p) == "table sales: `partition` is managed on MySQL/MariaDB and PostgreSQL only");
  CHECK(error_of("postgres", p) == "no error");
  p.count = 2;
  CHECK(error_of("postgres", p) == "table sales: `count`, `partitions` and subpartitions are MySQL's; a PostgreSQL "
                                   "partition is a table of its own with `partition_of: {table: sales, bound: ...}`");
  p.count = 0;
  p.expression.clear();
  p.columns = {"id"};
  CHECK(error_of("mysql", p) == "table sales: `columns` is PostgreSQL's partition key; MySQL/MariaDB read "
                                "`expression` (for RANGE COLUMNS / LIST COLUMNS, the column list)");
}
