#pragma once
// ColumnType: a portable kind with parameters, an engine-native type passed through, or a
// per-engine map ({postgres: jsonb, mysql: json, sqlite: text}).

#include "schemas/boxed.hpp"

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <stdexcept>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace strata::schemas {

// The portable type names of DESIGN.md.
enum class PortableKind : std::uint8_t {
  smallint_, integer_, bigint_, boolean_, real_, double_, numeric_, varchar_, char_, text_,
  blob_, date_, time_, timestamp_, timestamptz_, json_, uuid_
};

// A per-engine type map kept on the heap, one pointer in place (almost every column's is empty):
// the part of std::map its readers use, with value semantics.
class EngineTypes {
public:
  using Map = std::map<std::string, std::string>;

  EngineTypes() = default;
  EngineTypes(Map map)
  {
    if (!map.empty()) {
      m_map.emplace(std::move(map));
    }
  }
  EngineTypes(std::initializer_list<Map::value_type> entries) : EngineTypes(Map(entries)) {}

  const Map& map() const { return m_map ? *m_map : none(); }
  Map::const_iterator begin() const { return map().begin(); }
  Map::const_iterator end() const { return map().end(); }
  Map::const_iterator find(const std::string& engine) const { return map().find(engine); }
  bool empty() const { return map().empty(); }
  size_t size() const { return map().size(); }
  std::pair<Map::iterator, bool> emplace(const std::string& engine, const std::string& type)
  {
    return (m_map ? *m_map : m_map.emplace()).emplace(engine, type);
  }
  size_t erase(const std::string& engine) { return m_map ? m_map->erase(engine) : 0; }

  friend bool operator==(const EngineTypes& a, const EngineTypes& b) { return a.map() == b.map(); }
  friend bool operator==(const EngineTypes& a, const Map& b) { return a.map() == b; }

private:
  static const Map& none()
  {
    static const Map empty;
    return empty;
  }
  Boxed<Map> m_map;
};

// A portable type's parameters: none, (255) or (10, 2), kept in place (no portable type takes more
// than two; a column with a vector of its own would hold a heap block for one number).
class TypeParams {
public:
  TypeParams() = default;
  TypeParams(std::initializer_list<int> values) : TypeParams(values.begin(), values.end()) {}
  TypeParams(const std::vector<int>& values) : TypeParams(values.data(), values.data() + values.size()) {}

  size_t size() const { return m_size; }
  bool empty() const { return m_size == 0; }
  int operator[](size_t i) const { return m_values[i]; }
  const int* begin() const { return m_values; }
  const int* end() const { return m_values + m_size; }

  friend bool operator==(const TypeParams& a, const TypeParams& b)
  {
    return a.m_size == b.m_size && (a.m_size < 1 || a.m_values[0] == b.m_values[0]) &&
           (a.m_size < 2 || a.m_values[1] == b.m_values[1]);
  }
  friend bool operator==(const TypeParams& a, const std::vector<int>& b)
  {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
  }

private:
  TypeParams(const int* first, const int* last)
  {
    if (last - first > 2) {
      throw std::length_error("a portable type takes at most two parameters");
    }
    for (; first != last; ++first) {
      m_values[m_size++] = *first;
    }
  }
  int m_values[2] = {0, 0};
  std::uint8_t m_size = 0;
};

struct ColumnType {
  enum class Kind : std::uint8_t { portable, native, per_engine };

  Kind kind = Kind::native;
  PortableKind portable = PortableKind::text_; // kind == portable
  TypeParams params;                           // kind == portable: (255) or (10, 2)
  std::string native;                          // kind == native: the text as written
  EngineTypes per_engine;                      // kind == per_engine: engine name -> type text

  // Parses "varchar(255)", "BIGINT", "numeric(10,2)" as portable (case-insensitive, spaces
  // tolerated); anything else becomes native with its text kept as written.
  static ColumnType parse(std::string_view text);
  static ColumnType make_native(std::string text);
  static ColumnType make_portable(PortableKind kind, TypeParams params = {});

  // The type for one engine: a per-engine map is resolved (parse() of the entry); other kinds
  // are returned unchanged. Returns nullptr-like empty native type "" when the map lacks engine.
  ColumnType for_engine(const std::string& engine) const;

  // Canonical text: "varchar(255)", the native text, or "{mysql: json, postgres: jsonb}".
  std::string str() const;

  friend bool operator==(const ColumnType&, const ColumnType&) = default;
};

std::string_view portable_name(PortableKind kind);
// Returns true and sets kind when name (lower case, no params) is a portable type name.
bool parse_portable_name(std::string_view name, PortableKind& kind);

} // namespace strata::schemas
