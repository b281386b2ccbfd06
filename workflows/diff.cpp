#include "workflows/diff.hpp"

#include "dialects/postgres/conninfo.hpp"
#include "dialects/registry.hpp"
#include "migrations/directory.hpp"
#include "schemas/error.hpp"
#include "workflows/inspect.hpp"
#include "workflows/probe_database.hpp"
#include "workflows/scratch.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <system_error>

namespace strata::workflows {

namespace {

bool has_extension(const std::filesystem::path& path, std::initializer_list<const char*> extensions)
{
  const auto extension = path.extension().string();
  for (const char* wanted : extensions) {
    if (extension == wanted) {
      return true;
    }
  }
  return false;
}

bool looks_like_url(const std::string& text)
{
  for (const char* prefix : {"sqlite:", "sqlite3:", "file:", "postgres://", "postgresql://", "mysql://", "mariadb://"}) {
    if (text.rfind(prefix, 0) == 0) {
      return true;
    }
  }
  return dialects::postgres::is_keyword_conninfo(text);
}

// A folder of schema files holds .yaml/.yml files and no .sql file; anything else (migration
// files, strata.sum, nothing at all) is a migration folder.
bool schema_folder(const std::filesystem::path& dir)
{
  bool yaml = false;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (has_extension(entry.path(), {".sql"}) || entry.path().filename() == "strata.sum") {
      return false;
    }
    yaml = yaml || has_extension(entry.path(), {".yaml", ".yml"});
  }
  return yaml;
}

// The side's engine when it is a database; empty otherwise.
std::string engine_of_side(const DiffSide& side)
{
  return side.url ? side.url->scheme : std::string();
}

// The engine of the diff: the databases' (which must agree; --engine must name it too); without
// a database side, --engine (--dev-db must be of it), else --dev-db's.
std::string diff_engine(const DiffSide& from, const DiffSide& to, const DiffRequest& request)
{
  std::string engine;
  std::string because;
  auto take = [&](const std::string& candidate, const std::string& source) {
    if (candidate.empty()) {
      return;
    }
    if (engine.empty()) {
      engine = candidate;
      because = source;
    } else if (engine != candidate) {
      throw Error(ErrorKind::usage, fmt::format("{} is {} but {} is {}: a diff compares schemas of one engine",
                                                because, engine, source, candidate));
    }
  };
  take(engine_of_side(to), "TO (" + to.describe() + ")");
  take(engine_of_side(from), "FROM (" + from.describe() + ")");
  if (!request.engine.empty()) {
    take(dialects::dialect_for(request.engine).name, "--engine");
  }
  if (request.dev_db && engine.empty()) {
    // With a database side the engine is known: a --dev-db of another engine (a project's
    // dev_db) matters only where a scratch database is needed, and open_scratch refuses it there.
    take(request.dev_db->scheme, "--dev-db " + request.dev_db->redacted());
  }
  if (engine.empty()) {
    throw Error(ErrorKind::usage, "neither side is a database, so the engine is not known: give --engine "
                                  "sqlite|postgres|mysql (and --dev-db URL for a server engine)");
  }
  return engine;
}

// Where replays and schema files are created: --dev-db, else next to a database side (its
// server), else for SQLite an in-memory database.
std::unique_ptr<migrations::ScratchDatabase> open_diff_scratch(const DiffRequest& request,
                                                               const std::optional<dialects::DbUrl>& server,
                                                               const std::string& engine, const DiffSide& side)
{
  if (!request.dev_db && !server && engine != "sqlite") {
    throw Error(ErrorKind::usage,
                fmt::format("{} is not a database, so it is built on a scratch database: give --dev-db URL (an empty "
                            "{} database strata may fill and clear), or make the other side a database (a temporary "
                            "database is then created on its server)",
                            side.describe(), engine));
  }
  if (request.dev_db && request.dev_db->scheme != engine) {
    throw Error(ErrorKind::usage, fmt::format("{} is built on the scratch database, but --dev-db {} is {} and the diff "
                                              "is {}: give a --dev-db of {}",
                                              side.describe(), request.dev_db->redacted(), request.dev_db->scheme,
                                              engine, engine));
  }
  if (!request.dev_db && !server) {
    return open_scratch(std::nullopt, dialects::DbUrl::parse("sqlite::memory:"));
  }
  return open_scratch(request.dev_db, server);
}

std::optional<std::string> newest_version(const migrations::Directory& directory)
{
  if (directory.migrations().empty()) {
    return std::nullopt;
  }
  return directory.migrations().back().version;
}

// FROM's schemas (namespaces) besides the default one, so that its objects there are read and
// compared too, not only those in the schemas TO names (PostgreSQL; none on other engines).
std::vector<std::string> other_schemas(dialects::Connection& connection, const dialects::Dialect& dialect)
{
  if (!dialect.capabilities.schemas) {
    return {};
  }
  return read_options_for(snapshot(connection, dialect)).extra_schemas;
}

migrations::Directory open_folder(const DiffSide& side)
{
  auto directory = migrations::Directory::open(side.path);
  directory.verify_sum_or_throw();
  return directory;
}

} // namespace

std::string DiffSide::describe() const
{
  switch (kind) {
  case Kind::database:
    return "database " + url->redacted();
  case Kind::migrations:
    return "migration folder " + path.string();
  case Kind::schema:
    break;
  }
  return (std::filesystem::is_directory(path) ? "schema folder " : "schema file ") + path.string();
}

DiffSide classify_side(const std::string& text)
{
  DiffSide side;
  side.text = text;
  if (text.empty()) {
    throw Error(ErrorKind::usage, "an empty FROM or TO: name a schema file or folder, a database URL or a migration "
                                  "folder");
  }
  if (looks_like_url(text)) {
    side.kind = DiffSide::Kind::database;
    side.url = dialects::DbUrl::parse(text);
    return side;
  }
  std::error_code ec;
  const auto status = std::filesystem::status(text, ec);
  if (!std::filesystem::exists(status)) {
    throw Error(ErrorKind::usage, fmt::format("{}: no such file or folder (a side is a schema file or folder, a "
                                              "migration folder, or a database URL such as sqlite:app.db)",
                                              text));
  }
  side.path = text;
  if (std::filesystem::is_directory(status)) {
    side.kind = schema_folder(side.path) ? DiffSide::Kind::schema : DiffSide::Kind::migrations;
  } else if (has_extension(side.path, {".yaml", ".yml"})) {
    side.kind = DiffSide::Kind::schema;
  } else {
    side.kind = DiffSide::Kind::database; // a bare path: a SQLite file
    side.url = dialects::DbUrl::parse("sqlite:" + text);
  }
  return side;
}

DiffResult run_diff(const DiffRequest& request)
{
  DiffResult result;
  result.from = classify_side(request.from);
  result.to = classify_side(request.to);
  const auto& from = result.from;
  const auto& to = result.to;
  const std::string engine = diff_engine(from, to, request);
  const auto& dialect = dialects::dialect_for(engine);
  result.dialect = &dialect;

  // Offline mistakes first: the schema files and the folders' strata.sum.
  std::optional<schemas::Schema> from_schema;
  std::optional<schemas::Schema> to_schema;
  std::optional<migrations::Directory> from_folder;
  std::optional<migrations::Directory> to_folder;
  if (from.kind == DiffSide::Kind::schema) {
    from_schema = load_desired(from.path, &dialect);
  } else if (from.kind == DiffSide::Kind::migrations) {
    from_folder = open_folder(from);
  }
  if (to.kind == DiffSide::Kind::schema) {
    to_schema = load_desired(to.path, &dialect);
  } else if (to.kind == DiffSide::Kind::migrations) {
    to_folder = open_folder(to);
  }
  const std::optional<dialects::DbUrl> server = from.url ? from.url : to.url;

  // TO first: a replay on --dev-db must be done (and the database emptied) before FROM uses it.
  if (to.kind == DiffSide::Kind::database) {
    Database db = open_database(*to.url, {}, Access::read_only);
    to_schema = snapshot(*db.connection, dialect);
  } else if (to_folder) {
    auto scratch = open_diff_scratch(request, server, engine, to);
    if (const auto newest = newest_version(*to_folder)) {
      replay_folder(*scratch, *to_folder, newest, "replaying TO (" + to.describe() + ")");
    }
    to_schema = snapshot(*scratch);
  }

  PlanSettings settings;
  settings.concurrent_indexes = false; // one script: nothing that must run outside a transaction
  if (from.kind == DiffSide::Kind::database) {
    Database db = open_database(*from.url, {}, Access::read_only);
    settings.read_only = ProbeScratch{request.dev_db, from.url};
    Source source = source_of(db);
    source.extra_schemas = other_schemas(*db.connection, dialect);
    result.planned = plan_against(source, std::move(*to_schema), settings);
  } else {
    auto scratch = open_diff_scratch(request, server, engine, from);
    if (from_folder) {
      spdlog::debug("replaying {} on {}", from.describe(), scratch->describe());
      replay_folder(*scratch, *from_folder, std::nullopt, "replaying FROM (" + from.describe() + ")");
    } else {
      spdlog::debug("creating {} on {}", from.describe(), scratch->describe());
      create_copies(*scratch, dialect.normalize(*from_schema),
                    [&](const schemas::Operation& operation, const Error& e) {
                      throw Error(e.kind(), fmt::format("FROM ({}): {} failed on {}: {}", from.describe(),
                                                        schemas::describe(operation), scratch->describe(), e.what()));
                    });
    }
    settings.live_counts = false; // the scratch tables hold no rows
    Source source = scratch_source(*scratch);
    source.extra_schemas = other_schemas(scratch->connection(), dialect);
    result.planned = plan_against(source, std::move(*to_schema), settings);
  }
  result.rendered_plan =
    migrations::render_plan(result.planned.plan, dialect, &result.planned.live, &result.planned.desired, settings);
  result.script = script_of(result.rendered_plan);
  return result;
}

} // namespace strata::workflows
