#pragma once
// The one normalisation walk: the canonical form both sides of a diff pass through (the YAML side
// and the catalog side), so that an unchanged schema never diffs. The walk visits every table
// (columns, indexes, foreign keys, checks, triggers), view, enum and sequence and sorts what
// carries no order; an engine supplies the canonical forms it alone knows (types, defaults,
// expressions, collations, actions, implicit names) and drops what it cannot store. Pure and
// idempotent: normalize(normalize(x)) == normalize(x).

#include "schemas/model.hpp"

#include <optional>
#include <string>

namespace strata::dialects {

class NormalForm {
public:
  virtual ~NormalForm() = default;
  schemas::Schema normalize(const schemas::Schema& schema) const;
  // The same schema made normal where it lies (no second copy of it: of the tables other tables
  // look up, only what the walk reads of them is copied, as it was).
  void normalize_in_place(schemas::Schema& schema) const;
  // Whether normalize(schema) == schema, found without a copy of the whole schema: each table is
  // copied and normalized alone, then the rest with the tables set aside (they are put back, so
  // the schema is left as it was). A schema normalize would refuse is not normal.
  bool is_normal(schemas::Schema& schema) const;

protected:
  // Expression text (checks, generated columns, index keys and predicates, views, triggers).
  virtual std::string expression(const std::string& text) const = 0;
  // A trigger of `table` (its definition CREATE TRIGGER ...); by default expression text.
  virtual void trigger(const schemas::Table& /*table*/, schemas::Trigger& trigger) const
  {
    trigger.definition = expression(trigger.definition);
  }
  // A table's partitioning (MySQL/MariaDB, PostgreSQL); elsewhere a declared one is an error at its line.
  virtual void partitioning(const schemas::Table& table, schemas::Partitioning& partitioning) const;
  // A table's system versioning (MariaDB), after its columns; elsewhere a versioned table or a
  // column opting out of versioning is an error at the table's or column's line.
  virtual void versioning(schemas::Table& table) const;
  // The parent and bound of a partition (PostgreSQL); elsewhere a declared one is an error at its line.
  virtual void partition_of(const schemas::Schema& schema, const schemas::Table& table,
                            schemas::PartitionOf& partition_of) const;
  // A table's row-level security and policies (PostgreSQL); elsewhere declaring them is an error
  // at the table's or first policy's line.
  virtual void row_security(schemas::Table& table) const;
  // The rules of a table or view (PostgreSQL; `kind` "table" or "view" for messages); elsewhere
  // declaring one is an error at its line.
  virtual void rules(const schemas::QualifiedName& relation, const char* kind, std::vector<schemas::Rule>& rules) const;
  // A column's type; errors are reported naming the column.
  virtual schemas::ColumnType type(const schemas::Schema& schema, const schemas::Table& table,
                                   const schemas::ColumnType& type) const = 0;
  // A default (nullopt: none) of a column of canonical type `type`.
  virtual std::optional<std::string> default_value(const std::optional<std::string>& value,
                                                   const schemas::ColumnType& type) const = 0;
  virtual std::string collation(const std::string& collation) const = 0;
  // A foreign-key action ("no action" when unspecified).
  virtual std::string action(const std::string& action) const = 0;
  // Whether the column's values come from the engine (identity, serial): it keeps no default.
  virtual bool generates_values(const schemas::Column&) const { return false; }
  // The type of the sequence a column's values come from, when the engine keeps one apart from the
  // column's type (PostgreSQL serial); empty otherwise.
  virtual std::string sequence_type(const schemas::Column&) const { return {}; }
  // Whether foreign keys and checks keep a NOT VALID state (PostgreSQL); elsewhere it is dropped.
  virtual bool keeps_not_valid() const { return false; }
  // Whether checks keep NO INHERIT (PostgreSQL); elsewhere it is dropped.
  virtual bool keeps_no_inherit() const { return false; }
  // Whether keys and indexes keep PostgreSQL's extras: deferrable primary keys and unique keys,
  // index storage parameters, comments on indexes, constraints and triggers; elsewhere they are dropped.
  virtual bool keeps_key_extras() const { return false; }
  // Whether indexes keep their comments (PostgreSQL, with the other extras; MySQL/MariaDB).
  virtual bool keeps_index_comments() const { return keeps_key_extras(); }
  // Whether the primary key keeps its comment (PostgreSQL, with the other extras; MySQL/MariaDB).
  virtual bool keeps_primary_key_comment() const { return keeps_key_extras(); }
  // Whether indexes may be invisible to the optimizer (MySQL 8 INVISIBLE, MariaDB IGNORED);
  // elsewhere `invisible: true` is an error at the index's line.
  virtual bool invisible_indexes() const { return false; }
  // Whether the engine has materialized views (PostgreSQL); elsewhere a declared one is an error
  // at its line.
  virtual bool materialized_views() const { return false; }
  // Whether identity columns keep the options of their sequence (PostgreSQL); elsewhere declaring
  // them is an error at the column's line.
  virtual bool identity_sequences() const { return false; }
  // A virtual table (SQLite): its module and arguments in canonical form. Elsewhere a declared one
  // is an error at its line.
  virtual void virtual_table(schemas::VirtualTable& table) const;
  // A composite type (PostgreSQL): its attributes' types and collations in canonical form.
  // Elsewhere a declared one is an error at its line.
  virtual void composite_type(const schemas::Schema& schema, schemas::CompositeType& type) const;
  // The schemas (namespaces) listed (PostgreSQL); elsewhere an input error at the first one.
  virtual void namespaces(std::vector<schemas::Namespace>& namespaces) const;
  // The privileges (`grants` of tables, views, sequences, functions and schemas; PostgreSQL):
  // their normal form. Elsewhere a declared grant is an error at its line.
  virtual void privileges(schemas::Schema& schema) const;
  // Whether primary-key columns are NOT NULL whether written or not.
  virtual bool key_columns_not_null() const { return true; }

  // Engine rules around the walk's steps, each after the shared part of its step. `table` runs
  // first (names, options, comments, what the engine does not manage); `finish_table` last,
  // before the sort.
  virtual void table(const schemas::Schema&, schemas::Table&) const {}
  virtual void column(const schemas::Schema&, const schemas::Table&, schemas::Column&) const {}
  virtual void index(const schemas::Table&, schemas::Index&) const {}
  virtual void foreign_key(const schemas::Schema&, const schemas::Table&, schemas::ForeignKey&) const {}
  virtual void finish_table(schemas::Table&) const {}
  virtual void view(schemas::View&) const {}
  // After every table and view: enums and sequences (kept, canonicalised or dropped).
  virtual void objects(schemas::Schema&) const {}
  // For `objects` of an engine without SQL-defined functions: the first declared one is an error
  // at its line, `why` saying what to do instead.
  static void refuse_functions(const schemas::Schema& schema, const std::string& why);

private:
  void normalize_table(const schemas::Schema& schema, schemas::Table& table) const;
  // normalize_table of each of `tables`: those of a large schema in two halves at once, the
  // second on a thread of its own (each table's normal form reads `schema` and writes only that
  // table). The first failure in the tables' order is thrown, as one pass would.
  void normalize_tables(const schemas::Schema& schema, std::vector<schemas::Table>& tables) const;
  // normalize's walk: `out` made normal, reading `schema` as it was.
  void normalize_into(const schemas::Schema& schema, schemas::Schema& out) const;
  void normalize_any_index(const schemas::Table& table, schemas::Index& index) const;
  void normalize_materialized(schemas::View& view) const;
  void normalize_column(const schemas::Schema& schema, const schemas::Table& table, schemas::Column& column) const;
};

// Whether `name` (lower case) is a PostgreSQL table option: `unlogged` or a table storage
// parameter (fillfactor, autovacuum_*, toast.*, …). PostgreSQL keeps these; the other engines
// leave them out, so one schema file serves several engines.
bool postgres_table_option(const std::string& name);

// A sequence's values left out where they are the engine's defaults: increment 1; going up, a
// minimum of 1, a maximum of `max` and a start at the minimum; going down, a maximum of -1, a
// minimum of `min` and a start at the maximum.
void drop_sequence_defaults(schemas::SequenceOptions& sequence, long long max, long long min);

} // namespace strata::dialects
