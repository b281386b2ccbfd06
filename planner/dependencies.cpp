// The ordering rules, one small function per sentence. Each adds "earlier -> later" edges with
// the reason shown in plan output and in cycle reports.

#include "planner/graph.hpp"
#include "schemas/text.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <variant>

namespace strata::planner::detail {

namespace {

using namespace schemas;

// Operation indices by the table they belong to.
using ByTable = std::map<QualifiedName, std::vector<size_t>>;

template <class T>
bool is(const Operation& op)
{
  return std::holds_alternative<T>(op);
}

// Create-phase operations that put a table or its columns in place.
bool shapes_table(const Operation& op)
{
  return is<AddTable>(op) || is<RebuildTable>(op) || is<AddColumn>(op) || is<AlterColumn>(op) ||
         is<RenameTable>(op) || is<RenameColumn>(op) || is<AddIndex>(op) || is<SetPrimaryKey>(op);
}

// Operations that change a table a view might read.
bool disturbs_readers(const Operation& op)
{
  return is<DropTable>(op) || is<DropColumn>(op) || is<AlterColumn>(op) || is<RebuildTable>(op) ||
         is<RenameTable>(op) || is<RenameColumn>(op);
}

bool constraint_create(const Operation& op)
{
  return is<AddIndex>(op) || is<AddForeignKey>(op) || is<AddCheck>(op) || is<CreateTrigger>(op) ||
         is<CreatePolicy>(op);
}

bool constraint_drop(const Operation& op)
{
  return is<DropIndex>(op) || is<DropForeignKey>(op) || is<DropCheck>(op) || is<DropTrigger>(op) ||
         is<DropPolicy>(op);
}

// A DropIndex / DropForeignKey / DropCheck whose snapshot names `column`.
bool dropped_constraint_uses(const Operation& op, const std::string& column)
{
  if (const auto* index = std::get_if<DropIndex>(&op)) {
    return index_uses_column(index->index, column);
  }
  if (const auto* fk = std::get_if<DropForeignKey>(&op)) {
    const auto& columns = fk->foreign_key.columns;
    return std::find(columns.begin(), columns.end(), column) != columns.end();
  }
  if (const auto* check = std::get_if<DropCheck>(&op)) {
    return mentions(check->check.expression, column);
  }
  if (const auto* policy = std::get_if<DropPolicy>(&op)) {
    return mentions(policy->policy.using_expression, column) || mentions(policy->policy.check_expression, column);
  }
  return false;
}

// Tables an operation's new foreign keys point at, and whether the op is a table-level
// carrier (AddTable / RebuildTable) whose edges are skipped inside an FK cycle.
std::vector<QualifiedName> references_created(const Operation& op)
{
  std::vector<QualifiedName> refs;
  const auto collect = [&](const Table& t) {
    for (const auto& fk : t.foreign_keys) {
      refs.push_back(fk.references);
    }
  };
  if (const auto* o = std::get_if<AddTable>(&op)) {
    collect(o->table);
  } else if (const auto* r = std::get_if<RebuildTable>(&op)) {
    collect(r->after);
  } else if (const auto* f = std::get_if<AddForeignKey>(&op)) {
    refs.push_back(f->foreign_key.references);
  }
  return refs;
}

std::vector<QualifiedName> references_removed(const Operation& op)
{
  std::vector<QualifiedName> refs;
  const auto collect = [&](const Table& t) {
    for (const auto& fk : t.foreign_keys) {
      refs.push_back(fk.references);
    }
  };
  if (const auto* o = std::get_if<DropTable>(&op)) {
    collect(o->table);
  } else if (const auto* r = std::get_if<RebuildTable>(&op)) {
    collect(r->before);
  } else if (const auto* f = std::get_if<DropForeignKey>(&op)) {
    refs.push_back(f->foreign_key.references);
  }
  return refs;
}

bool columns_use_type(const Operation& op, const QualifiedName& type_name, bool before)
{
  const auto any_in = [&](const Table& t) {
    return std::any_of(t.columns.begin(), t.columns.end(),
                       [&](const Column& c) { return column_uses_type(c, type_name); });
  };
  if (const auto* o = std::get_if<AddTable>(&op)) {
    return !before && any_in(o->table);
  }
  if (const auto* o = std::get_if<DropTable>(&op)) {
    return before && any_in(o->table);
  }
  if (const auto* o = std::get_if<RebuildTable>(&op)) {
    return any_in(before ? o->before : o->after);
  }
  if (const auto* o = std::get_if<AddColumn>(&op)) {
    return !before && column_uses_type(o->column, type_name);
  }
  if (const auto* o = std::get_if<DropColumn>(&op)) {
    return before && column_uses_type(o->column, type_name);
  }
  if (const auto* o = std::get_if<AlterColumn>(&op)) {
    return column_uses_type(before ? o->before : o->after, type_name);
  }
  // Domains and composite types built on the type use it as columns do.
  const auto attribute_of = [&](const CompositeType& t) {
    return std::any_of(t.attributes.begin(), t.attributes.end(),
                       [&](const schemas::CompositeAttribute& a) { return type_names(a.type, type_name); });
  };
  if (const auto* o = std::get_if<CreateCompositeType>(&op)) {
    return !before && attribute_of(o->type);
  }
  if (const auto* o = std::get_if<DropCompositeType>(&op)) {
    return before && attribute_of(o->type);
  }
  if (const auto* o = std::get_if<AlterCompositeType>(&op)) {
    return attribute_of(before ? o->before : o->after);
  }
  if (const auto* o = std::get_if<CreateDomain>(&op)) {
    return !before && type_names(o->domain.type, type_name);
  }
  if (const auto* o = std::get_if<DropDomain>(&op)) {
    return before && type_names(o->domain.type, type_name);
  }
  return false;
}

// Columns of an operation (before or after it) whose default reads sequence `name`, or the
// table that owns the sequence.
bool uses_sequence(const Operation& op, const Sequence& sequence, bool before)
{
  const auto column_reads = [&](const Column& c) { return c.default_value && mentions(*c.default_value, sequence.name); };
  const auto owner_is = [&](const Table& t) {
    const auto dot = sequence.owned_by.rfind('.');
    return dot != std::string::npos && schemas::ascii_lower(sequence.owned_by.substr(0, dot)) == schemas::ascii_lower(t.name);
  };
  const auto table_reads = [&](const Table& t) {
    return owner_is(t) || std::any_of(t.columns.begin(), t.columns.end(), column_reads);
  };
  if (const auto* o = std::get_if<AddTable>(&op)) {
    return !before && table_reads(o->table);
  }
  if (const auto* o = std::get_if<DropTable>(&op)) {
    return before && table_reads(o->table);
  }
  if (const auto* o = std::get_if<AddColumn>(&op)) {
    return !before && column_reads(o->column);
  }
  if (const auto* o = std::get_if<DropColumn>(&op)) {
    return before && column_reads(o->column);
  }
  if (const auto* o = std::get_if<AlterColumn>(&op)) {
    return column_reads(before ? o->before : o->after);
  }
  return false;
}

// The SQL texts an operation holds (before or after it): defaults, generated columns, checks,
// index keys and predicates, view queries, trigger and function definitions. What a function
// is used by is found in them by its name.
std::vector<std::string> texts_of(const Operation& op, bool before)
{
  std::vector<std::string> texts;
  const auto column = [&](const Column& c) {
    if (c.default_value) {
      texts.push_back(*c.default_value);
    }
    if (c.generated) {
      texts.push_back(c.generated->expression);
    }
  };
  const auto index = [&](const Index& i) {
    for (const auto& key : i.keys) {
      if (key.is_expression()) {
        texts.push_back(key.expression);
      }
    }
    if (!i.where.empty()) {
      texts.push_back(i.where);
    }
  };
  const auto domain = [&](const Domain& d) {
    if (d.default_value) {
      texts.push_back(*d.default_value);
    }
    for (const auto& check : d.checks) {
      texts.push_back(check.expression);
    }
  };
  const auto table = [&](const Table& t) {
    std::for_each(t.columns.begin(), t.columns.end(), column);
    std::for_each(t.indexes.begin(), t.indexes.end(), index);
    for (const auto& check : t.checks) {
      texts.push_back(check.expression);
    }
    for (const auto& trigger : t.triggers) {
      texts.push_back(trigger.definition);
    }
    for (const auto& policy : t.policies) {
      texts.push_back(policy.using_expression);
      texts.push_back(policy.check_expression);
    }
  };
  const auto view = [&](const View& v) { // a materialized view's indexes come with it
    texts.push_back(v.query);
    std::for_each(v.indexes.begin(), v.indexes.end(), index);
  };
  std::visit(Overloaded{
               [&](const AddTable& o) { if (!before) { table(o.table); } },
               [&](const DropTable& o) { if (before) { table(o.table); } },
               [&](const RebuildTable& o) { table(before ? o.before : o.after); },
               [&](const AddColumn& o) { if (!before) { column(o.column); } },
               [&](const DropColumn& o) { if (before) { column(o.column); } },
               [&](const AlterColumn& o) { column(before ? o.before : o.after); },
               [&](const AddIndex& o) { if (!before) { index(o.index); } },
               [&](const DropIndex& o) { if (before) { index(o.index); } },
               [&](const AddCheck& o) { if (!before) { texts.push_back(o.check.expression); } },
               [&](const DropCheck& o) { if (before) { texts.push_back(o.check.expression); } },
               [&](const CreateView& o) { if (!before) { view(o.view); } },
               [&](const DropView& o) { if (before) { view(o.view); } },
               [&](const CreateTrigger& o) { if (!before) { texts.push_back(o.trigger.definition); } },
               [&](const DropTrigger& o) { if (before) { texts.push_back(o.trigger.definition); } },
               [&](const CreatePolicy& o) {
                 if (!before) {
                   texts.push_back(o.policy.using_expression);
                   texts.push_back(o.policy.check_expression);
                 }
               },
               [&](const DropPolicy& o) {
                 if (before) {
                   texts.push_back(o.policy.using_expression);
                   texts.push_back(o.policy.check_expression);
                 }
               },
               [&](const CreateRule& o) { if (!before) { texts.push_back(o.rule.definition); } },
               [&](const DropRule& o) { if (before) { texts.push_back(o.rule.definition); } },
               [&](const BackfillColumn& o) { if (!before) { texts.push_back(o.expression); } },
               [&](const CreateFunction& o) { if (!before) { texts.push_back(o.function.definition); } },
               [&](const DropFunction& o) { if (before) { texts.push_back(o.function.definition); } },
               [&](const ReplaceFunction& o) { texts.push_back(before ? o.before.definition : o.after.definition); },
               [&](const CreateDomain& o) { if (!before) { domain(o.domain); } },
               [&](const DropDomain& o) { if (before) { domain(o.domain); } },
               [&](const AlterDomain& o) { domain(before ? o.before : o.after); },
               [](const auto&) {},
             },
             op);
  return texts;
}

bool texts_mention(const std::vector<std::string>& texts, const std::string& name)
{
  return std::any_of(texts.begin(), texts.end(), [&](const std::string& t) { return mentions(t, name); });
}

// The function a create-phase operation puts in place (CreateFunction, ReplaceFunction).
const Function* function_created(const Operation& op)
{
  if (const auto* create = std::get_if<CreateFunction>(&op)) {
    return &create->function;
  }
  if (const auto* replace = std::get_if<ReplaceFunction>(&op)) {
    return &replace->after;
  }
  return nullptr;
}

struct Rules {
  OperationGraph& graph;
  const DiffState& state;
  ByTable by_table;
  // PostgreSQL partitions by name (empty where nothing is partitioned, so the rules below cost
  // one lookup per operation): the root tables whose columns a partition's indexes and
  // constraints use (desired and live), and the tables above it in the desired schema.
  std::map<QualifiedName, std::vector<QualifiedName>> column_owners{};
  std::map<QualifiedName, std::vector<QualifiedName>> desired_parents{};

  void index_partitions()
  {
    for (const Schema* schema : {&state.desired, &state.current()}) {
      for (const auto& table : schema->tables) {
        if (table.partition_of->empty()) {
          continue;
        }
        if (const Table* root = schema->column_owner(table); root != nullptr) {
          column_owners[table.qualified()].push_back(root->qualified());
        }
        if (schema == &state.desired) {
          for (const Table* parent : schema->partition_parents(table)) {
            desired_parents[table.qualified()].push_back(parent->qualified());
          }
        }
      }
    }
  }

  const Operation& op(size_t i) const { return graph.operation(i); }
  const std::vector<size_t>& on_table(const QualifiedName& t) const
  {
    static const std::vector<size_t> k_none;
    const auto it = by_table.find(t);
    return it == by_table.end() ? k_none : it->second;
  }

  void table_is_created_before_its_objects()
  {
    for (size_t i = 0; i < graph.size(); ++i) {
      if (is<AddTable>(op(i))) {
        for (size_t j : on_table(operation_table(op(i)))) {
          graph.add_order(i, j, "a table is created before its indexes, constraints and triggers");
        }
      }
    }
  }

  // PostgreSQL partitions: the parent a partition joins is in place first; a partition leaves
  // (dropped or detached) before its parent is dropped and before another takes its bound; a
  // detached table changes its own columns and keys only once detached; an attached one drops
  // the keys and constraints it no longer has, and gets its checks (the server requires the
  // parent's), before.
  void partitions_follow_their_parent()
  {
    const auto joins = [&](size_t i) -> const PartitionOf* {
      if (const auto* add = std::get_if<AddTable>(&op(i)); add != nullptr && !add->table.partition_of->empty()) {
        return &*add->table.partition_of;
      }
      const auto* set = std::get_if<SetPartitionOf>(&op(i));
      return set != nullptr && !set->after.empty() ? &set->after : nullptr;
    };
    const auto leaves = [&](size_t i) -> const PartitionOf* {
      if (const auto* drop = std::get_if<DropTable>(&op(i)); drop != nullptr && !drop->table.partition_of->empty()) {
        return &*drop->table.partition_of;
      }
      const auto* set = std::get_if<SetPartitionOf>(&op(i));
      return set != nullptr && !set->before.empty() ? &set->before : nullptr;
    };
    for (size_t i = 0; i < graph.size(); ++i) {
      if (const PartitionOf* joined = joins(i)) {
        for (size_t j : on_table(joined->table)) {
          if (shapes_table(op(j)) || is<SetPartitionOf>(op(j))) {
            graph.add_order(j, i, "a partition joins its parent once the parent is in place");
          }
        }
      }
      if (const PartitionOf* left = leaves(i)) {
        for (size_t j : on_table(left->table)) {
          if (is<DropTable>(op(j))) {
            graph.add_order(i, j, "a partition is dropped or detached before its parent is dropped");
          }
        }
        for (size_t j = 0; j < graph.size(); ++j) {
          const PartitionOf* joined = joins(j);
          if (j != i && joined != nullptr && joined->table == left->table && !(joins(i) != nullptr && leaves(j) != nullptr)) {
            graph.add_order(i, j, "a partition leaves its parent before another takes its bound");
          }
        }
      }
      if (const auto* set = std::get_if<SetPartitionOf>(&op(i)); set != nullptr && set->after.empty()) {
        for (size_t j : on_table(set->table)) {
          if (j != i) {
            graph.add_order(i, j, "a table is detached before its own columns and keys change");
          }
        }
      } else if (set != nullptr && set->before.empty()) {
        for (size_t j : on_table(set->table)) {
          if (constraint_drop(op(j)) || is<SetPrimaryKey>(op(j)) || is<AddCheck>(op(j))) {
            graph.add_order(j, i, "a table's keys and constraints that go are dropped, and its checks added, before "
                                  "it is attached as a partition");
          }
        }
      }
    }
  }

  // CREATE INDEX on a partitioned table takes a partition's index defined alike for the parent's
  // (it attaches it instead of building one): a parent's new indexes are built before its
  // partitions' own, which then stay theirs.
  void parent_indexes_come_before_partition_indexes()
  {
    if (desired_parents.empty()) {
      return;
    }
    for (size_t i = 0; i < graph.size(); ++i) {
      const auto parents = is<AddIndex>(op(i)) ? desired_parents.find(operation_table(op(i))) : desired_parents.end();
      if (parents == desired_parents.end()) {
        continue;
      }
      for (const auto& parent : parents->second) {
        for (size_t j : on_table(parent)) {
          if (is<AddIndex>(op(j))) {
            graph.add_order(j, i, "a parent's new indexes are built before its partitions' own");
          }
        }
      }
    }
  }

  void renames_run_before_the_new_names_are_used()
  {
    for (size_t i = 0; i < graph.size(); ++i) {
      if (const auto* rename = std::get_if<RenameTable>(&op(i))) {
        for (size_t j : on_table(rename->to)) {
          if (!is<RenameTable>(op(j))) {
            graph.add_order(i, j, "a table is renamed before its changes use the new name");
          }
        }
        for (size_t j : on_table(rename->from)) {
          if (is<AddTable>(op(j))) {
            graph.add_order(i, j, "a renamed table frees its old name before a new table takes it");
          }
        }
      } else if (const auto* rename_column = std::get_if<RenameColumn>(&op(i))) {
        for (size_t j : on_table(operation_table(op(i)))) {
          if (phase_of(op(j)) == Phase::create && !is<RenameColumn>(op(j)) && !is<RenameTable>(op(j))) {
            graph.add_order(i, j, "a column is renamed before changes that use the new name");
          } else if (dropped_constraint_uses(op(j), rename_column->to)) {
            // The dropped object's snapshot (and so the down file's re-creation) names the column
            // as the rename leaves it.
            graph.add_order(i, j, "a column is renamed before a dropped index or constraint that names it");
          }
        }
      }
    }
  }

  // The operations on a table and, for a PostgreSQL partition, on its root table (desired or
  // live), whose columns its indexes and constraints use.
  std::vector<size_t> with_column_owner(const QualifiedName& name) const
  {
    std::vector<size_t> out = on_table(name);
    const auto owners = column_owners.find(name);
    if (owners == column_owners.end()) {
      return out;
    }
    for (const auto& root : owners->second) {
      const auto& more = on_table(root);
      out.insert(out.end(), more.begin(), more.end());
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  void columns_change_before_constraints_are_created()
  {
    for (size_t j = 0; j < graph.size(); ++j) {
      if (!constraint_create(op(j))) {
        continue;
      }
      for (size_t i : with_column_owner(operation_table(op(j)))) {
        if (is<AddColumn>(op(i)) || is<AlterColumn>(op(i)) || is<BackfillColumn>(op(i))) {
          graph.add_order(i, j, "columns are in place before the indexes and constraints that use them");
        }
      }
    }
  }

  void constraints_are_dropped_before_columns_and_tables()
  {
    for (size_t i = 0; i < graph.size(); ++i) {
      if (!constraint_drop(op(i))) {
        continue;
      }
      for (size_t j : with_column_owner(operation_table(op(i)))) {
        // Only the columns the dropped object uses: an unrelated index must not tie the column
        // changes to its (possibly no-transaction) drop.
        const auto* drop_column = std::get_if<DropColumn>(&op(j));
        const auto* alter_column = std::get_if<AlterColumn>(&op(j));
        const bool uses = is<DropTable>(op(j)) ||
                          (drop_column != nullptr && dropped_constraint_uses(op(i), drop_column->column.name)) ||
                          (alter_column != nullptr && dropped_constraint_uses(op(i), alter_column->before.name));
        if (uses) {
          graph.add_order(i, j, "indexes and constraints are dropped before the columns and table they use");
        }
      }
    }
  }

  // A grant or revoke runs once its object is created (or renamed, replaced or altered) in the plan.
  void privileges_follow_their_object()
  {
    std::map<std::string, std::vector<size_t>> changes;
    for (size_t i = 0; i < graph.size(); ++i) {
      if (phase_of(op(i)) == Phase::create && !std::holds_alternative<SetPrivileges>(op(i))) {
        changes[object_key(op(i))].push_back(i);
      }
    }
    for (size_t j = 0; j < graph.size(); ++j) {
      if (!std::holds_alternative<SetPrivileges>(op(j))) {
        continue;
      }
      if (const auto it = changes.find(object_key(op(j))); it != changes.end()) {
        for (const size_t i : it->second) {
          graph.add_order(i, j, "privileges are granted on the object once it is in place");
        }
      }
    }
  }

  void objects_are_dropped_before_recreated()
  {
    std::map<std::string, std::vector<size_t>> drops;
    for (size_t i = 0; i < graph.size(); ++i) {
      if (phase_of(op(i)) == Phase::drop) {
        drops[object_key(op(i))].push_back(i);
      }
    }
    for (size_t j = 0; j < graph.size(); ++j) {
      if (phase_of(op(j)) == Phase::create) {
        if (const auto it = drops.find(object_key(op(j))); it != drops.end()) {
          for (size_t i : it->second) {
            graph.add_order(i, j, "the old definition is dropped before the new one is created");
          }
        }
      }
    }
  }

  void referenced_tables_are_in_place_before_foreign_keys()
  {
    for (size_t j = 0; j < graph.size(); ++j) {
      const QualifiedName table = operation_table(op(j));
      for (const auto& target : references_created(op(j))) {
        const bool cyclic = !is<AddForeignKey>(op(j)) && state.desired_cycles.count({table, target}) > 0;
        if (target == table || cyclic) {
          continue;
        }
        for (size_t i : on_table(target)) {
          if (shapes_table(op(i))) {
            graph.add_order(i, j, "a referenced table is in place before foreign keys point at it");
          }
        }
      }
    }
  }

  void foreign_keys_are_dropped_before_the_tables_they_reference()
  {
    for (size_t i = 0; i < graph.size(); ++i) {
      const QualifiedName table = operation_table(op(i));
      for (const auto& target : references_removed(op(i))) {
        const bool cyclic = !is<DropForeignKey>(op(i)) && state.live_cycles.count({table, target}) > 0;
        if (target == table || cyclic) {
          continue;
        }
        for (size_t j : on_table(target)) {
          if (is<DropTable>(op(j))) {
            graph.add_order(i, j, "foreign keys are dropped before the table they reference");
          }
        }
      }
    }
  }

  // Names a view may use for the table of an operation (new and live names).
  std::vector<std::string> table_names(const Operation& o) const
  {
    const QualifiedName table = operation_table(o);
    std::vector<std::string> names{table.name, state.renames.live_table(table).name};
    if (const auto* rename = std::get_if<RenameTable>(&o)) {
      names.push_back(rename->from.name);
    }
    return names;
  }

  bool view_reads(const std::set<std::string>& tokens, const std::vector<std::string>& names) const
  {
    return std::any_of(names.begin(), names.end(),
                       [&](const std::string& n) { return !n.empty() && tokens.count(schemas::ascii_lower(n)) > 0; });
  }

  // The tables of `schema` with a column of the enum that `operation` recreates: its CreateEnum
  // (of an enum the live schema has), which retypes the columns, or its DropEnum (of an enum the
  // desired schema has), which moves the old type aside. What is ordered around the one is ordered
  // around both, so that the two stay in one file and undo together in the down file.
  std::vector<std::string> retyped_by_enum(const Operation& operation, const Schema& schema) const
  {
    const auto* create = std::get_if<CreateEnum>(&operation);
    const auto* drop = std::get_if<DropEnum>(&operation);
    std::vector<std::string> names;
    if (!(create != nullptr && state.live.find_enum(create->enum_type.qualified()) != nullptr) &&
        !(drop != nullptr && state.desired.find_enum(drop->enum_type.qualified()) != nullptr)) {
      return names;
    }
    const QualifiedName name = create != nullptr ? create->enum_type.qualified() : drop->enum_type.qualified();
    for (const auto& table : schema.tables) {
      if (std::any_of(table.columns.begin(), table.columns.end(),
                      [&](const Column& c) { return column_uses_type(c, name); })) {
        names.push_back(table.name);
      }
    }
    return names;
  }

  void views_are_dropped_before_what_they_read_changes()
  {
    for (size_t i = 0; i < graph.size(); ++i) {
      const auto* drop = std::get_if<DropView>(&op(i));
      if (drop == nullptr) {
        continue;
      }
      const auto tokens = identifier_tokens(drop->view.query);
      for (size_t j = 0; j < graph.size(); ++j) {
        if (disturbs_readers(op(j)) && view_reads(tokens, table_names(op(j)))) {
          graph.add_order(i, j, "a view is dropped before the tables and columns it reads change");
        } else if (view_reads(tokens, retyped_by_enum(op(j), state.live))) {
          graph.add_order(i, j, "a view is dropped before the enum of columns it reads is recreated");
        } else if (const auto* other = std::get_if<DropView>(&op(j)); other != nullptr && j != i &&
                                                                      view_reads(tokens, {other->view.name})) {
          graph.add_order(i, j, "a view is dropped before the views it reads");
        }
      }
    }
  }

  void views_are_created_after_what_they_read()
  {
    for (size_t j = 0; j < graph.size(); ++j) {
      const auto* create = std::get_if<CreateView>(&op(j));
      if (create == nullptr) {
        continue;
      }
      const auto tokens = identifier_tokens(create->view.query);
      for (size_t i = 0; i < graph.size(); ++i) {
        if (shapes_table(op(i)) && view_reads(tokens, {operation_table(op(i)).name})) {
          graph.add_order(i, j, "a view is created after the tables and columns it reads");
        } else if (view_reads(tokens, retyped_by_enum(op(i), state.desired))) {
          graph.add_order(i, j, "a view is created after the enum of columns it reads is recreated");
        } else if (const auto* other = std::get_if<CreateView>(&op(i)); other != nullptr && i != j &&
                                                                        view_reads(tokens, {other->view.name})) {
          graph.add_order(i, j, "a view is created after the views it reads");
        }
      }
    }
  }

  // A policy's expressions and a rule's WHERE and actions may read other tables and views (a
  // subquery; a rule also names its own table or view): like a view, each is created after what it
  // reads is in place and dropped before that changes or goes.
  void readers_follow_what_they_read()
  {
    for (size_t r = 0; r < graph.size(); ++r) {
      const auto* create_policy = std::get_if<CreatePolicy>(&op(r));
      const auto* drop_policy = std::get_if<DropPolicy>(&op(r));
      const auto* create_rule = std::get_if<CreateRule>(&op(r));
      const auto* drop_rule = std::get_if<DropRule>(&op(r));
      const schemas::Policy* policy = create_policy != nullptr ? &create_policy->policy
                                      : drop_policy != nullptr ? &drop_policy->policy
                                                               : nullptr;
      const schemas::Rule* rule = create_rule != nullptr ? &create_rule->rule
                                  : drop_rule != nullptr ? &drop_rule->rule
                                                         : nullptr;
      if (policy == nullptr && rule == nullptr) {
        continue;
      }
      const bool create = create_policy != nullptr || create_rule != nullptr;
      const std::string what = policy != nullptr ? "a policy" : "a rule";
      const auto tokens = identifier_tokens(policy != nullptr ? policy->using_expression + " " + policy->check_expression
                                                              : rule->definition);
      for (size_t j = 0; j < graph.size(); ++j) {
        if (j == r) {
          continue;
        }
        if (create) {
          const auto* view = std::get_if<CreateView>(&op(j));
          if ((shapes_table(op(j)) && view_reads(tokens, {operation_table(op(j)).name})) ||
              (view != nullptr && view_reads(tokens, {view->view.name}))) {
            graph.add_order(j, r, what + " is created after the tables and views it reads");
          }
        } else {
          const auto* view = std::get_if<DropView>(&op(j));
          if ((disturbs_readers(op(j)) && view_reads(tokens, table_names(op(j)))) ||
              (view != nullptr && view_reads(tokens, {view->view.name}))) {
            graph.add_order(r, j, what + " is dropped before the tables and views it reads change");
          }
        }
      }
    }
  }

  void enums_exist_while_columns_use_them()
  {
    for (size_t e = 0; e < graph.size(); ++e) {
      const Operation& enum_op = op(e);
      if (const auto* create = std::get_if<CreateEnum>(&enum_op)) {
        for (size_t j = 0; j < graph.size(); ++j) {
          if (columns_use_type(op(j), create->enum_type.qualified(), false)) {
            graph.add_order(e, j, "an enum is created before the columns that use it");
          }
        }
      } else if (const auto* value = std::get_if<AddEnumValue>(&enum_op)) {
        for (size_t j = 0; j < graph.size(); ++j) {
          const auto* other = std::get_if<AddEnumValue>(&op(j));
          if (other != nullptr && other->enum_name == value->enum_name && other->after_value == value->value) {
            graph.add_order(e, j, "an enum value is added before the values placed after it");
          }
        }
      } else if (const auto* drop = std::get_if<DropEnum>(&enum_op)) {
        for (size_t i = 0; i < graph.size(); ++i) {
          if (columns_use_type(op(i), drop->enum_type.qualified(), true)) {
            graph.add_order(i, e, "an enum is dropped after the columns that use it");
          }
        }
      }
    }
  }

  // Indexes and checks of the columns of a recreated enum (diff_view.cpp refreshes those that
  // compare them with a value) are dropped before and created after the recreation.
  void enum_readers_move_around_the_enum()
  {
    for (size_t e = 0; e < graph.size(); ++e) {
      const auto live_tables = retyped_by_enum(op(e), state.live);
      const auto desired_tables = retyped_by_enum(op(e), state.desired);
      if (live_tables.empty() && desired_tables.empty()) {
        continue; // not an enum recreated under its name
      }
      const auto in = [](const std::vector<std::string>& names, const QualifiedName& table) {
        return std::find(names.begin(), names.end(), table.name) != names.end();
      };
      for (size_t j = 0; j < graph.size(); ++j) {
        if ((is<DropIndex>(op(j)) || is<DropCheck>(op(j))) && in(live_tables, operation_table(op(j)))) {
          graph.add_order(j, e, "an index or check of an enum's columns is dropped before the enum is recreated");
        } else if ((is<AddIndex>(op(j)) || is<AddCheck>(op(j))) && in(desired_tables, operation_table(op(j)))) {
          graph.add_order(e, j, "an index or check of an enum's columns is created after the enum is recreated");
        }
      }
    }
  }

  // MariaDB system versioning: a plain column whose name a SetSystemVersioning step takes for a
  // period column is dropped before the step; a period column the step drops and the desired
  // schema keeps as a plain column is added after it.
  void period_columns_move_around_versioning()
  {
    const auto named = [](const std::vector<Column>& columns, const std::string& name) {
      return std::any_of(columns.begin(), columns.end(), [&](const Column& c) { return c.name == name; });
    };
    for (size_t e = 0; e < graph.size(); ++e) {
      const auto* set = std::get_if<SetSystemVersioning>(&op(e));
      if (set == nullptr) {
        continue;
      }
      for (size_t j : on_table(set->table)) {
        if (const auto* drop = std::get_if<DropColumn>(&op(j)); drop && named(set->period_after, drop->column.name)) {
          graph.add_order(j, e, "a column is dropped before system versioning adds a period column of its name");
        } else if (const auto* add = std::get_if<AddColumn>(&op(j)); add && named(set->period_before, add->column.name)) {
          graph.add_order(e, j, "a period column goes with system versioning before a plain column of its name comes");
        }
      }
    }
  }

  void sequences_exist_while_columns_use_them()
  {
    for (size_t e = 0; e < graph.size(); ++e) {
      if (const auto* create = std::get_if<CreateSequence>(&op(e))) {
        for (size_t j = 0; j < graph.size(); ++j) {
          if (uses_sequence(op(j), create->sequence, false)) {
            graph.add_order(e, j, "a sequence is created before the tables and columns that use or own it");
          }
        }
      } else if (const auto* drop = std::get_if<DropSequence>(&op(e))) {
        for (size_t i = 0; i < graph.size(); ++i) {
          if (uses_sequence(op(i), drop->sequence, true)) {
            graph.add_order(i, e, "a sequence is dropped after the tables and columns that use or own it");
          }
        }
      }
    }
  }

  // A domain or composite type is in place (created, or changed: a domain's checks, a composite
  // type's attributes) before the columns, domains and composite types that use it, and dropped
  // after them.
  void named_types_exist_while_columns_use_them()
  {
    for (size_t t = 0; t < graph.size(); ++t) {
      QualifiedName placed;
      QualifiedName dropped;
      std::string kind = "domain";
      std::visit(Overloaded{
                   [&](const CreateDomain& o) { placed = o.domain.qualified(); },
                   [&](const AlterDomain& o) { placed = o.after.qualified(); },
                   [&](const DropDomain& o) { dropped = o.domain.qualified(); },
                   [&](const CreateCompositeType& o) {
                     placed = o.type.qualified();
                     kind = "composite type";
                   },
                   [&](const AlterCompositeType& o) {
                     placed = o.after.qualified();
                     kind = "composite type";
                   },
                   [&](const DropCompositeType& o) {
                     dropped = o.type.qualified();
                     kind = "composite type";
                   },
                   [](const auto&) {},
                 },
                 op(t));
      if (placed.name.empty() && dropped.name.empty()) {
        continue; // no named type: nothing to order (a walk of every step per step otherwise)
      }
      for (size_t j = 0; j < graph.size(); ++j) {
        if (j == t) {
          continue;
        }
        if (!placed.name.empty() && columns_use_type(op(j), placed, false)) {
          graph.add_order(t, j, "a " + kind + " is created before the columns and types that use it");
        } else if (!dropped.name.empty() && columns_use_type(op(j), dropped, true)) {
          graph.add_order(j, t, "a " + kind + " is dropped after the columns and types that use it");
        }
      }
    }
  }

  // An extension is created (or moved, or updated) before every other step, any of which may use
  // its types, functions or operator classes, and dropped after all of them.
  void extensions_exist_while_objects_use_them()
  {
    // Schema steps order themselves around extensions (namespaces_hold_their_objects).
    const auto extension_step = [&](size_t i) {
      return is<CreateExtension>(op(i)) || is<AlterExtension>(op(i)) || is<DropExtension>(op(i)) ||
             is<CreateSchema>(op(i)) || is<DropSchema>(op(i));
    };
    for (size_t e = 0; e < graph.size(); ++e) {
      const bool sets_up = is<CreateExtension>(op(e)) || is<AlterExtension>(op(e));
      if (!sets_up && !is<DropExtension>(op(e))) {
        continue;
      }
      for (size_t j = 0; j < graph.size(); ++j) {
        if (extension_step(j)) {
          continue;
        }
        if (sets_up) {
          graph.add_order(e, j, "an extension is in place before the objects that may use its types and functions");
        } else {
          graph.add_order(j, e, "an extension is dropped after the objects that may use its types and functions");
        }
      }
    }
  }

  // A schema (namespace) is created before every step that puts something in it, and dropped
  // after every step that takes something out of it (or changes something in it).
  void namespaces_hold_their_objects()
  {
    std::map<std::string, size_t> created;
    std::map<std::string, size_t> dropped;
    for (size_t i = 0; i < graph.size(); ++i) {
      if (const auto* create = std::get_if<CreateSchema>(&op(i))) {
        created[create->schema.name] = i;
      } else if (const auto* drop = std::get_if<DropSchema>(&op(i))) {
        dropped[drop->schema.name] = i;
      }
    }
    if (created.empty() && dropped.empty()) {
      return;
    }
    for (size_t j = 0; j < graph.size(); ++j) {
      for (const auto& name : operation_namespaces(op(j))) {
        if (const auto it = created.find(name); it != created.end()) {
          graph.add_order(it->second, j, "a schema is created before the objects in it");
        }
        if (const auto it = dropped.find(name); it != dropped.end()) {
          graph.add_order(j, it->second, "a schema is dropped after the objects in it");
        }
      }
    }
  }

  // A function is in place before the defaults, checks, indexes, views, triggers and functions
  // that use it, and dropped after them; it is created after the enums and tables its arguments,
  // result or body name (unless such a table uses it itself), and dropped before them.
  void functions_exist_while_objects_use_them()
  {
    for (size_t f = 0; f < graph.size(); ++f) {
      if (const Function* created = function_created(op(f))) {
        const auto own = texts_of(op(f), false);
        for (size_t j = 0; j < graph.size(); ++j) {
          if (j == f) {
            continue;
          }
          // Functions that name each other (overloads, mutual recursion) are left in any order:
          // only SQL bodies are checked at creation, and strata creates none that need it.
          const Function* other = function_created(op(j));
          if (other != nullptr && texts_mention(own, other->name)) {
            continue;
          }
          const auto texts = texts_of(op(j), false);
          if (texts_mention(texts, created->name)) {
            graph.add_order(f, j, "a function is in place before what uses it");
          } else if (const auto* e = std::get_if<CreateEnum>(&op(j)); e != nullptr && texts_mention(own, e->enum_type.name)) {
            graph.add_order(j, f, "an enum is created before the functions that use it");
          } else if (const auto* d = std::get_if<CreateDomain>(&op(j)); d != nullptr && texts_mention(own, d->domain.name)) {
            graph.add_order(j, f, "a domain is created before the functions that use it");
          } else if (const auto* t = std::get_if<CreateCompositeType>(&op(j)); t != nullptr && texts_mention(own, t->type.name)) {
            graph.add_order(j, f, "a composite type is created before the functions that use it");
          } else if (const auto* a = std::get_if<AlterCompositeType>(&op(j)); a != nullptr && texts_mention(own, a->after.name)) {
            graph.add_order(j, f, "a composite type's attributes change before the functions that use it are created");
          } else if (is<AddTable>(op(j)) && texts_mention(own, operation_table(op(j)).name)) {
            graph.add_order(j, f, "a table is created before the functions that use it");
          }
        }
      } else if (const auto* drop = std::get_if<DropFunction>(&op(f))) {
        const auto own = texts_of(op(f), true);
        for (size_t i = 0; i < graph.size(); ++i) {
          if (i == f) {
            continue;
          }
          const auto* other = std::get_if<DropFunction>(&op(i));
          if (other != nullptr && texts_mention(own, other->function.name)) {
            continue; // as above
          }
          if (texts_mention(texts_of(op(i), true), drop->function.name)) {
            graph.add_order(i, f, "a function is dropped after what uses it");
          } else if (const auto* e = std::get_if<DropEnum>(&op(i)); e != nullptr && texts_mention(own, e->enum_type.name)) {
            graph.add_order(f, i, "a function is dropped before the enums it uses");
          } else if (const auto* d = std::get_if<DropDomain>(&op(i)); d != nullptr && texts_mention(own, d->domain.name)) {
            graph.add_order(f, i, "a function is dropped before the domains it uses");
          } else if (const auto* t = std::get_if<DropCompositeType>(&op(i)); t != nullptr && texts_mention(own, t->type.name)) {
            graph.add_order(f, i, "a function is dropped before the composite types it uses");
          } else if (is<DropTable>(op(i)) && texts_mention(own, operation_table(op(i)).name)) {
            graph.add_order(f, i, "a function is dropped before the tables it uses");
          }
        }
      }
    }
  }

  // An SQLite virtual table is created before the triggers and views whose text names it (FTS5
  // sync triggers, views over it) and after a new table its arguments name (an external-content
  // table), unless that table's own triggers name it: FTS5 reads its content table only when
  // queried. It is dropped after what names it and before the table its arguments name. A table
  // rebuilt while the virtual table is dropped and created again keeps its triggers' text through
  // the rebuild (a legacy RENAME), so the rebuild may run between the two.
  void virtual_tables_exist_while_code_uses_them()
  {
    const auto virtual_step = [&](size_t i) { return is<CreateVirtualTable>(op(i)) || is<DropVirtualTable>(op(i)); };
    std::set<std::string> recreated;
    for (size_t i = 0; i < graph.size(); ++i) {
      if (const auto* create = std::get_if<CreateVirtualTable>(&op(i))) {
        recreated.insert(schemas::ascii_lower(create->table.name));
      }
    }
    for (size_t v = 0; v < graph.size(); ++v) {
      const auto* create = std::get_if<CreateVirtualTable>(&op(v));
      const auto* drop = std::get_if<DropVirtualTable>(&op(v));
      if (create == nullptr && drop == nullptr) {
        continue;
      }
      const VirtualTable& table = create != nullptr ? create->table : drop->table;
      const auto named = names_in_arguments(table.arguments);
      const auto takes_content_from = [&](size_t j) {
        const std::string name = schemas::ascii_lower(operation_table(op(j)).name);
        return !name.empty() && named.count(name) > 0;
      };
      const bool drop_recreated = drop != nullptr && recreated.count(schemas::ascii_lower(table.name)) > 0;
      for (size_t j = 0; j < graph.size(); ++j) {
        if (j == v || virtual_step(j)) {
          continue;
        }
        if (create != nullptr) {
          if (texts_mention(texts_of(op(j), false), table.name)) {
            graph.add_order(v, j, "a virtual table is created before the triggers and views that use it");
          } else if ((is<AddTable>(op(j)) || is<RenameTable>(op(j))) && takes_content_from(j)) {
            graph.add_order(j, v, "a virtual table is created after the table its arguments name");
          }
        } else if (texts_mention(texts_of(op(j), true), table.name)) {
          if (!(drop_recreated && is<RebuildTable>(op(j)))) {
            graph.add_order(j, v, "a virtual table is dropped after the triggers and views that use it");
          }
        } else if (is<DropTable>(op(j)) && takes_content_from(j)) {
          graph.add_order(v, j, "a virtual table is dropped before the table its arguments name");
        }
      }
    }
  }

  // A unique index or constraint that a foreign key references can only go once the key is gone.
  void foreign_keys_are_dropped_before_the_keys_they_reference()
  {
    for (size_t i = 0; i < graph.size(); ++i) {
      const QualifiedName table = operation_table(op(i));
      for (const auto& target : references_removed(op(i))) {
        if (target == table) {
          continue;
        }
        for (size_t j : on_table(target)) {
          const auto* drop = std::get_if<DropIndex>(&op(j));
          if (drop != nullptr && (drop->index.unique || drop->index.constraint)) {
            graph.add_order(i, j, "foreign keys are dropped before the unique key they reference");
          } else if (const auto* key = std::get_if<SetPrimaryKey>(&op(j)); key != nullptr && !key->before.columns.empty()) {
            graph.add_order(i, j, "foreign keys are dropped before the primary key they reference changes");
          } else if (const auto* alter = std::get_if<AlterColumn>(&op(j)); alter != nullptr && !state.caps.alter_foreign_key_column_type) {
            const auto* fk = std::get_if<DropForeignKey>(&op(i));
            const auto& refs = fk != nullptr ? fk->foreign_key.ref_columns : std::vector<std::string>{};
            if (std::find(refs.begin(), refs.end(), alter->before.name) != refs.end()) {
              graph.add_order(i, j, "foreign keys are dropped before a column they reference changes");
            }
          }
        }
      }
    }
  }

  // A new column placed after another new column is added after it (the position must exist).
  // A backfilled column: added (NULL-able), filled, then made NOT NULL (an AlterColumn, or the
  // table's rebuild where the engine cannot alter it in place).
  void backfills_run_between_the_column_and_its_not_null()
  {
    for (size_t j = 0; j < graph.size(); ++j) {
      const auto* fill = std::get_if<BackfillColumn>(&op(j));
      if (fill == nullptr) {
        continue;
      }
      for (size_t i : on_table(fill->table)) {
        const auto* add = std::get_if<AddColumn>(&op(i));
        const auto* alter = std::get_if<AlterColumn>(&op(i));
        if (add != nullptr && add->column.name == fill->column) {
          graph.add_order(i, j, "a backfilled column is added before its rows are filled");
        } else if ((alter != nullptr && alter->after.name == fill->column) || is<RebuildTable>(op(i))) {
          graph.add_order(j, i, "a backfilled column gets its NOT NULL once its rows are filled");
        }
      }
    }
  }

  void columns_are_added_after_their_predecessor()
  {
    for (size_t j = 0; j < graph.size(); ++j) {
      const auto* add = std::get_if<AddColumn>(&op(j));
      if (add == nullptr || add->after_column.empty()) {
        continue;
      }
      for (size_t i : on_table(add->table)) {
        const auto* other = std::get_if<AddColumn>(&op(i));
        if (other != nullptr && schemas::ascii_lower(other->column.name) == schemas::ascii_lower(add->after_column)) {
          graph.add_order(i, j, "a column is added after the new column it follows");
        }
      }
    }
  }

  bool table_has_column_changes(const QualifiedName& table) const
  {
    const auto& ops = on_table(table);
    return std::any_of(ops.begin(), ops.end(),
                       [&](size_t k) { return is<AlterColumn>(op(k)) || is<DropColumn>(op(k)); });
  }

  // Engines whose foreign keys need an index (capability fk_requires_index): the index is in
  // place before the key that needs it, and is dropped only after that key is gone or after the
  // new index that takes over its role is built.
  void foreign_keys_keep_their_index()
  {
    if (!state.caps.fk_requires_index) {
      return;
    }
    for (size_t i = 0; i < graph.size(); ++i) {
      const QualifiedName table = operation_table(op(i));
      if (const auto* add = std::get_if<AddIndex>(&op(i))) {
        for (size_t j : on_table(table)) {
          const auto* fk = std::get_if<AddForeignKey>(&op(j));
          if (fk != nullptr && index_serves_foreign_key(add->index, fk->foreign_key)) {
            graph.add_order(i, j, "an index is in place before the foreign key that needs it");
          }
        }
      } else if (const auto* drop = std::get_if<DropIndex>(&op(i))) {
        const Table* desired = state.desired.find_table(table);
        for (size_t j : on_table(table)) {
          const auto* fk = std::get_if<DropForeignKey>(&op(j));
          if (fk != nullptr && index_serves_foreign_key(drop->index, fk->foreign_key)) {
            graph.add_order(j, i, "a foreign key is dropped before the index it needs");
          }
          const auto* replacement = std::get_if<AddIndex>(&op(j));
          if (replacement == nullptr || desired == nullptr || schemas::ascii_lower(replacement->index.name) == schemas::ascii_lower(drop->index.name) ||
              table_has_column_changes(table)) {
            continue; // (column changes order every drop before every create of the table)
          }
          for (const auto& kept : desired->foreign_keys) {
            if (index_serves_foreign_key(drop->index, kept) && index_serves_foreign_key(replacement->index, kept)) {
              graph.add_order(j, i, "the index that takes over a foreign key's index is built before that one goes");
            }
          }
        }
      }
    }
  }

  // A primary key changes once its new columns are in place and NOT NULL, and before a column
  // of the old key is dropped or made nullable (PostgreSQL refuses DROP NOT NULL on a key column).
  void primary_keys_change_between_their_columns_and_foreign_keys()
  {
    for (size_t k = 0; k < graph.size(); ++k) {
      const auto* key = std::get_if<SetPrimaryKey>(&op(k));
      if (key == nullptr) {
        continue;
      }
      const auto in_old_key = [&](const std::string& column) {
        return std::find(key->before.columns.begin(), key->before.columns.end(), column) != key->before.columns.end();
      };
      for (size_t j : on_table(key->table)) {
        const auto* alter = std::get_if<AlterColumn>(&op(j));
        const bool relaxes_old_key = alter != nullptr && alter->changes.nullability && alter->after.nullable &&
                                     in_old_key(alter->after.name);
        const auto* drop = std::get_if<DropColumn>(&op(j));
        if (relaxes_old_key || (drop != nullptr && in_old_key(drop->column.name))) {
          graph.add_order(k, j, "the old primary key is dropped before its columns are dropped or made nullable");
        } else if (is<AddColumn>(op(j)) || alter != nullptr) {
          graph.add_order(j, k, "columns are in place before the primary key that uses them");
        } else if (const auto* fk = std::get_if<DropForeignKey>(&op(j)); fk != nullptr &&
                                                                         fk->foreign_key.references == key->table) {
          graph.add_order(j, k, "foreign keys are dropped before the primary key they reference changes");
        } else if (const auto* add = std::get_if<AddForeignKey>(&op(j)); add != nullptr &&
                                                                         add->foreign_key.references == key->table) {
          graph.add_order(k, j, "a primary key is in place before foreign keys point at it");
        }
      }
    }
  }
};

} // namespace

// The type text names the type (an enum or a domain): bare, schema-qualified, quoted, or as an
// array of it.
bool column_uses_type(const schemas::Column& column, const QualifiedName& type_name)
{
  return type_names(column.type, type_name);
}

bool type_names(const schemas::ColumnType& type, const QualifiedName& type_name)
{
  if (type.kind != schemas::ColumnType::Kind::native) {
    return false;
  }
  std::string text;
  for (char c : schemas::ascii_lower(type.native)) {
    if (c != '"') {
      text += c;
    }
  }
  while (text.size() > 2 && text.compare(text.size() - 2, 2, "[]") == 0) {
    text.resize(text.size() - 2);
  }
  const std::string bare = schemas::ascii_lower(type_name.name);
  return text == bare || (!type_name.schema.empty() && text == schemas::ascii_lower(type_name.schema) + "." + bare);
}

std::vector<std::pair<QualifiedName, std::string>> columns_holding_type(const schemas::Schema& schema,
                                                                        const QualifiedName& type_name)
{
  std::vector<QualifiedName> holders{type_name}; // the type, and the domains and composite types holding it
  for (size_t i = 0; i < holders.size(); ++i) {
    const auto held = [&](const schemas::ColumnType& type) { return type_names(type, holders[i]); };
    const auto add = [&](const QualifiedName& name) {
      if (std::find(holders.begin(), holders.end(), name) == holders.end()) {
        holders.push_back(name);
      }
    };
    for (const auto& domain : schema.domains) {
      if (held(domain.type)) {
        add(domain.qualified());
      }
    }
    for (const auto& composite : schema.composite_types) {
      if (std::any_of(composite.attributes.begin(), composite.attributes.end(),
                      [&](const schemas::CompositeAttribute& a) { return held(a.type); })) {
        add(composite.qualified());
      }
    }
  }
  std::vector<std::pair<QualifiedName, std::string>> columns;
  for (const auto& table : schema.tables) {
    for (const auto& column : table.columns) {
      if (std::any_of(holders.begin(), holders.end(), [&](const QualifiedName& h) { return column_uses_type(column, h); })) {
        columns.emplace_back(table.qualified(), column.name);
      }
    }
  }
  return columns;
}

void add_dependencies(OperationGraph& graph, const DiffState& state)
{
  Rules rules{graph, state, {}};
  for (size_t i = 0; i < graph.size(); ++i) {
    if (const QualifiedName table = operation_table(graph.operation(i)); !table.name.empty()) {
      rules.by_table[table].push_back(i);
    }
  }
  rules.index_partitions();
  rules.table_is_created_before_its_objects();
  rules.partitions_follow_their_parent();
  rules.parent_indexes_come_before_partition_indexes();
  rules.renames_run_before_the_new_names_are_used();
  rules.columns_change_before_constraints_are_created();
  rules.constraints_are_dropped_before_columns_and_tables();
  rules.objects_are_dropped_before_recreated();
  rules.privileges_follow_their_object();
  rules.referenced_tables_are_in_place_before_foreign_keys();
  rules.foreign_keys_are_dropped_before_the_tables_they_reference();
  rules.views_are_dropped_before_what_they_read_changes();
  rules.views_are_created_after_what_they_read();
  rules.readers_follow_what_they_read();
  rules.enums_exist_while_columns_use_them();
  rules.enum_readers_move_around_the_enum();
  rules.sequences_exist_while_columns_use_them();
  rules.period_columns_move_around_versioning();
  rules.functions_exist_while_objects_use_them();
  rules.extensions_exist_while_objects_use_them();
  rules.namespaces_hold_their_objects();
  rules.named_types_exist_while_columns_use_them();
  rules.virtual_tables_exist_while_code_uses_them();
  rules.foreign_keys_are_dropped_before_the_keys_they_reference();
  rules.primary_keys_change_between_their_columns_and_foreign_keys();
  rules.columns_are_added_after_their_predecessor();
  rules.backfills_run_between_the_column_and_its_not_null();
  rules.foreign_keys_keep_their_index();
}

} // namespace strata::planner::detail
