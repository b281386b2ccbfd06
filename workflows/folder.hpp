#pragma once
// The offline commands on a migration folder (no database): new (the next hand-written up/down
// pair), hash (strata.sum rewritten after a deliberate edit) and validate (the schema YAML and
// the folder checked).

#include "dialects/url.hpp"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace strata::workflows {

struct NewMigrationRequest {
  std::filesystem::path dir;
  std::string slug; // letters, digits, '_' and '-'
};

struct NewMigration {
  std::string version;
  std::filesystem::path up;
  std::filesystem::path down;
};

// Error(usage) for a bad slug; IntegrityError when the folder does not match strata.sum (a new
// file must not bless an edited folder). Creates the folder when needed, writes both files with
// their headers and rewrites strata.sum to include them.
NewMigration create_migration(const NewMigrationRequest& request);

struct HashResult {
  std::filesystem::path sum_file;
  size_t migrations = 0;
  std::vector<std::string> accepted; // the strata.sum problems the rewrite accepts
};

// Error(input) when the folder does not exist.
HashResult rehash(const std::filesystem::path& dir);

struct ValidateRequest {
  std::optional<std::filesystem::path> schema_path; // nullopt: the schema is not checked
  std::filesystem::path dir;
  // --db: only its engine is used (never connected to): the schema's names are checked against
  // that engine's rules too (Rendering::name_problem). nullopt: the rules every engine shares.
  std::optional<dialects::DbUrl> db{};
};

struct ValidateResult {
  std::optional<std::filesystem::path> schema_path;
  std::string engine;                       // the engine whose name rules were checked ("" none)
  std::vector<std::string> schema_problems; // "file:line:col: message"
  size_t tables = 0;                        // the valid schema's tables and views
  size_t views = 0;
  std::filesystem::path dir;
  std::vector<std::string> folder_problems; // a folder that cannot be read at all: its one error
  size_t migrations = 0;
  size_t problems() const { return schema_problems.size() + folder_problems.size(); }
  bool schema_ok() const { return schema_path && schema_problems.empty(); }
};

ValidateResult validate(const ValidateRequest& request);

} // namespace strata::workflows
