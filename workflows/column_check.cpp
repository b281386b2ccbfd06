#include "workflows/column_check.hpp"

#include "schemas/error.hpp"
#include "schemas/name_index.hpp"
#include "workflows/probe_database.hpp"
#include "schemas/text.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace strata::workflows {

namespace {

constexpr const char* k_check_table_prefix = "strata_column_check_";

bool same_type_and_default(const schemas::Column& a, const schemas::Column& b)
{
  return a.type == b.type && a.default_value == b.default_value;
}

// `desired`'s objects of one kind, then `live`'s that desired does not have (by name).
template <class T>
std::vector<T> both_sides(const std::vector<T>& desired, const std::vector<T>& live)
{
  std::vector<T> out = desired;
  std::set<schemas::QualifiedName> names;
  for (const auto& object : desired) {
    names.insert(object.qualified());
  }
  for (const auto& object : live) {
    if (!names.contains(object.qualified())) {
      out.push_back(object);
    }
  }
  return out;
}

// Each distinct type-and-default pair the live schema's columns hold, once (a schema of thousands
// of columns has a few dozen), so that a column is looked up among them, not among every column.
std::vector<const schemas::Column*> distinct_live_kinds(const schemas::Schema& live)
{
  std::vector<const schemas::Column*> kinds;
  for (const auto& table : live.tables) {
    for (const auto& column : table.columns) {
      if (std::none_of(kinds.begin(), kinds.end(),
                       [&](const schemas::Column* kind) { return same_type_and_default(*kind, column); })) {
        kinds.push_back(&column);
      }
    }
  }
  return kinds;
}

} // namespace

std::vector<const schemas::Column*> columns_to_check(const Planned& planned, bool live_known)
{
  std::vector<const schemas::Column*> out;
  const auto live_kinds = live_known ? distinct_live_kinds(planned.live) : std::vector<const schemas::Column*>{};
  const schemas::TableIndex live_tables(planned.live.tables);
  for (const auto& table : planned.desired.tables) {
    const auto* live_table = live_tables.find(table.qualified());
    if (live_table == nullptr && !table.renamed_from.empty()) {
      live_table = live_tables.find({table.schema, table.renamed_from});
    }
    for (size_t c = 0; c < table.columns.size(); ++c) {
      const auto& column = table.columns[c];
      const schemas::Column* live_column = nullptr;
      if (live_table != nullptr) { // most columns sit where the live table has them
        const bool same_place = c < live_table->columns.size() && live_table->columns[c].name == column.name;
        live_column = same_place ? &live_table->columns[c] : live_table->find_column(column.name);
      }
      if (live_column == nullptr && live_table != nullptr && !column.renamed_from.empty()) {
        live_column = live_table->find_column(column.renamed_from);
      }
      if (live_column != nullptr && same_type_and_default(*live_column, column)) {
        continue; // unchanged: the engine took it already
      }
      const bool known = std::any_of(live_kinds.begin(), live_kinds.end(),
                                     [&](const schemas::Column* kind) { return same_type_and_default(*kind, column); });
      if (!known) {
        out.push_back(&column);
      }
    }
  }
  return out;
}

namespace {

// What the check creates: one table per distinct copied definition (type, default, collation, ON
// UPDATE), for the columns of each definition. A schema of 100,000 new columns holds a few dozen,
// and the engine's verdict on a definition is the same for every column that has it. A refusal
// names each column of that definition.
struct Trials {
  schemas::Schema copies; // the check tables (and, for a scratch database, what they may name)
  std::map<std::string, std::vector<std::pair<const schemas::Table*, const schemas::Column*>>> checked;
};

Trials check_tables(const dialects::Rendering& dialect, const Planned& planned,
                    const std::vector<const schemas::Column*>& columns)
{
  Trials trials;
  std::map<std::string, std::string> table_of; // copied definition -> its check table
  const std::set<const schemas::Column*> wanted(columns.begin(), columns.end());
  for (const auto& table : planned.desired.tables) {
    for (const auto& column : table.columns) {
      if (!wanted.contains(&column)) {
        continue;
      }
      auto copy = column; // its type and default; what names other columns or keys is left out
      copy.identity = false;
      copy.identity_always = false;
      copy.generated.reset();
      copy.nullable = true;
      copy.comment.clear();
      copy.renamed_from.clear();
      const auto key = fmt::format("{}\n{}\n{}\n{}\n{}", dialect.format_type(copy.type),
                                   copy.default_value.has_value(), copy.default_value.value_or(""), copy.collation,
                                   copy.on_update);
      auto [found, added] = table_of.emplace(key, k_check_table_prefix + std::to_string(table_of.size() + 1));
      trials.checked[found->second].emplace_back(&table, &column);
      if (!added) {
        continue;
      }
      schemas::Table check;
      check.name = found->second;
      check.columns.push_back(std::move(copy));
      trials.copies.tables.push_back(std::move(check));
    }
  }
  return trials;
}

// The enums, sequences, functions, domains, composite types, schemas and extensions the check
// tables' types and defaults may name: desired's, then live's that desired does not have.
void add_what_columns_name(schemas::Schema& copies, const Planned& planned)
{
  copies.enums = both_sides(planned.desired.enums, planned.live.enums);
  copies.sequences = both_sides(planned.desired.sequences, planned.live.sequences);
  copies.functions = both_sides(planned.desired.functions, planned.live.functions); // defaults call them
  copies.domains = both_sides(planned.desired.domains, planned.live.domains); // columns name them
  copies.composite_types = both_sides(planned.desired.composite_types, planned.live.composite_types);
  // The schemas copies live in (the default one, which holds nothing of its own, left out).
  for (const auto* side : {&planned.desired, &planned.live}) {
    for (const auto& item : side->namespaces) {
      if (!item.name.empty() && copies.find_namespace(item.name) == nullptr) {
        copies.namespaces.push_back(item);
      }
    }
  }
  copies.extensions = planned.desired.extensions; // their types; then the live ones the file does not name
  for (const auto& extension : planned.live.extensions) {
    if (planned.desired.find_extension(extension.name) == nullptr) {
      copies.extensions.push_back(extension);
    }
  }
  for (auto& extension : copies.extensions) {
    extension.version.clear(); // whichever the scratch server has
  }
  for (auto& sequence : copies.sequences) {
    sequence.owned_by.clear(); // its table is not copied
  }
}

// Every desired object of one kind is on live as it is desired.
template <class T>
bool all_live(const std::vector<T>& desired, const std::vector<T>& live)
{
  return std::all_of(desired.begin(), desired.end(), [&](const T& object) {
    return std::any_of(live.begin(), live.end(), [&](const T& other) { return other.same_definition(object); });
  });
}

// Whether the target already holds everything the check tables may name, as the desired schema
// has it (so the target answers as a scratch database given add_what_columns_name's copies would).
bool target_has_what_columns_name(const Planned& planned)
{
  const auto& desired = planned.desired;
  const auto& live = planned.live;
  return all_live(desired.enums, live.enums) && all_live(desired.sequences, live.sequences) &&
         all_live(desired.functions, live.functions) && all_live(desired.domains, live.domains) &&
         all_live(desired.composite_types, live.composite_types) &&
         std::all_of(desired.namespaces.begin(), desired.namespaces.end(),
                     [&](const schemas::Namespace& item) { return live.find_namespace(item.name) != nullptr; }) &&
         std::all_of(desired.extensions.begin(), desired.extensions.end(),
                     [&](const schemas::Extension& item) { return live.find_extension(item.name) != nullptr; });
}

// Collects each refused check table's columns, one diagnostic per column at its YAML line; a column
// `target` knows is not refused (Rendering::target_knows_column).
class Refusals {
public:
  Refusals(const dialects::Rendering& dialect, const Trials& trials, dialects::Connection* target)
      : m_dialect(dialect), m_trials(trials), m_target(target)
  {
  }
  // False when `table` is not a check table (an enum, sequence or function copied beside them).
  bool refused(const std::string& table, const std::string& why, const std::string& where)
  {
    const auto found = m_trials.checked.find(table);
    if (found == m_trials.checked.end()) {
      return false;
    }
    if (!m_reported.insert(found->first).second) {
      return true;
    }
    for (const auto& [owner, column] : found->second) {
      const std::string type = m_dialect.format_type(column->type);
      if (m_target != nullptr && m_dialect.target_knows_column != nullptr &&
          m_dialect.target_knows_column(*m_target, type, column->default_value)) {
        spdlog::debug("column {}.{}: refused on {} ({}) but known to the target", owner->qualified().str(),
                      column->name, where, why);
        continue;
      }
      std::string definition = "type " + type;
      if (column->default_value) {
        definition += ", default " + *column->default_value;
      }
      m_found.push_back({column->location, fmt::format("column {}.{} ({}) is refused by the engine: {}",
                                                       owner->qualified().str(), column->name, definition,
                                                       schemas::first_line(why))});
    }
    return true;
  }
  // In the order of the schema file's lines, wherever the tables were tried.
  void throw_any()
  {
    if (!m_found.empty()) {
      std::stable_sort(m_found.begin(), m_found.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::tie(a.location.file, a.location.line, a.location.column) <
               std::tie(b.location.file, b.location.line, b.location.column);
      });
      throw SchemaError(std::move(m_found));
    }
  }

private:
  const dialects::Rendering& m_dialect;
  const Trials& m_trials;
  dialects::Connection* m_target;
  std::set<std::string> m_reported;
  std::vector<Diagnostic> m_found;
};

} // namespace

void check_columns(migrations::ScratchDatabase& scratch, const Planned& planned,
                   const std::vector<const schemas::Column*>& columns, dialects::Connection* target)
{
  if (columns.empty()) {
    return;
  }
  Trials trials = check_tables(scratch.dialect(), planned, columns);
  add_what_columns_name(trials.copies, planned);
  spdlog::debug("checking {} distinct column definitions of {} columns on {}", trials.checked.size(), columns.size(),
                scratch.describe());
  Refusals refusals(scratch.dialect(), trials, target);
  create_copies(scratch, trials.copies, [&](const schemas::Operation& operation, const Error& e) {
    const auto* add = std::get_if<schemas::AddTable>(&operation);
    if (add == nullptr || !refusals.refused(add->table.name, e.what(), scratch.describe())) {
      // An enum, sequence or function already there (a replayed folder holds them) or one the scratch
      // server lacks: a column that needs it is refused below.
      spdlog::debug("not copied to {}: {} ({})", scratch.describe(), schemas::describe(operation), e.what());
    }
  });
  refusals.throw_any();
}

bool check_columns_on_target(dialects::Connection& target, const dialects::Rendering& dialect, const Planned& planned,
                             const std::vector<const schemas::Column*>& columns)
{
  if (columns.empty()) {
    return true;
  }
  if (dialect.try_columns_on_target == nullptr || !target_has_what_columns_name(planned)) {
    return false;
  }
  const Trials trials = check_tables(dialect, planned, columns);
  const auto answers = dialect.try_columns_on_target(target, trials.copies.tables);
  if (!answers) {
    return false;
  }
  spdlog::debug("checked {} distinct column definitions of {} columns on the target (temporary tables, rolled back)",
                trials.checked.size(), columns.size());
  Refusals refusals(dialect, trials, &target);
  for (size_t i = 0; i < answers->size(); ++i) {
    if (!(*answers)[i].empty()) {
      refusals.refused(trials.copies.tables[i].name, (*answers)[i], "the target");
    }
  }
  refusals.throw_any();
  return true;
}

} // namespace strata::workflows
