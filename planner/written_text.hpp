#pragma once
// Operations are diffed on normalized schemas, but the SQL they render should carry expressions
// as the user (or the catalog) wrote them: normal forms are for comparing, and may differ in
// spelling or type from what was written ('2'::bigint vs 2). This pass copies the written text of
// defaults, generated columns, checks, index predicates/expressions, view queries, trigger and
// function definitions back into the operations, matching objects by name; anything it cannot
// match keeps the normal form.

#include "schemas/model.hpp"
#include "schemas/operation.hpp"

#include <memory>
#include <vector>

namespace strata::planner::detail {

// The written text of one schema (the desired YAML's for the up operations, the live catalog's for
// the down ones), its tables looked up by name: built once, it restores any number of operation
// lists (the down file's come one step at a time).
class WrittenText {
public:
  explicit WrittenText(const schemas::Schema& written);
  ~WrittenText();
  WrittenText(const WrittenText&) = delete;
  WrittenText& operator=(const WrittenText&) = delete;
  void restore(std::vector<schemas::Operation>& operations);
  class Lookup; // defined in written_text.cpp

private:
  const schemas::Schema& m_written;
  std::unique_ptr<Lookup> m_lookup;
};

inline void restore_written_text(std::vector<schemas::Operation>& operations, const schemas::Schema& written)
{
  WrittenText(written).restore(operations);
}

} // namespace strata::planner::detail

namespace strata::planner {

// Of a schema as written (the desired YAML's, the catalog's), only what WrittenText restores: the
// expression text of columns, indexes, checks and triggers, foreign-key actions, rules, views,
// functions and virtual tables, found by name (each index, foreign key, check, trigger and rule cut
// to its name and that text; a table with none of it left out). The rest (types, comments, locations, ...) is
// freed: a caller that has normalized a schema keeps this for options.written or
// options.live_written instead of a second whole schema.
schemas::Schema written_text_only(schemas::Schema written);
// The same, copied out of a schema that stays as it is (one table copied at a time).
schemas::Schema written_text_copy(const schemas::Schema& written);

} // namespace strata::planner
