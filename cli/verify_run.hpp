#pragma once
// The replays of `strata verify`: the migration folder applied on a scratch database and compared
// with schema.yaml, each pending file's down file proven by an up -> down -> up round trip.
// Problems are collected in a VerifyReport (cmd_verify.cpp adds the folder's own), never thrown.

#include "migrations/directory.hpp"
#include "schemas/model.hpp"

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

namespace strata::cli {

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
  std::set<std::string> applied; // versions with a history row (any status)
};

// Replays the folder on scratch databases opened by `open` (a second one when a round trip
// leaves the first in a state the files do not describe), runs the round trips of the pending
// files and compares the result with `desired` (named `schema_file` in messages).
void check_replay(const migrations::Directory& directory, const TargetHistory& target,
                  const schemas::Schema& desired, const std::string& schema_file,
                  const std::function<std::unique_ptr<migrations::ScratchDatabase>()>& open, VerifyReport& report);

} // namespace strata::cli
