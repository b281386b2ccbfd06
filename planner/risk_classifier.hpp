#pragma once
// The building blocks of risk classification (planner internals): the generic risks a kind of
// change carries, each with its live-data probe and backup. risk.cpp decides which blocks each
// operation uses.
//
// Data-dependent risks are only raised for tables that exist in the live database (a new table
// has no rows). Probes and backups name the LIVE table and column names: they run before the
// plan, so before any rename of it.

#include "planner/risk.hpp"
#include "schemas/risk_codes.hpp"

#include <string>
#include <vector>

namespace strata::planner::detail {

class Classifier {
public:
  Classifier(const DiffState& state, const std::vector<schemas::Operation>& all) : m_state(state), m_all(all) {}

  Classified result;

  void add(schemas::RiskCode code, std::string message);
  // Adds a probe for the last risk when every table/column it names exists live. `preflight`: a
  // count above zero means the step fails (Measurement::preflight).
  void probe(dialects::ProbeQuery query, bool preflight = false);
  dialects::ProbeQuery live_probe(dialects::ProbeQuery::Kind kind, const schemas::QualifiedName& table,
                                  std::vector<std::string> columns = {}) const;
  bool exists_live(const schemas::QualifiedName& table) const;
  bool exists_live_view(const schemas::QualifiedName& view) const;
  // Backs up a table (empty column) or one column of it, keyed by its live primary key.
  void backup(const schemas::QualifiedName& table, const std::string& column);

  void dropped_table(const schemas::QualifiedName& table);
  // An SQLite virtual table dropped, or dropped and created again for a new declaration: its rows
  // are counted and backed up as a table's.
  void dropped_virtual_table(const schemas::VirtualTable& table);
  // A PostgreSQL partition or partitioned table: D104 instead of D101. Its rows are counted (and
  // backed up) once: with the highest ancestor the plan drops too.
  void dropped_partitioned(const schemas::Table& table);
  // Whether the live table is a partition, or partitioned into tables of their own (PostgreSQL).
  bool has_partition_tables(const schemas::Table& table) const;
  void partition_of(const schemas::SetPartitionOf& op);
  void dropped_column(const schemas::QualifiedName& table, const std::string& column);
  // Attributes of a PostgreSQL composite type dropped (or moved): their values are lost in every
  // live column holding the type, each counted and backed up.
  void dropped_attributes(const schemas::AlterCompositeType& op);
  void renamed_column(const schemas::QualifiedName& table, const std::string& to, const std::string& from);
  void type_change(const schemas::QualifiedName& table, const schemas::Column& before, const schemas::Column& after);
  void set_not_null(const schemas::QualifiedName& table, const std::string& column);
  // The NOT NULL of a column just added and backfilled (`before`: the column as added, carrying its
  // Backfill): it fails where the backfill expression is NULL, which apply counts first.
  void set_not_null(const schemas::QualifiedName& table, const std::string& column, const schemas::Column& before);
  void added_column(const schemas::QualifiedName& table, const schemas::Column& column);
  void unique_columns(const schemas::QualifiedName& table, const std::string& what,
                      const std::vector<std::string>& columns);
  void added_index(const schemas::QualifiedName& table, const schemas::Index& index);
  // A key or check that checks existing rows (`action`: adding, validating). A NOT VALID one
  // being added checks none: no risk.
  void added_foreign_key(const schemas::QualifiedName& table, const schemas::ForeignKey& fk,
                         const char* action = "adding");
  void added_check(const schemas::QualifiedName& table, const schemas::Check& check, const char* action = "adding");
  void primary_key(const schemas::SetPrimaryKey& op);
  void partitioning(const schemas::SetPartitioning& op);
  void versioning(const schemas::SetSystemVersioning& op);

  // Whether the plan creates the dropped view / enum again (a replacement, not a removal).
  bool recreated_view(const schemas::View& view) const;
  bool recreated_enum(const schemas::Enum& e) const;
  // Whether the plan drops (`drop`) or creates a function of the same identity as `f`.
  bool other_function_step(const schemas::Function& f, bool drop) const;
  // The policy a CreatePolicy of `name` on `table` also planned creates (a changed or recreated
  // policy); null when there is none.
  const schemas::Policy* created_policy(const schemas::QualifiedName& table, const std::string& name) const;
  // The same for a CreateRule, and whether a DropRule of `name` on `relation` is planned.
  const schemas::Rule* created_rule(const schemas::QualifiedName& relation, const std::string& name) const;
  bool dropped_rule(const schemas::QualifiedName& relation, const std::string& name) const;
  // Whether the desired table or view `relation` has `live` as it is (both in normal form: the
  // planned steps carry the definition as written).
  bool desired_rule_unchanged(const schemas::QualifiedName& relation, const schemas::Rule& live) const;

private:
  // An expression over `table`'s columns (desired names) with the live names of renamed ones.
  std::string live_expression(const schemas::QualifiedName& table, std::string expression) const;
  bool made_not_null(const schemas::QualifiedName& table, const std::string& column) const;

  const DiffState& m_state;
  const std::vector<schemas::Operation>& m_all;
};

} // namespace strata::planner::detail
