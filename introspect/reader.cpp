#include "introspect/reader.hpp"

#include "introspect/mysql/mysql_reader.hpp"
#include "introspect/postgres/postgres_reader.hpp"
#include "introspect/sqlite/sqlite_reader.hpp"
#include "schemas/error.hpp"

#include <map>

namespace strata::introspect {

namespace {

using ReadFunction = schemas::Schema (*)(dialects::Connection&, const dialects::Dialect&, const ReadOptions&);

// One reader per engine, keyed like the dialect registry (Connection::engine()).
const std::map<std::string, ReadFunction>& readers()
{
  static const std::map<std::string, ReadFunction> map{
    {"sqlite", &sqlite::read},
    {"postgres", &postgres::read},
    {"mysql", &mysql::read},
  };
  return map;
}

} // namespace

schemas::Schema read_schema(dialects::Connection& connection, const dialects::Dialect& dialect,
                            const ReadOptions& options)
{
  const auto it = readers().find(connection.engine());
  if (it == readers().end()) {
    throw Error(ErrorKind::usage, "no schema reader for engine '" + connection.engine() + "'");
  }
  return it->second(connection, dialect, options);
}

} // namespace strata::introspect
