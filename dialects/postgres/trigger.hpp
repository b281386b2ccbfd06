#pragma once
// PostgreSQL triggers (constraint triggers, WHEN conditions, FOR EACH ROW/STATEMENT, UPDATE OF
// columns): the parts of a CREATE [OR REPLACE] [CONSTRAINT] TRIGGER statement strata needs (its
// name and table) and the form it compares. The server's own form is pg_get_triggerdef(); a
// declared definition reaches it through canonicalize.cpp (created on the TEMP copy of its table
// and read back).

#include "schemas/model.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace strata::dialects::postgres {

struct TriggerHeader {
  bool constraint = false;
  std::string name;        // unquoted (a bare name folded to lower case)
  std::string table;       // unquoted, without its schema
  size_t name_end = 0;     // offsets in the definition
  size_t table_begin = 0;  // the (qualified) table name after ON
  size_t table_end = 0;
};

std::optional<TriggerHeader> parse_trigger(std::string_view definition, std::string* problem = nullptr);

// `definition` with CREATE [CONSTRAINT] TRIGGER (no OR REPLACE), ON `table` (a name as it is to be
// written) and no trailing ';' or blank: what strata renders. Text that is not a trigger
// definition is returned trimmed.
std::string trigger_statement(std::string_view definition, const std::string& table);

// The form strata compares: trigger_statement() under `table` in expr::canonical form.
std::string canonical_trigger(std::string_view definition, const std::string& table);

// The table as a trigger's ON names it in that form: bare or quoted as the server would, with
// its schema when it has one.
std::string shown_table(const schemas::Table& table);

} // namespace strata::dialects::postgres
