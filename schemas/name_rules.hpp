#pragma once
// Every name a schema gives (tables, schemas, columns, keys, indexes, checks, triggers, views,
// enums and their values, sequences) with where it is written, and what no engine accepts in a
// name. What one engine rejects or changes (length, trailing spaces, ...) is that engine's rule:
// Rendering::name_problem.

#include "schemas/error.hpp"
#include "schemas/model.hpp"

#include <string>
#include <vector>

namespace strata::schemas {

struct NameUse {
  std::string what;        // `table "users": column "email"`, `enum "mood": value "sad"`
  std::string name;
  SourceLocation location; // the object's entry in the file
  bool label = false;      // an enum value: a string, not an identifier
};

std::vector<NameUse> names_in(const Schema& schema);

// What makes `name` unusable on every engine (empty when nothing): a line break (a name holding
// one breaks the migration files it is written into), a NUL byte (engines' C APIs cut the text
// there), bytes that are not UTF-8.
std::string portable_name_problem(const std::string& name);

// One diagnostic per name `problem` finds something in ("<what>: name <problem>"): the
// per-engine check of plan and validate.
template <typename Problem>
std::vector<Diagnostic> name_diagnostics(const Schema& schema, Problem problem)
{
  std::vector<Diagnostic> out;
  for (const auto& use : names_in(schema)) {
    if (use.label) {
      continue;
    }
    if (auto found = problem(use.name); !found.empty()) {
      out.push_back(Diagnostic{use.location, use.what + ": name " + found});
    }
  }
  return out;
}

} // namespace strata::schemas
