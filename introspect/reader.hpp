#pragma once
// Builds a Schema from a live catalog in a few batch queries (never one query per table).
// strata's own objects (names starting with "strata_") are never part of the result.

#include "dialects/connection.hpp"
#include "dialects/dialect.hpp"
#include "schemas/model.hpp"

#include <string>

namespace strata::introspect {

struct ReadOptions {
  std::string schema_name; // PostgreSQL namespace to read (empty: engine default)
};

// Reads the live schema through the engine's reader (chosen by connection.engine()). The result
// is in the model's terms but NOT normalized; callers pass it through dialect.normalize().
schemas::Schema read_schema(dialects::Connection& connection, const dialects::Dialect& dialect,
                            const ReadOptions& options = {});

} // namespace strata::introspect
