#include "introspect/reader.hpp"

#include "introspect/postgres/postgres_reader.hpp"
#include "introspect/sqlite/sqlite_reader.hpp"
#include "schemas/error.hpp"

namespace strata::introspect {

schemas::Schema read_schema(dialects::Connection& connection, const dialects::Dialect& dialect,
                            const ReadOptions& options)
{
  const std::string& engine = connection.engine();
  if (engine == "sqlite") {
    return sqlite::read(connection, dialect, options);
  }
  if (engine == "postgres") {
    return postgres::read(connection, dialect, options);
  }
  throw Error(ErrorKind::usage, "no schema reader for engine '" + engine + "'");
}

} // namespace strata::introspect
