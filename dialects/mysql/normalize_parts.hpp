#pragma once
// Pieces of normalize() in files of their own.

#include "schemas/model.hpp"

namespace strata::dialects::mysql {

// Index rules (normalize_indexes.cpp): UNIQUE constraints are unique indexes; BTREE/HASH is the
// default method; a lone column written as an expression key is a column key.
void normalize_index(const schemas::Table& table, schemas::Index& index);
// The index MySQL creates implicitly for a foreign key without one, named like the foreign key.
void add_foreign_key_indexes(schemas::Table& table);
// Partitioning rules (normalize_partitions.cpp): the method in lower case, the key and bounds as
// canonical expressions, HASH/KEY partitions with the server's own names (p0, p1, …) as a count.
// A method the server does not know or a bound that does not fit it is an error at its line.
void normalize_partitioning(const schemas::Table& table, schemas::Partitioning& partitioning);
// MariaDB system versioning (normalize.cpp): period columns NOT NULL without a default, the row
// end column the server appends to keys left out.
void normalize_versioning(schemas::Table& table);

} // namespace strata::dialects::mysql
