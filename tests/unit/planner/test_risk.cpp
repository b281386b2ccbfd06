// Risk codes, probes (in live names), backups, and measure() against a real SQLite file.

#include "planner_support.hpp"

#include "dialects/url.hpp"
#include "planner/risk.hpp"

#include "tests/support/model.hpp"
#include "tests/support/schema_yaml.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

using namespace strata;
using namespace strata::test;
using Kind = dialects::ProbeQuery::Kind;

// users has a key; logs has none (a backup of it keys on all its columns).
const std::string k_risk_live =
  schema_yaml({keyed_table("users", {"{ name: email, type: varchar(255) }", "{ name: nickname, type: text }"}),
               "  - name: logs\n    columns:\n      - { name: line, type: text }\n"});

} // namespace

TEST_CASE("drop table: destructive, backward-incompatible, irreversible, backed up whole", "[planner][risk]")
{
  auto desired = yaml(k_risk_live);
  desired.tables.pop_back();
  const auto plan = planner::plan(yaml(k_risk_live), desired, sqlite());
  const auto& drop = step(plan, "drop table logs");
  CHECK(codes(drop) == std::vector<std::string>{"D101", "BI401", "IR501"});
  CHECK(drop.risks[0].kind == schemas::RiskKind::destructive);
  CHECK(drop.risks[0].level == schemas::RiskLevel::high);
  CHECK(drop.risks[0].message == "dropping table logs destroys its rows");
  REQUIRE(drop.measurements.size() == 1);
  CHECK(drop.measurements[0].risk_index == 0);
  CHECK(drop.measurements[0].probe.kind == Kind::rows);
  REQUIRE(drop.backups.size() == 1);
  CHECK(drop.backups[0].table.name == "logs");
  CHECK(drop.backups[0].column.empty());
  CHECK(drop.backups[0].key_columns == std::vector<std::string>{"line"}); // no primary key: all columns
  CHECK_FALSE(drop.reversible);
  CHECK(drop.irreversible_reason == "data in logs is not restored by the down file (a backup is taken before apply)");
  CHECK(plan.has_destructive());
}

TEST_CASE("drop column: counts non-null values and backs the column up by key", "[planner][risk]")
{
  auto desired = yaml(k_risk_live);
  desired.tables[0].columns.pop_back();
  const auto plan = planner::plan(yaml(k_risk_live), desired, sqlite());
  const auto& drop = step(plan, "drop column users.nickname");
  CHECK(codes(drop) == std::vector<std::string>{"D102", "BI401", "IR501"});
  REQUIRE(drop.measurements.size() == 1);
  CHECK(drop.measurements[0].probe.kind == Kind::non_null);
  CHECK(drop.measurements[0].probe.columns == std::vector<std::string>{"nickname"});
  REQUIRE(drop.backups.size() == 1);
  CHECK(drop.backups[0].column == "nickname");
  CHECK(drop.backups[0].key_columns == std::vector<std::string>{"id"});
}

TEST_CASE("narrowing a varchar probes values too long", "[planner][risk]")
{
  const test::AlterEverythingDialect dialect;
  auto desired = yaml(k_risk_live);
  desired.tables[0].columns[1].type = schemas::ColumnType::parse("varchar(50)");
  const auto plan = planner::plan(yaml(k_risk_live), desired, dialect);
  const auto& alter = step(plan, "alter column users.email");
  CHECK(codes(alter) == std::vector<std::string>{"D103", "DD205"});
  REQUIRE(alter.measurements.size() == 1);
  CHECK(alter.measurements[0].risk_index == 1);
  CHECK(alter.measurements[0].probe.kind == Kind::too_long);
  CHECK(alter.measurements[0].probe.limit == 50);
}

TEST_CASE("a type change the engine says alters values is destructive, counted and backed up", "[planner][risk]")
{
  test::AlterEverythingDialect dialect;
  // The engine's answer: varchar -> integer converts values, text -> varchar(40) does not.
  dialect.changes_stored_values = [](const schemas::ColumnType&, const schemas::ColumnType& after) {
    return after.str() == "integer";
  };
  auto desired = yaml(k_risk_live);
  desired.tables[0].columns[1].type = schemas::ColumnType::parse("text");
  desired.tables[0].columns[2].type = schemas::ColumnType::parse("integer");
  const auto plan = planner::plan(yaml(k_risk_live), desired, dialect);
  CHECK(step(plan, "alter column users.email").risks.empty());
  CHECK(step(plan, "alter column users.email").backups.empty());
  const auto& alter = step(plan, "alter column users.nickname");
  CHECK(codes(alter) == std::vector<std::string>{"D103", "DD205"});
  REQUIRE(alter.measurements.size() == 1);
  CHECK(alter.measurements[0].risk_index == 0);
  CHECK_FALSE(alter.measurements[0].preflight);
  CHECK(alter.measurements[0].probe.kind == Kind::changed_values);
  CHECK(alter.measurements[0].probe.columns == std::vector<std::string>{"nickname"});
  CHECK(alter.measurements[0].probe.from_type.str() == "text");
  CHECK(alter.measurements[0].probe.to_type.str() == "integer");
  REQUIRE(alter.backups.size() == 1);
  CHECK(alter.backups[0].table.name == "users");
  CHECK(alter.backups[0].column == "nickname");
  CHECK(alter.backups[0].key_columns == std::vector<std::string>{"id"});
}

TEST_CASE("widening a type is not a risk, an unrelated type may fail", "[planner][risk]")
{
  const test::AlterEverythingDialect dialect;
  auto desired = yaml(k_risk_live);
  desired.tables[0].columns[1].type = schemas::ColumnType::parse("text");
  desired.tables[0].columns[2].type = schemas::ColumnType::parse("integer");
  const auto plan = planner::plan(yaml(k_risk_live), desired, dialect);
  CHECK(step(plan, "alter column users.email").risks.empty());
  CHECK(codes(step(plan, "alter column users.nickname")) == std::vector<std::string>{"DD205"});
}

TEST_CASE("unique index, foreign key, check and NOT NULL are data-dependent with probes", "[planner][risk]")
{
  const test::AlterEverythingDialect dialect;
  auto desired = yaml(k_risk_live);
  auto& users = desired.tables[0];
  users.indexes.push_back(schemas::Index{"users_email_uq", {{"email", "", false, ""}}, true, false, "", "", {}, {}});
  users.checks.push_back(schemas::Check{"users_email_at", "email LIKE '%@%'", {}});
  users.columns[1].nullable = false;
  desired.tables[1].columns.push_back(make_column("user_id", "integer"));
  desired.tables[1].foreign_keys.push_back(test::foreign_key("logs_user_fk", {"user_id"}, "users", {"id"}));
  const auto plan = planner::plan(yaml(k_risk_live), desired, dialect);
  const auto& unique = step(plan, "create index users_email_uq on users");
  CHECK(codes(unique) == std::vector<std::string>{"DD202"});
  CHECK(unique.measurements.at(0).probe.kind == Kind::duplicate_groups);
  const auto& check = step(plan, "add check users_email_at on users");
  CHECK(codes(check) == std::vector<std::string>{"DD204"});
  CHECK(check.measurements.at(0).probe.expression == "email LIKE '%@%'");
  const auto& not_null = step(plan, "alter column users.email");
  CHECK(codes(not_null) == std::vector<std::string>{"DD201"});
  CHECK(not_null.measurements.at(0).probe.kind == Kind::nulls);
  const auto& fk = step(plan, "add foreign key logs_user_fk on logs");
  CHECK(codes(fk) == std::vector<std::string>{"DD203"});
  CHECK(fk.measurements.empty()); // logs.user_id does not exist live yet: nothing to measure
}

TEST_CASE("renames are backward-incompatible", "[planner][risk]")
{
  auto desired = yaml(k_risk_live);
  desired.tables[1].name = "entries";
  desired.tables[1].renamed_from = "logs";
  const auto plan = planner::plan(yaml(k_risk_live), desired, sqlite());
  const auto& rename = step(plan, "rename table logs to entries");
  CHECK(codes(rename) == std::vector<std::string>{"BI402"});
  CHECK(rename.reversible);
}

TEST_CASE("measure fills counts from a real SQLite database", "[planner][risk]")
{
  const TempDir dir("strata-planner");
  const auto& dialect = sqlite();
  auto connection = dialect.connect(dialects::DbUrl::parse("sqlite:" + (dir / "risk.db").string()));
  connection->execute("CREATE TABLE users (id integer NOT NULL PRIMARY KEY, email varchar(255), nickname text)");
  connection->execute("CREATE TABLE logs (line text)");
  connection->execute("INSERT INTO users VALUES (1, 'a@x', 'ann'), (2, NULL, NULL), (3, 'a@x', 'cy')");
  connection->execute("INSERT INTO logs VALUES ('one'), ('two')");

  auto desired = yaml(k_risk_live);
  desired.tables.pop_back();
  desired.tables[0].columns.pop_back();
  desired.tables[0].columns[1].nullable = false;
  desired.tables[0].indexes.push_back(
    schemas::Index{"users_email_uq", {{"email", "", false, ""}}, true, false, "", "", {}, {}});
  auto plan = planner::plan(yaml(k_risk_live), desired, dialect);
  planner::measure(plan, [&](const dialects::ProbeQuery& probe) -> std::optional<long long> {
    const auto rows = connection->query(dialect.probe_sql(probe));
    return std::stoll(rows.rows.at(0).at(0).value());
  });
  const auto& drop = step(plan, "drop table logs");
  CHECK(drop.risks[0].count == 2);
  CHECK(drop.risks[0].count_label == "rows");
  const auto& rebuild = step(plan, "rebuild table users");
  std::map<std::string, std::pair<long long, std::string>> counts;
  for (const auto& risk : rebuild.risks) {
    if (risk.count) {
      counts[risk.code] = {*risk.count, risk.count_label};
    }
  }
  CHECK(counts["D102"] == std::pair<long long, std::string>{2, "non-null values"});
  CHECK(counts["DD201"] == std::pair<long long, std::string>{1, "NULL rows"});
  CHECK(counts["DD202"] == std::pair<long long, std::string>{1, "duplicate groups"});
  REQUIRE(rebuild.backups.size() == 1);
  CHECK(rebuild.backups[0].column == "nickname");
}

TEST_CASE("a probe that fails leaves the count unset", "[planner][risk]")
{
  auto desired = yaml(k_risk_live);
  desired.tables.pop_back();
  auto plan = planner::plan(yaml(k_risk_live), desired, sqlite());
  planner::measure(plan, [](const dialects::ProbeQuery&) -> std::optional<long long> {
    throw std::runtime_error("no such table");
  });
  CHECK_FALSE(step(plan, "drop table logs").risks[0].count.has_value());
}

TEST_CASE("the down direction is classified too", "[planner][risk]")
{
  // Undoing "create table" drops it: the down file's header must say so (D101, BI401), but
  // not IR501, which belongs to the up file.
  schemas::Schema live;
  schemas::Schema desired;
  desired.tables.push_back(make_table("notes", {make_column("id", "integer")}));
  const auto plan = planner::plan(live, desired, sqlite());
  REQUIRE(plan.steps.size() == 1);
  CHECK(plan.steps[0].risks.empty());
  std::vector<std::string> down_codes;
  for (const auto& risk : plan.steps[0].inverse_risks) {
    down_codes.push_back(risk.code);
  }
  CHECK(down_codes == std::vector<std::string>{"D101", "BI401"});
}

TEST_CASE("inline ENUM changes: added members are safe, removed ones are counted", "[risk][enum]")
{
  using strata::planner::detail::classify_type_change;
  using strata::planner::detail::TypeChange;
  const auto type = [](const char* text) { return strata::schemas::ColumnType::make_native(text); };
  const auto added = classify_type_change(type("enum('a','b')"), type("enum('a','c','b')"), "mysql");
  CHECK(added.change == TypeChange::widening);
  CHECK(added.removed_members.empty());
  const auto removed = classify_type_change(type("enum('a','it''s','b')"), type("enum('b', 'c')"), "mysql");
  CHECK(removed.change == TypeChange::incompatible);
  CHECK(removed.removed_members == std::vector<std::string>{"a", "it's"});
  CHECK(removed.kept_members == std::vector<std::string>{"b", "c"});
  // Not an inline enum: the general rules.
  CHECK(classify_type_change(type("enum('a'"), type("enum('b')"), "mysql").removed_members.empty());
}

TEST_CASE("locking risks of a live table end with its size and row estimate, other risks do not", "[planner][risk]")
{
  const std::string before = schema_yaml({keyed_table("orders", {"{ name: total, type: text }"})});
  const std::string after = schema_yaml({keyed_table("orders", {"{ name: total, type: integer }"}),
                                         keyed_table("fresh", {"{ name: note, type: text }"})});
  auto live = yaml(before);
  live.tables[0].estimate.rows = 9100;
  const auto plan = planner::plan(live, yaml(after), sqlite());
  const auto& rebuild = step(plan, "rebuild table orders");
  bool locking = false;
  for (const auto& risk : rebuild.risks) {
    INFO(risk.code << ": " << risk.message);
    if (risk.kind == schemas::RiskKind::locking) {
      locking = true;
      CHECK(risk.code == "L301");
      CHECK_THAT(risk.message, Catch::EndsWith("orders: ~9.1k rows)"));
      CHECK(risk.table_rows_estimate == 9100);
      CHECK_FALSE(risk.table_bytes.has_value());
    } else {
      CHECK_THAT(risk.message, !Catch::Contains("rows)"));
      CHECK_FALSE(risk.table_rows_estimate.has_value());
    }
  }
  CHECK(locking);

  // Unknown: nothing appended (the same plan without estimates).
  const auto plain = planner::plan(yaml(before), yaml(after), sqlite());
  const auto& plain_rebuild = step(plain, "rebuild table orders");
  REQUIRE(plain_rebuild.risks.size() == rebuild.risks.size());
  for (size_t i = 0; i < rebuild.risks.size(); ++i) {
    // The same message, the estimate added at its end (inside a closing parenthesis, if any).
    std::string stem = plain_rebuild.risks[i].message;
    if (!stem.empty() && stem.back() == ')') {
      stem.pop_back();
    }
    CHECK(rebuild.risks[i].message.rfind(stem, 0) == 0);
  }
}

TEST_CASE("PostgreSQL rewrite and blocking index risks carry the estimate of the table they lock", "[planner][risk]")
{
  const auto& postgres = dialects::dialect_for("postgres");
  const std::string before = schema_yaml({keyed_table("orders", {"{ name: total, type: integer }"})});
  const std::string after = schema_yaml(
    {keyed_table("orders", {"{ name: total, type: text }"}, "indexes:\n  - { name: orders_total, columns: [total] }")});
  auto live = yaml(before);
  live.tables[0].estimate = {1288490189LL, 9123456};
  planner::DiffOptions options;
  options.concurrent_indexes = false;
  const auto plan = planner::plan(live, yaml(after), postgres, options);
  const auto risk_of = [&](const std::string& description, const std::string& code) -> const schemas::Risk& {
    const auto& found = step(plan, description);
    const auto it = std::find_if(found.risks.begin(), found.risks.end(),
                                 [&](const schemas::Risk& r) { return r.code == code; });
    REQUIRE(it != found.risks.end());
    return *it;
  };
  const auto& rewrite = risk_of("alter column orders.total", "L311");
  CHECK_THAT(rewrite.message, Catch::EndsWith("rewrites the table under an ACCESS EXCLUSIVE lock (reads and writes "
                                              "wait; orders: 1.2 GB, ~9.1M rows)"));
  CHECK(rewrite.table_bytes == 1288490189LL);
  CHECK(rewrite.table_rows_estimate == 9123456);
  const auto& index = risk_of("create index orders_total on orders", "L313");
  CHECK_THAT(index.message, Catch::EndsWith("(concurrent indexes are off; orders: 1.2 GB, ~9.1M rows)"));
}
