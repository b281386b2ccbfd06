// dialects/client_library.hpp: a C library loaded when first needed, with errors that name what
// needs it, the library and the symbol.

#include "dialects/client_library.hpp"
#include "schemas/error.hpp"

#include <catch2/catch.hpp>
#include <sqlite3.h>

using strata::Error;
using strata::ErrorKind;
using strata::dialects::ClientLibrary;

TEST_CASE("a client library loads by soname and binds its functions by name", "[client-library]")
{
  // libsqlite3 is linked already: loading it again hands back the same library.
  const ClientLibrary library("SQLite", "libsqlite3.so.0");
  decltype(&::sqlite3_libversion_number) version = nullptr;
  library.bind(version, "sqlite3_libversion_number");
  REQUIRE(version != nullptr);
  CHECK(version() == sqlite3_libversion_number());

  decltype(&::sqlite3_libversion_number) missing = nullptr;
  try {
    library.bind(missing, "sqlite3_strata_no_such_function");
    FAIL("a missing symbol was bound");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::database);
    CHECK(std::string(e.what()) ==
          "SQLite needs sqlite3_strata_no_such_function from libsqlite3.so.0, which it does not have");
  }
  CHECK(missing == nullptr);
}

TEST_CASE("a client library that is not installed is an error naming it and what needs it", "[client-library]")
{
  try {
    const ClientLibrary library("PostgreSQL", "libstrata-absent.so.9");
    FAIL("an absent library was loaded");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::database);
    const std::string message = e.what();
    CHECK(message.rfind("PostgreSQL needs the shared library libstrata-absent.so.9, which could not be loaded: ", 0) == 0);
    CHECK(message.find("No such file") != std::string::npos); // the loader's own reason
  }
}
