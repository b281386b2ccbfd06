// Issue 2, test 10 (deterministic plans), the JSON format of `plan`, and the refusal of a
// destructive apply without --yes and without a terminal.

#include "tests/e2e/support/database.hpp"
#include "tests/e2e/support/fixtures.hpp"
#include "tests/e2e/support/workspace.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

using namespace strata::e2e;
using Rows = std::vector<Row>;

namespace {

ProcessResult plan_sql(const Workspace& ws, const std::string& schema, const std::string& version)
{
  return ws.strata({"plan", "--schema", schema, "--db", ws.db_url(), "--dir", "migrations", "--version", version,
                    "--dry-run", "--format", "sql"});
}

void require_same_sql_twice(const Workspace& ws, const std::string& schema)
{
  const auto first = plan_sql(ws, schema, "20260101000000");
  const auto second = plan_sql(ws, schema, "20260101000000");
  require_exit(first, 2);
  require_exit(second, 2);
  INFO(first.out);
  CHECK(contains(first.out, "CREATE TABLE"));
  CHECK(first.out == second.out);
}

} // namespace

TEST_CASE("plans are deterministic: same --version gives byte-identical output and files", "[e2e][determinism]")
{
  Workspace ws;
  const auto db = ws.db_path();

  // From an empty database: the example schema (tables, foreign keys, a view).
  require_same_sql_twice(ws, std::string(STRATA_SOURCE_DIR) + "/examples/schema.yaml");

  // From v1 with rows to v2: renames, rebuilds, index and foreign-key changes.
  apply_books_v1(ws);
  ws.write("v2.yaml", k_books_v2_yaml);
  const auto history_before = history_versions(db);
  const auto schema_before = schema_dump(db);
  {
    const auto first = plan_sql(ws, "v2.yaml", k_v2_version);
    const auto second = plan_sql(ws, "v2.yaml", k_v2_version);
    require_exit(first, 2);
    require_exit(second, 2);
    CHECK_FALSE(first.out.empty());
    CHECK(first.out == second.out);
  }

  // Two copies of the migration folder (the applied v1 files must be there) each get the v2 plan.
  for (const char* dir : {"plan_a", "plan_b"}) {
    std::filesystem::copy(ws.dir(), ws.path(dir));
    require_exit(ws.strata({"plan", "--schema", "v2.yaml", "--db", ws.db_url(), "--dir", dir, "--name", "v2",
                            "--version", k_v2_version}),
                 2);
  }
  std::vector<std::string> names_a;
  std::vector<std::string> names_b;
  for (const auto& entry : std::filesystem::directory_iterator(ws.path("plan_a"))) {
    names_a.push_back(entry.path().filename().string());
  }
  for (const auto& entry : std::filesystem::directory_iterator(ws.path("plan_b"))) {
    names_b.push_back(entry.path().filename().string());
  }
  std::sort(names_a.begin(), names_a.end());
  std::sort(names_b.begin(), names_b.end());
  const std::string stem = std::string(k_v2_version) + "_v2";
  const std::string v1_stem = std::string(k_v1_version) + "_v1";
  CHECK(names_a == std::vector<std::string>{v1_stem + ".down.sql", v1_stem + ".up.sql", stem + ".down.sql",
                                            stem + ".up.sql", "strata.sum"});
  REQUIRE(names_a == names_b);
  for (const auto& name : names_a) {
    INFO(name);
    const auto a = ws.read("plan_a/" + name);
    CHECK_FALSE(a.empty());
    CHECK(a == ws.read("plan_b/" + name));
  }
  // Planning never touches the database.
  CHECK(history_versions(db) == history_before);
  CHECK(schema_dump(db) == schema_before);
}

TEST_CASE("plan --format json has the documented keys", "[e2e][json]")
{
  Workspace ws;
  apply_books_v1(ws);
  ws.write("v2.yaml", k_books_v2_yaml);
  const auto plan = ws.strata({"plan", "--schema", "v2.yaml", "--db", ws.db_url(), "--dir", "migrations", "--version",
                               k_v2_version, "--dry-run", "--format", "json"});
  require_exit(plan, 2);
  INFO(plan.out);
  const auto json = nlohmann::json::parse(plan.out);
  CHECK(json.at("format_version") == 1);
  CHECK(json.at("command") == "plan");
  CHECK(json.at("engine") == "sqlite");
  CHECK(json.at("version") == k_v2_version);
  CHECK(json.at("empty") == false);
  CHECK(json.at("summary").is_string());
  CHECK(json.at("reversible").is_boolean());
  CHECK(json.at("hints").is_array());
  CHECK(json.at("operations_by_kind").is_object());
  CHECK(json.at("risks_by_level").at("high").is_number_integer());
  CHECK(json.at("files").is_null()); // --dry-run writes nothing
  CHECK(ws.migration_files().size() == 3); // only v1's pair and strata.sum

  const auto& steps = json.at("steps");
  REQUIRE(steps.is_array());
  REQUIRE_FALSE(steps.empty());
  bool dropped_column_counted = false;
  int expected_index = 1;
  for (const auto& step : steps) {
    CHECK(step.at("index") == expected_index++);
    CHECK(step.at("kind").is_string());
    CHECK(step.at("target").is_string());
    CHECK(step.at("description").is_string());
    CHECK(step.at("sql").is_array());
    CHECK(step.at("reversible").is_boolean());
    CHECK(step.at("order_reasons").is_array());
    for (const auto& risk : step.at("risks")) {
      CHECK(risk.at("code").is_string());
      CHECK(risk.at("level").is_string());
      if (risk.at("kind") == "destructive" && contains(risk.at("message").get<std::string>(), "legacy_code") &&
          risk.at("count") == 3) {
        dropped_column_counted = true; // three non-NULL values would be lost
      }
    }
  }
  CHECK(dropped_column_counted);
}

TEST_CASE("destructive apply without --yes and without a terminal is refused with exit 3 and nothing changed",
          "[e2e][safety]")
{
  Workspace ws;
  const auto db = ws.db_path();
  apply_books_v1(ws);
  ws.write("v2.yaml", k_books_v2_yaml);
  require_exit(ws.strata({"plan", "--schema", "v2.yaml", "--db", ws.db_url(), "--dir", "migrations", "--name", "v2",
                          "--version", k_v2_version}),
               2);
  const auto schema_before = schema_dump(db);
  const auto history_before = history_versions(db);

  const auto refused = ws.strata({"apply", "--db", ws.db_url(), "--dir", "migrations"});
  INFO(refused.describe());
  CHECK(refused.exit_code == 3);
  CHECK(contains(refused.err, "--yes"));
  CHECK(schema_dump(db) == schema_before);
  CHECK(history_versions(db) == history_before);
  CHECK(query_rows(db, "SELECT id, legacy_code FROM books ORDER BY id") ==
        Rows{row({"1", "LG-001"}), row({"2", "LG-002"}), row({"3", "OB-001"})});

  // The same apply with --yes goes through.
  require_exit(ws.strata({"apply", "--db", ws.db_url(), "--dir", "migrations", "--yes"}), 0);
  CHECK_FALSE(contains(schema_dump(db), "legacy_code"));
}

namespace {

struct Annotation {
  std::string level;
  std::string file;
  int line = 0;
  std::string title;
  std::string message;
};

// "::level file=F,line=N,title=T::message" (the values used here need no unescaping).
Annotation parse_annotation(const std::string& text)
{
  Annotation a;
  const auto space = text.find(' ');
  const auto sep = text.find("::", 2);
  REQUIRE(sep != std::string::npos);
  a.level = text.substr(2, std::min(space, sep) - 2);
  a.message = text.substr(sep + 2);
  if (space < sep) {
    const std::string props = text.substr(space + 1, sep - space - 1);
    for (size_t pos = 0; pos < props.size();) {
      const auto comma = std::min(props.find(',', pos), props.size());
      const auto item = props.substr(pos, comma - pos);
      const auto eq = item.find('=');
      const auto key = item.substr(0, eq);
      const auto value = item.substr(eq + 1);
      if (key == "file") {
        a.file = value;
      } else if (key == "line") {
        a.line = std::stoi(value);
      } else if (key == "title") {
        a.title = value;
      }
      pos = comma + 1;
    }
  }
  return a;
}

std::vector<std::string> file_lines(const std::filesystem::path& path)
{
  std::vector<std::string> lines;
  std::string text = read_text(path);
  for (size_t pos = 0; pos < text.size();) {
    const auto end = std::min(text.find('\n', pos), text.size());
    lines.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return lines;
}

} // namespace

TEST_CASE("plan --format github annotates each risk at the line of its SQL in the written up file", "[e2e][github]")
{
  Workspace ws;
  apply_books_v1(ws);
  ws.write("v2.yaml", k_books_v2_yaml);
  const auto result = ws.strata({"plan", "--schema", "v2.yaml", "--db", ws.db_url(), "--version", k_v2_version,
                                 "--format", "github"});
  require_exit(result, 2);
  INFO(result.out);
  const auto up = ws.migration_file_ending(std::string(k_v2_version) + "_strata.up.sql");
  const auto lines = file_lines(up);
  int high_in_header = 0;
  int medium_in_header = 0;
  for (const auto& line : lines) {
    high_in_header += line.rfind("-- strata: risk high ", 0) == 0 ? 1 : 0;
    medium_in_header += line.rfind("-- strata: risk medium ", 0) == 0 ? 1 : 0;
  }
  REQUIRE(high_in_header > 0);

  int errors = 0;
  int warnings = 0;
  int notices = 0;
  size_t pos = 0;
  while (pos < result.out.size()) {
    const auto end = std::min(result.out.find('\n', pos), result.out.size());
    const std::string text = result.out.substr(pos, end - pos);
    pos = end + 1;
    REQUIRE(text.rfind("::", 0) == 0);
    const auto a = parse_annotation(text);
    if (a.level == "notice" && a.title == "strata plan") {
      ++notices;
      CHECK(contains(a.message, "change"));
      continue;
    }
    // Each risk points into the written up file, at a SQL line (not a comment or blank).
    CHECK(std::filesystem::path(a.file).filename() == up.filename());
    REQUIRE(a.line > 0);
    REQUIRE(a.line <= static_cast<int>(lines.size()));
    const auto& sql = lines[static_cast<size_t>(a.line) - 1];
    INFO(a.title << " at line " << a.line << ": " << sql);
    CHECK_FALSE(sql.empty());
    CHECK(sql.rfind("--", 0) != 0);
    // The line before is the step's numbered comment (or another one of a merged statement).
    CHECK(lines[static_cast<size_t>(a.line) - 2].rfind("-- ", 0) == 0);
    errors += a.level == "error" ? 1 : 0;
    warnings += a.level == "warning" && a.title != "irreversible" ? 1 : 0;
  }
  CHECK(notices == 1);
  CHECK(errors == high_in_header);     // high risks are errors
  CHECK(warnings == medium_in_header); // medium risks are warnings
}

TEST_CASE("plan --format github without changes prints one notice", "[e2e][github]")
{
  Workspace ws;
  apply_books_v1(ws);
  ws.write("v1.yaml", k_books_v1_yaml);
  const auto result = ws.strata({"plan", "--schema", "v1.yaml", "--db", ws.db_url(), "--format", "github"});
  require_exit(result, 0);
  CHECK(result.out == "::notice title=strata plan::no changes\n");
}
