#pragma once
// Scans the CREATE TABLE / CREATE VIRTUAL TABLE / CREATE INDEX / CREATE VIEW text SQLite keeps in sqlite_schema.sql for
// what the pragmas do not report: constraint names, CHECK and generated-column expressions,
// COLLATE clauses, AUTOINCREMENT, DEFERRABLE, WITHOUT ROWID / STRICT, partial-index predicates,
// index key expressions and view queries; and for what PRAGMA table_xinfo would report of each
// column (declared type, NOT NULL, DEFAULT text, primary key, generated kind), which SQLite itself
// works out from the same text. Texts are returned as written (not normalized).

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
  std::vector<std::string> ref_columns;       // empty: the parent's primary key
  std::string on_delete = "NO ACTION";        // as PRAGMA foreign_key_list reports it
  std::string on_update = "NO ACTION";
  bool deferrable = false;
  bool initially_deferred = false;
};

struct UniqueDefinition {
  std::string name; // empty when unnamed
  std::vector<std::string> columns;
};

struct ColumnDefinition {
  std::string name;
  std::string declared_type; // the type's tokens as written (reported_type makes the pragma's text)
  std::string collation;
  // The DEFAULT's text as SQLite keeps it: the literal or name as written, a sign with its literal,
  // or what a parenthesised expression holds inside its parentheses, without outer whitespace.
  std::optional<std::string> default_value;
  std::optional<std::string> generated; // the expression of GENERATED ALWAYS AS (...)
  bool stored = false;                  // GENERATED ... STORED (VIRTUAL otherwise)
  bool not_null = false;                // NOT NULL, or a key column of a WITHOUT ROWID table
  bool autoincrement = false;
};

struct TableDefinition {
  std::vector<ColumnDefinition> columns;
  std::vector<CheckDefinition> checks;       // column-level then table-level, in text order
  std::vector<ForeignKeyDefinition> foreign_keys;
  std::vector<UniqueDefinition> uniques;
  std::vector<std::string> primary_key; // the key's columns in key order, named as the columns are declared
  bool descending_key = false;            // a key column declared DESC
  bool without_rowid = false;
  bool strict = false;
  // Whether the text holds a form this scan does not read the way SQLite's parser does (a column
  // name, type or DEFAULT of an unusual shape, a key naming no column, an unknown constraint word):
  // then only PRAGMA table_xinfo tells the columns, types, defaults and key.
  bool open = false;

  const ColumnDefinition* find_column(const std::string& name) const; // ASCII case-insensitive
  ColumnDefinition* find_column(const std::string& name);
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
// The type PRAGMA table_xinfo reports for a column declared with `declared` (ColumnDefinition::
// declared_type): quotes removed as SQLite removes them and, when `standard_names` (SQLite 3.37 and
// later), INT, INTEGER, REAL, TEXT, BLOB and ANY in upper case.
std::string reported_type(std::string_view declared, bool standard_names);
VirtualTableDefinition scan_create_virtual_table(std::string_view sql);
IndexDefinition scan_create_index(std::string_view sql);
ViewDefinition scan_create_view(std::string_view sql);

// ASCII case-insensitive equality (SQLite identifiers).
bool same_identifier(std::string_view a, std::string_view b);

} // namespace strata::introspect::sqlite
