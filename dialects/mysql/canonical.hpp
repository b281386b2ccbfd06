#pragma once
// Canonical forms of the MySQL/MariaDB dialect that several files share (types.cpp,
// normalize*.cpp, canonicalize.cpp) and the MySQL reader uses.

#include "schemas/model.hpp"

#include <optional>
#include <string>

namespace strata::dialects::mysql {

// A MySQL type text in canonical spelling: lower case, aliases resolved (integer -> int,
// numeric -> decimal, bool -> tinyint(1), real -> double, character varying -> varchar ...),
// integer display widths dropped (kept with zerofill; tinyint(1) kept: it is boolean), decimal's
// implied (10,0)/(p,0) written out, (0) fractional precision dropped, enum/set values quoted as
// COLUMN_TYPE prints them: "int(10) unsigned" -> "int unsigned", "DECIMAL(5)" -> "decimal(5,0)".
std::string canonical_type_text(const std::string& text);

// The normalised ColumnType: the portable kind when the MySQL type is exactly one (int ->
// integer, tinyint(1) -> boolean, decimal(p,s) -> numeric(p,s), datetime -> timestamp,
// timestamp -> timestamptz, float -> real ...), so that the planner can reason about widening
// and the YAML that inspect writes loads back to the same type; else native canonical text.
schemas::ColumnType canonical_column_type(const schemas::ColumnType& type);

// The canonical default of a column of canonical type text `type` (see normalize_defaults.cpp):
// NULL is none; string literals single-quoted with '' escapes; numbers bare (a decimal's with its
// scale, float/double without trailing zeros); the CURRENT_TIMESTAMP family as
// CURRENT_TIMESTAMP / CURRENT_TIMESTAMP(n); other expressions in expr::canonical form.
std::optional<std::string> canonical_default(const std::optional<std::string>& value, const std::string& type);

// Whether `key` (lower case, as CREATE_OPTIONS names it) is a table option strata manages besides
// engine and charset/collation: row_format, key_block_size, stats_*, pack_keys, checksum,
// delay_key_write (render.cpp writes them; the reader keeps only these).
bool managed_table_option(const std::string& key);
// AUTO_INCREMENT=n for a new table's `auto_increment` option; a value that is not a positive
// number is an error naming the table.
std::string auto_increment_clause(const std::string& table, const std::string& start);

// A MariaDB sequence in normal form: values equal to the server's defaults left out; what MariaDB
// cannot declare (a type, OWNED BY, a comment) an error at the sequence's line.
void normalize_sequence(schemas::Sequence& sequence);

// A string literal's value: quotes removed, doubled quotes and backslash escapes resolved ('it''s' -> it's).
std::string string_value(const std::string& token);

// The charset a collation belongs to (its name up to the first '_'; "binary" is its own).
std::string charset_of_collation(const std::string& collation);

} // namespace strata::dialects::mysql
