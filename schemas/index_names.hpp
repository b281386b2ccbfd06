#pragma once
// Where index names must be unique, per engine. The YAML loader checks what every engine requires
// (two indexes of one table never share a name); the rest depends on the engine and is checked
// once it is known (plan, drift, verify): MySQL/MariaDB name indexes per table, so a schema that
// `inspect` read there (`index_on_user_id` on two tables) loads and plans; SQLite and PostgreSQL
// name them per schema.

#include "schemas/error.hpp"
#include "schemas/model.hpp"

#include <vector>

namespace strata::schemas {

enum class IndexNameScope {
  table,       // MySQL/MariaDB: an index name is unique in its table
  schema,      // SQLite: CREATE INDEX names are unique in their database (a UNIQUE constraint's
               // name is not an index name there)
  schema_keys, // PostgreSQL: unique in their schema, with the indexes of UNIQUE constraints and
               // of named primary keys
};

// One diagnostic at each index (or table, for a primary key) whose name an earlier one of its
// scope already has. `fold_case`: the engine compares these names ignoring ASCII case.
std::vector<Diagnostic> index_name_clashes(const Schema& schema, IndexNameScope scope, bool fold_case);

} // namespace strata::schemas
