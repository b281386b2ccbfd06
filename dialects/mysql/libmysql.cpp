#include "dialects/mysql/libmysql.hpp"

namespace strata::dialects::mysql {

const Libmysql& libmysql()
{
  static const Libmysql loaded = [] {
    static const ClientLibrary library("MySQL/MariaDB", STRATA_LIBMYSQL_SONAME);
    Libmysql functions;
    STRATA_LIBMYSQL_FUNCTIONS(STRATA_CLIENT_BIND)
    functions.mysql_server_init(0, nullptr, nullptr); // mysql_library_init
    return functions;
  }();
  return loaded;
}

} // namespace strata::dialects::mysql
