#pragma once
// Scans the CREATE TABLE / CREATE VIRTUAL TABLE / CREATE INDEX / CREATE VIEW text SQLite keeps in sqlite_schema.sql for
// what the pragmas do not report: constraint names, CHECK and generated-column expressions,
// COLLATE clauses, AUTOINCREMENT, DEFERRABLE, WITHOUT ROWID / STRICT, partial-index predicates,
// index key expressions and view queries. Texts are returned as written (not normalized).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::introspect::sqlite {

struct CheckDefinition {
  std::string name; // empty when unnamed
  std::string expression;
};

struct ForeignKeyDefinition {
  std::string name; // empty when unnamed
  std::vector<std::string> columns;
  std::string table;
  std::vector<std::string> ref_columns;
  bool deferrable = false;
  bool initially_deferred = false;
};

struct UniqueDefinition {
  std::string name; // empty when unnamed
  std::vector<std::string> columns;
};

struct ColumnDefinition {
  std::string name;
  std::string collation;
  std::optional<std::string> generated; // the expression of GENERATED ALWAYS AS (...)
  bool autoincrement = false;
};

struct TableDefinition {
  std::vector<ColumnDefinition> columns;
  std::vector<CheckDefinition> checks;       // column-level then table-level, in text order
  std::vector<ForeignKeyDefinition> foreign_keys;
  std::vector<UniqueDefinition> uniques;
  bool without_rowid = false;
  bool strict = false;

  const ColumnDefinition* find_column(const std::string& name) const; // ASCII case-insensitive
};

struct IndexKeyDefinition {
  std::string expression; // the key as written without COLLATE / ASC / DESC
  std::string collation;  // explicit COLLATE, empty otherwise
  bool descending = false;
  // What SQLite makes of the key: `column`, the identifier, when the key is one (bare or quoted:
  // a column of the table if it names one); `computed` when it cannot name a column (it has an
  // operator, a literal or a function call). Neither for other forms ((a), t.a, a IS NULL): only
  // SQLite's name resolution tells those apart.
  std::string column;
  bool computed = false;
};

struct IndexDefinition {
  bool unique = false; // CREATE UNIQUE INDEX
  std::vector<IndexKeyDefinition> keys;
  std::string where; // partial-index predicate, empty for none
};

struct ViewDefinition {
  std::vector<std::string> columns; // explicit column list, if any
  std::string query;                // the SELECT after AS
};

// CREATE VIRTUAL TABLE name USING module[(arguments)].
struct VirtualTableDefinition {
  std::string module;    // the module's name, unquoted, as written
  std::string arguments; // the text between the parentheses as written (trimmed); empty for none
};

TableDefinition scan_create_table(std::string_view sql);
VirtualTableDefinition scan_create_virtual_table(std::string_view sql);
IndexDefinition scan_create_index(std::string_view sql);
ViewDefinition scan_create_view(std::string_view sql);

// ASCII case-insensitive equality (SQLite identifiers).
bool same_identifier(std::string_view a, std::string_view b);

} // namespace strata::introspect::sqlite
