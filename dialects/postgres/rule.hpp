#pragma once
// PostgreSQL rules (CREATE RULE name AS ON event TO relation [WHERE …] DO [ALSO | INSTEAD] …): the
// parts of the statement strata needs (its name and relation) and the form it compares. The
// server's own form is pg_get_ruledef(); a declared definition reaches it through canonicalize.cpp
// (created on a TEMP table LIKE its table or view and read back).

#include "schemas/model.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace strata::dialects::postgres {

struct RuleHeader {
  std::string name;          // unquoted (a bare name folded to lower case)
  std::string event;         // select, insert, update or delete (lower case)
  std::string relation;      // unquoted, without its schema
  size_t name_begin = 0;     // offsets in the definition
  size_t relation_begin = 0; // the (qualified) relation name after TO
  size_t relation_end = 0;
};

std::optional<RuleHeader> parse_rule(std::string_view definition, std::string* problem = nullptr);

// `definition` as CREATE RULE (no OR REPLACE) ON `relation` (a name as it is to be written), with
// no trailing ';' or blank: what strata renders. Text that is not a rule definition is returned trimmed.
std::string rule_statement(std::string_view definition, const std::string& relation);

// The form strata compares: rule_statement() under `relation` in expr::canonical form.
std::string canonical_rule(std::string_view definition, const std::string& relation);

// A table or view as the server shows it in a definition: bare or quoted as the server would,
// with its schema when it has one.
std::string shown_relation(const schemas::QualifiedName& relation);

} // namespace strata::dialects::postgres
