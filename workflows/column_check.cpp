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
    for (const auto& column : table.columns) {
      const auto* live_column = live_table == nullptr ? nullptr : live_table->find_column(column.name);
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

void check_columns(migrations::ScratchDatabase& scratch, const Planned& planned,
                   const std::vector<const schemas::Column*>& columns, dialects::Connection* target)
{
  if (columns.empty()) {
    return;
  }
  // One table per distinct copied definition (type, default, collation, ON UPDATE): a schema of
  // 100,000 new columns holds a few dozen, and the scratch engine's verdict on a definition is
  // the same for every column that has it. A refusal names each column of that definition.
  schemas::Schema copies;
  std::map<std::string, std::vector<std::pair<const schemas::Table*, const schemas::Column*>>> checked;
  std::map<std::string, std::string> table_of; // copied definition -> its check table
  const std::set<const schemas::Column*> wanted(columns.begin(), columns.end());
  const auto& scratch_dialect = scratch.dialect();
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
      const auto key = fmt::format("{}\n{}\n{}\n{}\n{}", scratch_dialect.format_type(copy.type),
                                   copy.default_value.has_value(), copy.default_value.value_or(""), copy.collation,
                                   copy.on_update);
      auto [found, added] = table_of.emplace(key, k_check_table_prefix + std::to_string(table_of.size() + 1));
      checked[found->second].emplace_back(&table, &column);
      if (!added) {
        continue;
      }
      schemas::Table check;
      check.name = found->second;
      check.columns.push_back(std::move(copy));
      copies.tables.push_back(std::move(check));
    }
  }
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
  spdlog::debug("checking {} distinct column definitions of {} columns on {}", checked.size(), wanted.size(),
                scratch.describe());

  const auto& dialect = scratch.dialect();
  std::vector<Diagnostic> refused;
  std::set<std::string> reported;
  create_copies(scratch, copies, [&](const schemas::Operation& operation, const Error& e) {
    const auto* add = std::get_if<schemas::AddTable>(&operation);
    const auto found = add == nullptr ? checked.end() : checked.find(add->table.name);
    if (found == checked.end()) {
      // An enum, sequence or function already there (a replayed folder holds them) or one the scratch
      // server lacks: a column that needs it is refused below.
      spdlog::debug("not copied to {}: {} ({})", scratch.describe(), schemas::describe(operation), e.what());
      return;
    }
    if (!reported.insert(found->first).second) {
      return;
    }
    for (const auto& [table, column] : found->second) {
      const std::string type = dialect.format_type(column->type);
      if (target != nullptr && dialect.target_knows_column != nullptr &&
          dialect.target_knows_column(*target, type, column->default_value)) {
        spdlog::debug("column {}.{}: refused on {} ({}) but known to the target", table->qualified().str(),
                      column->name, scratch.describe(), e.what());
        continue;
      }
      std::string definition = "type " + type;
      if (column->default_value) {
        definition += ", default " + *column->default_value;
      }
      refused.push_back({column->location, fmt::format("column {}.{} ({}) is refused by the engine: {}",
                                                       table->qualified().str(), column->name, definition,
                                                       schemas::first_line(e.what()))});
    }
  });
  if (!refused.empty()) {
    throw SchemaError(std::move(refused));
  }
}

} // namespace strata::workflows
