#pragma once
// Helpers for planner tests: schemas from YAML, the real SQLite dialect, a dialect with every
// ALTER capability (the SQLite dialect with other answers to the capability questions, to reach
// the in-place paths that SQLite itself never takes), and step lookups.

#include "dialects/registry.hpp"
#include "dialects/sqlite/sqlite_dialect.hpp"
#include "planner/plan.hpp"
#include "schemas/yaml.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

namespace strata::test {

inline schemas::Schema yaml(const std::string& text)
{
  auto result = schemas::load_string(text, "test.yaml");
  for (const auto& d : result.diagnostics) {
    UNSCOPED_INFO(d.str());
  }
  REQUIRE(result.ok());
  return result.schema;
}

inline const dialects::Dialect& sqlite()
{
  return dialects::dialect_for("sqlite");
}

// Every ALTER can be done in place; no rebuild. Everything else is SQLite's.
class AlterEverythingDialect final : public dialects::Dialect {
public:
  std::string name() const override { return m_base->name(); }
  dialects::Capabilities capabilities() const override
  {
    dialects::Capabilities caps; // defaults: every ALTER in place
    caps.table_rebuild = false;
    caps.transactional_ddl = true;
    return caps;
  }
  std::unique_ptr<dialects::Connection> connect(const dialects::DbUrl& url) const override { return m_base->connect(url); }
  std::string quote_identifier(const std::string& n) const override { return m_base->quote_identifier(n); }
  std::string quote_literal(const std::string& v) const override { return m_base->quote_literal(v); }
  std::string format_type(const schemas::ColumnType& t) const override { return m_base->format_type(t); }
  schemas::Schema normalize(const schemas::Schema& s) const override { return m_base->normalize(s); }
  bool can_alter_in_place(const dialects::AlterQuestion&) const override { return true; }
  std::vector<dialects::Statement> render(const schemas::Operation& op, dialects::RenderContext& ctx) const override
  {
    return m_base->render(op, ctx);
  }
  std::vector<schemas::Risk> engine_risks(const schemas::Operation&) const override { return {}; }
  std::string probe_sql(const dialects::ProbeQuery& p) const override { return m_base->probe_sql(p); }
  void check_integrity(dialects::Connection& c) const override { m_base->check_integrity(c); }
  std::unique_ptr<dialects::Lock> acquire_lock(dialects::Connection& c, const dialects::DbUrl& url,
                                               std::chrono::milliseconds timeout) const override
  {
    return m_base->acquire_lock(c, url, timeout);
  }
  dialects::BackupRecord backup(dialects::Connection& c, const dialects::BackupTarget& target,
                                const std::filesystem::path& dir, const std::string& id) const override
  {
    return m_base->backup(c, target, dir, id);
  }
  void restore(dialects::Connection& c, const dialects::BackupRecord& record) const override
  {
    m_base->restore(c, record);
  }
  dialects::DbUrl create_scratch(const dialects::DbUrl& s, const std::string& n) const override
  {
    return m_base->create_scratch(s, n);
  }
  void drop_scratch(const dialects::DbUrl& s, const dialects::DbUrl& d) const override { m_base->drop_scratch(s, d); }
  std::vector<std::string> list_objects(dialects::Connection& c, size_t n) const override
  {
    return m_base->list_objects(c, n);
  }
  void clear_database(dialects::Connection& c) const override { m_base->clear_database(c); }

private:
  std::unique_ptr<dialects::Dialect> m_base = dialects::sqlite::make_dialect();
};

inline schemas::ForeignKey foreign_key(std::string name, std::vector<std::string> columns, std::string table,
                                       std::vector<std::string> ref_columns)
{
  schemas::ForeignKey fk;
  fk.name = std::move(name);
  fk.columns = std::move(columns);
  fk.references = {"", std::move(table)};
  fk.ref_columns = std::move(ref_columns);
  return fk;
}

// "create table users", "add column users.email", ... in step order.
inline std::vector<std::string> described(const planner::Plan& plan)
{
  std::vector<std::string> out;
  for (const auto& step : plan.steps) {
    out.push_back(schemas::describe(step.operation));
  }
  return out;
}

// Index of the step described as `text`; fails the test when absent.
inline size_t position(const planner::Plan& plan, const std::string& text)
{
  const auto steps = described(plan);
  const auto it = std::find(steps.begin(), steps.end(), text);
  INFO("looking for: " << text);
  REQUIRE(it != steps.end());
  return static_cast<size_t>(it - steps.begin());
}

inline const planner::Step& step(const planner::Plan& plan, const std::string& text)
{
  return plan.steps[position(plan, text)];
}

template <class T>
const T& op(const planner::Step& step)
{
  REQUIRE(std::holds_alternative<T>(step.operation));
  return std::get<T>(step.operation);
}

inline std::vector<std::string> codes(const planner::Step& step)
{
  std::vector<std::string> out;
  for (const auto& risk : step.risks) {
    out.push_back(risk.code);
  }
  return out;
}

} // namespace strata::test
