// SCAFFOLD: replaced by the real reader during issue 3.
#include "introspect/postgres/postgres_reader.hpp"

#include "schemas/error.hpp"

namespace strata::introspect::postgres {

schemas::Schema read(dialects::Connection&, const dialects::Dialect&, const ReadOptions&)
{
  throw Error(ErrorKind::internal, "postgres reader: not implemented yet");
}

} // namespace strata::introspect::postgres
