// Runs every tests/cases/sqlite/**/*.case file against a fresh SQLite file, through the library
// (no binary): read live, load desired, plan, check expectations, render, write, apply, roll back.
//
// Case file format: sections introduced by directive lines; text before the first directive is
// ignored, blank lines inside a list section are ignored.
//   -- name: <text>        what the case shows (required)
//   -- initial:            SQL run on the fresh database (may be empty; several statements allowed)
//   -- desired:            the desired schema as YAML (DESIGN.md format; must load without diagnostics)
//   -- expect-ops:         optional: one operation kind per line (AddColumn, RebuildTable...), plan order
//   -- expect-risks:       optional: risk codes, one per line, order-insensitive (D102, L301...)
//   -- expect-empty        optional: the plan must be empty (without it, it must not be)
//
// Invariants checked for every case whose plan is not empty:
//   1. after apply, reading the database and planning against the desired schema gives an empty
//      plan (idempotence; the applied schema equals the desired one as the planner sees it);
//   2. rolling back the migration restores the initial schema (plan(initial, after rollback) empty);
//   3. every table of the initial SQL that survives (same name, any case, or renamed_from) keeps
//      its row count through apply.

#include "dialects/registry.hpp"
#include "introspect/reader.hpp"
#include "migrations/directory.hpp"
#include "migrations/executor.hpp"
#include "migrations/writer.hpp"
#include "planner/plan.hpp"
#include "schemas/yaml.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace strata;

namespace {

struct CaseFile {
  std::string name;
  std::string initial_sql;
  std::string desired_yaml;
  std::optional<std::vector<std::string>> expect_ops;
  std::optional<std::vector<std::string>> expect_risks;
  bool expect_empty = false;
};

std::string trim(const std::string& text)
{
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) {
    return {};
  }
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::string lower(std::string text)
{
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string read_text(const fs::path& path)
{
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::string> non_blank_lines(const std::string& text)
{
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!trim(line).empty()) {
      lines.push_back(trim(line));
    }
  }
  return lines;
}

CaseFile parse_case(const std::string& text)
{
  CaseFile result;
  std::map<std::string, std::string> sections;
  std::string current;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    const std::string stripped = trim(line);
    if (stripped.rfind("-- name:", 0) == 0) {
      result.name = trim(stripped.substr(8));
      current.clear();
    } else if (stripped == "-- expect-empty") {
      result.expect_empty = true;
      current.clear();
    } else if (stripped == "-- initial:" || stripped == "-- desired:" || stripped == "-- expect-ops:"
               || stripped == "-- expect-risks:") {
      current = stripped.substr(3, stripped.size() - 4);
      sections[current];
    } else if (!current.empty()) {
      sections[current] += line + "\n";
    }
  }
  result.initial_sql = sections["initial"];
  result.desired_yaml = sections["desired"];
  if (sections.count("expect-ops") != 0) {
    result.expect_ops = non_blank_lines(sections["expect-ops"]);
  }
  if (sections.count("expect-risks") != 0) {
    result.expect_risks = non_blank_lines(sections["expect-risks"]);
  }
  return result;
}

class TempDir {
public:
  TempDir()
  {
    std::random_device random;
    m_path = fs::temp_directory_path() / ("strata-case-" + std::to_string(random()) + std::to_string(random()));
    fs::create_directories(m_path);
  }
  ~TempDir()
  {
    std::error_code ignored;
    fs::remove_all(m_path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  fs::path operator/(const std::string& name) const { return m_path / name; }

private:
  fs::path m_path;
};

std::vector<fs::path> case_files()
{
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(STRATA_CASES_DIR)) {
    if (entry.is_regular_file() && entry.path().extension() == ".case") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string plan_text(const planner::Plan& plan)
{
  std::string text;
  for (const auto& step : plan.steps) {
    text += schemas::describe(step.operation) + " [" + schemas::operation_kind(step.operation) + "]";
    for (const auto& risk : step.risks) {
      text += " " + risk.code;
    }
    text += "\n";
  }
  return text;
}

const schemas::Table* find_table_nocase(const schemas::Schema& schema, const std::string& name)
{
  for (const auto& table : schema.tables) {
    if (lower(table.name) == lower(name)) {
      return &table;
    }
  }
  return nullptr;
}

long long row_count(dialects::Connection& connection, const dialects::Dialect& dialect, const std::string& table)
{
  const auto result = connection.query("SELECT count(*) FROM " + dialect.quote_identifier(table));
  return std::stoll(result.rows.at(0).at(0).value());
}

// Live name of each initial table after the migration (same name in any case, or renamed_from).
std::map<std::string, std::string> surviving_tables(const schemas::Schema& initial, const schemas::Schema& desired)
{
  std::map<std::string, std::string> survivors;
  for (const auto& table : initial.tables) {
    for (const auto& wanted : desired.tables) {
      if (lower(wanted.name) == lower(table.name) || lower(wanted.renamed_from) == lower(table.name)) {
        survivors[table.name] = wanted.name;
      }
    }
  }
  return survivors;
}

void run_case(const fs::path& file)
{
  const CaseFile spec = parse_case(read_text(file));
  REQUIRE_FALSE(spec.name.empty());
  INFO("case: " << spec.name);

  TempDir dir;
  const auto& dialect = dialects::dialect_for("sqlite");
  const auto url = dialects::DbUrl::parse("sqlite:" + (dir / "case.db").string());
  auto connection = dialect.connect(url);
  if (!trim(spec.initial_sql).empty()) {
    connection->execute(spec.initial_sql);
  }
  const schemas::Schema initial = introspect::read_schema(*connection, dialect);

  const auto loaded = schemas::load_string(spec.desired_yaml, file.filename().string());
  for (const auto& diagnostic : loaded.diagnostics) {
    UNSCOPED_INFO(diagnostic.str());
  }
  REQUIRE(loaded.ok());
  const schemas::Schema& desired = loaded.schema;

  const planner::Plan plan = planner::plan(initial, desired, dialect);
  INFO("plan:\n" << plan_text(plan));
  std::vector<std::string> kinds;
  std::vector<std::string> codes;
  for (const auto& step : plan.steps) {
    kinds.push_back(schemas::operation_kind(step.operation));
    for (const auto& risk : step.risks) {
      codes.push_back(risk.code);
    }
  }
  CHECK(plan.empty() == spec.expect_empty);
  if (spec.expect_ops) {
    CHECK(kinds == *spec.expect_ops);
  }
  if (spec.expect_risks) {
    auto expected = *spec.expect_risks;
    std::sort(expected.begin(), expected.end());
    std::sort(codes.begin(), codes.end());
    CHECK(codes == expected);
  }
  if (plan.empty()) {
    return;
  }

  std::map<std::string, long long> counts_before;
  const auto survivors = surviving_tables(initial, desired);
  for (const auto& [before, after] : survivors) {
    counts_before[before] = row_count(*connection, dialect, before);
  }

  const auto rendered = migrations::render_migration(plan, dialect, "1", "case", &initial, &desired);
  INFO("up:\n" << rendered.up_sql << "down:\n" << rendered.down_sql);
  const fs::path folder = dir / "migrations";
  migrations::write_migration(rendered, folder);
  const auto directory = migrations::Directory::open(folder);
  migrations::ExecutorOptions options;
  options.yes = true;
  options.backup_dir = dir / "backups";
  options.applied_by = "cases";
  migrations::Executor executor(*connection, dialect, url, directory, options);
  REQUIRE(executor.apply(std::nullopt, false).applied == std::vector<std::string>{"1"});

  const schemas::Schema applied = introspect::read_schema(*connection, dialect);
  const planner::Plan again = planner::plan(applied, desired, dialect);
  INFO("plan after apply:\n" << plan_text(again));
  CHECK(again.empty());

  for (const auto& [before, after] : survivors) {
    INFO("rows of " << before << " (now " << after << ")");
    REQUIRE(find_table_nocase(applied, after) != nullptr);
    CHECK(row_count(*connection, dialect, after) == counts_before[before]);
  }

  REQUIRE(executor.rollback(std::nullopt, 1, false).applied == std::vector<std::string>{"1"});
  const schemas::Schema rolled_back = introspect::read_schema(*connection, dialect);
  const planner::Plan back = planner::plan(initial, rolled_back, dialect);
  INFO("difference after rollback:\n" << plan_text(back));
  CHECK(back.empty());
}

} // namespace

TEST_CASE("sqlite behaviour cases", "[cases]")
{
  const auto files = case_files();
  REQUIRE_FALSE(files.empty());
  for (const auto& file : files) {
    DYNAMIC_SECTION(fs::relative(file, STRATA_CASES_DIR).string())
    {
      run_case(file);
    }
  }
}
