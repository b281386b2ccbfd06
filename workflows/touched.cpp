#include "workflows/touched.hpp"

#include <type_traits>
#include <utility>

namespace strata::workflows {

std::set<schemas::QualifiedName> touched_names(const schemas::Operation& operation)
{
  return std::visit(
    [](const auto& o) -> std::set<schemas::QualifiedName> {
      using T = std::decay_t<decltype(o)>;
      if constexpr (std::is_same_v<T, schemas::AddTable> || std::is_same_v<T, schemas::DropTable>) {
        return {o.table.qualified()};
      } else if constexpr (std::is_same_v<T, schemas::RenameTable>) {
        return {o.to};
      } else if constexpr (std::is_same_v<T, schemas::RebuildTable>) {
        return {o.before.qualified(), o.after.qualified()};
      } else if constexpr (std::is_same_v<T, schemas::CreateView> || std::is_same_v<T, schemas::DropView>) {
        return {o.view.qualified()};
      } else if constexpr (requires { o.table.schema; o.table.name; }) {
        return {schemas::QualifiedName{o.table.schema, o.table.name}};
      } else {
        return {};
      }
    },
    operation);
}

namespace {

// `from`'s objects `names` holds and `into` does not, appended: copied, or moved when `from` is
// an rvalue (its objects are then left moved from).
template <class Object, class From>
void take(std::vector<Object>& into, From&& from, const std::set<schemas::QualifiedName>& names)
{
  std::set<schemas::QualifiedName> held;
  for (const auto& object : into) {
    held.insert(object.qualified());
  }
  for (auto& object : from) {
    if (names.count(object.qualified()) != 0 && held.insert(object.qualified()).second) {
      if constexpr (std::is_rvalue_reference_v<From&&>) {
        into.push_back(std::move(object));
      } else {
        into.push_back(object);
      }
    }
  }
}

std::set<schemas::QualifiedName> all_names(const schemas::Schema& schema)
{
  std::set<schemas::QualifiedName> names;
  for (const auto& table : schema.tables) {
    names.insert(table.qualified());
  }
  for (const auto& view : schema.views) {
    names.insert(view.qualified());
  }
  return names;
}

} // namespace

schemas::Schema touched_schema(const planner::Plan& plan, const schemas::Schema& after, const schemas::Schema& before)
{
  std::set<schemas::QualifiedName> names;
  for (const auto& step : plan.steps) {
    const auto touched = touched_names(step.operation);
    names.insert(touched.begin(), touched.end());
  }
  schemas::Schema out;
  take(out.tables, after.tables, names);
  take(out.views, after.views, names);
  take(out.tables, before.tables, names); // dropped ones
  take(out.views, before.views, names);
  return out;
}

void merge_touched(schemas::Schema& into, schemas::Schema&& part)
{
  const auto names = all_names(part);
  take(into.tables, std::move(part.tables), names);
  take(into.views, std::move(part.views), names);
}

} // namespace strata::workflows
