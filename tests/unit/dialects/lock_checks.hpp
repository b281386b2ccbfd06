#pragma once
// The migration-lock check the PostgreSQL and MySQL tests share: written once, called per engine.

#include "dialects/dialect.hpp"
#include "dialects/health.hpp"
#include "schemas/error.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace strata::test {

struct SecondLock {
  std::string message;                  // why the second connection failed while the first held it
  std::unique_ptr<dialects::Lock> taken; // the lock the second connection took afterwards
};

// While `first` holds the lock, `second` waits its bounded 300 ms and fails; then (the lock
// released) `second` takes it at once.
inline SecondLock check_second_lock_waits(const dialects::Dialect& dialect, dialects::Connection& first,
                                           dialects::Connection& second, const dialects::DbUrl& url)
{
  SecondLock out;
  {
    const auto held = dialect.acquire_lock(first, url, std::chrono::milliseconds(1000));
    const auto start = std::chrono::steady_clock::now();
    try {
      dialect.acquire_lock(second, url, std::chrono::milliseconds(300));
    } catch (const Error& e) {
      out.message = e.what();
    }
    const auto waited = std::chrono::steady_clock::now() - start;
    CHECK(waited >= std::chrono::milliseconds(300));
    CHECK(waited < std::chrono::milliseconds(3000));
  }
  // Released by the destructor: the second connection now gets it at once.
  const auto start = std::chrono::steady_clock::now();
  out.taken = dialect.acquire_lock(second, url, std::chrono::milliseconds(300));
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(300));
  return out;
}

// doctor's lock_holder (dialects/health.hpp) seen from `looker`: "" while the lock is free; while
// `holder` holds it, a text starting with `named` (holder's session as the engine names it), after
// which `took_nothing` (a query on `looker`) still returns 1: looking took no lock, the holder keeps
// it; "" again once released.
inline void check_lock_holder_looks(const dialects::Dialect& dialect, dialects::Connection& holder,
                                    dialects::Connection& looker, const dialects::DbUrl& url, const std::string& named,
                                    const std::string& took_nothing)
{
  const auto* health = dialects::health(dialect.name);
  REQUIRE(health != nullptr);
  CHECK(health->lock_holder(looker, url).empty());
  {
    const auto lock = dialect.acquire_lock(holder, url, std::chrono::milliseconds(1000));
    CHECK_THAT(health->lock_holder(looker, url), Catch::StartsWith(named));
    const auto result = looker.query(took_nothing);
    REQUIRE(!result.rows.empty());
    CHECK(result.rows[0][0] == std::optional<std::string>("1"));
  }
  CHECK(health->lock_holder(looker, url).empty());
}

} // namespace strata::test
