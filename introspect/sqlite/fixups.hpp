#pragma once
// Second pass of the SQLite reader: completes what the pragmas leave out from the scanned CREATE
// texts (constraint names, CHECKs, collations, generated expressions, AUTOINCREMENT, DEFERRABLE,
// table options) and fills implicit references.

#include "introspect/sqlite/create_scanner.hpp"
#include "schemas/model.hpp"

namespace strata::introspect::sqlite {

// Applies the scanned CREATE TABLE text to a table built from the pragmas.
void apply_definition(schemas::Table& table, const TableDefinition& definition);
// The same in two parts: what needs the table's columns and foreign keys only (collations,
// generated expressions, AUTOINCREMENT, checks, key names, options), and the UNIQUE constraints'
// names, which need its indexes read.
void apply_text(schemas::Table& table, const TableDefinition& definition);
void apply_uniques(schemas::Table& table, const std::vector<UniqueDefinition>& uniques);

// Foreign keys name their parent as the table stores its name, and a key without referenced
// columns references the parent's primary key: fill them in.
void resolve_references(schemas::Schema& schema);

} // namespace strata::introspect::sqlite
