#pragma once
// inspect: the live schema of the --db database as schema YAML, or as the engine's DDL (what
// applying it to an empty database runs), read through a read-only session.

#include "schemas/model.hpp"
#include "workflows/database.hpp"

#include <filesystem>
#include <string>

namespace strata::workflows {

struct InspectRequest {
  // --schema-name a,b: a is the default schema (unqualified in the YAML), b is read as well.
  // Without it: every schema of the database, the current one (public) unqualified.
  Target target;
  std::filesystem::path output; // written atomically when given; empty: nothing written
  bool sql = false;             // the DDL instead of the YAML (what `output` receives too)
};

struct InspectResult {
  std::string database; // its redacted URL
  std::string engine;   // the dialect's name
  schemas::Schema live;
  std::string text;     // write_yaml(live), or with `sql` the DDL (statements ending with ';')
};

InspectResult run_inspect(const InspectRequest& request);

// The statements that create `live` in an empty database: the plan from an empty schema to it,
// rendered by the dialect, each statement ending with ";" (indexes built in place, not
// CONCURRENTLY: there is nothing to lock).
std::string ddl_of(const schemas::Schema& live, const dialects::Rendering& dialect);

} // namespace strata::workflows
