// Renders a plan through the dialect into the up/down files and writes them with strata.sum.
#include "migrations/writer.hpp"

#include "migrations/directory.hpp"
#include "schemas/error.hpp"

#include <fmt/format.h>

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

// The SQL of one operation: a numbered comment, then each statement ending with ';'.
struct RenderedOperation {
  std::string text;
  bool no_transaction = false;
};

RenderedOperation render_operation(const schemas::Operation& op, int number, const dialects::Dialect& dialect,
                                   dialects::RenderContext& ctx)
{
  RenderedOperation out;
  out.text = fmt::format("{}-- {}. {}\n", number > 1 ? "\n" : "", number, one_line(schemas::describe(op)));
  for (const auto& statement : dialect.render(op, ctx)) {
    if (!statement.comment.empty()) {
      out.text += "-- " + one_line(statement.comment) + "\n";
    }
    out.text += statement.sql + ";\n";
    out.no_transaction = out.no_transaction || statement.no_transaction;
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

} // namespace

RenderedMigration render_migration(const planner::Plan& plan, const dialects::Dialect& dialect,
                                   const std::string& version, const std::string& slug, const schemas::Schema* live,
                                   const schemas::Schema* desired)
{
  RenderedMigration result{version, slug, {}, {}};
  const auto summary = one_line(plan.summary());

  std::string up_header = fmt::format("-- strata: version {}\n-- strata: summary {}\n", version, summary);
  std::string up_body;
  bool up_no_transaction = false;
  dialects::RenderContext up_ctx{live, desired};
  int number = 0;
  for (const auto& step : plan.steps) {
    for (const auto& risk : step.risks) {
      up_header += risk_line(risk);
    }
    for (const auto& target : step.backups) {
      up_header += "-- strata: backup " + format_backup_target(target) + "\n";
    }
    if (!step.reversible) {
      up_header += irreversible_line(step);
    }
    auto rendered = render_operation(step.operation, ++number, dialect, up_ctx);
    up_body += rendered.text;
    up_no_transaction = up_no_transaction || rendered.no_transaction;
  }
  result.up_sql = assemble(up_header, up_no_transaction, up_body);

  std::string down_header =
    fmt::format("-- strata: version {}\n-- strata: summary down of {}_{}: {}\n", version, version, slug, summary);
  std::string down_body;
  bool down_no_transaction = false;
  dialects::RenderContext down_ctx{desired, live};
  number = 0;
  for (auto step = plan.steps.rbegin(); step != plan.steps.rend(); ++step) {
    for (const auto& risk : step->inverse_risks) {
      down_header += risk_line(risk);
    }
    if (!step->reversible) {
      down_header += irreversible_line(*step);
    }
    for (const auto& op : step->inverse) {
      if (const auto target = down_backup(op)) {
        down_header += "-- strata: backup " + format_backup_target(*target) + "\n";
      }
      auto rendered = render_operation(op, ++number, dialect, down_ctx);
      down_body += rendered.text;
      down_no_transaction = down_no_transaction || rendered.no_transaction;
    }
  }
  result.down_sql = assemble(down_header, down_no_transaction, down_body);
  return result;
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
  fs::create_directories(dir);
  const auto stem = migration.version + "_" + migration.slug;
  WrittenFiles files{dir / (stem + ".up.sql"), dir / (stem + ".down.sql")};
  write_file_atomic(files.up, migration.up_sql);
  write_file_atomic(files.down, migration.down_sql);
  Directory::open(dir).write_sum();
  return files;
}

} // namespace strata::migrations
