#include "dialects/registry.hpp"

#include "dialects/mysql/mysql_dialect.hpp"
#include "dialects/postgres/postgres_dialect.hpp"
#include "dialects/sqlite/sqlite_dialect.hpp"
#include "schemas/error.hpp"

#include <map>
#include <mutex>

namespace strata::dialects {

namespace {
std::map<std::string, std::unique_ptr<Dialect>>& registry()
{
  static std::map<std::string, std::unique_ptr<Dialect>> dialects;
  return dialects;
}
} // namespace

void register_builtin_dialects()
{
  static std::once_flag once;
  std::call_once(once, [] {
    auto sqlite = sqlite::make_dialect();
    registry().emplace(sqlite->name(), std::move(sqlite));
    auto postgres = postgres::make_dialect();
    registry().emplace(postgres->name(), std::move(postgres));
    auto mysql = mysql::make_dialect();
    registry().emplace(mysql->name(), std::move(mysql));
  });
}

const Dialect& dialect_for(const std::string& engine)
{
  register_builtin_dialects();
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
  register_builtin_dialects();
  std::vector<std::string> names;
  for (const auto& [name, dialect] : registry()) {
    names.push_back(name);
  }
  return names;
}

} // namespace strata::dialects
