#pragma once
// Objects of a schema by qualified name, for code that looks up many of them: Schema's find_*
// walk their list, which made planning quadratic in the number of tables. An index holds
// pointers into the list it was built from: build it once that list stops changing (no object
// added, removed or renamed), and finds answer as the list's find_* do (the first of a name).

#include "schemas/model.hpp"

#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

namespace strata::schemas {

struct QualifiedNameHash {
  size_t operator()(const QualifiedName& name) const noexcept
  {
    const size_t h = std::hash<std::string>{}(name.schema);
    return h ^ (std::hash<std::string>{}(name.name) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
  }
};

template <typename T>
class NameIndex {
public:
  NameIndex() = default;
  explicit NameIndex(const std::vector<T>& items)
  {
    m_items.reserve(items.size());
    for (const auto& item : items) {
      m_items.emplace(item.qualified(), &item); // emplace keeps the first of a name
    }
  }
  const T* find(const QualifiedName& name) const
  {
    const auto it = m_items.find(name);
    return it == m_items.end() ? nullptr : it->second;
  }
  bool contains(const QualifiedName& name) const { return m_items.count(name) > 0; }

private:
  std::unordered_map<QualifiedName, const T*, QualifiedNameHash> m_items;
};

using TableIndex = NameIndex<Table>;

} // namespace strata::schemas
