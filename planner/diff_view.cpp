// Views, enums, sequences and functions. A view cannot be altered: a changed one is dropped and created
// again (a materialized view with its indexes; the indexes of one kept as it is are dropped and
// created on their own), and so is every view that reads a table being rebuilt, dropped, renamed or losing /
// retyping a column (found by token-matching the table name in the view query) — a recreated
// enum retypes its columns — and every view reading such a view. Enums grow by AddEnumValue; any other change recreates them.

#include "planner/diff.hpp"

#include "schemas/error.hpp"
#include "schemas/name_index.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <type_traits>
#include <variant>

namespace strata::planner::detail {

namespace {

using namespace schemas;

// Every item of `part` appears in `whole`, in the same order.
bool is_subsequence(const std::vector<std::string>& part, const std::vector<std::string>& whole)
{
  size_t next = 0;
  for (const auto& item : whole) {
    if (next < part.size() && part[next] == item) {
      ++next;
    }
  }
  return next == part.size();
}

void add_name(std::set<std::string>& names, const QualifiedName& name)
{
  if (!name.name.empty()) {
    names.insert(name.name);
  }
}

// Tables whose shape changes under a view that reads them (both new and live names).
std::set<std::string> tables_under_views(const DiffState& state)
{
  std::set<std::string> names;
  for (const auto& op : state.operations) {
    const QualifiedName table = operation_table(op);
    const auto* alter = std::get_if<AlterColumn>(&op);
    const bool affects = std::holds_alternative<DropTable>(op) || std::holds_alternative<RebuildTable>(op) ||
                         std::holds_alternative<RenameTable>(op) || std::holds_alternative<DropColumn>(op) ||
                         std::holds_alternative<RenameColumn>(op) || (alter != nullptr && alter->changes.type);
    if (affects) {
      add_name(names, table);
      add_name(names, state.renames.live_table(table));
    }
    if (const auto* rename = std::get_if<RenameTable>(&op)) {
      add_name(names, rename->from);
    }
    // An enum recreated under its own name (diff_enums ran first) retypes every column of it.
    if (const auto* drop = std::get_if<DropEnum>(&op);
        drop != nullptr && state.desired.find_enum(drop->enum_type.qualified()) != nullptr) {
      for (const auto& live_table : state.live.tables) {
        if (std::any_of(live_table.columns.begin(), live_table.columns.end(),
                        [&](const Column& c) { return column_uses_type(c, drop->enum_type.qualified()); })) {
          add_name(names, live_table.qualified());
        }
      }
    }
  }
  return names;
}

bool reads_any(const View& view, const std::set<std::string>& names)
{
  return mentions_any(view.query, names);
}

template <class Op>
bool planned(const DiffState& state, const QualifiedName& table, const std::string& name)
{
  return std::any_of(state.operations.begin(), state.operations.end(), [&](const Operation& op) {
    const auto* o = std::get_if<Op>(&op);
    if (o == nullptr) {
      return false;
    }
    if constexpr (std::is_same_v<Op, DropRule> || std::is_same_v<Op, CreateRule>) {
      return o->relation == table && o->rule.name == name;
    } else if constexpr (std::is_same_v<Op, DropIndex> || std::is_same_v<Op, AddIndex>) {
      return o->table == table && o->index.name == name;
    } else {
      return o->table == table && o->check.name == name;
    }
  });
}

// An enum recreated under its own name retypes its columns; an index predicate or expression and
// a check that compare such a column with a value hold a constant of the old type, which no
// operator matches once the column has the new one. Those the plan keeps unchanged are dropped
// and created again around the recreation (dependencies.cpp orders them).
void refresh_enum_readers(DiffState& state, const Enum& recreated)
{
  const schemas::TableIndex desired_tables(state.desired.tables);
  for (const auto& live : state.live.tables) {
    const Table* desired = desired_tables.find(live.qualified());
    if (desired == nullptr) {
      continue;
    }
    for (const auto& column : live.columns) {
      const Column* kept = desired->find_column(column.name);
      if (!column_uses_type(column, recreated.qualified()) || kept == nullptr ||
          !column_uses_type(*kept, recreated.qualified())) {
        continue;
      }
      for (const auto& index : live.indexes) {
        const bool reads = (!index.where.empty() && mentions(index.where, column.name)) ||
                           std::any_of(index.keys.begin(), index.keys.end(), [&](const IndexKey& key) {
                             return key.is_expression() && mentions(key.expression, column.name);
                           });
        const Index* again = desired->find_index(index.name);
        if (reads && again != nullptr && !planned<DropIndex>(state, live.qualified(), index.name)) {
          state.operations.emplace_back(DropIndex{live.qualified(), index});
          state.operations.emplace_back(AddIndex{live.qualified(), *again});
        }
      }
      for (const auto& check : live.checks) {
        const Check* again = desired->find_check(check.name);
        if (mentions(check.expression, column.name) && again != nullptr &&
            !planned<DropCheck>(state, live.qualified(), check.name)) {
          state.operations.emplace_back(DropCheck{live.qualified(), check});
          state.operations.emplace_back(AddCheck{live.qualified(), *again});
        }
      }
    }
  }
}

// A materialized view kept as it is: its comment set in place, its indexes dropped and created
// like a table's (a changed one dropped and created again).
void diff_kept_view(DiffState& state, const View& live, const View& desired)
{
  if (live.comment != desired.comment) {
    state.operations.emplace_back(SetTableComment{desired.qualified(), live.comment, desired.comment});
  }
  for (const auto& index : live.indexes) {
    const Index* wanted = desired.find_index(index.name);
    if (wanted == nullptr || !(*wanted == index)) {
      state.operations.emplace_back(DropIndex{live.qualified(), index});
    }
  }
  for (const auto& index : desired.indexes) {
    const Index* had = live.find_index(index.name);
    if (had == nullptr || !(*had == index)) {
      state.operations.emplace_back(AddIndex{desired.qualified(), index});
    }
  }
}

// A view dropped: its rules first, as steps of their own (the down file creates them again after
// the view), then the view without them.
void drop_view(DiffState& state, const View& live)
{
  for (const auto& rule : live.rules) {
    state.operations.emplace_back(DropRule{live.qualified(), rule});
  }
  View bare = live;
  bare.rules.clear();
  state.operations.emplace_back(DropView{std::move(bare)});
}

// A view created (new or again): its rules as steps of their own, once what they read exists.
void create_view(DiffState& state, const View& desired)
{
  View bare = desired;
  bare.rules.clear();
  state.operations.emplace_back(CreateView{std::move(bare)}); // with a materialized view's indexes
  for (const auto& rule : desired.rules) {
    state.operations.emplace_back(CreateRule{desired.qualified(), rule});
  }
}

// PostgreSQL refuses to change or drop a column (or drop a table) a rule reads: an unchanged rule
// of a table or view that stays, whose text names a table changing that way, is dropped and
// created again around the change (dependencies.cpp orders them).
void refresh_rules(DiffState& state, const QualifiedName& relation, const std::vector<Rule>& live,
                   const std::vector<Rule>& desired, const std::set<std::string>& changed_tables)
{
  for (const auto& rule : desired) {
    const auto old =
      std::find_if(live.begin(), live.end(), [&](const Rule& r) { return r.same_definition(rule); });
    const bool reads = mentions_any(rule.definition, changed_tables);
    if (old != live.end() && reads && !planned<DropRule>(state, relation, rule.name)) {
      state.operations.emplace_back(DropRule{relation, *old});
      state.operations.emplace_back(CreateRule{relation, rule});
    }
  }
}

// The comment of an object that stays, when it changes (a created object carries its own).
template <class Object>
void comment_change(DiffState& state, CommentedObject kind, const Object& live, const Object& desired)
{
  if (live.comment == desired.comment) {
    return;
  }
  SetObjectComment op{kind, desired.qualified(), {}, {}, live.comment, desired.comment};
  if constexpr (std::is_same_v<Object, Function>) {
    op.function = desired;
  }
  state.operations.emplace_back(std::move(op));
}

// The comments on the columns of a view that stays, each changed in place (COMMENT ON COLUMN).
void column_comment_changes(DiffState& state, const View& live, const View& desired)
{
  std::set<std::string> columns;
  for (const auto* comments : {&live.column_comments, &desired.column_comments}) {
    for (const auto& [column, text] : *comments) {
      columns.insert(column);
    }
  }
  const auto comment_of = [](const View& view, const std::string& column) {
    const auto it = view.column_comments.find(column);
    return it == view.column_comments.end() ? std::string() : it->second;
  };
  for (const auto& column : columns) {
    const std::string before = comment_of(live, column);
    const std::string after = comment_of(desired, column);
    if (before != after) {
      state.operations.emplace_back(
        SetObjectComment{CommentedObject::view_column, desired.qualified(), column, {}, before, after});
    }
  }
}

} // namespace

void diff_views(DiffState& state)
{
  const std::set<std::string> changed_tables = tables_under_views(state);
  std::set<std::string> recreated; // view names dropped (and created again when still desired)
  for (const auto& view : state.live.views) {
    const View* desired = state.desired.find_view(view.qualified());
    // A plain view's comment changes by creating it again; a materialized view's in place.
    if (desired == nullptr || !desired->same_relation(view) ||
        (!view.materialized && desired->comment != view.comment) || reads_any(view, changed_tables)) {
      recreated.insert(view.name);
    }
  }
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& view : state.live.views) {
      if (recreated.count(view.name) == 0 && reads_any(view, recreated)) {
        recreated.insert(view.name);
        grew = true;
      }
    }
  }
  for (const auto& view : state.live.views) {
    if (recreated.count(view.name) > 0) {
      drop_view(state, view);
    }
  }
  for (const auto& view : state.desired.views) {
    const View* live = state.live.find_view(view.qualified());
    if (live == nullptr || recreated.count(view.name) > 0) {
      create_view(state, view);
    } else {
      diff_kept_view(state, *live, view);
      column_comment_changes(state, *live, view);
      diff_rules(state, view.qualified(), live->rules, view.rules);
      refresh_rules(state, view.qualified(), live->rules, view.rules, changed_tables);
    }
  }
  for (const auto& table : state.desired.tables) {
    if (const Table* live = state.live_tables.find(state.renames.live_table(table.qualified()))) {
      refresh_rules(state, table.qualified(), live->rules, table.rules, changed_tables);
    }
  }
}

void diff_enums(DiffState& state)
{
  if (!state.caps.enum_types) {
    return;
  }
  for (const auto& desired : state.desired.enums) {
    const Enum* live = state.live.find_enum(desired.qualified());
    if (live == nullptr) {
      state.operations.emplace_back(CreateEnum{desired});
      continue;
    }
    if (live->same_definition(desired)) {
      comment_change(state, CommentedObject::enum_type, *live, desired);
      continue;
    }
    // Values only added (the live ones keep their order, the first stays first): each new value
    // goes in place after its predecessor in the desired order.
    const bool grows = desired.values.size() > live->values.size() && !live->values.empty() &&
                       desired.values.front() == live->values.front() &&
                       is_subsequence(live->values, desired.values);
    if (grows) {
      for (size_t i = 1; i < desired.values.size(); ++i) {
        if (std::find(live->values.begin(), live->values.end(), desired.values[i]) == live->values.end()) {
          state.operations.emplace_back(AddEnumValue{desired.qualified(), desired.values[i], desired.values[i - 1]});
        }
      }
      comment_change(state, CommentedObject::enum_type, *live, desired);
    } else {
      state.operations.emplace_back(DropEnum{*live});
      state.operations.emplace_back(CreateEnum{desired});
      refresh_enum_readers(state, *live);
    }
  }
  for (const auto& live : state.live.enums) {
    if (state.desired.find_enum(live.qualified()) == nullptr) {
      state.operations.emplace_back(DropEnum{live});
    }
  }
}

void check_sequence_bounds(const std::string& what, const std::optional<SequenceProgress>& progress,
                           const SequenceOptions& options, const SourceLocation& location)
{
  if (!progress || !progress->called) {
    return; // unknown, or never called: it restarts at its new start (dialects::restarts)
  }
  // The bounds PostgreSQL and MariaDB give an unset one in the sequence's direction (the type's
  // own limit on the other side cannot be passed by a value of that type).
  const bool ascending = options.increment.value_or(1) > 0;
  const std::optional<long long> min = options.min_value ? options.min_value : ascending ? std::optional(1LL) : std::nullopt;
  const std::optional<long long> max = options.max_value ? options.max_value : ascending ? std::nullopt : std::optional(-1LL);
  const long long last = progress->last_value;
  const bool below = min && last < *min;
  if (!below && !(max && last > *max)) {
    return;
  }
  throw Error(ErrorKind::input,
              fmt::format("{} has already handed out {}, {} its new {} {}: the server refuses to alter it. Keep the "
                          "bound, or move the sequence first in a hand-written migration (setval)",
                          what, last, below ? "below" : "above", below ? "min_value" : "max_value",
                          below ? *min : *max),
              location);
}

void diff_sequences(DiffState& state)
{
  if (!state.caps.sequences) {
    return;
  }
  for (const auto& desired : state.desired.sequences) {
    const Sequence* live = state.live.find_sequence(desired.qualified());
    if (live != nullptr && live->same_definition(desired)) {
      comment_change(state, CommentedObject::sequence, *live, desired);
      continue;
    }
    if (live != nullptr) {
      if (live->options() != desired.options() || live->type != desired.type) {
        check_sequence_bounds("sequence " + desired.qualified().str(), live->progress, desired, desired.location);
      }
      state.operations.emplace_back(AlterSequence{*live, desired}); // keeps its current value
      comment_change(state, CommentedObject::sequence, *live, desired);
      continue;
    }
    state.operations.emplace_back(CreateSequence{desired});
  }
  for (const auto& live : state.live.sequences) {
    if (state.desired.find_sequence(live.qualified()) == nullptr) {
      state.operations.emplace_back(DropSequence{live});
    }
  }
}

void diff_functions(DiffState& state)
{
  for (const auto& desired : state.desired.functions) {
    const Function* live = state.live.find_function(desired);
    if (live != nullptr && live->same_definition(desired)) {
      comment_change(state, CommentedObject::function, *live, desired);
      continue;
    }
    if (live == nullptr) {
      state.operations.emplace_back(CreateFunction{desired});
    } else if (state.dialect.replaces_function != nullptr && state.dialect.replaces_function(*live, desired)) {
      state.operations.emplace_back(ReplaceFunction{*live, desired});
      comment_change(state, CommentedObject::function, *live, desired); // OR REPLACE keeps the old one
    } else {
      state.operations.emplace_back(DropFunction{*live});
      state.operations.emplace_back(CreateFunction{desired});
    }
  }
  for (const auto& live : state.live.functions) {
    if (state.desired.find_function(live) == nullptr) {
      state.operations.emplace_back(DropFunction{live});
    }
  }
}

void diff_extensions(DiffState& state)
{
  for (const auto& desired : state.desired.extensions) {
    const Extension* live = state.live.find_extension(desired.name);
    if (live == nullptr) {
      state.operations.emplace_back(CreateExtension{desired});
      continue;
    }
    Extension target = desired;
    if (target.version.empty()) {
      target.version = live->version; // no version declared: whichever the database has
    }
    if (target.schema != live->schema || target.version != live->version) {
      state.operations.emplace_back(AlterExtension{*live, std::move(target)});
    }
  }
  for (const auto& live : state.live.extensions) {
    if (state.desired.find_extension(live.name) == nullptr) {
      state.operations.emplace_back(DropExtension{live});
    }
  }
}

void diff_domains(DiffState& state)
{
  for (const auto& desired : state.desired.domains) {
    const Domain* live = state.live.find_domain(desired.qualified());
    if (live == nullptr) {
      state.operations.emplace_back(CreateDomain{desired});
      continue;
    }
    if (live->same_definition(desired)) {
      comment_change(state, CommentedObject::domain, *live, desired);
      continue;
    }
    if (live->type != desired.type || live->collation != desired.collation) {
      throw Error(ErrorKind::input,
                  fmt::format("domain {}: its base type or collation changes ({} → {}), which PostgreSQL cannot alter "
                              "in place; create a new domain, move the columns to it, then drop this one",
                              desired.qualified().str(), state.dialect.format_type(live->type),
                              state.dialect.format_type(desired.type)),
                  desired.location);
    }
    state.operations.emplace_back(AlterDomain{*live, desired});
    comment_change(state, CommentedObject::domain, *live, desired);
  }
  for (const auto& live : state.live.domains) {
    if (state.desired.find_domain(live.qualified()) == nullptr) {
      state.operations.emplace_back(DropDomain{live});
    }
  }
}

void diff_composite_types(DiffState& state)
{
  for (const auto& desired : state.desired.composite_types) {
    const CompositeType* live = state.live.find_composite_type(desired.qualified());
    if (live == nullptr) {
      state.operations.emplace_back(CreateCompositeType{desired});
      continue;
    }
    if (!live->same_definition(desired)) {
      const auto steps = composite_attribute_steps(*live, desired);
      if (!steps.retyped.empty()) {
        // The server refuses ALTER ATTRIBUTE ... TYPE while a stored column holds the type (CASCADE
        // reaches typed tables only).
        const auto columns = columns_holding_type(state.live, live->qualified());
        if (!columns.empty()) {
          const auto& [before, after] = steps.retyped.front();
          throw Error(ErrorKind::input,
                      fmt::format("composite type {}: attribute {} changes from {}{} to {}{}, which PostgreSQL refuses "
                                  "while column {} holds the type; move the column to another type (or drop it) in "
                                  "an earlier migration, or add a new attribute and drop this one",
                                  desired.qualified().str(), after.name, state.dialect.format_type(before.type),
                                  before.collation.empty() ? "" : " collation " + before.collation,
                                  state.dialect.format_type(after.type),
                                  after.collation.empty() ? "" : " collation " + after.collation,
                                  columns.front().first.str() + "." + columns.front().second),
                      desired.location);
        }
      }
      state.operations.emplace_back(AlterCompositeType{*live, desired});
    }
    comment_change(state, CommentedObject::composite_type, *live, desired);
    for (const auto& attribute : desired.attributes) { // an added one carries its comment
      const CompositeAttribute* before = live->find_attribute(attribute.name);
      if (before != nullptr && before->comment != attribute.comment) {
        state.operations.emplace_back(SetObjectComment{CommentedObject::composite_attribute, desired.qualified(),
                                                       attribute.name, {}, before->comment, attribute.comment});
      }
    }
  }
  for (const auto& live : state.live.composite_types) {
    if (state.desired.find_composite_type(live.qualified()) == nullptr) {
      state.operations.emplace_back(DropCompositeType{live});
    }
  }
}

void diff_virtual_tables(DiffState& state)
{
  for (const auto& desired : state.desired.virtual_tables) {
    const VirtualTable* live = state.live.find_virtual_table(desired.name);
    if (live != nullptr && live->module == desired.module && live->arguments == desired.arguments) {
      continue;
    }
    VirtualTable created = desired;
    if (live != nullptr) { // no ALTER changes a declaration
      state.operations.emplace_back(DropVirtualTable{*live});
      created.name = live->name; // names ignore case: the catalog keeps its spelling, as a table's
    }
    state.operations.emplace_back(CreateVirtualTable{std::move(created)});
  }
  for (const auto& live : state.live.virtual_tables) {
    if (state.desired.find_virtual_table(live.name) == nullptr) {
      state.operations.emplace_back(DropVirtualTable{live});
    }
  }
}

void diff_namespaces(DiffState& state)
{
  const auto comment_changes = [&](const std::string& name, const std::string& before, const std::string& after) {
    if (before != after) {
      state.operations.emplace_back(SetObjectComment{CommentedObject::schema, {"", name}, {}, {}, before, after});
    }
  };
  // Listed: created with its comment, or its comment compared. The default schema ("") is only
  // ever commented; the normal form keeps its entry when the YAML gives it a comment of its own.
  for (const auto& desired : state.desired.namespaces) {
    const Namespace* live = state.live.find_namespace(desired.name);
    if (live != nullptr || desired.name.empty()) {
      comment_changes(desired.name, live != nullptr ? live->comment : std::string(), desired.comment);
    } else {
      state.operations.emplace_back(CreateSchema{desired});
    }
  }
  // Named by objects but not listed: created when missing, nothing else.
  const auto named = state.desired.object_namespaces();
  for (const auto& name : named) {
    if (state.desired.find_namespace(name) == nullptr && state.live.find_namespace(name) == nullptr) {
      state.operations.emplace_back(CreateSchema{Namespace{name, {}, {}}});
    }
  }
  // Read (so in the read set), neither listed nor named: dropped after everything in it.
  for (const auto& live : state.live.namespaces) {
    if (!live.name.empty() && state.desired.find_namespace(live.name) == nullptr &&
        std::find(named.begin(), named.end(), live.name) == named.end()) {
      state.operations.emplace_back(DropSchema{live});
    }
  }
}

} // namespace strata::planner::detail
