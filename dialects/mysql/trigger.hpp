#pragma once
// MySQL/MariaDB triggers: the parts of a CREATE TRIGGER statement and the canonical definition
// strata compares and renders. The server keeps a trigger as its parts (information_schema
// TRIGGERS: timing, event, table, ACTION_STATEMENT), so a definition is compared by those parts:
// DEFINER, OR REPLACE, IF NOT EXISTS, a database qualifier and FOLLOWS/PRECEDES are not part of
// it; the body is compared in expr::canonical form.

#include <optional>
#include <string>
#include <string_view>

namespace strata::dialects::mysql {

struct TriggerParts {
  std::string name;   // unquoted, without a database qualifier
  std::string timing; // BEFORE | AFTER
  std::string event;  // INSERT | UPDATE | DELETE
  std::string table;  // unquoted, without a database qualifier
  std::string body;   // the text after FOR EACH ROW [FOLLOWS|PRECEDES name], trimmed, no final ';'
};

// The parts of `definition`, or nullopt with `problem` saying what is missing when the text is
// not one CREATE TRIGGER statement.
std::optional<TriggerParts> parse_trigger(std::string_view definition, std::string* problem = nullptr);

// CREATE TRIGGER `name` TIMING EVENT ON `table` FOR EACH ROW body: the statement a trigger's
// parts make, as strata writes and inspect reads it.
std::string trigger_statement(const TriggerParts& parts);

// The definition in the form strata compares: trigger_statement() of its parts with the body in
// expr::canonical form. Text that is not a CREATE TRIGGER statement is returned as is (the YAML
// loader reports it).
std::string canonical_trigger(std::string_view definition);

} // namespace strata::dialects::mysql
