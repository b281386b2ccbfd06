#pragma once
// Builds a Schema from a live catalog in a few batch queries (never one query per table).
// strata's own objects (names starting with "strata_") are never part of the result.

#include "dialects/connection.hpp"
#include "dialects/rendering.hpp"
#include "schemas/model.hpp"

#include <optional>
#include <string>
#include <vector>

namespace strata::introspect {

struct ReadOptions {
  // PostgreSQL: the namespace whose objects have an empty `schema` in the model (empty: the
  // connection's current_schema(), i.e. the first of its search_path, normally public).
  std::string schema_name;
  // PostgreSQL: further namespaces to read; their objects carry `schema` set.
  std::vector<std::string> extra_schemas;
  // PostgreSQL: read every namespace but the system ones (what `inspect` does without
  // --schema-name); objects outside the default schema carry `schema` set.
  bool all_schemas = false;
  // PostgreSQL: read the privileges too (the grants of tables, views, sequences, functions and
  // schemas, and the server's roles; `inspect --with-privileges`, a schema that manages them). The
  // result then says privileges_managed. Other engines read none.
  bool privileges = false;
};

// Reads the live schema through the engine's reader (introspect/<engine>/, chosen by
// connection.engine() from the engine list in schemas/engines.hpp). The result
// is in the model's terms but NOT normalized; callers pass it through dialect.normalize().
schemas::Schema read_schema(dialects::Connection& connection, const dialects::Rendering& dialect,
                            const ReadOptions& options = {});

// The catalog text read_schema's output is a function of: two states of a database with equal
// fingerprints read as equal schemas (table row estimates and sizes aside), so a caller that held
// a read of the one need not read the other. Different fingerprints promise nothing (an object
// recreated in another position differs; read both to compare). SQLite: its sqlite_schema rows;
// PostgreSQL: every row of every catalog query the reader runs for `options`, in its order (one
// round trip each, no model built); nullopt for an engine without one (MySQL, MariaDB).
std::optional<std::string> fingerprint(dialects::Connection& connection, const dialects::Rendering& dialect,
                                       const ReadOptions& options = {});

// Appends every value of `rows` to `out`, each length-prefixed (NULL apart from ''): the exact
// text a fingerprint compares.
void append_rows(std::string& out, const dialects::ResultSet& rows);

} // namespace strata::introspect
