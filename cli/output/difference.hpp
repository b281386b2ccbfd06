#pragma once
// The difference one plan operation repairs, for drift reports: the object, the definition the
// plan leads to (expected) and the one the database has now (actual).

#include "schemas/model.hpp"
#include "schemas/operation.hpp"

#include <string>

namespace strata::cli {

struct Difference {
  std::string object;   // "column users.nickname", "index users_email_idx on users"
  std::string expected; // the definition the plan leads to, or k_absent (definition.hpp)
  std::string actual;   // the definition the database has now, or k_absent
};

// A plan turns the live database (actual) into the desired schema (expected): an Add* operation
// is an object expected but absent, a Drop* one an object that exists but is not expected.
// `live` and `desired` are the schemas the plan was made from (for the operations that carry
// only a name, e.g. AddEnumValue); either may be null.
Difference difference_of(const schemas::Operation& op, const std::string& engine, const schemas::Schema* live,
                         const schemas::Schema* desired);

} // namespace strata::cli
