// strata lint's replay. Files run one at a time on the scratch database (unselected ones too:
// later files need the state they leave). Around a selected file the schema is snapshotted, the
// renames its SQL performs become rename hints, and the planner's diff of the two snapshots
// classifies the file's operations exactly as a generated plan would (D102 for a hand-written
// DROP COLUMN). A replay failure is a finding (S600) and ends the replay.
#include "schemas/text.hpp"
#include "workflows/lint.hpp"

#include "migrations/batch_step.hpp"
#include "migrations/directory.hpp"
#include "migrations/lint_ignores.hpp"
#include "migrations/sql_checks.hpp"
#include "schemas/error.hpp"
#include "schemas/risk_codes.hpp"
#include "workflows/lint_attribution.hpp"
#include "workflows/planning.hpp"
#include "workflows/scratch.hpp"
#include "workflows/touched.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>

namespace strata::workflows {

namespace {

using migrations::SqlStatement;
using migrations::SqlToken;
using schemas::QualifiedName;

// Live counts on the --db database: only the dialect's probe SELECTs, each in a transaction that
// is rolled back; a probe that fails leaves the count empty.
class LiveCounts {
public:
  explicit LiveCounts(const Target& target)
  {
    const auto& url = target.url;
    if (!url) {
      return;
    }
    if (missing_sqlite_file(*url)) {
      spdlog::warn("no live counts: {} does not exist", url->path); // connecting would create it
      return;
    }
    try {
      m_db = open_database(target, Access::read_only);
    } catch (const Error& e) {
      spdlog::warn("no live counts: {}", e.what());
    }
  }
  bool available() const { return m_db.connection != nullptr; }

  std::optional<long long> count(const dialects::ProbeQuery& probe)
  {
    const std::string sql = m_db.dialect->probe_sql(probe);
    const auto first = sql.find_first_not_of(" \t\n(");
    if (first == std::string::npos || !(schemas::ascii_iequal(sql.substr(first, 6), "SELECT") || schemas::ascii_iequal(sql.substr(first, 4), "WITH"))) {
      return std::nullopt; // only reads run on the target
    }
    spdlog::debug("probe: {}", sql);
    try {
      return dialects::count_read_only(*m_db.dialect, *m_db.connection, probe);
    } catch (const Error& e) {
      spdlog::debug("probe failed: {}", e.what());
      return std::nullopt;
    }
  }

private:
  Database m_db;
};

std::set<std::string> selected_versions(const migrations::Directory& directory, const LintRequest& options,
                                        const std::filesystem::path& dir)
{
  std::set<std::string> out;
  const auto& all = directory.migrations();
  if (!options.base.empty() || options.changed_only) {
    const auto changed = git_changed_files(dir, options.base);
    for (const auto& m : all) {
      if (changed.count(m.file_name()) > 0) {
        out.insert(m.version);
      }
    }
  }
  for (const auto& file : options.files) {
    const auto name = std::filesystem::path(file).filename().string();
    const auto it = std::find_if(all.begin(), all.end(), [&](const migrations::Migration& m) {
      return name == m.file_name() || (!m.down_path.empty() && name == m.down_path.filename().string()) ||
             file == m.version;
    });
    if (it == all.end()) {
      throw Error(ErrorKind::usage, file + " is not a migration file of " + dir.string());
    }
    out.insert(it->version);
  }
  if (options.files.empty() && options.base.empty() && !options.changed_only) {
    for (const auto& m : all) {
      out.insert(m.version);
    }
  }
  return out;
}

// The checks' view of the database before the file: the snapshot's tables and columns.
migrations::SqlCheckContext check_context(const dialects::Rendering& dialect, const dialects::lex::Syntax& syntax,
                                          const migrations::Migration& m, schemas::Schema& before)
{
  migrations::SqlCheckContext context;
  context.syntax = &syntax;
  context.transactional_ddl = dialect.capabilities.transactional_ddl;
  context.concurrent_index = dialect.capabilities.concurrent_index;
  context.no_transaction_file = m.up_header.no_transaction;
  context.table_existed = [&before](const QualifiedName& table) { return find_table(before, table) != nullptr; };
  context.column_existed = [&before](const QualifiedName& table, const std::string& column) {
    auto* found = find_table(before, table);
    return found != nullptr && find_column(*found, column) != nullptr;
  };
  return context;
}

LintFinding finding(std::string_view code, std::string_view kind, std::string_view level, std::string message)
{
  LintFinding out;
  out.code = code;
  out.kind = kind;
  out.level = level;
  out.message = std::move(message);
  return out;
}

class Linter {
public:
  Linter(migrations::ScratchDatabase& scratch, const migrations::Directory& directory, LiveCounts& counts,
         long long batch_threshold)
    : m_scratch(scratch), m_counts(counts), m_batch_threshold(batch_threshold),
      m_executor(scratch.connection(), scratch.dialect(), scratch.url(), directory, replay_options()),
      m_snapshots(scratch)
  {
  }

  // Replays `m` (linting it when `selected`); false when it failed (the failure is in `file`).
  bool run(const migrations::Migration& m, bool selected, LintFile& file)
  {
    const auto statements = migrations::split_statements(m.up_sql, m_scratch.dialect());
    ignores = selected ? migrations::find_ignores(m.up_sql, statements, syntax(), file.file)
                       : std::vector<migrations::LintIgnore>{};
    std::vector<std::vector<SqlToken>> tokens;
    for (const auto& statement : statements) {
      tokens.push_back(migrations::tokenize_sql(statement.sql, syntax()));
    }
    std::optional<schemas::Schema> before;
    if (selected) {
      before = current();
      auto context = check_context(m_scratch.dialect(), syntax(), m, *before);
      std::vector<migrations::BatchStep> batches;
      try {
        batches = migrations::find_batches(m.up_sql, statements, syntax(), file.file, m.up_header.batched);
      } catch (const Error&) { // the replay refuses the file and reports why (S600)
      }
      context.batched = [&batches](size_t index) { return migrations::batch_at(batches, index) != nullptr; };
      context.large_table = [this, &before](const QualifiedName& table) -> std::optional<long long> {
        const auto rows = row_count(*before, table);
        return rows && *rows > m_batch_threshold ? rows : std::nullopt;
      };
      for (const auto& f : migrations::check_sql(statements, context)) {
        add(file, statements, f.statement, finding(f.code, f.kind, schemas::to_string(f.level), f.message),
            row_count(*before, f.table));
      }
    }
    m_known.reset();
    try {
      m_executor.apply(m.version, false);
    } catch (const StatementError& e) {
      add_at_line(file, statements, e.line(), "replay failed: " + e.db_message());
      return false;
    } catch (const Error& e) {
      const auto& control = schemas::risk_code(schemas::RiskCode::transaction_control).code;
      if (std::none_of(file.findings.begin(), file.findings.end(),
                       [&](const LintFinding& f) { return f.code == control; })) {
        add_at_line(file, statements, 0, std::string("replay failed: ") + e.what());
      } // else: apply refuses the file for the S606 already reported, and so did the replay
      return false;
    }
    if (selected) {
      diff(file, statements, tokens, *before);
    }
    return true;
  }

  std::map<std::string, int> operations;
  schemas::Schema touched;
  std::vector<migrations::LintIgnore> ignores; // of the file run last

private:
  // The scratch database's schema: the last file's snapshot after it when nothing ran since, else
  // read (what changed since the last read).
  schemas::Schema current()
  {
    if (m_known) {
      return current_snapshot(m_known, m_scratch);
    }
    return m_snapshots.read();
  }

  // The lexer of the engine the files are written for: lint reads each statement as its server will.
  const dialects::lex::Syntax& syntax() const { return m_scratch.dialect().file_syntax(); }

  void diff(LintFile& file, const std::vector<SqlStatement>& statements,
            const std::vector<std::vector<SqlToken>>& tokens, const schemas::Schema& before)
  {
    schemas::Schema after = m_snapshots.read();
    const auto renames = migrations::find_renames(statements, syntax());
    if (!renames.empty()) {
      m_known = after; // the hints below are not the database's
    }
    hint_renames(renames, before, after);
    planner::Plan plan = compare_schemas(before, after, m_scratch.dialect());
    schemas::Schema part = touched_schema(plan, after, before);
    merge_touched(part, std::move(touched)); // a later file's state of a table wins over an earlier one's
    touched = std::move(part);
    if (m_counts.available()) {
      planner::measure(plan, [&](const dialects::ProbeQuery& probe) { return m_counts.count(probe); });
    }
    for (const auto& step : plan.steps) {
      ++operations[schemas::operation_kind(step.operation)];
      const size_t at = attribute(step.operation, tokens);
      for (const auto& risk : step.risks) {
        const bool twice = std::any_of(file.findings.begin(), file.findings.end(), [&](const LintFinding& f) {
          return f.code == risk.code && statements.size() > at && f.line == statements[at].line;
        });
        if (!twice) {
          auto f = finding(risk.code, schemas::to_string(risk.kind), schemas::to_string(risk.level), risk.message);
          f.operation = schemas::describe(step.operation);
          if (risk.count) {
            f.count = risk.count;
            f.count_label = risk.count_label;
          }
          add(file, statements, at, std::move(f), {});
        }
      }
    }
    if (renames.empty()) {
      m_known = std::move(after); // the next file's state before it, unless something runs in between
    }
  }

  // Rows of `table` (as the statement names it) on the --db database.
  std::optional<long long> row_count(schemas::Schema& before, const QualifiedName& table)
  {
    auto* found = table.name.empty() || !m_counts.available() ? nullptr : find_table(before, table);
    if (found == nullptr) {
      return std::nullopt;
    }
    dialects::ProbeQuery probe;
    probe.table = found->qualified();
    return m_counts.count(probe);
  }

  static void add(LintFile& file, const std::vector<SqlStatement>& statements, size_t index,
                  LintFinding finding, std::optional<long long> count)
  {
    if (index < statements.size()) {
      finding.line = statements[index].line;
      finding.statement = statements[index].sql;
    }
    if (count) {
      finding.count = count;
      finding.count_label = "rows";
    }
    file.findings.push_back(std::move(finding));
  }

  static void add_at_line(LintFile& file, const std::vector<SqlStatement>& statements, int line,
                          const std::string& message)
  {
    size_t index = 0;
    while (index + 1 < statements.size() && statements[index + 1].line <= line) {
      ++index;
    }
    const auto& replay = schemas::risk_code(schemas::RiskCode::replay_failed);
    add(file, statements, index, finding(replay.code, replay.kind, schemas::to_string(replay.level), message), {});
    if (line > 0) {
      file.findings.back().line = line;
    }
  }

  migrations::ScratchDatabase& m_scratch;
  LiveCounts& m_counts;
  long long m_batch_threshold;
  migrations::Executor m_executor;
  SnapshotReader m_snapshots;
  std::optional<schemas::Schema> m_known;
};

// Removes the findings a `-- strata:ignore` switches off (same statement, a code it names); warns
// of each code an ignore names that matched nothing there.
void drop_ignored(const std::vector<migrations::LintIgnore>& ignores, LintFile& file)
{
  for (const auto& ignore : ignores) {
    for (const auto& code : ignore.codes) {
      const auto removed = std::erase_if(file.findings, [&](const LintFinding& f) {
        return ignore.statement_line > 0 && f.line == ignore.statement_line && f.code == code;
      });
      if (removed == 0) {
        spdlog::warn("{}:{}: -- strata:ignore {}: no {} finding on {} to ignore", file.file, ignore.line, code, code,
                     ignore.statement_line > 0 ? "the statement at line " + std::to_string(ignore.statement_line)
                                               : std::string("any statement (none follows)"));
      } else {
        spdlog::debug("{}:{}: {} ignored ({})", file.file, ignore.statement_line, code, ignore.reason);
      }
    }
  }
}

} // namespace

LintReport run_lint(const LintRequest& options)
{
  const auto& dir = options.dir;
  const auto directory = migrations::Directory::open(dir);
  directory.verify_sum_or_throw(); // what is linted is what apply would run: refused when tampered with
  const auto selected = selected_versions(directory, options, dir);
  LintReport view;
  if (selected.empty()) {
    spdlog::info("no migration files to lint");
    return view;
  }
  auto scratch = open_scratch(options.dev_db, options.target.url);
  spdlog::debug("replaying {} on {}", dir.string(), scratch->describe());
  LiveCounts counts(options.target);
  Linter linter(*scratch, directory, counts, options.batch_threshold);
  const auto& all = directory.migrations();
  size_t end = all.size(); // past the last selected file: nothing after it needs replaying
  while (end > 0 && selected.count(all[end - 1].version) == 0) {
    --end;
  }
  bool failed = false;
  for (size_t i = 0; i < end; ++i) {
    const auto& m = all[i];
    const bool chosen = selected.count(m.version) > 0;
    if (failed && !chosen) {
      continue;
    }
    LintFile file{(dir / m.file_name()).string(), m.version, failed, {}};
    if (!failed) {
      failed = !linter.run(m, chosen, file);
      if (chosen) {
        drop_ignored(linter.ignores, file);
      }
    }
    std::erase_if(file.findings, [&](const LintFinding& f) { return options.disabled.count(f.code) > 0; });
    std::stable_sort(file.findings.begin(), file.findings.end(),
                     [](const LintFinding& a, const LintFinding& b) { return a.line < b.line; });
    if (chosen || !file.findings.empty()) {
      view.files.push_back(std::move(file));
    }
  }
  view.operations_by_kind = linter.operations;
  view.touched = std::move(linter.touched);
  return view;
}

} // namespace strata::workflows
