#pragma once
// inspect: the live schema of the --db database as schema YAML, or as the engine's DDL (what
// applying it to an empty database runs), read through a read-only session.

#include "migrations/rendered_plan.hpp"
#include "planner/plan.hpp"
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
  bool privileges = false;      // --with-privileges: the grants too (PostgreSQL), `privileges: managed`
};

struct InspectResult {
  std::string database; // its redacted URL
  std::string engine;   // the dialect's name
  schemas::Schema live;
  std::string text;     // write_yaml(live), or with `sql` the DDL (statements ending with ';')
};

InspectResult run_inspect(const InspectRequest& request);

// The schema inspect writes: the --schema-name schemas, else every schema of the database.
// `privileges`: their grants too (PostgreSQL; see introspect::ReadOptions).
schemas::Schema read_whole_schema(Database& db, bool privileges = false);

// What creates `live` in an empty database: the plan from an empty schema to it and its one
// rendering (indexes built in place, not CONCURRENTLY: there is nothing to lock). `inspect
// --format sql` prints its statements, `strata baseline` writes it as the baseline migration.
struct Creation {
  planner::Plan plan;
  migrations::RenderedPlan rendered;
};
Creation creation_of(const schemas::Schema& live, const dialects::Rendering& dialect);

// The statements of creation_of(live), each ending with ";".
std::string ddl_of(const schemas::Schema& live, const dialects::Rendering& dialect);

// The up statements of a rendered plan, in order, each ending with ";" on its own line(s): a
// script any client runs (`inspect --format sql`, `diff`).
std::string script_of(const migrations::RenderedPlan& rendered);

} // namespace strata::workflows
