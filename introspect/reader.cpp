#include "introspect/reader.hpp"

#include "schemas/engines.hpp"
#include "schemas/error.hpp"

#include <map>

namespace strata::introspect {

// introspect::<engine>::read, declared for every engine of the list (introspect/<engine>/).
#define STRATA_DECLARE_READER(engine)                                                                                  \
  namespace engine {                                                                                                   \
  schemas::Schema read(dialects::Connection& connection, const dialects::Rendering& dialect,                           \
                       const ReadOptions& options);                                                                    \
  std::optional<std::string> fingerprint(dialects::Connection& connection, const dialects::Rendering& dialect,         \
                                         const ReadOptions& options);                                                  \
  }
STRATA_ENGINES(STRATA_DECLARE_READER)
#undef STRATA_DECLARE_READER

namespace {

struct Reader {
  schemas::Schema (*read)(dialects::Connection&, const dialects::Rendering&, const ReadOptions&);
  std::optional<std::string> (*fingerprint)(dialects::Connection&, const dialects::Rendering&, const ReadOptions&);
};

const Reader& reader_of(const dialects::Connection& connection)
{
#define STRATA_REGISTER_READER(engine) {#engine, Reader{&engine::read, &engine::fingerprint}},
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

std::optional<std::string> fingerprint(dialects::Connection& connection, const dialects::Rendering& dialect,
                                       const ReadOptions& options)
{
  return reader_of(connection).fingerprint(connection, dialect, options);
}

void append_rows(std::string& out, const dialects::ResultSet& rows)
{
  out += std::to_string(rows.rows.size()) + "\n";
  for (const auto& row : rows.rows) {
    for (const auto& value : row) {
      out += value ? std::to_string(value->size()) + ":" + *value : std::string("-");
      out += ' ';
    }
    out += '\n';
  }
}

} // namespace strata::introspect
