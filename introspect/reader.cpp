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
  }
STRATA_ENGINES(STRATA_DECLARE_READER)
#undef STRATA_DECLARE_READER

namespace {

using ReadFunction = schemas::Schema (*)(dialects::Connection&, const dialects::Rendering&, const ReadOptions&);

const std::map<std::string, ReadFunction>& readers()
{
#define STRATA_REGISTER_READER(engine) {#engine, &engine::read},
  static const std::map<std::string, ReadFunction> map{STRATA_ENGINES(STRATA_REGISTER_READER)};
#undef STRATA_REGISTER_READER
  return map;
}

} // namespace

schemas::Schema read_schema(dialects::Connection& connection, const dialects::Rendering& dialect,
                            const ReadOptions& options)
{
  const auto it = readers().find(connection.engine());
  if (it == readers().end()) {
    throw Error(ErrorKind::usage, "no schema reader for engine '" + connection.engine() + "'");
  }
  auto schema = it->second(connection, dialect, options);
  schemas::shrink_to_fit(schema);
  return schema;
}

} // namespace strata::introspect
