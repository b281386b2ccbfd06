#include "schemas/types.hpp"

#include <catch2/catch.hpp>

using strata::schemas::ColumnType;
using strata::schemas::PortableKind;

TEST_CASE("portable type names parse case-insensitively with parameters", "[types]")
{
  const auto varchar = ColumnType::parse("VARCHAR( 255 )");
  CHECK(varchar.kind == ColumnType::Kind::portable);
  CHECK(varchar.portable == PortableKind::varchar_);
  CHECK(varchar.params == std::vector<int>{255});
  CHECK(varchar.str() == "varchar(255)");

  const auto numeric = ColumnType::parse("numeric(10, 2)");
  CHECK(numeric.kind == ColumnType::Kind::portable);
  CHECK(numeric.params == std::vector<int>{10, 2});
  CHECK(numeric.str() == "numeric(10,2)");

  CHECK(ColumnType::parse("numeric").str() == "numeric");
  CHECK(ColumnType::parse("numeric(12)").str() == "numeric(12)");
  CHECK(ColumnType::parse("  BigInt ").str() == "bigint");
  CHECK(ColumnType::parse("timestamptz").portable == PortableKind::timestamptz_);
  CHECK(ColumnType::parse("uuid") == ColumnType::make_portable(PortableKind::uuid_));
}

TEST_CASE("every portable name round-trips through str", "[types]")
{
  for (const char* name : {"smallint", "integer", "bigint", "boolean", "real", "double", "text", "blob", "date",
                           "time", "timestamp", "timestamptz", "json", "uuid", "char(3)", "varchar(1)", "numeric(5,0)"}) {
    const auto type = ColumnType::parse(name);
    CHECK(type.kind == ColumnType::Kind::portable);
    CHECK(type.str() == name);
    CHECK(ColumnType::parse(type.str()) == type);
  }
}

TEST_CASE("anything else is native and kept as written", "[types]")
{
  const auto jsonb = ColumnType::parse("jsonb");
  CHECK(jsonb.kind == ColumnType::Kind::native);
  CHECK(jsonb.str() == "jsonb");
  CHECK(ColumnType::parse(" double precision ").native == "double precision");
  CHECK(ColumnType::parse("TEXT[]").kind == ColumnType::Kind::native);
  // A portable name with bad parameters is not portable (the loader reports it as a bad type).
  CHECK(ColumnType::parse("varchar").kind == ColumnType::Kind::native);
  CHECK(ColumnType::parse("varchar(x)").kind == ColumnType::Kind::native);
  CHECK(ColumnType::parse("numeric(1,2,3)").kind == ColumnType::Kind::native);
  CHECK(ColumnType::parse("integer(4)").kind == ColumnType::Kind::native);
  CHECK(ColumnType::parse("varchar(10").kind == ColumnType::Kind::native);
  CHECK(ColumnType::parse("varchar(-1)").kind == ColumnType::Kind::native);
}

TEST_CASE("per-engine types resolve for one engine", "[types]")
{
  ColumnType type;
  type.kind = ColumnType::Kind::per_engine;
  type.per_engine = {{"postgres", "jsonb"}, {"mysql", "json"}, {"sqlite", "TEXT"}};
  CHECK(type.str() == "{mysql: json, postgres: jsonb, sqlite: TEXT}");
  CHECK(type.for_engine("postgres") == ColumnType::make_native("jsonb"));
  CHECK(type.for_engine("mysql") == ColumnType::make_portable(PortableKind::json_));
  CHECK(type.for_engine("sqlite") == ColumnType::make_portable(PortableKind::text_));
  CHECK(type.for_engine("oracle") == ColumnType::make_native(""));
  const auto plain = ColumnType::parse("integer");
  CHECK(plain.for_engine("sqlite") == plain);
}
