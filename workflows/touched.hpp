#pragma once
// The part of a schema a change touches, for the diagrams of plan, drift and lint: the tables and
// views its operations create, change or drop, as they are after the change (a dropped one as it
// was before).

#include "planner/plan.hpp"
#include "schemas/model.hpp"
#include "schemas/operation.hpp"

#include <set>

namespace strata::workflows {

// The tables and views an operation creates, changes or drops (a rename: the new name); none for
// enums and sequences.
std::set<schemas::QualifiedName> touched_names(const schemas::Operation& operation);

// The tables and views of `after` (else of `before`) that `plan` touches, in `after`'s order.
schemas::Schema touched_schema(const planner::Plan& plan, const schemas::Schema& after, const schemas::Schema& before);

// Moves into `into` the tables and views of `part` it does not hold yet (by name); `part` is left
// moved from.
void merge_touched(schemas::Schema& into, schemas::Schema&& part);

} // namespace strata::workflows
