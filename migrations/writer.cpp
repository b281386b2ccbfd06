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

// Rollback drops the data that DropTable/DropColumn of the down file destroy: back it up first.
std::optional<dialects::BackupTarget> down_backup(const schemas::Operation& op)
{
  if (const auto* drop = std::get_if<schemas::DropTable>(&op)) {
    return dialects::BackupTarget{drop->table.qualified(), {}, drop->table.primary_key};
  }
  if (const auto* drop = std::get_if<schemas::DropColumn>(&op)) {
    return dialects::BackupTarget{drop->table, drop->column.name, {}};
  }
  return std::nullopt;
}

// The header ends with the no-transaction mark and a blank line; the body follows.
std::string with_marks(std::string header, bool no_transaction)
{
  return header + (no_transaction ? "-- strata: no-transaction\n" : "") + "\n";
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
  }
  up_header = with_marks(up_header, up_no_transaction);
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
    const auto& down = rendered.steps[i].down;
    for (size_t k = 0; k < down.size() && k < step.inverse.size(); ++k) {
      if (const auto target = down_backup(step.inverse[k])) {
        down_header += "-- strata: backup " + format_backup_target(*target) + "\n";
      }
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
  // Both kinds: the transactional steps first (atomic, with their history row), then the others
  // as the next version, run statement by statement. Each down file undoes its own file, and
  // both halves are one migration for `rollback --steps` (part-of).
  const auto second_version = next_version_after(version);
  const auto second_slug = slug + "_no_transaction";
  const auto first_summary = summary + fmt::format(" (part 1 of 2; {}_{} follows)", second_version, second_slug);
  const auto second_summary =
    summary + fmt::format(" (part 2 of 2: steps that cannot run in a transaction, after {}_{})", version, slug);
  auto first = render_file(plan, rendered, 0, FileSpec{version, slug, first_summary, {}});
  first.followers.push_back(
    render_file(plan, rendered, 1, FileSpec{second_version, second_slug, second_summary, version}));
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

WrittenFiles write_migration(const RenderedMigration& migration, const fs::path& dir)
{
  static const std::regex version_pattern("[0-9]+");
  static const std::regex slug_pattern("[A-Za-z0-9_-]+");
  if (!std::regex_match(migration.version, version_pattern)) {
    throw Error(ErrorKind::usage, "migration version '" + migration.version + "' must be digits");
  }
  if (!std::regex_match(migration.slug, slug_pattern)) {
    throw Error(ErrorKind::usage,
                "migration name '" + migration.slug + "' may only hold letters, digits, '_' and '-'");
  }
  const auto before = Directory::open(dir);
  before.verify_sum_or_throw();
  if (const auto* existing = before.find(migration.version)) {
    throw Error(ErrorKind::input,
                fmt::format("version {} is already used by {}", migration.version, existing->up_path.string()));
  }
  for (const auto& follower : migration.followers) {
    if (const auto* existing = before.find(follower.version)) {
      throw Error(ErrorKind::input,
                  fmt::format("version {} is already used by {}", follower.version, existing->up_path.string()));
    }
  }
  fs::create_directories(dir);
  const auto stem = migration.version + "_" + migration.slug;
  WrittenFiles files{dir / (stem + ".up.sql"), dir / (stem + ".down.sql"), {}};
  write_file_atomic(files.up, migration.up_sql);
  write_file_atomic(files.down, migration.down_sql);
  for (const auto& follower : migration.followers) {
    const auto follower_stem = follower.version + "_" + follower.slug;
    files.followers.push_back(dir / (follower_stem + ".up.sql"));
    files.followers.push_back(dir / (follower_stem + ".down.sql"));
    write_file_atomic(files.followers[files.followers.size() - 2], follower.up_sql);
    write_file_atomic(files.followers.back(), follower.down_sql);
  }
  Directory::open(dir).write_sum();
  return files;
}

} // namespace strata::migrations
