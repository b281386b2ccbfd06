#pragma once
// SQL words of constraints (and of sequences) shared by the engines' renderers.

#include "schemas/model.hpp"

#include <string>

namespace strata::dialects {

// "NO ACTION", "RESTRICT", "CASCADE", "SET NULL" or "SET DEFAULT" for a model action (any case,
// surrounding blanks ignored). Throws strata::Error(input) naming `owner` (e.g. "foreign key
// books_author_fk") for anything else.
std::string foreign_key_action(const std::string& action, const std::string& owner);

// "CONSTRAINT <name> " with the name quoted by `quote`, or nothing for an unnamed constraint.
std::string constraint_prefix(const std::string& name, char quote);
// The key list of an index: columns (quoted by `quote`) or (expressions), each with its
// COLLATE, operator class, DESC, NULLS FIRST / LAST and an EXCLUDE constraint's WITH operator.
// An operator is a run of operator characters, or OPERATOR(schema.op) when written "schema.op";
// anything else throws strata::Error(input) naming `owner`.
std::string exclusion_operator(const std::string& text, const std::string& owner, char quote);
std::string index_key_list(const schemas::Index& index, char quote);

// " INCREMENT BY n MINVALUE n MAXVALUE n START WITH n CYCLE": the values a sequence sets, for
// CREATE SEQUENCE (PostgreSQL, MariaDB); empty when it sets none.
std::string sequence_options(const schemas::Sequence& sequence);

} // namespace strata::dialects
