#pragma once
// Every name a schema gives (tables, schemas, columns, keys, indexes, checks, triggers, views,
// enums and their values, sequences) with where it is written, and what no engine accepts in a
// name. What one engine rejects or changes (length, trailing spaces, ...) is that engine's rule:
// Rendering::name_problem.

#include "schemas/error.hpp"
#include "schemas/model.hpp"

#include <functional>
#include <string>
#include <vector>

namespace strata::schemas {

struct NameUse {
  const std::string& name;
  const SourceLocation& location; // the object's entry in the file
  bool label = false;             // an enum value: a string, not an identifier
  // What the name belongs to, as a message shows it: `table "users": column "email"`, `enum "mood":
  // value "sad"`. Worked out when asked: only a name a message is about needs it.
  std::function<std::string()> what;
  // True for the name strata gave an unnamed index, unique constraint, foreign key or check
  // (schemas/naming.hpp): the file does not write it, so a message says how to give one. Unset for
  // the kinds of object that are never unnamed.
  std::function<bool()> generated{};
  bool is_generated() const { return generated && generated(); }
};

// Hands each name of `schema` to `each` in turn, one NameUse alive at a time: a list of them all
// held 19 MB at 5,000 tables, beside the schema being loaded.
void each_name(const Schema& schema, const std::function<void(const NameUse&)>& each);

// What makes `name` unusable on every engine (empty when nothing): a line break (a name holding
// one breaks the migration files it is written into), a NUL byte (engines' C APIs cut the text
// there), bytes that are not UTF-8.
std::string portable_name_problem(const std::string& name);

// The code points of `text` read as UTF-8; a byte that does not start a valid sequence counts as
// one U+FFFD.
std::vector<char32_t> code_points(const std::string& text);

// One diagnostic per name (or enum value) in which `problem(name, label)` finds something: the
// engine's own rules (Rendering::name_problem) in validate --db, plan, drift and verify.
// "<what>: name <problem>" for an identifier, "<what>: <problem>" for an enum value.
template <typename Problem>
std::vector<Diagnostic> name_diagnostics(const Schema& schema, Problem problem)
{
  std::vector<Diagnostic> out;
  each_name(schema, [&](const NameUse& use) {
    if (auto found = problem(use.name, use.label); !found.empty()) {
      const char* hint = use.is_generated() ? " (a name strata made for an object the file leaves unnamed: give the "
                                              "object a shorter \"name:\")"
                                            : "";
      out.push_back(Diagnostic{use.location, use.what() + (use.label ? ": " : ": name ") + found + hint});
    }
  });
  return out;
}

} // namespace strata::schemas
