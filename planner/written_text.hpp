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
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace strata::planner {

// Of a schema as written (the desired YAML's, the catalog's), only what the restore reads, in
// types of its own: a name and the text restored, not whole model objects (a Column is 224 bytes,
// a Table 448, to keep a name and a default). At 5,000 tables it is a third of the size the same
// text took in a Schema.
struct WrittenColumn {
  std::string name;
  std::optional<std::string> default_value;
  schemas::Boxed<schemas::GeneratedColumn> generated; // its expression is restored
};
struct WrittenIndex {
  std::string name;
  std::string where;
  std::vector<std::string> expressions; // per key, matched key by key: empty for a column key
};
struct WrittenForeignKey {
  std::string name;
  std::string on_delete;
  std::string on_update;
};
struct WrittenDefinition { // a check's expression, a trigger's or a rule's definition
  std::string name;
  std::string text;
};
struct WrittenTable {
  std::string schema;
  std::string name;
  std::vector<WrittenColumn> columns;  // those with a default or a generated expression
  std::vector<WrittenIndex> indexes;   // those with a predicate or expression keys
  std::vector<WrittenForeignKey> foreign_keys;
  std::vector<WrittenDefinition> checks;
  std::vector<WrittenDefinition> triggers;
  std::vector<WrittenDefinition> rules;
  schemas::QualifiedName qualified() const { return {schema, name}; }
};
struct WrittenSchema {
  std::vector<WrittenTable> tables; // a table with nothing to restore is left out
  // The objects kept whole (views, functions, virtual tables; nothing else), found by Schema's own
  // lookups.
  schemas::Schema whole;
};

// The written text of `written`, the rest of it freed as it goes: a caller that has normalized a
// schema keeps this for options.written or options.live_written instead of a second whole schema.
WrittenSchema written_text_only(schemas::Schema written);
// The same, copied out of a schema that stays as it is; with `tables`, of only the tables whose
// names, in ASCII lower case, it holds (detail::restored_tables: those a restore looks up).
WrittenSchema written_text_copy(const schemas::Schema& written, const std::set<std::string>* tables = nullptr);

} // namespace strata::planner

namespace strata::planner::detail {

// The written text of one schema (the desired YAML's for the up operations, the live catalog's for
// the down ones), its tables looked up by name: built once, it restores any number of operation
// lists (the down file's come one step at a time).
class WrittenText {
public:
  explicit WrittenText(const WrittenSchema& written);
  ~WrittenText();
  WrittenText(const WrittenText&) = delete;
  WrittenText& operator=(const WrittenText&) = delete;
  void restore(std::vector<schemas::Operation>& operations);
  class Lookup; // defined in written_text.cpp

private:
  const WrittenSchema& m_written;
  std::unique_ptr<Lookup> m_lookup;
};

// The names, in ASCII lower case, of the tables whose written text restoring `operations` looks up
// (each operation's table, a rebuild's both, a rename's both): a superset, whatever the schema
// or case a lookup matches.
std::set<std::string> restored_tables(const std::vector<schemas::Operation>& operations);

inline void restore_written_text(std::vector<schemas::Operation>& operations, const WrittenSchema& written)
{
  WrittenText(written).restore(operations);
}

} // namespace strata::planner::detail
