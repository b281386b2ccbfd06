#include "schemas/index_names.hpp"

#include "schemas/naming.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>
#include <unordered_map>

namespace strata::schemas {

namespace {

std::string folded(const std::string& name, bool fold_case)
{
  std::string out = name;
  if (fold_case) {
    for (auto& c : out) {
      c = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    }
  }
  return out;
}

std::string table_label(const Table& table)
{
  return fmt::format("table \"{}\"", table.qualified().str());
}

std::string scope_words(IndexNameScope scope)
{
  switch (scope) {
  case IndexNameScope::table: return "index names are unique per table";
  case IndexNameScope::schema: return "index names are unique per database";
  case IndexNameScope::schema_keys: return "index, unique constraint and primary key names are unique per schema";
  }
  return {};
}

} // namespace

std::vector<Diagnostic> index_name_clashes(const Schema& schema, IndexNameScope scope, bool fold_case)
{
  // A name's use, described only when a message is about it.
  struct Use {
    const Table* table = nullptr; // else `view`
    const View* view = nullptr;
    bool primary_key = false;
    const std::string* name = nullptr;
    const SourceLocation* location = nullptr;
    std::string what() const
    {
      if (view != nullptr) {
        return fmt::format("{} \"{}\": index \"{}\"", view->kind(), view->qualified().str(), *name);
      }
      return fmt::format("{}: {} \"{}\"", table_label(*table), primary_key ? "primary key" : "index", *name);
    }
  };
  std::vector<Diagnostic> out;
  std::unordered_map<std::string, Use> seen; // scope key, a separator, folded name -> its first use
  std::string key;
  const auto use = [&](const std::string& scope_key, const Use& each) {
    if (each.name->empty()) {
      return;
    }
    key.assign(scope_key).push_back('\x1F');
    key.append(folded(*each.name, fold_case));
    const auto [it, inserted] = seen.emplace(key, each);
    if (inserted) {
      return;
    }
    const std::string where = it->second.location->str();
    out.push_back(Diagnostic{*each.location, fmt::format("{}: name already used by {}{} ({})", each.what(),
                                                         it->second.what(), where.empty() ? "" : " at " + where,
                                                         scope_words(scope))});
  };
  // In file order (a normalized schema is sorted by name): the second object written is reported.
  std::vector<const Table*> tables;
  tables.reserve(schema.tables.size());
  for (const auto& table : schema.tables) {
    tables.push_back(&table);
  }
  std::stable_sort(tables.begin(), tables.end(), [](const Table* a, const Table* b) {
    const auto& x = a->location;
    const auto& y = b->location;
    return std::tie(x.file, x.line, x.column) < std::tie(y.file, y.line, y.column);
  });
  for (const Table* each : tables) {
    const Table& table = *each;
    const std::string scope_key = scope == IndexNameScope::table ? table.qualified().str() : table.schema;
    // An unnamed primary key takes a name PostgreSQL makes unique itself (`<table>_pkey`, else
    // with a number): only one named otherwise can clash.
    if (scope == IndexNameScope::schema_keys && !table.primary_key.empty() && !table.primary_key_name.empty() &&
        table.primary_key_name != default_primary_key_name(table.name)) {
      use(scope_key, Use{&table, nullptr, true, &table.primary_key_name.str(), &table.location});
    }
    for (const auto& index : table.indexes) {
      if (scope == IndexNameScope::schema && index.constraint) {
        continue;
      }
      use(scope_key, Use{&table, nullptr, false, &index.name, &index.location});
    }
  }
  for (const auto& view : schema.views) { // materialized views' indexes (after every table's)
    const std::string scope_key = scope == IndexNameScope::table ? view.qualified().str() : view.schema;
    for (const auto& index : view.indexes) {
      use(scope_key, Use{nullptr, &view, false, &index.name, &index.location});
    }
  }
  return out;
}

} // namespace strata::schemas
