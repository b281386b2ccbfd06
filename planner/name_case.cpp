// On engines whose identifiers ignore case (SQLite), `USERS` in the YAML and `Users` in the
// database are one table: the engine refuses to create the second. Before diffing, every desired
// name that matches a live name only up to ASCII case is re-spelled as the live name, together
// with every reference to it, so the diff sees one object and no case-only change is rendered.
// Table and view names are aligned only where the engine ignores their case too
// (case_insensitive_table_names: not MySQL, whose canonicalize() knows the server's setting);
// elsewhere a table whose name changes only in case is renamed (renames.cpp).

#include "planner/diff.hpp"
#include "schemas/name_index.hpp"
#include "schemas/text.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace strata::planner::detail {

namespace {

using namespace schemas;


// Folded name -> live spelling, for names that are unique after folding.
class Spellings {
public:
  Spellings() = default;
  template <typename Range, typename NameOf>
  Spellings(const Range& live_items, NameOf name_of)
  {
    for (const auto& item : live_items) {
      add(name_of(item));
    }
  }

  void add(const std::string& name)
  {
    auto [it, inserted] = m_map.emplace(schemas::ascii_lower(name), name);
    if (!inserted && it->second != name) {
      it->second.clear(); // ambiguous: two live names fold together; leave such names alone
    }
    m_exact.insert(name);
  }

  // The live spelling of `name` when it differs only in case; otherwise `name` unchanged.
  std::string align(const std::string& name) const
  {
    if (m_exact.count(name) > 0) {
      return name;
    }
    const auto it = m_map.find(schemas::ascii_lower(name));
    return it == m_map.end() || it->second.empty() ? name : it->second;
  }

private:
  std::unordered_map<std::string, std::string> m_map;
  std::unordered_set<std::string> m_exact;
};

void align_columns(Table& desired, const Table& live, std::vector<Table>& all_desired)
{
  const Spellings columns(live.columns, [](const Column& c) { return c.name; });
  std::map<std::string, std::string> changed;
  for (auto& column : desired.columns) {
    const std::string spelled = columns.align(column.name);
    if (spelled != column.name && desired.find_column(spelled) == nullptr) {
      changed[column.name] = spelled;
      column.name = spelled;
    }
    if (!column.renamed_from.empty()) {
      column.renamed_from = columns.align(column.renamed_from);
    }
  }
  if (changed.empty()) {
    return;
  }
  const auto respell = [&](std::string& name) {
    if (const auto it = changed.find(name); it != changed.end()) {
      name = it->second;
    }
  };
  std::for_each(desired.primary_key.begin(), desired.primary_key.end(), respell);
  for (auto& index : desired.indexes) {
    for (auto& key : index.keys) {
      respell(key.column);
    }
    std::for_each(index.include.begin(), index.include.end(), respell);
  }
  for (auto& fk : desired.foreign_keys) {
    std::for_each(fk.columns.begin(), fk.columns.end(), respell);
  }
  for (auto& other : all_desired) {
    for (auto& fk : other.foreign_keys) {
      if (fk.references.schema == desired.schema && fk.references.name == desired.name) {
        std::for_each(fk.ref_columns.begin(), fk.ref_columns.end(), respell);
      }
    }
  }
}

template <typename T>
void align_member_names(std::vector<T>& desired, const std::vector<T>& live)
{
  const Spellings names(live, [](const T& item) { return item.name; });
  for (auto& item : desired) {
    const std::string spelled = names.align(item.name);
    const bool taken = std::any_of(desired.begin(), desired.end(), [&](const T& o) { return o.name == spelled; });
    if (!taken) {
      item.name = spelled;
    }
  }
}

// Tables (and the foreign keys that name them) and views.
void align_table_names(Schema& desired, const Schema& live)
{
  const Spellings tables(live.tables, [](const Table& t) { return t.qualified().str(); });
  std::map<QualifiedName, QualifiedName> moved;
  for (auto& table : desired.tables) {
    const std::string spelled = tables.align(table.qualified().str());
    if (spelled != table.qualified().str()) {
      const Table* target = nullptr;
      for (const auto& candidate : live.tables) {
        if (candidate.qualified().str() == spelled) {
          target = &candidate;
        }
      }
      if (target != nullptr && desired.find_table(target->qualified()) == nullptr) {
        moved[table.qualified()] = target->qualified();
        table.schema = target->schema;
        table.name = target->name;
      }
    }
    if (!table.renamed_from.empty()) {
      table.renamed_from = tables.align(table.renamed_from);
    }
  }
  for (auto& table : desired.tables) {
    for (auto& fk : table.foreign_keys) {
      if (const auto it = moved.find(fk.references); it != moved.end()) {
        fk.references = it->second;
      }
    }
  }
  align_member_names(desired.views, live.views);
}

} // namespace

void align_name_case(DiffState& state)
{
  Schema& desired = state.writable_desired();
  const Schema& live = state.live;
  if (state.caps.case_insensitive_table_names) {
    align_table_names(desired, live);
  }
  if (!state.caps.case_insensitive_names) {
    return;
  }

  // Index names are schema-wide in SQLite, per table in MySQL; constraint names live in their table.
  const bool per_table = state.caps.index_name_scope == schemas::IndexNameScope::table;
  Spellings indexes;
  if (!per_table) {
    for (const auto& table : live.tables) {
      for (const auto& index : table.indexes) {
        indexes.add(index.name);
      }
    }
  }
  for (auto& table : desired.tables) {
    const Table* match = state.live_tables.find(table.qualified());
    if (match != nullptr && *match == table) {
      continue; // every name of it is live's spelling already (most tables of a large schema)
    }
    if (per_table && match != nullptr) {
      align_member_names(table.indexes, match->indexes);
    }
    for (auto& index : table.indexes) {
      index.name = indexes.align(index.name);
    }
    if (match != nullptr) {
      align_columns(table, *match, desired.tables);
      align_member_names(table.foreign_keys, match->foreign_keys);
      align_member_names(table.checks, match->checks);
      align_member_names(table.triggers, match->triggers);
    }
  }
}

namespace {

// Live names, exactly and up to ASCII case: `name` is kept as it is by every alignment when live
// has it exactly or has nothing equal to it up to case.
class LiveSpellings {
public:
  void add(const std::string& name)
  {
    m_exact.insert(name);
    m_folded.insert(name);
  }
  bool keeps(std::string_view name) const { return m_exact.contains(name) || !m_folded.contains(name); }

private:
  struct Hash : std::hash<std::string_view> {
    using is_transparent = void;
  };
  std::unordered_set<std::string, Hash, std::equal_to<>> m_exact;
  std::unordered_set<std::string, AsciiCaseHash, AsciiCaseEqual> m_folded;
};

template <typename T>
bool members_kept(const std::vector<T>& desired, const std::vector<T>& live)
{
  // Most tables of a large schema: the same names in the same order.
  if (std::equal(desired.begin(), desired.end(), live.begin(), live.end(),
                 [](const T& a, const T& b) { return a.name == b.name; })) {
    return true;
  }
  if (desired.size() * live.size() <= 1024) { // a table's columns, keys, checks: pairwise, no sets
    return std::all_of(desired.begin(), desired.end(), [&](const T& item) {
      bool folded = false;
      for (const auto& other : live) {
        if (other.name == item.name) {
          return true;
        }
        folded = folded || ascii_iequal(other.name, item.name);
      }
      return !folded;
    });
  }
  LiveSpellings names;
  for (const auto& item : live) {
    names.add(item.name);
  }
  return std::all_of(desired.begin(), desired.end(), [&](const T& item) { return names.keeps(item.name); });
}

} // namespace

bool spelled_as_live(const Schema& live_normal, const Schema& desired_normal)
{
  // A name the live schema has exactly is kept. Only for one it does not have is the whole live
  // schema's set of spellings made (once), to see whether a live name differs from it in case.
  std::optional<LiveSpellings> tables;  // by qualified name: align_table_names and infer_case_renames
  std::optional<LiveSpellings> indexes; // schema-wide (SQLite); per table below
  const auto spellings = [&]() -> std::pair<const LiveSpellings&, const LiveSpellings&> {
    if (!tables) {
      tables.emplace();
      indexes.emplace();
      for (const auto& table : live_normal.tables) {
        tables->add(table.qualified().str());
        for (const auto& index : table.indexes) {
          indexes->add(index.name);
        }
      }
    }
    return {*tables, *indexes};
  };
  const TableIndex live_tables(live_normal.tables);
  for (const auto& table : desired_normal.tables) {
    const Table* match = live_tables.find(table.qualified());
    if (match == nullptr && !spellings().first.keeps(table.qualified().str())) {
      return false;
    }
    for (size_t i = 0; i < table.indexes.size(); ++i) {
      const std::string& name = table.indexes[i].name;
      const bool exact = match != nullptr && ((i < match->indexes.size() && match->indexes[i].name == name) ||
                                              match->find_index(name) != nullptr);
      if (!exact && !spellings().second.keeps(name)) {
        return false;
      }
    }
    if (match != nullptr &&
        !(members_kept(table.columns, match->columns) && members_kept(table.indexes, match->indexes) &&
          members_kept(table.foreign_keys, match->foreign_keys) && members_kept(table.checks, match->checks) &&
          members_kept(table.triggers, match->triggers))) {
      return false;
    }
  }
  return members_kept(desired_normal.views, live_normal.views);
}

} // namespace strata::planner::detail
