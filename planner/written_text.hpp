#pragma once
// Operations are diffed on normalized schemas, but the SQL they render should carry expressions
// as the user (or the catalog) wrote them: normal forms are for comparing, and may differ in
// spelling or type from what was written ('2'::bigint vs 2). This pass copies the written text of
// defaults, generated columns, checks, index predicates/expressions, view queries, trigger and
// function definitions back into the operations, matching objects by name; anything it cannot
// match keeps the normal form.

#include "schemas/model.hpp"
#include "schemas/operation.hpp"

#include <vector>

namespace strata::planner::detail {

// Up operations: the written text of the desired schema.
void restore_written_text(std::vector<schemas::Operation>& operations, const schemas::Schema& written);

} // namespace strata::planner::detail
