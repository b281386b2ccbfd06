// Schemas (namespaces) in the dialects' normal forms: PostgreSQL's sorted by name, the default
// schema's entry ("") left out when it says nothing (no comment, or PostgreSQL's own); SQLite and
// MySQL/MariaDB refuse them at the first one's line.
#include "dialects/registry.hpp"
#include "schemas/error.hpp"
#include "schemas/model.hpp"

#include <catch2/catch.hpp>

#include <string>

using strata::schemas::Namespace;
using strata::schemas::Schema;

TEST_CASE("PostgreSQL's normal form of the schemas listed: by name, the default one only with a comment of the user's",
          "[postgres][normalize]")
{
  const auto& postgres = strata::dialects::dialect_for("postgres");
  Schema schema;
  schema.namespaces = {Namespace{"zeta", "", {}}, Namespace{"", "", {}}, Namespace{"Alpha", "upper", {}}};
  CHECK(postgres.normalize(schema).namespaces == std::vector<Namespace>{{"Alpha", "upper", {}}, {"zeta", "", {}}});
  schema.namespaces = {Namespace{"", "standard public schema", {}}};
  CHECK(postgres.normalize(schema).namespaces.empty());
  schema.namespaces = {Namespace{"", "The application", {}}};
  CHECK(postgres.normalize(schema).namespaces == schema.namespaces);
}

TEST_CASE("schemas are refused on SQLite and MySQL/MariaDB at their line", "[sqlite][mysql][normalize]")
{
  for (const std::string engine : {"sqlite", "mysql"}) {
    INFO(engine);
    Schema schema;
    schema.namespaces = {Namespace{"audit", "", {"s.yaml", 3, 5}}};
    try {
      (void)strata::dialects::dialect_for(engine).normalize(schema);
      FAIL("no refusal");
    } catch (const strata::Error& e) {
      CHECK(std::string(e.what()) ==
            "schema audit: `schemas` are PostgreSQL's namespaces (CREATE SCHEMA), which this engine does not have");
      CHECK(e.location().line == 3);
    }
  }
}
