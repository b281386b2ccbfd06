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

// " INCREMENT BY n MINVALUE n MAXVALUE n START WITH n CACHE n CYCLE": the values a sequence sets,
// for CREATE SEQUENCE (PostgreSQL, MariaDB) and a PostgreSQL identity's `(…)`; empty when it sets none.
std::string sequence_options(const schemas::SequenceOptions& sequence);

// How an engine spells a sequence's options in ALTER: its word for no cycle, and whether CACHE is
// managed (PostgreSQL; MariaDB keeps its own).
struct SequenceWords {
  const char* no_cycle = "NO CYCLE";
  bool cache = true;
};
// Every option, each after `prefix` (" " for ALTER SEQUENCE, " SET " for a PostgreSQL identity
// column), a default one as the server's default (NO MINVALUE, START WITH the bound it starts
// from), so that the result does not depend on what the sequence had. `restart`: end with RESTART
// (the sequence starts again at its new START; see restarts()).
std::string sequence_options_change(const schemas::SequenceOptions& options, const std::string& prefix,
                                    SequenceWords words, bool restart);
// Whether a live sequence whose options change also restarts at its new start: it has handed
// out no value (so no one saw the value it would move from), as the catalog read it. A changed
// START then takes effect, and new bounds that exclude the old start do not fail the statement.
bool restarts(const std::optional<schemas::SequenceProgress>& progress);

} // namespace strata::dialects
