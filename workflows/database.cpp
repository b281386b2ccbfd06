#include "workflows/database.hpp"

#include "dialects/registry.hpp"
#include "schemas/error.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>

namespace strata::workflows {

namespace {

// "NAME[,EXTRA...]" into the default schema and the extras; the search_path puts the default
// first and public after it (extensions and shared types usually live there).
void apply_schema_names(Database& db, const std::string& names)
{
  if (!db.dialect->capabilities.schemas) {
    throw Error(ErrorKind::usage, "--schema-name needs an engine with schemas (PostgreSQL); " + db.dialect->name +
                                    " has none");
  }
  for (size_t pos = 0; pos <= names.size();) {
    const auto comma = std::min(names.find(',', pos), names.size());
    const auto name = names.substr(pos, comma - pos);
    if (name.empty()) {
      throw Error(ErrorKind::usage, "--schema-name '" + names + "' has an empty schema name");
    }
    (db.default_schema.empty() ? db.default_schema : db.extra_schemas.emplace_back()) = name;
    pos = comma + 1;
  }
  // A quoted name keeps its case and any comma or space it holds.
  std::string quoted = "\"";
  for (char c : db.default_schema) {
    quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  }
  db.url.params["search_path"] = quoted + "\"" + (db.default_schema == "public" ? "" : ", public");
}

} // namespace

Database open_database(const dialects::DbUrl& url, const std::string& schema_names, Access access)
{
  if (access == Access::read_write && missing_sqlite_file(url)) {
    throw Error(ErrorKind::input, "cannot open " + url.redacted() + ": " + url.path +
                                    " does not exist (only `strata apply` creates a database file; is the path right?)");
  }
  Database db;
  db.url = url;
  db.url.read_only = access == Access::read_only;
  db.dialect = &dialects::dialect_for(db.url);
  if (!schema_names.empty()) {
    apply_schema_names(db, schema_names);
  }
  spdlog::debug("connecting to {}", db.url.redacted());
  db.connection = db.dialect->connect(db.url);
  return db;
}

Database open_database(const Target& target, Access access)
{
  if (!target.url) {
    throw Error(ErrorKind::usage, "no database given: pass --db URL or --env NAME (an environment of strata.yaml), or set STRATA_DB");
  }
  return open_database(*target.url, target.schema_names, access);
}

Database open_or_empty(const Target& target)
{
  if (!target.url || !missing_sqlite_file(*target.url)) {
    return open_database(target);
  }
  auto empty = *target.url;
  empty.path = ":memory:";
  spdlog::debug("{} does not exist yet: planning against an empty database", target.url->redacted());
  Database db = open_database(empty, target.schema_names);
  db.url = *target.url;
  return db;
}

Source source_of(Database& db)
{
  return Source{*db.connection, *db.dialect, db.url, db.default_schema, db.extra_schemas};
}

namespace {

std::string default_schema_of(const dialects::Dialect& dialect, const dialects::DbUrl& url, const std::string& named)
{
  if (!named.empty()) {
    return named;
  }
  // Without --schema-name (and without a search_path in the URL) the default schema is public.
  return dialect.capabilities.schemas && url.params.count("search_path") == 0 ? std::string("public") : std::string{};
}

} // namespace

std::string default_schema_of(const Source& source)
{
  return default_schema_of(source.dialect, source.url, source.default_schema);
}

std::string default_schema_of(const Target& target)
{
  if (!target.url) {
    return {};
  }
  // open_database's default schema: --schema-name's first name (apply_schema_names).
  const std::string named = target.schema_names.substr(0, target.schema_names.find(','));
  return default_schema_of(dialects::dialect_for(*target.url), *target.url, named);
}

bool missing_sqlite_file(const dialects::DbUrl& url)
{
  return dialects::dialect_for(url).capabilities.embedded && url.path != ":memory:" &&
         !std::filesystem::exists(url.path);
}

} // namespace strata::workflows
