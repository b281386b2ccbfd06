#pragma once
// What `plan` and `drift` share: desired schema from YAML, live schema from the database, the
// plan with live counts measured, and the PlanView the outputs render.

#include "cli/context.hpp"
#include "cli/output/plan_view.hpp"
#include "introspect/reader.hpp"
#include "planner/plan.hpp"
#include "schemas/model.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace strata::cli {

struct Planned {
  schemas::Schema live;    // normalized
  schemas::Schema desired; // normalized
  planner::Plan plan;
};

// The desired schema from YAML; throws SchemaError with every diagnostic. Commands load it before
// touching the database so that offline mistakes are reported first.
schemas::Schema load_desired(const std::filesystem::path& schema_path);

// What the reader must read for `desired`: besides the default schema, every schema (namespace)
// the desired objects name.
introspect::ReadOptions read_options_for(const schemas::Schema& desired);

// Clears `schema` on desired objects (and foreign-key references) in the default schema: they are
// the unqualified ones, as the reader reports them.
void unqualify_default_schema(schemas::Schema& desired, const std::string& default_schema);
// A database to read and plan against: the --db one, or a scratch database (replay.hpp).
struct Source {
  dialects::Connection& connection;
  const dialects::Dialect& dialect;
  const dialects::DbUrl& url;             // its search_path parameter, if any
  std::string default_schema;             // --schema-name's first name (empty: the connection's)
  std::vector<std::string> extra_schemas; // --schema-name's further names
};
Source source_of(Database& db);

// --schema-name's first name, else public for engines with schemas, else empty.
std::string default_schema_of(const Source& source);

// Reads the live schema (the default schema from --schema-name), plans against `desired`, and
// measures the risks' counts with read-only probe queries on the connection.
Planned plan_against(const Source& source, const schemas::Schema& desired);
Planned plan_against(Database& db, const schemas::Schema& desired);

// The integer a probe query returned (one row, one column); nullopt for NULL or non-numbers.
std::optional<long long> parse_count(const dialects::ResultSet& result);

// Logs each hint of the plan as a warning on stderr.
void warn_hints(const planner::Plan& plan);

} // namespace strata::cli
