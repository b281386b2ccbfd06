#pragma once
// libpq's functions strata calls, from libpq loaded when a PostgreSQL URL is first used
// (dialects/client_library.hpp), not at every start of strata.

#include "dialects/client_library.hpp"

#include <libpq-fe.h>

namespace strata::dialects::postgres {

// Every libpq function strata calls, each once.
#define STRATA_LIBPQ_FUNCTIONS(X)                                                                                      \
  X(PQbackendPID)                                                                                                      \
  X(PQclear)                                                                                                           \
  X(PQcmdTuples)                                                                                                       \
  X(PQconnectdbParams)                                                                                                 \
  X(PQconninfoFree)                                                                                                    \
  X(PQconninfoParse)                                                                                                   \
  X(PQerrorMessage)                                                                                                    \
  X(PQexec)                                                                                                            \
  X(PQfinish)                                                                                                          \
  X(PQfname)                                                                                                           \
  X(PQfreemem)                                                                                                         \
  X(PQgetResult)                                                                                                       \
  X(PQgetisnull)                                                                                                       \
  X(PQgetlength)                                                                                                       \
  X(PQgetvalue)                                                                                                        \
  X(PQnfields)                                                                                                         \
  X(PQntuples)                                                                                                         \
  X(PQport)                                                                                                            \
  X(PQresultErrorField)                                                                                                \
  X(PQresultErrorMessage)                                                                                              \
  X(PQresultStatus)                                                                                                    \
  X(PQsendQuery)                                                                                                       \
  X(PQserverVersion)                                                                                                   \
  X(PQsetNoticeProcessor)                                                                                              \
  X(PQsetSingleRowMode)                                                                                                \
  X(PQsocket)                                                                                                          \
  X(PQstatus)                                                                                                          \
  X(PQtransactionStatus)

// Each member has the name and type of the libpq function it points to: libpq().PQexec(...).
struct Libpq {
  STRATA_LIBPQ_FUNCTIONS(STRATA_CLIENT_FUNCTION)
};

// Loads libpq on the first call (thread-safe); throws strata::Error(database) when it cannot.
const Libpq& libpq();

} // namespace strata::dialects::postgres
