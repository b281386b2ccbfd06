#pragma once
// One-line definitions of schema objects for drift reports: what each difference expects and
// what the database actually has ("email varchar(255) NOT NULL", "UNIQUE INDEX users_email_uq
// ON users (email)"). Display text only, never SQL to run; engine-neutral except for per-engine
// types, which are resolved for the engine.

#include "schemas/model.hpp"
#include "schemas/operation.hpp"

#include <string>

namespace strata::cli {

// What one side of a difference shows when the object does not exist there.
inline constexpr const char* k_absent = "(absent)";

struct Difference {
  std::string object;   // "column users.nickname", "index users_email_idx on users"
  std::string expected; // the definition the plan leads to, or k_absent
  std::string actual;   // the definition the database has now, or k_absent
};

// The difference one plan operation repairs. A plan turns the live database (actual) into the
// desired schema (expected): an Add* operation is an object expected but absent, a Drop* one an
// object that exists but is not expected. `live` and `desired` are the schemas the plan was made
// from (for the operations that carry only a name, e.g. AddEnumValue); either may be null.
Difference difference_of(const schemas::Operation& op, const std::string& engine, const schemas::Schema* live,
                         const schemas::Schema* desired);

std::string column_definition(const schemas::Column& column, const std::string& engine);
std::string index_definition(const schemas::Index& index, const schemas::QualifiedName& table);
std::string foreign_key_definition(const schemas::ForeignKey& fk);
std::string check_definition(const schemas::Check& check);
// Columns, primary key, constraints and indexes in one line: "users (id integer NOT NULL, …)".
std::string table_definition(const schemas::Table& table, const std::string& engine);

} // namespace strata::cli
