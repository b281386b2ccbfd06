#include "dialects/postgres/libpq.hpp"

namespace strata::dialects::postgres {

const Libpq& libpq()
{
  static const Libpq loaded = [] {
    static const ClientLibrary library("PostgreSQL", STRATA_LIBPQ_SONAME);
    Libpq functions;
    STRATA_LIBPQ_FUNCTIONS(STRATA_CLIENT_BIND)
    return functions;
  }();
  return loaded;
}

} // namespace strata::dialects::postgres
