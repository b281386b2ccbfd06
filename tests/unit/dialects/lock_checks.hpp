#pragma once
// The migration-lock check the PostgreSQL and MySQL tests share: written once, called per engine.

#include "dialects/dialect.hpp"
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

} // namespace strata::test
