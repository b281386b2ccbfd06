// Generic risk classification. The codes are stable: the README, `-- strata:` headers and
// `--format json` print them. Engine-specific risks (locks, table copies) come from
// Dialect::engine_risks and are appended after these.
//
// | code  | kind                  | level  | raised by                                              | probe            |
// |-------|-----------------------|--------|--------------------------------------------------------|------------------|
// | D101  | destructive           | high   | drop table                                             | rows             |
// | D102  | destructive           | high   | drop column (also a rebuild that leaves a column out)  | non_null         |
// | D103  | destructive           | medium | narrowing type change (varchar(255) -> varchar(50))    | too_long (chars) |
// | DD201 | data-dependent        | high   | set NOT NULL; add a NOT NULL column without a default; | nulls / rows     |
// |       |                       |        | a nullable column joins a primary key                  |                  |
// | DD202 | data-dependent        | medium | add a unique index / constraint, change a primary key  | duplicate_groups |
// | DD203 | data-dependent        | medium | add a foreign key                                      | orphans          |
// | DD204 | data-dependent        | medium | add a check                                            | violating_check  |
// | DD205 | data-dependent        | medium | type change that may fail on existing values           | too_long (chars) |
// | DD206 | data-dependent        | medium | enum recreated with values removed or reordered        | -                |
// | BI401 | backward-incompatible | medium | drop of a table, column or view                        | -                |
// | BI402 | backward-incompatible | medium | rename of a table or column                            | -                |
// | BI403 | backward-incompatible | medium | drop of a primary key (row identity, ON CONFLICT)      | -                |
// | IR501 | irreversible          | medium | step the down file cannot fully undo (dropped data,    | -                |
// |       |                       |        | an added enum value)                                   |                  |
// Engine codes (from the dialect), e.g. L301 (locking) for a SQLite table rebuild.
// Data-dependent risks are only raised for tables that exist in the live database (a new table
// has no rows). Probes and backups name the LIVE table and column names: they run before the
// plan, so before any rename of it.

#include "planner/risk.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <variant>

namespace strata::planner::detail {

namespace {

using namespace schemas;
using dialects::ProbeQuery;

std::string dotted(const QualifiedName& table, const std::string& column)
{
  return table.str() + "." + column;
}

class Classifier {
public:
  Classifier(const DiffState& state, const std::vector<Operation>& all) : m_state(state), m_all(all) {}

  Classified result;

  void add(RiskKind kind, RiskLevel level, const char* code, std::string message)
  {
    result.risks.push_back(Risk{kind, level, code, std::move(message), std::nullopt, {}});
  }

  // Adds a probe for the last risk when every table/column it names exists live.
  void probe(ProbeQuery query)
  {
    const Table* live = m_state.live.find_table(query.table);
    if (live == nullptr || !has_columns(*live, query.columns)) {
      return;
    }
    if (query.kind == ProbeQuery::Kind::orphans) {
      const Table* ref = m_state.live.find_table(query.ref_table);
      if (ref == nullptr || !has_columns(*ref, query.ref_columns)) {
        return;
      }
    }
    result.measurements.push_back(Measurement{result.risks.size() - 1, std::move(query)});
  }

  ProbeQuery live_probe(ProbeQuery::Kind kind, const QualifiedName& table, std::vector<std::string> columns = {})
  {
    ProbeQuery query;
    query.kind = kind;
    query.table = m_state.renames.live_table(table);
    for (auto& column : columns) {
      column = m_state.renames.live_column(table, column);
    }
    query.columns = std::move(columns);
    return query;
  }

  bool exists_live(const QualifiedName& table) const
  {
    return m_state.live.find_table(m_state.renames.live_table(table)) != nullptr;
  }

  void backup(const QualifiedName& table, const std::string& column)
  {
    const QualifiedName live_name = m_state.renames.live_table(table);
    dialects::BackupTarget target{live_name, column.empty() ? "" : m_state.renames.live_column(table, column), {}};
    if (const Table* live = m_state.live.find_table(live_name); live != nullptr) {
      target.key_columns = live->primary_key;
      if (target.key_columns.empty()) {
        for (const auto& c : live->columns) {
          target.key_columns.push_back(c.name);
        }
      }
    }
    result.backups.push_back(std::move(target));
  }

  void dropped_column(const QualifiedName& table, const std::string& column)
  {
    add(RiskKind::destructive, RiskLevel::high, "D102",
        fmt::format("dropping column {} destroys its values", dotted(table, column)));
    probe(live_probe(ProbeQuery::Kind::non_null, table, {column}));
    add(RiskKind::backward_incompatible, RiskLevel::medium, "BI401",
        fmt::format("code reading column {} breaks", dotted(table, column)));
    add(RiskKind::irreversible, RiskLevel::medium, "IR501",
        fmt::format("the down file re-adds column {} empty", dotted(table, column)));
    backup(table, column);
  }

  void type_change(const QualifiedName& table, const Column& before, const Column& after)
  {
    const auto info = classify_type_change(before.type, after.type, m_state.dialect.name());
    const std::string what = fmt::format("{} from {} to {}", dotted(table, after.name), before.type.str(),
                                         after.type.str());
    if (info.change == TypeChange::widening) {
      return;
    }
    if (!info.removed_members.empty()) {
      std::string removed;
      for (const auto& member : info.removed_members) {
        removed += (removed.empty() ? "'" : ", '") + member + "'";
      }
      add(RiskKind::data_dependent, RiskLevel::medium, "DD205",
          fmt::format("changing the type of {} removes enum members {}: fails while rows hold them", what, removed));
      auto query = live_probe(ProbeQuery::Kind::values_outside, table, {after.name});
      query.values = info.kept_members;
      probe(std::move(query));
      return;
    }
    if (info.change == TypeChange::narrowing) {
      add(RiskKind::destructive, RiskLevel::medium, "D103", fmt::format("narrowing {} may cut values", what));
    }
    add(RiskKind::data_dependent, RiskLevel::medium, "DD205",
        fmt::format("changing the type of {} may fail on existing values", what));
    if (info.limit > 0) {
      auto query = live_probe(ProbeQuery::Kind::too_long, table, {after.name});
      query.limit = info.limit;
      probe(std::move(query));
    }
  }

  void set_not_null(const QualifiedName& table, const std::string& column)
  {
    add(RiskKind::data_dependent, RiskLevel::high, "DD201",
        fmt::format("setting {} NOT NULL fails while rows hold NULL", dotted(table, column)));
    probe(live_probe(ProbeQuery::Kind::nulls, table, {column}));
  }

  void added_column(const QualifiedName& table, const Column& column)
  {
    if (!column.nullable && !column.default_value && !column.generated && !column.identity && exists_live(table)) {
      add(RiskKind::data_dependent, RiskLevel::high, "DD201",
          fmt::format("adding NOT NULL column {} without a default fails on a table with rows",
                      dotted(table, column.name)));
      probe(live_probe(ProbeQuery::Kind::rows, table));
    }
  }

  void unique_columns(const QualifiedName& table, const std::string& what, const std::vector<std::string>& columns)
  {
    if (!exists_live(table)) {
      return;
    }
    add(RiskKind::data_dependent, RiskLevel::medium, "DD202",
        fmt::format("{} on {} fails while duplicate values exist", what, table.str()));
    if (!columns.empty()) {
      probe(live_probe(ProbeQuery::Kind::duplicate_groups, table, columns));
    }
  }

  void added_index(const QualifiedName& table, const Index& index)
  {
    if (index.unique || index.constraint) {
      unique_columns(table, fmt::format("adding unique index {}", index.name),
                     index.where.empty() ? index.column_names() : std::vector<std::string>{});
    }
  }

  void added_foreign_key(const QualifiedName& table, const ForeignKey& fk)
  {
    if (!exists_live(table)) {
      return;
    }
    add(RiskKind::data_dependent, RiskLevel::medium, "DD203",
        fmt::format("adding foreign key {} on {} fails while rows reference missing {} rows", fk.name, table.str(),
                    fk.references.str()));
    auto query = live_probe(ProbeQuery::Kind::orphans, table, fk.columns);
    query.ref_table = m_state.renames.live_table(fk.references);
    for (const auto& c : fk.ref_columns) {
      query.ref_columns.push_back(m_state.renames.live_column(fk.references, c));
    }
    probe(std::move(query));
  }

  void added_check(const QualifiedName& table, const Check& check)
  {
    if (!exists_live(table)) {
      return;
    }
    add(RiskKind::data_dependent, RiskLevel::medium, "DD204",
        fmt::format("adding check {} on {} fails while rows violate it", check.name, table.str()));
    auto query = live_probe(ProbeQuery::Kind::violating_check, table);
    query.expression = check.expression;
    for (const auto& [key, live_name] : m_state.renames.columns) {
      if (key.first == table) {
        query.expression = replace_identifier(query.expression, key.second, live_name);
      }
    }
    probe(std::move(query));
  }

  bool recreated_view(const View& view) const
  {
    return std::any_of(m_all.begin(), m_all.end(), [&](const Operation& op) {
      const auto* create = std::get_if<CreateView>(&op);
      return create != nullptr && create->view.qualified() == view.qualified();
    });
  }

  bool recreated_enum(const Enum& e, const Enum** created) const
  {
    for (const auto& op : m_all) {
      if (const auto* create = std::get_if<CreateEnum>(&op); create != nullptr &&
                                                             create->enum_type.qualified() == e.qualified()) {
        *created = &create->enum_type;
        return true;
      }
    }
    return false;
  }

  // Adding or changing a primary key fails on duplicate keys and on NULL in a key column (the key
  // makes its columns NOT NULL; an AlterColumn that does so already carries DD201).
  void primary_key(const SetPrimaryKey& op)
  {
    if (op.after.columns.empty()) {
      add(RiskKind::backward_incompatible, RiskLevel::medium, "BI403",
          fmt::format("dropping the primary key of {}: code relying on its uniqueness (row identity, ON CONFLICT) "
                      "breaks",
                      op.table.str()));
      return;
    }
    if (op.before.columns != op.after.columns) { // a renamed key keeps its index
      unique_columns(op.table, op.before.columns.empty() ? "adding the primary key" : "changing the primary key",
                     op.after.columns);
    }
    const Table* live = m_state.current.find_table(op.table);
    for (const auto& column : op.after.columns) {
      const Column* old = live == nullptr ? nullptr : live->find_column(column);
      if (old != nullptr && old->nullable && !made_not_null(op.table, column)) {
        add(RiskKind::data_dependent, RiskLevel::high, "DD201",
            fmt::format("making {} part of the primary key fails while rows hold NULL", dotted(op.table, column)));
        probe(live_probe(ProbeQuery::Kind::nulls, op.table, {column}));
      }
    }
  }

  const DiffState& state() const { return m_state; }

private:
  bool made_not_null(const QualifiedName& table, const std::string& column) const
  {
    return std::any_of(m_all.begin(), m_all.end(), [&](const Operation& op) {
      const auto* alter = std::get_if<AlterColumn>(&op);
      return alter != nullptr && alter->table == table && alter->after.name == column && alter->changes.nullability &&
             !alter->after.nullable;
    });
  }

  static bool has_columns(const Table& table, const std::vector<std::string>& columns)
  {
    return std::all_of(columns.begin(), columns.end(),
                       [&](const std::string& c) { return table.find_column(c) != nullptr; });
  }

  const DiffState& m_state;
  const std::vector<Operation>& m_all;
};

void classify_rebuild(Classifier& c, const RebuildTable& op); // below

} // namespace

Classified classify(const Operation& op, const DiffState& state, const std::vector<Operation>& all)
{
  Classifier c(state, all);
  if (const auto* o = std::get_if<DropTable>(&op)) {
    const auto name = o->table.qualified();
    c.add(RiskKind::destructive, RiskLevel::high, "D101", fmt::format("dropping table {} destroys its rows", name.str()));
    c.probe(c.live_probe(ProbeQuery::Kind::rows, name));
    c.add(RiskKind::backward_incompatible, RiskLevel::medium, "BI401",
          fmt::format("code reading table {} breaks", name.str()));
    c.add(RiskKind::irreversible, RiskLevel::medium, "IR501",
          fmt::format("the down file recreates table {} empty", name.str()));
    c.backup(name, "");
  } else if (const auto* dc = std::get_if<DropColumn>(&op)) {
    c.dropped_column(dc->table, dc->column.name);
  } else if (const auto* ac = std::get_if<AlterColumn>(&op)) {
    if (ac->changes.type) {
      c.type_change(ac->table, ac->before, ac->after);
    }
    if (ac->changes.nullability && !ac->after.nullable) {
      c.set_not_null(ac->table, ac->after.name);
    }
  } else if (const auto* add = std::get_if<AddColumn>(&op)) {
    c.added_column(add->table, add->column);
  } else if (const auto* rt = std::get_if<RenameTable>(&op)) {
    c.add(RiskKind::backward_incompatible, RiskLevel::medium, "BI402",
          fmt::format("code using table {} under its old name {} breaks", rt->to.str(), rt->from.str()));
  } else if (const auto* rc = std::get_if<RenameColumn>(&op)) {
    c.add(RiskKind::backward_incompatible, RiskLevel::medium, "BI402",
          fmt::format("code using column {} under its old name {} breaks", dotted(rc->table, rc->to), rc->from));
  } else if (const auto* ai = std::get_if<AddIndex>(&op)) {
    c.added_index(ai->table, ai->index);
  } else if (const auto* af = std::get_if<AddForeignKey>(&op)) {
    c.added_foreign_key(af->table, af->foreign_key);
  } else if (const auto* ak = std::get_if<AddCheck>(&op)) {
    c.added_check(ak->table, ak->check);
  } else if (const auto* dv = std::get_if<DropView>(&op); dv != nullptr && !c.recreated_view(dv->view)) {
    c.add(RiskKind::backward_incompatible, RiskLevel::medium, "BI401",
          fmt::format("code reading view {} breaks", dv->view.qualified().str()));
  } else if (const auto* ev = std::get_if<AddEnumValue>(&op)) {
    c.add(RiskKind::irreversible, RiskLevel::medium, "IR501",
          fmt::format("value '{}' of enum {} cannot be removed by the down file", ev->value, ev->enum_name.str()));
  } else if (const auto* de = std::get_if<DropEnum>(&op)) {
    const Enum* created = nullptr;
    if (c.recreated_enum(de->enum_type, &created)) {
      c.add(RiskKind::data_dependent, RiskLevel::medium, "DD206",
            fmt::format("enum {} is recreated with values removed or reordered; columns holding them fail",
                        de->enum_type.qualified().str()));
    }
  } else if (const auto* rb = std::get_if<RebuildTable>(&op)) {
    classify_rebuild(c, *rb);
  } else if (const auto* pk = std::get_if<SetPrimaryKey>(&op)) {
    c.primary_key(*pk);
  }
  // The engine's lock risks depend on which tables exist before the step (a new table has no rows
  // and no readers): the live schema under the plan's table names (the down direction has no
  // renames to apply: its live schema is used as is).
  const Schema& before = state.renamed.tables.empty() ? state.live : state.renamed;
  for (auto& risk : state.dialect.engine_risks_in_context(op, {&before, state.concurrent_indexes})) {
    c.result.risks.push_back(std::move(risk));
  }
  return std::move(c.result);
}

namespace {

void classify_rebuild(Classifier& c, const RebuildTable& op)
{
  const auto table = op.after.qualified();
  std::map<std::string, std::string> source_of(op.column_sources.begin(), op.column_sources.end());
  std::set<std::string> kept;
  for (const auto& [after, before] : op.column_sources) {
    kept.insert(before);
  }
  for (const auto& column : op.before.columns) {
    if (kept.count(column.name) == 0) {
      c.dropped_column(op.before.qualified(), column.name);
    }
  }
  for (const auto& column : op.after.columns) {
    const auto it = source_of.find(column.name);
    const Column* old = it == source_of.end() ? nullptr : op.before.find_column(it->second);
    if (old == nullptr) {
      c.added_column(table, column);
      continue;
    }
    if (old->name != column.name) {
      c.add(RiskKind::backward_incompatible, RiskLevel::medium, "BI402",
            fmt::format("code using column {} under its old name {} breaks", dotted(table, column.name), old->name));
    }
    if (old->type != column.type) {
      c.type_change(table, *old, column);
    }
    if (old->nullable && !column.nullable) {
      c.set_not_null(table, column.name);
    }
  }
  if (op.before.primary_key != op.after.primary_key && !op.after.primary_key.empty()) {
    c.unique_columns(table, "changing the primary key", op.after.primary_key);
  }
  for (const auto& index : op.after.indexes) {
    const Index* old = op.before.find_index(index.name);
    if (old == nullptr || !old->same_definition(index)) {
      c.added_index(table, index);
    }
  }
  for (const auto& fk : op.after.foreign_keys) {
    const ForeignKey* old = op.before.find_foreign_key(fk.name);
    if (old == nullptr || !old->same_definition(fk)) {
      c.added_foreign_key(table, fk);
    }
  }
  for (const auto& check : op.after.checks) {
    const Check* old = op.before.find_check(check.name);
    if (old == nullptr || !(*old == check)) {
      c.added_check(table, check);
    }
  }
}

} // namespace

} // namespace strata::planner::detail
