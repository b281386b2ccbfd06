#include "dialects/registry.hpp"

#include "schemas/engines.hpp"
#include "schemas/error.hpp"

#include <map>

namespace strata::dialects {

// dialects::<engine>::dialect(), declared for every engine of the list (dialects/<engine>/).
#define STRATA_DECLARE_DIALECT(engine)                                                                                 \
  namespace engine {                                                                                                   \
  const Dialect& dialect();                                                                                            \
  }
STRATA_ENGINES(STRATA_DECLARE_DIALECT)
#undef STRATA_DECLARE_DIALECT

namespace {

const std::map<std::string, const Dialect*>& registry()
{
#define STRATA_REGISTER_DIALECT(engine) {#engine, &engine::dialect()},
  static const std::map<std::string, const Dialect*> dialects{STRATA_ENGINES(STRATA_REGISTER_DIALECT)};
#undef STRATA_REGISTER_DIALECT
  return dialects;
}

} // namespace

const Dialect& dialect_for(const std::string& engine)
{
  const auto it = registry().find(engine);
  if (it == registry().end()) {
    throw Error(ErrorKind::usage, "engine '" + engine + "' is not supported by this build of strata");
  }
  return *it->second;
}

const Dialect& dialect_for(const DbUrl& url)
{
  return dialect_for(url.scheme);
}

std::vector<std::string> registered_engines()
{
  std::vector<std::string> names;
  for (const auto& [name, dialect] : registry()) {
    names.push_back(name);
  }
  return names;
}

} // namespace strata::dialects
