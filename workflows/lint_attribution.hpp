#pragma once
// How `strata lint` ties the planner's view of a file back to its SQL: tables and columns looked
// up as a statement names them (case and quotes ignored), the renames the file's SQL performs
// turned into rename hints, and each operation of the diff attributed to the statement that
// performed it.

#include "migrations/sql_checks.hpp"
#include "schemas/model.hpp"
#include "schemas/operation.hpp"

#include <string>
#include <vector>

namespace strata::workflows {

// A table of `schema` named as a statement names it (a schema in the statement must match
// unless the table is in the default schema); null when there is none.
schemas::Table* find_table(schemas::Schema& schema, const schemas::QualifiedName& name);
schemas::Column* find_column(schemas::Table& table, const std::string& name);

// Rename hints (renamed_from) on `after` for the renames the file's SQL performs, so that the
// diff shows a rename (BI402), not a drop and an add (D102).
void hint_renames(const std::vector<migrations::SqlRename>& renames, const schemas::Schema& before,
                  schemas::Schema& after);

// The index of the statement that performed `op`: the first DDL statement naming its table and
// its object (column, index, constraint), else any statement naming both, else the first DDL
// statement naming the table, else any naming it, else 0 (the file's first statement).
size_t attribute(const schemas::Operation& op, const std::vector<std::vector<migrations::SqlToken>>& tokens);

} // namespace strata::workflows
