#pragma once
// What the executor's batched data steps (`-- strata: batch` in a migration file) need of an
// engine: the rows a statement changed, a transaction that can write at once, and a bound on how
// long the statements of one batch may run. Each engine defines it in its folder.

#include "dialects/connection.hpp"

#include <chrono>
#include <string>

namespace strata::dialects {

struct BatchSupport {
  // Runs one UPDATE/DELETE/INSERT and returns the rows it changed (PostgreSQL's command tag,
  // MySQL ROW_COUNT(), SQLite changes()). Throws DatabaseError.
  long long (*execute_counting)(Connection& connection, const std::string& sql) = nullptr;
  // Starts the transaction of one batch (SQLite: BEGIN IMMEDIATE, so that reading the batch's
  // key range never has to upgrade its lock behind another writer).
  void (*begin)(Connection& connection) = nullptr;
  // Bounds each statement that follows to `limit` (a batch's timeout=, a file's statement
  // timeout): `transaction_only`, in the current transaction alone where the engine can (PostgreSQL
  // SET LOCAL statement_timeout), else for the session (PostgreSQL SET statement_timeout, MariaDB
  // max_statement_time, SQLite a progress handler timing each statement from its start);
  // end_time_limit lifts it (the server's default again). Throws Error(input) where the server has
  // no such bound (limits_time false).
  void (*limit_time)(Connection& connection, std::chrono::milliseconds limit, bool transaction_only) = nullptr;
  void (*end_time_limit)(Connection& connection) = nullptr;
  // False where no statement but a SELECT can be bounded (MySQL's max_execution_time).
  bool (*limits_time)(Connection& connection) = nullptr;
  // True when a statement failed because the bound above ran out (the DatabaseError's message
  // and code).
  bool (*timed_out)(const std::string& message, const std::string& code) = nullptr;
};

namespace sqlite {
const BatchSupport& batch_support(); // batch.cpp
}
namespace postgres {
const BatchSupport& batch_support(); // batch.cpp
}
namespace mysql {
const BatchSupport& batch_support(); // batch.cpp
}

inline const BatchSupport& batch_support(const std::string& engine)
{
  if (engine == "postgres") {
    return postgres::batch_support();
  }
  if (engine == "mysql") {
    return mysql::batch_support();
  }
  return sqlite::batch_support();
}

} // namespace strata::dialects
