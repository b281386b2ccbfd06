// Assembles the up/down files of a rendered plan and writes them with strata.sum.
#include "migrations/writer.hpp"

#include "migrations/alter_merge.hpp"
#include "migrations/directory.hpp"
#include "schemas/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <optional>
#include <regex>

namespace strata::migrations {

namespace fs = std::filesystem;

namespace {

std::string risk_line(const schemas::Risk& risk)
{
  auto line = fmt::format("-- strata: risk {} {} {} {}", schemas::to_string(risk.level), schemas::to_string(risk.kind),
                          risk.code, one_line(risk.message));
  if (risk.count) {
    line += fmt::format(" ({} {})", *risk.count, risk.count_label.empty() ? "rows" : one_line(risk.count_label));
  }
  return line + "\n";
}

std::string irreversible_line(const planner::Step& step)
{
  const auto reason = step.irreversible_reason.empty() ? schemas::describe(step.operation) + " cannot be undone"
                                                       : step.irreversible_reason;
  return "-- strata: irreversible " + one_line(reason) + "\n";
}

// The header ends with the no-transaction or batched mark and a blank line; the body follows.
std::string with_marks(std::string header, bool no_transaction, bool batched = false)
{
  return header + (no_transaction ? "-- strata: no-transaction\n" : "") + (batched ? "-- strata: batched\n" : "") +
         "\n";
}

int line_count(const std::string& text)
{
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

// What one pair of files holds: its version and slug, the summary, and (for a follower) the
// version it is part of.
struct FileSpec {
  std::string version;
  std::string slug;
  std::string summary;
  std::string part_of; // empty for the main file
};

// The up and down files of the steps that land in `file`, numbered from 1; fills those steps'
// lines in `rendered` as the up text is assembled.
RenderedMigration render_file(const planner::Plan& plan, RenderedPlan& rendered, size_t file, const FileSpec& spec)
{
  RenderedMigration result{spec.version, spec.slug, {}, {}, {}};
  // The part-of line follows the version line, as hand-written files may have it too.
  const std::string part_of = spec.part_of.empty() ? "" : "-- strata: part-of " + spec.part_of + "\n";
  std::string up_header = "-- strata: version " + spec.version + "\n" + part_of + "-- strata: summary " +
                          spec.summary + "\n";
  std::vector<OperationSql> up_body;
  std::vector<RenderedStep*> placed;
  bool up_no_transaction = false;
  bool up_batched = false;
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    if (rendered.steps[i].file != file) {
      continue;
    }
    const auto& step = plan.steps[i];
    for (const auto& risk : step.risks) {
      up_header += risk_line(risk);
    }
    for (const auto& measurement : step.measurements) {
      const auto check = measurement.preflight ? format_preflight(measurement.probe) : std::nullopt;
      if (check) {
        up_header += "-- strata: preflight " + *check + "\n";
      }
    }
    for (const auto& target : step.backups) {
      up_header += "-- strata: backup " + format_backup_target(target) + "\n";
    }
    if (!step.reversible) {
      up_header += irreversible_line(step);
    }
    up_body.push_back(OperationSql{static_cast<int>(up_body.size()) + 1, &rendered.steps[i].up});
    placed.push_back(&rendered.steps[i]);
    up_no_transaction = up_no_transaction || rendered.steps[i].up.no_transaction();
    up_batched = up_batched || rendered.steps[i].up.batched();
  }
  up_header = with_marks(up_header, up_no_transaction, up_batched);
  auto up = operations_text(up_body, rendered.merge_alter_table);
  for (size_t k = 0; k < placed.size(); ++k) {
    placed[k]->line = up.lines[k] == 0 ? 0 : line_count(up_header) + up.lines[k];
  }
  result.up_sql = up_header + up.text;

  std::string down_header = "-- strata: version " + spec.version + "\n" + part_of +
                            fmt::format("-- strata: summary down of {}_{}: {}\n", spec.version, spec.slug,
                                        spec.summary);
  std::vector<OperationSql> down_body;
  bool down_no_transaction = false;
  for (size_t i = plan.steps.size(); i-- > 0;) {
    if (rendered.steps[i].file != file) {
      continue;
    }
    const auto& step = plan.steps[i];
    for (const auto& risk : step.inverse_risks) {
      down_header += risk_line(risk);
    }
    if (!step.reversible) {
      down_header += irreversible_line(step);
    }
    // Rollback destroys what the inverse drops or converts (a type change back that rounds): it
    // is backed up first, as the up file's destructive steps are.
    for (const auto& target : step.inverse_backups) {
      down_header += "-- strata: backup " + format_backup_target(target) + "\n";
    }
    const auto& down = rendered.steps[i].down;
    for (size_t k = 0; k < down.size() && k < step.inverse.size(); ++k) {
      down_body.push_back(OperationSql{static_cast<int>(down_body.size()) + 1, &down[k]});
      down_no_transaction = down_no_transaction || down[k].no_transaction();
    }
  }
  result.down_sql = with_marks(down_header, down_no_transaction) +
                    operations_text(down_body, rendered.merge_alter_table).text;
  return result;
}

} // namespace

namespace {
// A generated version (UTC YYYYMMDDHHMMSS) one second later, or nothing when `version` is not one.
std::optional<std::string> next_second(const std::string& version)
{
  if (version.size() != 14 || version.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = std::stoi(version.substr(0, 4)) - 1900;
  tm.tm_mon = std::stoi(version.substr(4, 2)) - 1;
  tm.tm_mday = std::stoi(version.substr(6, 2));
  tm.tm_hour = std::stoi(version.substr(8, 2));
  tm.tm_min = std::stoi(version.substr(10, 2));
  tm.tm_sec = std::stoi(version.substr(12, 2));
  if (tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 59) {
    return std::nullopt;
  }
  const std::time_t next = ::timegm(&tm) + 1;
  std::tm out{};
  ::gmtime_r(&next, &out);
  char text[16];
  if (std::strftime(text, sizeof text, "%Y%m%d%H%M%S", &out) != 14) {
    return std::nullopt;
  }
  return std::string(text);
}
} // namespace

std::string next_version_after(const std::string& version)
{
  if (const auto later = next_second(version)) {
    return *later; // 20261121235959 -> 20261122000000: still a valid timestamp
  }
  std::string next = version;
  for (auto digit = next.rbegin(); digit != next.rend(); ++digit) {
    if (*digit != '9') {
      ++*digit;
      return next;
    }
    *digit = '0';
  }
  return "1" + next;
}

RenderedMigration render_migration(const planner::Plan& plan, RenderedPlan& rendered, const std::string& version,
                                   const std::string& slug)
{
  if (rendered.steps.size() != plan.steps.size()) {
    throw Error(ErrorKind::internal, "the rendered plan does not belong to this plan");
  }
  const auto summary = one_line(plan.summary());
  if (!rendered.split()) {
    return render_file(plan, rendered, 0, FileSpec{version, slug, summary, {}});
  }
  // Both kinds: the plan is cut into files that run one after the other (rendered_plan.hpp),
  // alternately in one transaction each and statement by statement outside one. Part k > 1 is
  // the version after part k-1's, named <slug>_part<k>, with `_no_transaction` when it runs
  // outside a transaction, and carries `part-of <version>`: every part is one migration for
  // `rollback --steps`. Each down file undoes its own part.
  const size_t parts = rendered.file_count;
  std::vector<FileSpec> specs;
  std::string part_version = version;
  for (size_t file = 0; file < parts; ++file) {
    if (file > 0) {
      part_version = next_version_after(part_version);
    }
    const bool outside = rendered.file_no_transaction(file);
    auto part_slug = file == 0 ? slug : fmt::format("{}_part{}", slug, file + 1);
    part_slug += outside ? "_no_transaction" : "";
    const auto part_summary =
      summary + fmt::format(" (part {} of {} of plan {}_{}{})", file + 1, parts, version, slug,
                            outside ? ": steps that cannot run in a transaction" : "");
    specs.push_back(FileSpec{part_version, part_slug, part_summary, file == 0 ? "" : version});
  }
  auto first = render_file(plan, rendered, 0, specs[0]);
  for (size_t file = 1; file < parts; ++file) {
    first.followers.push_back(render_file(plan, rendered, file, specs[file]));
  }
  return first;
}

RenderedMigration render_baseline(const planner::Plan& plan, RenderedPlan& rendered, const std::string& version)
{
  if (rendered.split()) {
    throw Error(ErrorKind::internal, "a baseline must be one file, but its steps need a no-transaction file");
  }
  const std::string marks = "-- strata: baseline\n"
                            "-- strata: irreversible the schema the database held when strata adopted it; "
                            "rollback never goes below a baseline\n";
  auto migration = render_migration(plan, rendered, version, "baseline");
  const auto version_line = migration.up_sql.find('\n') + 1; // render_file starts with the version line
  migration.up_sql.insert(version_line, marks);
  for (auto& step : rendered.steps) {
    step.line += step.line == 0 ? 0 : 2; // the two lines above
  }
  migration.down_sql = "-- strata: version " + version + "\n" + marks +
                       "-- Intentionally empty: rolling back the baseline would drop the whole schema.\n";
  return migration;
}

RenderedMigration render_migration(const planner::Plan& plan, const dialects::Rendering& dialect,
                                   const std::string& version, const std::string& slug, const schemas::Schema* live,
                                   const schemas::Schema* desired, const planner::PlanSettings& settings)
{
  auto rendered = render_plan(plan, dialect, live, desired, settings);
  return render_migration(plan, rendered, version, slug);
}

namespace {

// Files being written all or nothing: each is staged in a temporary file beside its place; on
// any failure before done(), the destructor removes every temporary file and every file already
// renamed into place.
class FileBatch {
public:
  FileBatch() = default;
  FileBatch(const FileBatch&) = delete;
  FileBatch& operator=(const FileBatch&) = delete;
  ~FileBatch()
  {
    if (m_done) {
      return;
    }
    std::error_code ignored;
    for (const auto& file : m_files) {
      fs::remove(file.placed ? file.path : file.temp, ignored);
    }
  }

  void stage(const fs::path& path, const std::string& content)
  {
    m_files.push_back({path, write_temp_beside(path, content), false});
  }
  void place()
  {
    for (auto& file : m_files) {
      rename_into_place(file.temp, file.path);
      file.placed = true;
    }
  }
  void done() { m_done = true; }

private:
  struct File {
    fs::path path;
    fs::path temp;
    bool placed;
  };
  std::vector<File> m_files;
  bool m_done = false;
};

} // namespace

WrittenFiles write_migration(const RenderedMigration& migration, const fs::path& dir)
{
  static const std::regex version_pattern("[0-9]+");
  static const std::regex slug_pattern("[A-Za-z0-9_-]+");
  std::vector<const RenderedMigration*> parts{&migration};
  for (const auto& follower : migration.followers) {
    parts.push_back(&follower);
  }
  for (const auto* part : parts) {
    if (!std::regex_match(part->version, version_pattern)) {
      throw Error(ErrorKind::usage, "migration version '" + part->version + "' must be digits");
    }
    if (!std::regex_match(part->slug, slug_pattern)) {
      throw Error(ErrorKind::usage,
                  "migration name '" + part->slug + "' may only hold letters, digits, '_' and '-'");
    }
  }
  const auto before = Directory::open(dir);
  before.verify_sum_or_throw();
  WrittenFiles files;
  std::vector<std::pair<fs::path, const std::string*>> planned; // every file, in order
  for (const auto* part : parts) {
    if (const auto* existing = before.find(part->version)) {
      throw Error(ErrorKind::input,
                  fmt::format("version {} is already used by {}", part->version, existing->up_path.string()));
    }
    const auto stem = part->version + "_" + part->slug;
    planned.emplace_back(dir / (stem + ".up.sql"), &part->up_sql);
    planned.emplace_back(dir / (stem + ".down.sql"), &part->down_sql);
  }
  for (const auto& [path, content] : planned) {
    std::error_code error;
    if (fs::exists(fs::symlink_status(path, error))) {
      throw Error(ErrorKind::input, fmt::format("cannot write {}: something of that name exists already; "
                                                "nothing was written",
                                                path.string()));
    }
  }
  files.up = planned[0].first;
  files.down = planned[1].first;
  for (size_t i = 2; i < planned.size(); ++i) {
    files.followers.push_back(planned[i].first);
  }

  // Nothing is in place until every file is written and flushed; then the files are renamed
  // into place and read back with the folder (a file the folder cannot read fails here), and
  // strata.sum is rewritten last. Any failure removes every file this call wrote.
  fs::create_directories(dir);
  FileBatch batch;
  try {
    for (const auto& [path, content] : planned) {
      batch.stage(path, *content);
    }
    batch.place();
    sync_folder(dir);
    Directory::open(dir).write_sum();
  } catch (const Error& e) {
    throw Error(e.kind(), std::string(e.what()) + "\nnothing was written to " + dir.string(), e.location());
  }
  batch.done();
  return files;
}

} // namespace strata::migrations
