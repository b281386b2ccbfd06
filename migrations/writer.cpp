// Renders a plan through the dialect into the up/down files and writes them with strata.sum.
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

// Header values live on one line.
std::string one_line(std::string text)
{
  for (auto& c : text) {
    if (c == '\n' || c == '\r') {
      c = ' ';
    }
  }
  return text;
}

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

// The SQL of one operation (its numbered comment and statements: alter_merge.cpp writes them).
OperationSql render_operation(const schemas::Operation& op, int number, const dialects::Dialect& dialect,
                              dialects::RenderContext& ctx, bool& no_transaction)
{
  OperationSql out{number, one_line(schemas::describe(op)), dialect.render(op, ctx)};
  for (auto& statement : out.statements) {
    statement.comment = one_line(statement.comment);
    no_transaction = no_transaction || statement.no_transaction;
  }
  return out;
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

std::string assemble(const std::string& header, bool no_transaction, const std::string& body)
{
  return header + (no_transaction ? "-- strata: no-transaction\n" : "") + "\n" + body;
}

// The up and down files of some of the plan's steps (in plan order), numbered from 1.
RenderedMigration render_steps(const std::vector<const planner::Step*>& steps, const dialects::Dialect& dialect,
                               const std::string& version, const std::string& slug, const std::string& summary,
                               const schemas::Schema* live, const schemas::Schema* desired, bool concurrent_indexes)
{
  RenderedMigration result{version, slug, {}, {}, {}};
  std::string up_header = fmt::format("-- strata: version {}\n-- strata: summary {}\n", version, summary);
  std::vector<OperationSql> up_body;
  bool up_no_transaction = false;
  const bool merge = dialect.capabilities().merge_alter_table;
  dialects::RenderContext up_ctx{live, desired};
  up_ctx.concurrent_indexes = concurrent_indexes;
  int number = 0;
  for (const auto* step : steps) {
    for (const auto& risk : step->risks) {
      up_header += risk_line(risk);
    }
    for (const auto& target : step->backups) {
      up_header += "-- strata: backup " + format_backup_target(target) + "\n";
    }
    if (!step->reversible) {
      up_header += irreversible_line(*step);
    }
    up_body.push_back(render_operation(step->operation, ++number, dialect, up_ctx, up_no_transaction));
  }
  result.up_sql = assemble(up_header, up_no_transaction, operations_text(up_body, merge));

  std::string down_header =
    fmt::format("-- strata: version {}\n-- strata: summary down of {}_{}: {}\n", version, version, slug, summary);
  std::vector<OperationSql> down_body;
  bool down_no_transaction = false;
  dialects::RenderContext down_ctx{desired, live};
  down_ctx.concurrent_indexes = concurrent_indexes;
  number = 0;
  for (auto step = steps.rbegin(); step != steps.rend(); ++step) {
    for (const auto& risk : (*step)->inverse_risks) {
      down_header += risk_line(risk);
    }
    if (!(*step)->reversible) {
      down_header += irreversible_line(**step);
    }
    for (const auto& op : (*step)->inverse) {
      if (const auto target = down_backup(op)) {
        down_header += "-- strata: backup " + format_backup_target(*target) + "\n";
      }
      down_body.push_back(render_operation(op, ++number, dialect, down_ctx, down_no_transaction));
    }
  }
  result.down_sql = assemble(down_header, down_no_transaction, operations_text(down_body, merge));
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

RenderedMigration render_migration(const planner::Plan& plan, const dialects::Dialect& dialect,
                                   const std::string& version, const std::string& slug, const schemas::Schema* live,
                                   const schemas::Schema* desired, bool concurrent_indexes)
{
  const auto summary = one_line(plan.summary());
  // Which steps render a statement that must run outside a transaction (a throwaway context: the
  // files render again with their own).
  std::vector<const planner::Step*> in_transaction;
  std::vector<const planner::Step*> outside;
  dialects::RenderContext probe{live, desired};
  probe.concurrent_indexes = concurrent_indexes;
  for (const auto& step : plan.steps) {
    const auto statements = dialect.render(step.operation, probe);
    const bool no_transaction = std::any_of(statements.begin(), statements.end(),
                                            [](const dialects::Statement& s) { return s.no_transaction; });
    (no_transaction ? outside : in_transaction).push_back(&step);
  }
  // Moving the no-transaction steps behind all others is only sound when no transactional step
  // depends on one of them (and so no down step of the first file needs the second file undone
  // last); otherwise the plan stays one file, in plan order, run statement by statement.
  bool separable = true;
  for (const auto* step : in_transaction) {
    for (const size_t before : step->after) {
      separable = separable && std::find(outside.begin(), outside.end(), &plan.steps[before]) == outside.end();
    }
  }
  if (in_transaction.empty() || outside.empty() || !separable) {
    std::vector<const planner::Step*> all;
    for (const auto& step : plan.steps) {
      all.push_back(&step);
    }
    return render_steps(all, dialect, version, slug, summary, live, desired, concurrent_indexes);
  }
  // Both kinds: the transactional steps first (atomic, with their history row), then the others
  // as the next version, run statement by statement. Each down file undoes its own file.
  const auto second_version = next_version_after(version);
  const auto second_slug = slug + "_no_transaction";
  auto first = render_steps(in_transaction, dialect, version, slug,
                            summary + fmt::format(" (part 1 of 2; {}_{} follows)", second_version, second_slug),
                            live, desired, concurrent_indexes);
  auto second = render_steps(
    outside, dialect, second_version, second_slug,
    summary + fmt::format(" (part 2 of 2: steps that cannot run in a transaction, after {}_{})", version, slug), live,
    desired, concurrent_indexes);
  // Both halves are one migration for `rollback --steps`.
  const std::string part_of = fmt::format("-- strata: part-of {}\n", version);
  for (auto* sql : {&second.up_sql, &second.down_sql}) {
    sql->insert(sql->find('\n') + 1, part_of);
  }
  first.followers.push_back(std::move(second));
  return first;
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
