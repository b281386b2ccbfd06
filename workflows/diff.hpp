#pragma once
// diff: the SQL that turns one schema into another, each side a schema YAML file or folder, a
// database, or a migration folder (replayed on a scratch database). Every side ends up as a
// schema read back from a database, so both are compared in the server's own forms, and the plan
// is made by the same planning session as `plan` and `drift` (planning.hpp):
//   FROM  a database: read through a read-only session (as drift reads its target);
//         a migration folder: replayed on a scratch database;
//         a schema file: created on a scratch database (create_copies);
//   TO    a schema file: as written; a database: its catalog; a migration folder: the replay's.
// Databases are only read. Without a database side, the scratch database is --dev-db, else (SQLite
// only) an in-memory database.

#include "migrations/rendered_plan.hpp"
#include "workflows/planning.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace strata::workflows {

// One side of a diff, as the command line names it.
struct DiffSide {
  enum class Kind { schema, database, migrations };
  Kind kind = Kind::schema;
  std::string text;                 // as given
  std::filesystem::path path;       // schema / migrations
  std::optional<dialects::DbUrl> url; // database
  std::string describe() const;     // "schema file v2.yaml", "database postgres://u:***@h/db", ...
};

// A URL (`sqlite:`, `postgres://`, `postgresql://`, `mysql://`, `mariadb://`, or a PostgreSQL
// keyword/value string) is a database; a folder holding `.yaml`/`.yml` files and no `.sql` file
// is a schema folder, any other folder a migration folder; a `.yaml`/`.yml` file is a schema
// file, any other file a SQLite database. Error(usage) for a path that does not exist.
DiffSide classify_side(const std::string& text);

struct DiffRequest {
  std::string from;
  std::string to;
  std::string engine;                    // --engine (empty: the databases', else --dev-db's)
  std::optional<dialects::DbUrl> dev_db; // --dev-db: the scratch database
};

struct DiffResult {
  DiffSide from;
  DiffSide to;
  const dialects::Dialect* dialect = nullptr;
  Planned planned;                        // the operations that turn FROM into TO
  migrations::RenderedPlan rendered_plan; // rendered once (indexes built in place: one script)
  std::string script;                     // the statements, each ending with ';'
  bool equal() const { return planned.plan.empty(); }
};

// Throws Error(usage) for a side that names nothing, databases of different engines, an
// --engine of another engine, a --dev-db of another engine where a scratch database is needed, no
// engine at all, or no scratch database where one is needed; SchemaError for a bad schema file; IntegrityError for a folder that does not match its
// strata.sum; Error for a folder that does not replay.
DiffResult run_diff(const DiffRequest& request);

} // namespace strata::workflows
