#pragma once
// The batched data step of a BackfillColumn, the same on every engine but for its quotes:
// `-- strata: batch key=K[,K2...] size=N` (the statement's comment: the table's primary key) over
// UPDATE table SET column = (expression) WHERE column IS NULL.

#include "dialects/rendering.hpp"

namespace strata::dialects {

// A key column as a batch directive names it: bare when a plain name (letters, digits, _ and $),
// else in double quotes (`key="order id"`), as migrations/batch_step.cpp reads it back.
std::string directive_name(const std::string& key);

// `quote`: the engine's identifier quote ('"', MySQL '`'). The directive names the key bare when
// it is a plain name, else in double quotes (as migrations/batch_step.cpp reads it).
Statement backfill_statement(const schemas::BackfillColumn& op, char quote);

} // namespace strata::dialects
