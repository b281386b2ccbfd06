#pragma once
// Helpers for planner tests: schemas from YAML, the real SQLite dialect, a dialect with every
// ALTER capability (the SQLite dialect with other answers to the capability questions, to reach
// the in-place paths that SQLite itself never takes), and step lookups.

#include "dialects/registry.hpp"
#include "planner/plan.hpp"
#include "schemas/yaml.hpp"
#include "tests/support/model.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
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

// Every ALTER can be done in place; no rebuild; no engine risks. Everything else is SQLite's.
struct AlterEverythingDialect final : dialects::Dialect {
  AlterEverythingDialect() : dialects::Dialect(sqlite())
  {
    capabilities = {}; // defaults: every ALTER in place
    capabilities.table_rebuild = false;
    capabilities.transactional_ddl = true;
    can_alter_in_place = [](const dialects::AlterQuestion&) { return true; };
    engine_risks_in_context = [](const schemas::Operation&, const dialects::RiskContext&) {
      return std::vector<schemas::Risk>{};
    };
    changes_stored_values = nullptr; // no engine conversions (SQLite's affinities) unless a test sets one
  }
};

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
