// `identity: always` (PostgreSQL GENERATED ALWAYS AS IDENTITY) loads, writes and reads back.
#include "schemas/yaml.hpp"

#include <catch2/catch.hpp>

using namespace strata;

TEST_CASE("identity: always loads as an ALWAYS identity and round-trips through the writer", "[schemas][yaml]")
{
  const std::string yaml = R"(version: 1
tables:
  - name: t
    columns:
      - { name: a, type: bigint, identity: always }
      - { name: b, type: bigint, identity: true }
)";
  const auto loaded = schemas::load_string(yaml, "t.yaml");
  REQUIRE(loaded.ok());
  const auto& columns = loaded.schema.tables.at(0).columns;
  CHECK(columns[0].identity);
  CHECK(columns[0].identity_always);
  CHECK(columns[1].identity);
  CHECK_FALSE(columns[1].identity_always);

  const std::string written = schemas::write_yaml(loaded.schema);
  CHECK(written.find("identity: always") != std::string::npos);
  const auto again = schemas::load_string(written, "again.yaml");
  REQUIRE(again.ok());
  CHECK(again.schema == loaded.schema);
}
