#pragma once
// Canonical forms of the PostgreSQL dialect that several files share (types.cpp, normalize.cpp,
// canonicalize.cpp) and the PostgreSQL reader uses.

#include "dialects/connection.hpp"
#include "dialects/dialect.hpp"
#include "schemas/model.hpp"

#include <string>

namespace strata::dialects::postgres {

// A PostgreSQL type name as format_type() prints it: int4/int/integer -> integer, varchar(n) ->
// character varying(n), timestamptz -> timestamp with time zone, int[] -> integer[], ... Names
// PostgreSQL does not know as built-ins (enums, domains) are kept as written.
std::string canonical_type_name(const std::string& text);

// The normalised ColumnType: the portable kind when the PostgreSQL type is exactly one (so the
// planner can reason about widening/narrowing), else the native format_type text.
schemas::ColumnType canonical_column_type(const schemas::ColumnType& type);

// The expression of a CHECK constraint as pg_get_constraintdef prints it ("CHECK (<expression>)",
// maybe followed by " NOT VALID", which sets `not_valid` when given); other text is returned whole.
std::string check_expression_of(std::string definition, bool* not_valid = nullptr);

// Whether a comment on the default schema says nothing of the user's: none, or the one
// PostgreSQL gives `public` ('standard public schema'). Such a comment is neither written by
// `inspect` nor compared.
inline bool default_schema_comment_is_stock(const std::string& comment)
{
  return comment.empty() || comment == "standard public schema";
}

// Server-side canonical expressions (Dialect::canonicalize; see dialect.hpp). PostgreSQL asks the
// catalog nothing outside the probes, so only the probe database is needed (null: no probe).
// True when a probe's form was adopted (`desired` changed).
bool canonicalize(Connection* probe_db, schemas::Schema& desired, const schemas::Schema& live);
CanonicalProbes canonical_probes(const schemas::Schema& desired, const schemas::Schema& live);

} // namespace strata::dialects::postgres
