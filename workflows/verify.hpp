#pragma once
// verify: the pull-request check of a migration folder. The folder's own checks (strata.sum,
// duplicate and out-of-order versions) and its replay on a scratch database (never the target,
// which is only read for its history): the replay compared with schema.yaml, each pending file's
// down file proven by an up -> down -> up round trip. Problems are collected in a VerifyReport,
// never thrown.

#include "migrations/directory.hpp"
#include "schemas/model.hpp"
#include "workflows/database.hpp"

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace strata::migrations {
class ScratchDatabase;
}

namespace strata::workflows {

// One problem: kind is one of sum, order, duplicate, missing-migration, down-mismatch, no-down,
// replay-failed (the json contract); file is a file name (a migration, strata.sum or the schema).
struct VerifyProblem {
  std::string kind;
  std::string file;
  std::optional<int> line;
  std::string message;
};

struct VerifyReport {
  std::string engine;
  int migrations = 0;          // files in the folder (a part-of half counts as a file)
  int replayed = 0;            // files applied on the scratch database
  int round_trips = 0;         // up -> down -> up round trips run
  std::vector<VerifyProblem> problems;
  std::vector<std::string> notes; // not problems: an irreversible file, a check that could not run
  bool ok() const { return problems.empty(); }
};

// What the target database says (read-only): the versions in its history. Without --db every
// file is pending.
struct TargetHistory {
  bool given = false;
  std::set<std::string> applied;         // versions with a history row (any status)
  std::vector<std::string> out_of_order; // pending versions older than the newest applied one
  std::string newest_applied;
};

// Replays the folder on scratch databases opened by `open` (a second one when a round trip
// leaves the first in a state the files do not describe), runs the round trips of the pending
// files and compares the result with `desired` (named `schema_file` in messages).
// strata.sum problems, and against a target the pending files older than its newest applied version.
void check_folder(const migrations::Directory& directory, const TargetHistory& target, VerifyReport& report);

// The versions the target has applied, read without writing anything (a SQLite file that does
// not exist is not created: nothing is applied there). Not given: every file is pending.
TargetHistory read_target(const Target& target, const migrations::Directory& directory);

struct VerifyRequest {
  std::filesystem::path dir;
  std::filesystem::path schema_path;
  Target target;                         // --db: only read for its history
  std::optional<dialects::DbUrl> dev_db; // the scratch database (else one next to the target)
};

// The whole check. Throws SchemaError for a bad schema file and Error when the folder cannot be
// read at all (a misnamed file); a folder with duplicate versions is reported, not thrown.
VerifyReport run_verify(const VerifyRequest& request);

void check_replay(const migrations::Directory& directory, const TargetHistory& target,
                  const schemas::Schema& desired, const std::string& schema_file,
                  const std::function<std::unique_ptr<migrations::ScratchDatabase>()>& open, VerifyReport& report);

} // namespace strata::workflows
