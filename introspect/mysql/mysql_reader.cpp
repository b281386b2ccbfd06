// The MySQL/MariaDB reader: batch information_schema queries for the connection's database.
// SCAFFOLD (groundwork): the read-side owner writes it.

#include "introspect/mysql/mysql_reader.hpp"

#include "schemas/error.hpp"

namespace strata::introspect::mysql {

schemas::Schema read(dialects::Connection& /*connection*/, const dialects::Dialect& /*dialect*/,
                     const ReadOptions& /*options*/)
{
  throw Error(ErrorKind::internal, "the MySQL reader is not written yet");
}

} // namespace strata::introspect::mysql
