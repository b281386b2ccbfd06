#pragma once
// The MySQL/MariaDB client library's functions strata calls (Debian's libmariadb through
// default-libmysqlclient-dev), from the library loaded when a MySQL URL is first used
// (dialects/client_library.hpp), not at every start of strata.

#include "dialects/client_library.hpp"

#include <mysql.h>

namespace strata::dialects::mysql {

// Every client library function strata calls, each once. mysql_library_init is a macro naming
// mysql_server_init.
#define STRATA_LIBMYSQL_FUNCTIONS(X)                                                                                   \
  X(mysql_close)                                                                                                       \
  X(mysql_errno)                                                                                                       \
  X(mysql_error)                                                                                                       \
  X(mysql_fetch_fields)                                                                                                \
  X(mysql_fetch_lengths)                                                                                               \
  X(mysql_fetch_row)                                                                                                   \
  X(mysql_field_count)                                                                                                 \
  X(mysql_free_result)                                                                                                 \
  X(mysql_init)                                                                                                        \
  X(mysql_next_result)                                                                                                 \
  X(mysql_num_fields)                                                                                                  \
  X(mysql_optionsv)                                                                                                    \
  X(mysql_real_connect)                                                                                                \
  X(mysql_real_query)                                                                                                  \
  X(mysql_server_init)                                                                                                 \
  X(mysql_sqlstate)                                                                                                    \
  X(mysql_store_result)                                                                                                \
  X(mysql_use_result)

// Each member has the name and type of the function it points to: libmysql().mysql_init(...).
struct Libmysql {
  STRATA_LIBMYSQL_FUNCTIONS(STRATA_CLIENT_FUNCTION)
};

// Loads and initialises the library on the first call (thread-safe: mysql_init is not before the
// library's own initialisation); throws strata::Error(database) when it cannot be loaded.
const Libmysql& libmysql();

} // namespace strata::dialects::mysql
