#pragma once
// Pieces of normalize() in files of their own.

#include "schemas/model.hpp"

namespace strata::dialects::mysql {

// Index rules (normalize_indexes.cpp): UNIQUE constraints are unique indexes; BTREE/HASH is the
// default method; expression keys canonical; and the index MySQL creates implicitly for a
// foreign key without one is added, named like the foreign key.
void normalize_indexes(schemas::Table& table);

} // namespace strata::dialects::mysql
