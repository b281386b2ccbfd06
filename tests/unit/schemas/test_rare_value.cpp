// The model's compact fields: RareValue (a seldom-set part of a table, on the heap only once set)
// and TypeParams (a portable type's parameters, in place).
#include "schemas/model.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>
#include <vector>

using namespace strata::schemas;

TEST_CASE("RareValue reads as its type's default until set, and compares and copies by value", "[schemas]")
{
  Table plain;
  CHECK_FALSE(plain.partitioning.is_set());
  CHECK(plain.partitioning->empty()); // read through the default
  CHECK(plain.partition_of->table.name.empty());
  CHECK_FALSE(plain.versioning->enabled);

  Table partitioned = plain;
  partitioned.partitioning.edit().method = "range";
  partitioned.partitioning.edit().columns = {"day"};
  CHECK(partitioned.partitioning.is_set());
  CHECK(partitioned.partitioning->method == "range");
  CHECK_FALSE(plain.partitioning.is_set()); // edit() set the copy's only
  CHECK_FALSE(partitioned == plain);

  Table copy = partitioned; // a deep copy: changing it leaves the original as it was
  copy.partitioning.edit().columns = {"region"};
  CHECK(partitioned.partitioning->columns == std::vector<std::string>{"day"});
  CHECK(copy.partitioning->columns == std::vector<std::string>{"region"});

  // Set to the default, it equals an unset one.
  Table defaulted = plain;
  defaulted.versioning = SystemVersioning{};
  CHECK(defaulted.versioning.is_set());
  CHECK(defaulted == plain);
  CHECK(defaulted.versioning == SystemVersioning{});
  defaulted.versioning.reset();
  CHECK_FALSE(defaulted.versioning.is_set());

  Table moved = std::move(copy);
  CHECK(moved.partitioning->columns == std::vector<std::string>{"region"});
}

TEST_CASE("TypeParams hold a portable type's parameters in place, at most two", "[schemas]")
{
  const ColumnType varchar = ColumnType::parse("varchar(255)");
  CHECK(varchar.params.size() == 1);
  CHECK(varchar.params[0] == 255);
  const ColumnType numeric = ColumnType::parse("numeric(10, 2)");
  CHECK(numeric.params == std::vector<int>{10, 2});
  CHECK(numeric.str() == "numeric(10,2)");
  CHECK(ColumnType::parse("numeric").params.empty());
  CHECK(ColumnType::parse("numeric(10,2)") == numeric);
  CHECK_FALSE(ColumnType::parse("numeric(10,3)") == numeric);
  CHECK_FALSE(ColumnType::parse("numeric(10)") == numeric);
  // Three parameters are no portable type: the text stays native, as written.
  CHECK(ColumnType::parse("numeric(1,2,3)").kind == ColumnType::Kind::native);
  CHECK_THROWS_AS(TypeParams(std::vector<int>{1, 2, 3}), std::length_error);
}
