#pragma once
// A C library strata loads when a command first needs it (dlopen) instead of at every start:
// libpq and libmariadb bring 24 further libraries (Kerberos, LDAP, GnuTLS, ...) whose loading and
// relocation took ~5 ms of every command's start, SQLite's included. The soname is that of the
// library whose header the build compiled against (CMake reads it from the library), so the ABI is
// the one compiled for.

#include <string>

namespace strata::dialects {

class ClientLibrary {
public:
  // Loads `soname`; throws strata::Error(database) naming what needs it, the library and the
  // loader's reason when it cannot be loaded (the package is not installed, ...).
  ClientLibrary(std::string purpose, std::string soname);
  ClientLibrary(const ClientLibrary&) = delete;
  ClientLibrary& operator=(const ClientLibrary&) = delete;
  ~ClientLibrary() = default; // never closed: the process may hold the library's objects to the end

  // Sets `function` to the library's `name`; throws naming the symbol when it lacks it.
  template <class Function>
  void bind(Function& function, const char* name) const
  {
    function = reinterpret_cast<Function>(address(name));
  }

private:
  void* address(const char* name) const;

  std::string m_purpose;
  std::string m_soname;
  void* m_handle = nullptr;
};

} // namespace strata::dialects

// For a library's list of functions X(name) X(name) ...: a member per function, named and typed as
// the library's header declares it (`struct Api { LIST(STRATA_CLIENT_FUNCTION) };`), and the
// statement that binds one of them (`LIST(STRATA_CLIENT_BIND)` with `library` and `functions` in scope).
#define STRATA_CLIENT_FUNCTION(name) decltype(&::name) name = nullptr;
#define STRATA_CLIENT_BIND(name) library.bind(functions.name, #name);
