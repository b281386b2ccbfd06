#pragma once
// Fleets: one command over many databases (shards, tenants, regions). The target list comes from
// `--targets FILE`, an environment of strata.yaml with several URLs, or a pattern expanded on a
// server (a database name holding `*`: every database of the server it matches; a PostgreSQL
// schema name holding `*`, in --schema-name or the URL's search_path: every schema of the
// database it matches, each run with that schema first on the search_path). run_fleet runs a
// command's function on each target with bounded concurrency, an optional canary and a policy
// on failure; every target has its own connection, lock, history and backups.

#include "workflows/database.hpp"
#include "workflows/settings.hpp"

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace strata::workflows {

// One database of a fleet.
struct FleetTarget {
  Target target;
  std::string label;  // its redacted URL, with " schema NAME" for a schema of a pattern
  std::string source; // where it was named: "targets.txt:3:1", "environment prod, strata.yaml:9:9", "--db"
};

// True when `name` matches `pattern`, whose `*` stands for any run of characters (every other
// character, `_` and `%` included, stands for itself).
bool glob_match(const std::string& pattern, const std::string& name);

// The targets `named` gives with `schema_names` (--schema-name) applied: a URL whose database
// name holds `*` becomes one target per matching database of its server, and a schema name
// holding `*` (--schema-name's first name, or the URL's search_path) one target per matching
// schema. Connects to the servers of patterns (read-only listings). Error(input) when a pattern
// matches nothing; Error(usage) for a pattern the engine cannot expand (SQLite, schemas on MySQL).
std::vector<FleetTarget> expand_targets(const std::vector<UrlSetting>& named, const std::string& schema_names);

// How one target's run ended, as the command's function reports it.
enum class Outcome {
  applied,  // apply: files applied (a dry run: would apply them)
  current,  // apply, status: nothing pending
  pending,  // status: files pending; apply: stopped (interrupted) with files left
  in_sync,  // drift
  drifted,  // drift
  ok,       // verify: no problem
  failed,   // an error, or a problem found (status: integrity; verify: a problem)
  refused,  // apply: refused for safety (exit 3), nothing run on it
  not_run,  // not started: the canary failed, an earlier failure stopped the run, or interrupted
};
// "applied", "current", "pending", "in_sync", "drifted", "ok", "failed", "refused", "not_run".
const char* outcome_name(Outcome outcome);

struct TargetResult {
  Outcome outcome = Outcome::not_run;
  std::string detail;             // the rest of its line: what was applied, the error, ...
  std::vector<std::string> files; // apply: files applied; status: files pending
  long long duration_ms = 0;
  int exit_code = 0;              // as the command would exit on this database alone
};

enum class OnError {
  stop,     // after a failure no new target starts (running ones finish)
  proceed,  // every target runs
};

struct FleetOptions {
  std::size_t parallel = 1; // at most this many targets at once
  std::size_t canary = 0;   // these first targets run alone; the rest only if none of them failed
  OnError on_error = OnError::stop;
  // Set (by a signal handler) to start no new target; the command's function passes it on
  // (apply: the running targets stop before their next file).
  const std::atomic<bool>* interrupted = nullptr;
};

// A result counts as a failure (for the canary and --on-error stop) when it failed or was refused.
bool is_failure(const TargetResult& result);

// Runs `run` on each target (`index` into `targets`), at most options.parallel at a time, in
// list order of starting. `run` must not throw: it turns its errors into a failed result.
// `finished` is called (one call at a time) as each target ends, then for each target not run.
// Returns the results in list order.
std::vector<TargetResult> run_fleet(const std::vector<FleetTarget>& targets, const FleetOptions& options,
                                    const std::function<TargetResult(const FleetTarget& target, std::size_t index)>& run,
                                    const std::function<void(std::size_t index, const TargetResult& result)>& finished);

} // namespace strata::workflows
