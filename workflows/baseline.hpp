#pragma once
// Adopting a database that already holds a schema. `strata baseline` writes schema.yaml and a
// baseline migration (the live schema's full DDL, `-- strata: baseline`) into a folder without
// migrations and records it as applied on that database without running it. `strata apply
// --baseline VERSION` adopts another database whose schema equals the folder replayed up to
// VERSION (proven on a scratch database), then applies the files after it.

#include "migrations/rendered_plan.hpp"
#include "migrations/writer.hpp"
#include "workflows/migrate.hpp"
#include "workflows/planning.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace strata::workflows {

// The live schema compared with the folder replayed up to a version, as drift --against
// migrations compares them.
struct BaselineProof {
  std::string baseline;                   // "migrations up to <version>"
  Planned planned;                        // what would turn the live schema into the replayed one
  migrations::RenderedPlan rendered_plan; // its statements (the differences' fixes)
  const dialects::Dialect* dialect = nullptr;
  bool matches() const { return planned.plan.empty(); }
};

// Replays `directory` up to and including `version` on a scratch database (`dev`, else a
// temporary one on db's server; SQLite: in memory) and compares it with db's live schema. The
// canonical-form probes run on a scratch database too: db is only read.
BaselineProof prove_baseline(Database& db, const migrations::Directory& directory, const std::string& version,
                             const std::optional<dialects::DbUrl>& dev);

struct BaselineRequest {
  Target target;
  std::filesystem::path schema_path;
  std::filesystem::path dir;
  std::string version; // empty: the next version of the folder (UTC timestamp)
  bool force = false;  // overwrite an existing schema file
  std::optional<dialects::DbUrl> dev_db;
  migrations::ExecutorOptions executor;
};

struct BaselineResult {
  std::string database; // redacted URL
  std::string version;
  std::filesystem::path schema_file;
  size_t tables = 0;
  size_t views = 0;
  migrations::WrittenFiles files;
  // Set when replaying the written file does not reproduce the live schema: then every file was
  // removed again and nothing recorded.
  std::optional<BaselineProof> mismatch;
};

// Error(input) when the folder holds migrations, the schema file exists (without force), the
// database has history rows or no tables; anything that fails after the files were written
// removes them again (and puts back a schema file --force replaced) before it is reported.
BaselineResult run_baseline(const BaselineRequest& request);

struct AdoptResult {
  std::vector<std::string> baselined; // files recorded as applied without running (would be, dry run)
  RunResult run;                      // the later files applied after them
  std::optional<BaselineProof> mismatch; // set when the live schema differs: nothing recorded or run
};

// `apply --baseline VERSION`: Error(input) when VERSION is not in the folder or the database has
// history; proves the live schema (prove_baseline), records the versions up to VERSION as
// `baselined`, then applies the later pending files (up to request.to) as run_apply does.
AdoptResult run_apply_baseline(const RunRequest& request, const std::string& version,
                               const std::optional<dialects::DbUrl>& dev_db);

} // namespace strata::workflows
