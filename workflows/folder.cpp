#include "workflows/folder.hpp"

#include "migrations/batch_step.hpp"
#include "migrations/directory.hpp"
#include "schemas/error.hpp"
#include "schemas/yaml.hpp"
#include "workflows/planning.hpp"

#include <fmt/format.h>

#include <cctype>
#include <tuple>

namespace strata::workflows {

namespace {

void check_slug(const std::string& slug)
{
  for (char c : slug) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) == 0 && c != '_' && c != '-') {
      throw Error(ErrorKind::usage, "slug '" + slug + "' may only hold letters, digits, '_' and '-'");
    }
  }
  if (slug.empty()) {
    throw Error(ErrorKind::usage, "the slug must not be empty");
  }
}

void validate_schema(const std::filesystem::path& path, const dialects::Rendering* engine, ValidateResult& result)
{
  const auto loaded = load_for_engine(path, engine);
  for (const auto& diagnostic : loaded.diagnostics) {
    result.schema_problems.push_back(diagnostic.str());
  }
  result.tables = loaded.schema.tables.size();
  result.views = loaded.schema.views.size();
}

void validate_folder(const std::filesystem::path& dir, ValidateResult& result)
{
  try {
    const auto directory = migrations::Directory::open(dir);
    result.folder_problems = directory.verify_sum();
    result.migrations = directory.migrations().size();
    // Batched steps' directives, read with the syntax every engine's files share (apply checks
    // them again with its engine's before it runs anything).
    for (const auto& m : directory.migrations()) {
      for (const auto& [sql, path, header] : {std::tuple{&m.up_sql, &m.up_path, &m.up_header},
                                              std::tuple{&m.down_sql, &m.down_path, &m.down_header}}) {
        try {
          if (!path->empty()) {
            migrations::find_batches(*sql, migrations::split_statements(*sql), dialects::lex::portable_syntax(),
                                     path->string(), header->batched);
          }
        } catch (const Error& e) {
          result.folder_problems.emplace_back(e.what());
        }
      }
    }
  } catch (const Error& e) {
    result.folder_problems = {e.what()};
  }
}

} // namespace

NewMigration create_migration(const NewMigrationRequest& request)
{
  check_slug(request.slug);
  const auto& dir = request.dir;
  const auto before = migrations::Directory::open(dir);
  before.verify_sum_or_throw();
  NewMigration created;
  created.version = before.next_version();
  const std::string base = created.version + "_" + request.slug;
  created.up = dir / (base + ".up.sql");
  created.down = dir / (base + ".down.sql");

  std::filesystem::create_directories(dir);
  migrations::write_file_atomic(
    created.up,
    fmt::format("-- strata: version {}\n"
                "-- Hand-written migration. Write the SQL that applies it below, each statement ending with ';'.\n"
                "-- Then run `strata hash` so strata.sum records the edited file.\n\n",
                created.version));
  migrations::write_file_atomic(
    created.down,
    fmt::format("-- strata: version {}\n"
                "-- Write the SQL that undoes {} below (run by `strata rollback`), each statement ending with ';'.\n"
                "-- Then run `strata hash` so strata.sum records the edited file.\n\n",
                created.version, created.up.filename().string()));
  migrations::Directory::open(dir).write_sum();
  return created;
}

HashResult rehash(const std::filesystem::path& dir)
{
  if (!std::filesystem::is_directory(dir)) {
    throw Error(ErrorKind::input, "migration folder " + dir.string() + " does not exist");
  }
  const auto directory = migrations::Directory::open(dir);
  HashResult result{dir / "strata.sum", directory.migrations().size(), directory.verify_sum()};
  directory.write_sum();
  return result;
}

ValidateResult validate(const ValidateRequest& request)
{
  ValidateResult result;
  result.schema_path = request.schema_path;
  const dialects::Rendering* engine = engine_of(Target{request.db, {}});
  result.engine = engine != nullptr ? engine->name : std::string();
  if (request.schema_path) {
    validate_schema(*request.schema_path, engine, result);
  }
  result.dir = request.dir;
  validate_folder(request.dir, result);
  return result;
}

} // namespace strata::workflows
