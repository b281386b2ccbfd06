#pragma once
// ColumnType: a portable kind with parameters, an engine-native type passed through, or a
// per-engine map ({postgres: jsonb, mysql: json, sqlite: text}).

#include "schemas/boxed.hpp"

#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace strata::schemas {

// The portable type names of DESIGN.md.
enum class PortableKind {
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

struct ColumnType {
  enum class Kind { portable, native, per_engine };

  Kind kind = Kind::native;
  PortableKind portable = PortableKind::text_; // kind == portable
  std::vector<int> params;                     // kind == portable: (255) or (10, 2)
  std::string native;                          // kind == native: the text as written
  EngineTypes per_engine;                      // kind == per_engine: engine name -> type text

  // Parses "varchar(255)", "BIGINT", "numeric(10,2)" as portable (case-insensitive, spaces
  // tolerated); anything else becomes native with its text kept as written.
  static ColumnType parse(std::string_view text);
  static ColumnType make_native(std::string text);
  static ColumnType make_portable(PortableKind kind, std::vector<int> params = {});

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
