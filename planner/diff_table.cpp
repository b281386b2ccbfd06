// Tables and columns: a name-matched list diff of the (renamed) live tables against the desired
// ones. New tables carry their columns, primary key, checks, unique constraints, foreign keys and
// triggers; their plain indexes become AddIndex operations. Matched tables are compared column
// by column, then by index, constraint and trigger (diff_members.cpp).

#include "planner/diff.hpp"

#include "schemas/error.hpp"
#include "schemas/name_index.hpp"
#include "schemas/two_halves.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <future>
#include <vector>

namespace strata::planner::detail {

namespace {

using schemas::Column;
using schemas::Table;

schemas::ColumnChanges column_changes(const Column& before, const Column& after, bool comments)
{
  schemas::ColumnChanges changes;
  changes.type = before.type != after.type;
  changes.nullability = before.nullable != after.nullable;
  changes.default_value = before.default_value != after.default_value;
  changes.identity = before.identity != after.identity || before.identity_always != after.identity_always ||
                     before.identity_options != after.identity_options;
  changes.generated = before.generated != after.generated;
  changes.collation = before.collation != after.collation;
  changes.comment = comments && before.comment != after.comment;
  changes.on_update = before.on_update != after.on_update;
  changes.sequence = before.sequence_type != after.sequence_type;
  changes.versioning = before.without_versioning != after.without_versioning;
  return changes;
}

bool splits_foreign_key_on_create(const DiffState& state, const Table& table, const schemas::ForeignKey& fk)
{
  return state.caps.alter_add_foreign_key && fk.references != table.qualified() &&
         state.desired_cycles.count({table.qualified(), fk.references}) > 0;
}

void add_table(DiffState& state, const Table& desired)
{
  schemas::AddTable add{desired};
  add.table.indexes.clear();
  add.table.foreign_keys.clear();
  add.table.policies.clear(); // created once the tables and functions their expressions use exist
  add.table.rules.clear();    // likewise
  std::vector<schemas::Operation> later;
  for (const auto& policy : desired.policies) {
    later.emplace_back(schemas::CreatePolicy{desired.qualified(), policy});
  }
  for (const auto& rule : desired.rules) {
    later.emplace_back(schemas::CreateRule{desired.qualified(), rule});
  }
  for (const auto& index : desired.indexes) {
    if (!created_with_table(desired, index, state.caps.fk_requires_index)) {
      later.emplace_back(schemas::AddIndex{desired.qualified(), index});
    } else {
      add.table.indexes.push_back(index);
    }
  }
  for (const auto& fk : desired.foreign_keys) {
    if (splits_foreign_key_on_create(state, desired, fk)) {
      later.emplace_back(schemas::AddForeignKey{desired.qualified(), fk});
    } else {
      add.table.foreign_keys.push_back(fk);
    }
  }
  state.operations.emplace_back(std::move(add));
  state.operations.insert(state.operations.end(), later.begin(), later.end());
}

void drop_table(DiffState& state, const Table& live, const schemas::TableIndex& desired)
{
  schemas::DropTable drop{live};
  drop.table.foreign_keys.clear();
  for (const auto& fk : live.foreign_keys) {
    const bool referenced_dropped = !desired.contains(fk.references);
    if (state.caps.alter_drop_foreign_key && referenced_dropped && fk.references != live.qualified() &&
        state.live_cycles.count({live.qualified(), fk.references}) > 0) {
      state.operations.emplace_back(schemas::DropForeignKey{live.qualified(), fk});
    } else {
      drop.table.foreign_keys.push_back(fk);
    }
  }
  state.operations.emplace_back(std::move(drop));
}

void hint_column_renames(DiffState& state, const Table& before, const Table& after)
{
  std::set<std::string> suggested;
  for (const auto& old_column : before.columns) {
    if (after.find_column(old_column.name) != nullptr) {
      continue;
    }
    for (const auto& new_column : after.columns) {
      if (before.find_column(new_column.name) == nullptr && new_column.type == old_column.type &&
          suggested.insert(new_column.name).second) {
        state.hints.push_back(fmt::format("did you mean to rename column {0}.{1} to {0}.{2}? add renamed_from: {1} "
                                          "to the column in the YAML",
                                          after.qualified().str(), old_column.name, new_column.name));
        break;
      }
    }
  }
}

bool same_columns(const Table& a, const Table& b)
{
  return std::equal(a.columns.begin(), a.columns.end(), b.columns.begin(), b.columns.end(),
                    [](const Column& x, const Column& y) { return x.name == y.name && x.type == y.type; });
}

void hint_table_renames(DiffState& state, const std::vector<const Table*>& dropped,
                        const std::vector<const Table*>& added)
{
  std::set<QualifiedName> suggested;
  for (const Table* old_table : dropped) {
    for (const Table* new_table : added) {
      if (!old_table->columns.empty() && same_columns(*old_table, *new_table) &&
          suggested.insert(new_table->qualified()).second) {
        state.hints.push_back(fmt::format("did you mean to rename table {} to {}? add renamed_from: {} to the table "
                                          "in the YAML",
                                          old_table->qualified().str(), new_table->qualified().str(),
                                          old_table->name));
        break;
      }
    }
  }
}

// A new column with `backfill:` on a table with rows: added NULL-able and without its default,
// filled by a batched UPDATE walking the table's primary key, then given its NOT NULL and default
// by the engine's own AlterColumn (SQLite: the table's rebuild, see lowering.cpp). The column's
// default is for rows inserted afterwards; the rows already there get the backfill.
void add_backfilled_column(DiffState& state, const Table& before, const Table& after, const Column& column,
                           const std::string& previous)
{
  const auto table = after.qualified();
  const auto& backfill = *column.backfill;
  if (before.primary_key.empty()) {
    throw Error(ErrorKind::input,
                fmt::format("backfill of column {}.{} needs a primary key on {} (its batches walk the table's rows "
                            "in ranges of that key); the table has none",
                            table.str(), column.name, table.str()),
                backfill.location);
  }
  for (const auto& key : before.primary_key) {
    if (key.find('"') != std::string::npos) {
      throw Error(ErrorKind::input,
                  fmt::format("backfill of column {}.{}: the key column {} cannot be named in a batch directive "
                              "(it holds '\"')",
                              table.str(), column.name, key),
                  backfill.location);
    }
  }
  Column added = column;
  added.nullable = true;
  added.default_value.reset();
  state.operations.emplace_back(schemas::AddColumn{table, added, previous});
  state.operations.emplace_back(schemas::BackfillColumn{table, column.name, backfill.expression, before.primary_key,
                                                              backfill.batch});
  if (!column.nullable || column.default_value) {
    schemas::ColumnChanges changes;
    changes.nullability = !column.nullable;
    changes.default_value = column.default_value.has_value();
    state.operations.emplace_back(schemas::AlterColumn{table, added, column, changes});
  }
}

void diff_columns(DiffState& state, const Table& before, const Table& after)
{
  const auto table = after.qualified();
  std::string previous;
  for (const auto& column : after.columns) {
    if (const Column* old = before.find_column(column.name); old == nullptr && column.backfill) {
      add_backfilled_column(state, before, after, column, previous);
    } else if (old == nullptr) {
      state.operations.emplace_back(schemas::AddColumn{table, column, previous});
    } else if (const auto changes = column_changes(*old, column, state.caps.comments); changes.any()) {
      if (old->identity && column.identity && old->identity_options != column.identity_options) {
        check_sequence_bounds(fmt::format("the identity sequence of column {}.{}", table.str(), column.name),
                              old->identity_progress, column.identity_options.value_or(schemas::SequenceOptions{}),
                              column.location);
      }
      state.operations.emplace_back(schemas::AlterColumn{table, *old, column, changes});
    }
    previous = column.name;
  }
  for (const auto& column : before.columns) {
    if (after.find_column(column.name) == nullptr) {
      state.operations.emplace_back(schemas::DropColumn{table, column});
    }
  }
}

void diff_primary_key(DiffState& state, const Table& before, const Table& after)
{
  const schemas::PrimaryKey old_key{before.primary_key, before.primary_key_name, before.primary_key_deferrable,
                                    before.primary_key_initially_deferred, before.primary_key_comment};
  const schemas::PrimaryKey new_key{after.primary_key, after.primary_key_name, after.primary_key_deferrable,
                                    after.primary_key_initially_deferred, after.primary_key_comment};
  if (old_key.columns != new_key.columns || old_key.name != new_key.name || old_key.deferrable != new_key.deferrable ||
      old_key.initially_deferred != new_key.initially_deferred) {
    // Lowered into the table's RebuildTable where the engine cannot alter a primary key. A new
    // deferrability is a new key too: PostgreSQL alters it in place for foreign keys only.
    state.operations.emplace_back(schemas::SetPrimaryKey{after.qualified(), old_key, new_key});
  } else if (old_key.comment != new_key.comment && !new_key.columns.empty()) {
    if (!state.caps.primary_key_comment_in_place) {
      state.operations.emplace_back(schemas::SetPrimaryKey{after.qualified(), old_key, new_key});
      return;
    }
    state.operations.emplace_back(
      schemas::SetConstraintComment{after.qualified(), new_key.name, false, old_key.comment, new_key.comment});
  }
}

// A PostgreSQL partition's own parts are its comment, its partitioning (nested), its place, and
// the keys, indexes, checks, foreign keys and triggers declared on it; its columns, and what it
// inherits, are its parent's.
void diff_partition(DiffState& state, const Table& before, const Table& after)
{
  const auto table = after.qualified();
  if (before.partitioning != after.partitioning) {
    state.operations.emplace_back(schemas::SetPartitioning{table, before.partitioning, after.partitioning});
  }
  if (before.partition_of != after.partition_of) {
    state.operations.emplace_back(schemas::SetPartitionOf{table, before.partition_of, after.partition_of});
  }
  diff_primary_key(state, before, after);
  diff_members(state, before, after);
  if (state.caps.comments && before.comment != after.comment) {
    state.operations.emplace_back(schemas::SetTableComment{table, before.comment, after.comment});
  }
}

// Removes the first of `own` that `same` matches with `inherited`.
template <class Member, class Same>
void remove_matching(std::vector<Member>& own, const Member& inherited, Same same)
{
  const auto it = std::find_if(own.begin(), own.end(), [&](const Member& m) { return same(m, inherited); });
  if (it != own.end()) {
    own.erase(it);
  }
}

// A table of its own that becomes a partition: ATTACH PARTITION makes its check of a parent
// check's name, its primary key on the parent key's columns (in their order), and one index and
// foreign key defined as each of the parent's (whatever their names) the parent's. What stays
// its own is compared with what the partition declares. The server refuses to attach a table
// without a check of the parent's: such a check is added to it first.
Table attaching(DiffState& state, const Table& live, const Table& after)
{
  Table before = live;
  const auto unnamed = [](auto member) {
    member.name.clear();
    member.comment.clear();
    return member;
  };
  for (const Table* parent : state.desired.partition_parents(after)) {
    for (const auto& check : parent->checks) {
      if (before.find_check(check.name) == nullptr) {
        state.operations.emplace_back(schemas::AddCheck{after.qualified(), check});
      }
      remove_matching(before.checks, check, [](const auto& a, const auto& b) { return a.name == b.name; });
    }
    for (const auto& fk : parent->foreign_keys) {
      remove_matching(before.foreign_keys, fk,
                      [&](const auto& a, const auto& b) { return unnamed(a).same_definition(unnamed(b)); });
    }
    for (const auto& index : parent->indexes) {
      remove_matching(before.indexes, index,
                      [&](const auto& a, const auto& b) { return unnamed(a).same_definition(unnamed(b)); });
    }
    if (!parent->primary_key.empty() && parent->primary_key == before.primary_key) { // in the same order
      before.primary_key.clear();
      before.primary_key_name.clear();
      before.primary_key_deferrable = before.primary_key_initially_deferred = false;
      before.primary_key_comment.clear();
    }
  }
  return before;
}

// A partition that becomes a table of its own (DETACH PARTITION) keeps, as its own, its root's
// columns and the primary key, checks and foreign keys of the tables above it.
Table detached(const schemas::Schema& current, const Table& live)
{
  Table before = live;
  before.partition_of = {};
  const auto parents = current.partition_parents(live);
  if (const Table* owner = current.column_owner(live); owner != nullptr) {
    before.columns = owner->columns;
  }
  for (const Table* parent : parents) {
    if (before.primary_key.empty() && !parent->primary_key.empty()) {
      before.primary_key = parent->primary_key;
      before.primary_key_deferrable = parent->primary_key_deferrable;
      before.primary_key_initially_deferred = parent->primary_key_initially_deferred;
    }
    before.checks.insert(before.checks.end(), parent->checks.begin(), parent->checks.end());
    before.foreign_keys.insert(before.foreign_keys.end(), parent->foreign_keys.begin(), parent->foreign_keys.end());
  }
  return before;
}

void diff_table_members(DiffState& state, const Table& before, const Table& after);

void diff_table(DiffState& state, const Table& live, const Table& after)
{
  if (!after.partition_of->empty()) {
    diff_partition(state, live.partition_of->empty() ? attaching(state, live, after) : live, after);
    return;
  }
  if (live.partition_of->empty()) {
    if (!(live == after)) { // an unchanged table has nothing to compare (most tables of a large schema)
      diff_table_members(state, live, after);
    }
    return;
  }
  state.operations.emplace_back(schemas::SetPartitionOf{after.qualified(), live.partition_of, {}});
  diff_table_members(state, detached(state.current(), live), after);
}

// `table` without the period columns its system versioning names, which go to `period`.
Table without_period(const Table& table, std::vector<Column>& period)
{
  Table out = table;
  std::erase_if(out.columns, [&](const Column& column) {
    if (!table.versioning->period_column(column.name)) {
      return false;
    }
    period.push_back(column);
    return true;
  });
  return out;
}

// MariaDB system versioning added, removed or changed in form: one SetSystemVersioning step,
// which drops and adds the period columns of either side with the period; the other columns are
// compared as ever.
void diff_versioning_and_columns(DiffState& state, const Table& before, const Table& after)
{
  if (before.versioning == after.versioning) {
    diff_columns(state, before, after);
    return;
  }
  schemas::SetSystemVersioning set{after.qualified(), before.versioning, after.versioning, {}, {}};
  diff_columns(state, without_period(before, set.period_before), without_period(after, set.period_after));
  state.operations.emplace_back(std::move(set));
}

void diff_table_members(DiffState& state, const Table& before, const Table& after)
{
  const auto table = after.qualified();
  diff_versioning_and_columns(state, before, after);
  hint_column_renames(state, before, after);
  diff_primary_key(state, before, after);
  // Options only a new table takes are no difference of an existing one.
  const auto compared = [&](std::map<std::string, std::string> options) {
    for (const auto& key : state.caps.creation_table_options) {
      options.erase(key);
    }
    return options;
  };
  if (compared(before.options) != compared(after.options)) {
    if (state.caps.alter_table_options) {
      state.operations.emplace_back(
        schemas::SetTableOptions{table, compared(before.options), compared(after.options)});
    } else {
      state.forced_rebuilds[table].push_back(fmt::format("table options of {} change", table.str()));
    }
  }
  if (before.partitioning != after.partitioning) {
    // MySQL/MariaDB change it; PostgreSQL refuses a changed key (at rendering, naming the table).
    state.operations.emplace_back(schemas::SetPartitioning{table, before.partitioning, after.partitioning});
  }
  if (before.row_security != after.row_security) {
    state.operations.emplace_back(schemas::SetRowSecurity{table, before.row_security, after.row_security});
  }
  diff_members(state, before, after);
  // PostgreSQL refuses to change the type of a column a policy uses: an unchanged policy that
  // uses one is dropped and created again around the change.
  for (const auto& policy : after.policies) {
    const auto old = std::find(before.policies.begin(), before.policies.end(), policy);
    const bool retyped = std::any_of(after.columns.begin(), after.columns.end(), [&](const Column& column) {
      const Column* was = before.find_column(column.name);
      return was != nullptr && !(was->type == column.type) &&
             (mentions(policy.using_expression, column.name) || mentions(policy.check_expression, column.name));
    });
    if (old != before.policies.end() && retyped) {
      state.operations.emplace_back(schemas::DropPolicy{table, *old});
      state.operations.emplace_back(schemas::CreatePolicy{table, policy});
    }
  }
  if (state.caps.comments && before.comment != after.comment) {
    state.operations.emplace_back(schemas::SetTableComment{table, before.comment, after.comment});
  }
}

bool same_column_set(std::vector<std::string> a, std::vector<std::string> b)
{
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

// True when `columns` are the desired primary key or a full (non-partial) unique key of `parent`.
bool is_key_of(const Table& parent, const std::vector<std::string>& columns)
{
  if (same_column_set(parent.primary_key, columns)) {
    return true;
  }
  return std::any_of(parent.indexes.begin(), parent.indexes.end(), [&](const schemas::Index& index) {
    return (index.unique || index.constraint) && index.where.empty() &&
           same_column_set(index.column_names(), columns);
  });
}

// An engine that alters a primary key in place cannot drop it while foreign keys depend on it:
// an unchanged foreign key that references the old key is dropped and added again around the
// change (a changed or dropped one already is).
void refresh_referencing_foreign_keys(DiffState& state)
{
  if (!state.caps.alter_primary_key) {
    return;
  }
  std::vector<schemas::Operation> refreshed;
  const schemas::TableIndex current(state.current().tables);
  for (const auto& op : state.operations) {
    const auto* set = std::get_if<schemas::SetPrimaryKey>(&op);
    if (set == nullptr || set->before.columns.empty()) {
      continue;
    }
    for (const auto& child : state.desired.tables) {
      const Table* live_child = current.find(child.qualified());
      if (live_child == nullptr) {
        continue;
      }
      for (const auto& fk : child.foreign_keys) {
        const schemas::ForeignKey* old = live_child->find_foreign_key(fk.name);
        if (old != nullptr && old->same_definition(fk) && old->references == set->table &&
            (old->ref_columns.empty() || same_column_set(old->ref_columns, set->before.columns))) {
          const Table* parent = state.desired.find_table(set->table);
          const auto& ref = fk.ref_columns.empty() ? set->before.columns : fk.ref_columns;
          if (parent != nullptr && !is_key_of(*parent, ref)) {
            // Re-adding it would fail on the server after the old key is gone: say so at plan time.
            throw Error(ErrorKind::input,
                        fmt::format("foreign key {} on {} references {} ({}), which is no longer a primary or unique "
                                    "key of {} after its primary key changes; reference the new key or add a "
                                    "unique index on those columns",
                                    fk.name, child.qualified().str(), set->table.str(), fmt::join(ref, ", "),
                                    set->table.str()));
          }
          refreshed.emplace_back(schemas::DropForeignKey{child.qualified(), *old});
          refreshed.emplace_back(schemas::AddForeignKey{child.qualified(), fk});
        }
      }
    }
  }
  state.operations.insert(state.operations.end(), refreshed.begin(), refreshed.end());
}

} // namespace

void diff_tables(DiffState& state)
{
  // Of a large schema the desired side's cycles are found on a second thread while the live
  // side's are, and the tables left unchanged (most of them) in two halves.
  const size_t count = state.desired.tables.size();
  std::future<TablePairs> desired_cycles;
  if (count >= schemas::k_two_halves_from) {
    desired_cycles = std::async(std::launch::async, [&] { return foreign_key_cycles(state.desired); });
  }
  state.live_cycles = foreign_key_cycles(state.current());
  state.desired_cycles = desired_cycles.valid() ? desired_cycles.get() : foreign_key_cycles(state.desired);
  std::vector<const Table*> added;
  std::vector<const Table*> dropped;
  const schemas::TableIndex current(state.current().tables);
  const schemas::TableIndex desired(state.desired.tables);
  std::vector<const Table*> before_of(count);
  std::vector<char> unchanged(count, 0); // no partition on either side, and equal: nothing to compare
  schemas::each_in_two_halves(count, schemas::k_two_halves_from, [&](size_t i) {
    const Table& table = state.desired.tables[i];
    before_of[i] = current.find(table.qualified());
    unchanged[i] = before_of[i] != nullptr && table.partition_of->empty() && before_of[i]->partition_of->empty() &&
                   *before_of[i] == table;
  });
  for (size_t i = 0; i < count; ++i) {
    const Table& table = state.desired.tables[i];
    if (const Table* before = before_of[i]; before != nullptr) {
      if (unchanged[i] == 0) {
        diff_table(state, *before, table);
      }
    } else {
      add_table(state, table);
      added.push_back(&table);
    }
  }
  for (const auto& table : state.current().tables) {
    if (!desired.contains(table.qualified())) {
      drop_table(state, table, desired);
      dropped.push_back(&table);
    }
  }
  hint_table_renames(state, dropped, added);
  refresh_referencing_foreign_keys(state);
  refresh_foreign_keys(state);
}

} // namespace strata::planner::detail
