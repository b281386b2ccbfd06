#pragma once
// inspect: the live schema of the --db database as schema YAML, read through a read-only session.

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
};

struct InspectResult {
  std::string database; // its redacted URL
  schemas::Schema live;
  std::string yaml;     // write_yaml(live)
};

InspectResult run_inspect(const InspectRequest& request);

// The schema inspect writes: the --schema-name schemas, else every schema of the database.
schemas::Schema read_whole_schema(Database& db);

} // namespace strata::workflows
