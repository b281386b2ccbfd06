// verify's folder checks and its entry point: strata.sum, duplicate and out-of-order versions,
// then the replay (verify.cpp).
#include "workflows/verify.hpp"

#include "dialects/registry.hpp"
#include "migrations/history.hpp"
#include "schemas/error.hpp"
#include "workflows/planning.hpp"
#include "workflows/scratch.hpp"

#include <fmt/format.h>

namespace strata::workflows {

namespace {

// The duplicate versions that made Directory::open refuse the folder, one problem per clash (empty
// when there is none: the refusal was about something else).
std::vector<VerifyProblem> duplicate_problems(const std::filesystem::path& dir)
{
  std::vector<VerifyProblem> problems;
  for (const auto& clash : migrations::Directory::duplicate_versions(dir)) {
    for (size_t i = 1; i < clash.files.size(); ++i) {
      problems.push_back({"duplicate", clash.files[i], std::nullopt,
                          fmt::format("uses version {}, as does {}: every migration needs a version of its own "
                                      "(rename one, then run `strata hash`)",
                                      clash.version, clash.files[0])});
    }
  }
  return problems;
}

} // namespace

void check_folder(const migrations::Directory& directory, const TargetHistory& target, VerifyReport& report)
{
  for (auto& problem : directory.sum_problems()) {
    report.problems.push_back({"sum", problem.file, problem.line, std::move(problem.message)});
  }
  for (const auto& version : target.out_of_order) {
    report.problems.push_back(
      {"order", directory.find(version)->file_name(), std::nullopt,
       fmt::format("is out of order: it is not applied on the database, but older than its applied version {}; "
                   "give it a newer version (rename the files, then run `strata hash`)",
                   target.newest_applied)});
  }
}

TargetHistory read_target(const Target& target, const migrations::Directory& directory)
{
  TargetHistory history;
  if (!target.url) {
    return history;
  }
  history.given = true;
  if (missing_sqlite_file(*target.url)) {
    return history;
  }
  Database db = open_database(target, Access::read_only);
  const auto rows = migrations::History(*db.connection, *db.dialect).rows();
  for (const auto& row : rows) {
    history.applied.insert(row.version);
    if (row.status != "dirty") {
      history.newest_applied = row.version; // rows come in version order
    }
  }
  history.out_of_order = migrations::out_of_order(directory, rows);
  return history;
}

VerifyReport run_verify(const VerifyRequest& request)
{
  // The names the engine would refuse or change: the engine of --db, else of --dev-db.
  const schemas::Schema desired = load_desired(
    request.schema_path, request.target.url || !request.dev_db ? engine_of(request.target)
                                                                 : engine_of(Target{request.dev_db, {}}));
  VerifyReport report;
  std::optional<migrations::Directory> directory;
  try {
    directory = migrations::Directory::open(request.dir);
  } catch (const Error&) {
    report.problems = duplicate_problems(request.dir);
    if (report.problems.empty()) {
      throw; // a misnamed file or a header that contradicts its name: Directory's message says which
    }
  }
  if (directory) {
    report.migrations = static_cast<int>(directory->migrations().size());
    const TargetHistory target = read_target(request.target, *directory);
    check_folder(*directory, target, report);
    check_replay(*directory, target, desired, request.schema_path.filename().string(),
                 [&] { return open_scratch(request.dev_db, request.target.url); }, report);
  } else if (request.target.url) {
    report.engine = dialects::dialect_for(*request.target.url).name;
  }
  return report;
}

} // namespace strata::workflows
