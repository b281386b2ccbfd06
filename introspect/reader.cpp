#include "introspect/reader.hpp"

#include "schemas/engines.hpp"
#include "schemas/error.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <map>

namespace strata::introspect {

// introspect::<engine>::read, declared for every engine of the list (introspect/<engine>/).
#define STRATA_DECLARE_READER(engine)                                                                                  \
  namespace engine {                                                                                                   \
  schemas::Schema read(dialects::Connection& connection, const dialects::Rendering& dialect,                           \
                       const ReadOptions& options);                                                                    \
  std::optional<Fingerprint> fingerprint(dialects::Connection& connection, const dialects::Rendering& dialect,          \
                                         const ReadOptions& options, const Fingerprint* previous,                      \
                                         FingerprintDepth depth);                                                      \
  bool read_changed(dialects::Connection& connection, const dialects::Rendering& dialect, const ReadOptions& options,   \
                    schemas::Schema& last, const Fingerprint& was, const Fingerprint& now);                            \
  }
STRATA_ENGINES(STRATA_DECLARE_READER)
#undef STRATA_DECLARE_READER

namespace {

struct Reader {
  schemas::Schema (*read)(dialects::Connection&, const dialects::Rendering&, const ReadOptions&);
  std::optional<Fingerprint> (*fingerprint)(dialects::Connection&, const dialects::Rendering&, const ReadOptions&,
                                            const Fingerprint*, FingerprintDepth);
  // For fingerprints that are not per object (the engine's own split).
  bool (*read_changed)(dialects::Connection&, const dialects::Rendering&, const ReadOptions&, schemas::Schema&,
                       const Fingerprint&, const Fingerprint&);
};

const Reader& reader_of(const dialects::Connection& connection)
{
#define STRATA_REGISTER_READER(engine) {#engine, Reader{&engine::read, &engine::fingerprint, &engine::read_changed}},
  static const std::map<std::string, Reader> map{STRATA_ENGINES(STRATA_REGISTER_READER)};
#undef STRATA_REGISTER_READER
  const auto it = map.find(connection.engine());
  if (it == map.end()) {
    throw Error(ErrorKind::usage, "no schema reader for engine '" + connection.engine() + "'");
  }
  return it->second;
}

} // namespace

schemas::Schema read_schema(dialects::Connection& connection, const dialects::Rendering& dialect,
                            const ReadOptions& options)
{
  auto schema = reader_of(connection).read(connection, dialect, options);
  schemas::shrink_to_fit(schema);
  return schema;
}

std::optional<Fingerprint> fingerprint(dialects::Connection& connection, const dialects::Rendering& dialect,
                                       const ReadOptions& options, const Fingerprint* previous, FingerprintDepth depth)
{
  return reader_of(connection).fingerprint(connection, dialect, options, previous, depth);
}

namespace {

// `items` without those whose key is in `keys`, then with `fresh`'s, in the normal form's order.
template <typename T, typename Order>
void replace_objects(std::vector<T>& items, std::vector<T>&& fresh, const std::set<std::string>& keys,
                     std::string (*key)(std::string_view), Order order)
{
  std::erase_if(items, [&](const T& item) { return keys.contains(key(item.name)); });
  std::move(fresh.begin(), fresh.end(), std::back_inserter(items));
  std::stable_sort(items.begin(), items.end(), order);
}

} // namespace

std::set<std::string> differing_keys(const std::map<std::string, std::string>& was,
                                     const std::map<std::string, std::string>& now)
{
  std::set<std::string> out;
  for (const auto& [key, text] : was) {
    const auto it = now.find(key);
    if (it == now.end() || it->second != text) {
      out.insert(key);
    }
  }
  for (const auto& [key, text] : now) {
    if (!was.contains(key)) {
      out.insert(key);
    }
  }
  return out;
}

bool read_changed(dialects::Connection& connection, const dialects::Rendering& dialect, const ReadOptions& options,
                  schemas::Schema& last, const Fingerprint& was, const Fingerprint& now)
{
  if (!now.per_object() && !was.per_object()) {
    return reader_of(connection).read_changed(connection, dialect, options, last, was, now);
  }
  if (!now.per_object() || was.key != now.key) {
    return false;
  }
  const auto changed = differing_keys(was.objects, now.objects);
  std::set<std::string> keys = changed;
  for (const auto& table : last.tables) { // their keys take the referenced table's name and key
    for (const auto& fk : table.foreign_keys) {
      if (changed.contains(now.key(fk.references.name))) {
        keys.insert(now.key(table.name));
      }
    }
  }
  ReadOptions scoped = options;
  scoped.only = keys;
  schemas::Schema part = dialect.normalize(read_schema(connection, dialect, scoped));
  if (!part.extensions.empty() || !part.enums.empty() || !part.sequences.empty() || !part.functions.empty() ||
      !part.domains.empty() || !part.composite_types.empty() || !part.namespaces.empty() || !part.roles.empty()) {
    return false;
  }
  const schemas::QualifiedOrder by_qualified;
  replace_objects(last.tables, std::move(part.tables), keys, now.key, by_qualified);
  replace_objects(last.views, std::move(part.views), keys, now.key, by_qualified);
  replace_objects(last.virtual_tables, std::move(part.virtual_tables), keys, now.key,
                  [](const auto& a, const auto& b) { return a.name < b.name; });
  return true;
}

void append_rows(std::string& out, const dialects::ResultSet& rows)
{
  out += std::to_string(rows.rows.size()) + "\n";
  for (const auto& row : rows.rows) {
    append_row(out, row);
  }
}

void append_row(std::string& out, const std::vector<dialects::Value>& row)
{
  for (const auto& value : row) {
    if (value) {
      std::array<char, 24> size{};
      const auto end = std::to_chars(size.data(), size.data() + size.size(), value->size()).ptr;
      out.append(size.data(), end);
      out += ':';
      out += *value;
    } else {
      out += '-';
    }
    out += ' ';
  }
  out += '\n';
}

} // namespace strata::introspect
