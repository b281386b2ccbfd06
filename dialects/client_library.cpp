#include "dialects/client_library.hpp"

#include "schemas/error.hpp"

#include <dlfcn.h>

#include <utility>

namespace strata::dialects {

ClientLibrary::ClientLibrary(std::string purpose, std::string soname)
    : m_purpose(std::move(purpose)), m_soname(std::move(soname))
{
  // RTLD_NOW: a missing symbol of the library's own shows here, not in the middle of a command.
  m_handle = dlopen(m_soname.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (m_handle == nullptr) {
    const char* reason = dlerror();
    throw Error(ErrorKind::database, m_purpose + " needs the shared library " + m_soname +
                                         ", which could not be loaded: " + (reason ? reason : "unknown reason"));
  }
}

void* ClientLibrary::address(const char* name) const
{
  dlerror();
  void* found = dlsym(m_handle, name);
  if (found == nullptr) {
    throw Error(ErrorKind::database, m_purpose + " needs " + name + " from " + m_soname + ", which it does not have");
  }
  return found;
}

} // namespace strata::dialects
