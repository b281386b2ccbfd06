// strata verify: the pull-request check of a migration folder. Replays it on a scratch database
// (never the --db one, which is only read for its history), then reports each problem on one
// line: strata.sum, duplicate or out-of-order versions, a missing migration (the replay does not
// give schema.yaml), a down file that does not undo its up file. Exit 0 no problem, 1 otherwise.
#include "cli/commands.hpp"
#include "cli/output/render.hpp"
#include "cli/planning.hpp"
#include "cli/replay.hpp"
#include "cli/verify_run.hpp"
#include "dialects/registry.hpp"
#include "migrations/history.hpp"
#include "schemas/error.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <regex>

namespace strata::cli {

namespace fs = std::filesystem;

namespace {

struct VerifyOptions {
  std::string schema;
  std::string db;
  std::string dev_db;
  std::string dir;
  std::string format = "text";
};

// "1" for "001": versions compare numerically.
std::string strip_zeros(const std::string& version)
{
  const auto first = version.find_first_not_of('0');
  return first == std::string::npos ? "0" : version.substr(first);
}

// The file a strata.sum problem names (its first word is a path, "strata.sum:3:" names a line).
VerifyProblem sum_problem(const std::string& message)
{
  VerifyProblem problem{"sum", "strata.sum", std::nullopt, message};
  const auto word = message.substr(0, message.find(' '));
  auto name = fs::path(word).filename().string();
  static const std::regex with_line(R"(^(.+?):([0-9]+):?$)");
  std::smatch match;
  if (std::regex_match(name, match, with_line)) {
    problem.file = match[1];
    problem.line = std::stoi(match[2]);
  } else if (!name.empty()) {
    problem.file = name.back() == ':' ? name.substr(0, name.size() - 1) : name;
  }
  return problem;
}

// The duplicate versions that made Directory::open refuse the folder, one problem per clash (empty
// when there is none: the refusal was about something else).
std::vector<VerifyProblem> duplicate_versions(const fs::path& dir)
{
  static const std::regex pattern(R"(^([0-9]+)_([A-Za-z0-9_-]+)\.(up|down)\.sql$)");
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> names; // (kind, version) -> files
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const auto name = entry.path().filename().string();
    std::smatch match;
    if (entry.is_regular_file() && std::regex_match(name, match, pattern)) {
      names[{match[3], strip_zeros(match[1])}].push_back(name);
    }
  }
  std::vector<VerifyProblem> problems;
  for (auto& [key, files] : names) {
    std::sort(files.begin(), files.end());
    for (size_t i = 1; i < files.size(); ++i) {
      problems.push_back({"duplicate", files[i], std::nullopt,
                          fmt::format("uses version {}, as does {}: every migration needs a version of its own "
                                      "(rename one, then run `strata hash`)",
                                      key.second, files[0])});
    }
  }
  return problems;
}

// strata.sum problems and, against a target, pending files older than its newest applied version.
void check_folder(const migrations::Directory& directory, const TargetHistory& target, VerifyReport& report)
{
  for (const auto& message : directory.verify_sum()) {
    report.problems.push_back(sum_problem(message));
  }
  if (!target.given || target.applied.empty()) {
    return;
  }
  std::string newest = *target.applied.begin();
  for (const auto& version : target.applied) {
    if (migrations::compare_versions(version, newest) > 0) {
      newest = version;
    }
  }
  for (const auto& m : directory.migrations()) {
    if (!target.applied.contains(m.version) && migrations::compare_versions(m.version, newest) < 0) {
      report.problems.push_back(
        {"order", m.file_name(), std::nullopt,
         fmt::format("is out of order: it is not applied on the database, but older than its applied version {}; "
                     "give it a newer version (rename the files, then run `strata hash`)",
                     newest)});
    }
  }
}

std::string plural(int count, const std::string& word)
{
  return fmt::format("{} {}{}", count, word, count == 1 ? "" : "s");
}

// The versions the target database has applied, read without writing anything (a SQLite file
// that does not exist is not created: nothing is applied there).
TargetHistory read_target(const std::string& flag, const std::optional<dialects::DbUrl>& url)
{
  TargetHistory target;
  if (!url) {
    return target;
  }
  target.given = true;
  if (url->scheme == "sqlite" && url->path != ":memory:" && !fs::exists(url->path)) {
    return target;
  }
  Database db = open_database(flag);
  for (const auto& row : migrations::History(*db.connection, *db.dialect).rows()) {
    target.applied.insert(row.version);
  }
  return target;
}

std::string summary_line(const VerifyReport& report)
{
  const std::string replayed = report.replayed == report.migrations
                                 ? plural(report.migrations, "migration")
                                 : fmt::format("{} of {}", report.replayed, plural(report.migrations, "migration"));
  return fmt::format("verify: {} replayed, {} checked, {}", replayed, plural(report.round_trips, "round trip"),
                     plural(static_cast<int>(report.problems.size()), "problem"));
}

std::string render_text(const VerifyReport& report)
{
  std::string out = summary_line(report) + "\n";
  for (const auto& p : report.problems) {
    const auto where = p.line ? fmt::format("{}:{}", p.file, *p.line) : p.file;
    out += fmt::format("{}: {}: {}\n", where, p.kind, p.message);
  }
  for (const auto& note : report.notes) {
    out += "note: " + note + "\n";
  }
  return out;
}

std::string render_json(const VerifyReport& report)
{
  nlohmann::ordered_json out;
  out["ok"] = report.ok();
  out["engine"] = report.engine.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(report.engine);
  out["migrations"] = report.migrations;
  out["replayed"] = report.replayed;
  out["checked_round_trips"] = report.round_trips;
  out["problems"] = nlohmann::ordered_json::array();
  for (const auto& p : report.problems) {
    out["problems"].push_back({{"kind", p.kind},
                               {"file", p.file},
                               {"line", p.line ? nlohmann::ordered_json(*p.line) : nlohmann::ordered_json(nullptr)},
                               {"message", p.message}});
  }
  out["notes"] = report.notes;
  return out.dump(2) + "\n";
}

// GitHub Actions: one error annotation per problem on its file (migration files under --dir).
std::string render_annotations(const VerifyReport& report, const fs::path& dir, const fs::path& schema)
{
  std::string out = summary_line(report) + "\n";
  for (const auto& p : report.problems) {
    const auto path = p.kind == "missing-migration" ? schema : dir / p.file;
    out += github_annotation("error", path.generic_string(), p.line.value_or(0), "strata verify: " + p.kind,
                             p.message);
  }
  for (const auto& note : report.notes) {
    out += github_annotation("notice", "", 0, "strata verify", note);
  }
  return out;
}

int run_verify(const VerifyOptions& options)
{
  const auto dir = resolve_dir(options.dir);
  const auto schema_path = resolve_schema(options.schema);
  const schemas::Schema desired = load_desired(schema_path);
  const auto target_url = optional_db_url(options.db);

  VerifyReport report;
  std::optional<migrations::Directory> directory;
  try {
    directory = migrations::Directory::open(dir);
  } catch (const Error&) {
    report.problems = duplicate_versions(dir);
    if (report.problems.empty()) {
      throw; // a misnamed file or a header that contradicts its name: Directory's message says which
    }
  }
  if (directory) {
    report.migrations = static_cast<int>(directory->migrations().size());
    const TargetHistory target = read_target(options.db, target_url);
    check_folder(*directory, target, report);
    check_replay(*directory, target, desired, schema_path.filename().string(),
                 [&] { return open_scratch(options.dev_db, target_url); }, report);
  } else if (target_url) {
    report.engine = dialects::dialect_for(*target_url).name();
  }

  if (options.format == "json") {
    print_out(render_json(report));
  } else if (options.format == "github") {
    print_out(render_annotations(report, dir, schema_path));
  } else {
    print_out(render_text(report));
  }
  return report.ok() ? exit_codes::ok : exit_codes::error;
}

} // namespace

void register_verify(CLI::App& app, Globals& globals)
{
  auto options = std::make_shared<VerifyOptions>();
  auto* command = app.add_subcommand(
    "verify", "Check a migration folder on a scratch database: it gives schema.yaml, strata.sum matches, down files "
              "undo their up files, versions are unique and ordered (exit 1 on any problem)");
  add_schema_option(*command, options->schema);
  add_dir_option(*command, options->dir);
  add_db_option(*command, options->db);
  add_dev_db_option(*command, options->dev_db);
  command->add_option("--format", options->format, "output: text, json or github")
    ->check(CLI::IsMember({"text", "json", "github"}));
  command->callback([options, &globals] { globals.exit_code = run_verify(*options); });
}

} // namespace strata::cli
