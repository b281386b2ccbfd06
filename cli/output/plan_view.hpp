#pragma once
// What every output format of `plan` and `drift` renders: plain strings and numbers only, built
// once from a planner::Plan plus the SQL the dialect renders for each step (plan_view_builder.hpp),
// so text, sql, markdown and json cannot disagree.

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace strata::cli {

struct RiskView {
  std::string kind;  // "destructive", "data-dependent", ...
  std::string level; // "low", "medium", "high"
  std::string code;  // "D102"
  std::string message;
  std::optional<long long> count; // measured on the live database; empty when not measured
  std::string count_label;        // what count counts ("rows", "NULL rows", ...)
  // The count shows the step fails on the current data (NULLs for NOT NULL, duplicates for
  // UNIQUE, ...): `apply` refuses the file until the data is fixed.
  bool will_fail = false;
  // A locking risk's table: bytes and row estimate from the live catalog (the message ends with
  // them); empty when unknown.
  std::optional<long long> table_bytes{};
  std::optional<long long> table_rows_estimate{};
};

struct StepView {
  int index = 0;           // 1-based
  std::string kind;        // "AddColumn"
  std::string target;      // "users.email"
  std::string description; // "add column users.email"
  std::vector<std::string> sql; // statements, without the trailing ';'
  std::vector<RiskView> risks;
  bool reversible = true;
  std::string irreversible_reason; // empty when reversible
  std::vector<std::string> order_reasons;
  // The steps that must run before this one (their `index`), each with the graph edge's reason
  // ("a table is created before its indexes"): the plan's --format dot.
  std::vector<int> after;
  std::vector<std::string> after_reasons;
  std::string file; // plan: the written up file holding the step's SQL (empty: dry run)
  int line = 0;     // plan: first line of the step's SQL in that file (0: unknown)
  // The difference the step repairs (cli/output/definition.hpp): the object, the definition the
  // plan leads to and the one the database has now ("(absent)" when it does not exist there).
  std::string object;   // "column users.nickname"
  std::string expected; // "nickname text NULL" | "(absent)"
  std::string actual;

  bool will_fail() const // some risk will_fail
  {
    return std::any_of(risks.begin(), risks.end(), [](const RiskView& risk) { return risk.will_fail; });
  }
};

// One difference of a drift report: an object whose definition in the database (actual) is not
// the expected one, with the steps that repair it (a changed index: its drop and its create).
struct DifferenceView {
  std::string object;
  std::string expected;
  std::string actual;
  std::vector<int> steps; // StepView::index of each repairing step
};

struct FilesView {
  std::string up;
  std::string down;
};

struct PlanView {
  std::string command; // "plan" | "drift" | "diff"
  std::string engine;  // "sqlite"
  std::string version; // migration version (plan only; empty for drift)
  std::string summary;
  bool reversible = true;
  std::vector<std::string> hints;
  std::map<std::string, int> operations_by_kind;
  std::map<std::string, int> risks_by_level; // keyed by "high", "medium", "low"
  std::vector<StepView> steps;
  std::optional<FilesView> files; // set when plan wrote the migration files
  std::string up_sql;             // the full up file text (plan only)
  // drift: what the database was compared with: "schema" (the desired YAML) or "migrations" (the
  // schema its applied history leads to, replayed on a scratch database).
  std::string against;
  std::string baseline;        // drift: "schema.yaml", "migrations applied up to 20261122000000"
  std::string applied_version; // drift --against migrations: newest applied version (empty: none)
  // Objects whose definitions differ, in step order. A view dropped and created again only
  // because a table under it changes is a step but no difference.
  std::vector<DifferenceView> differences;
  // diff: the two sides as the command line named them, with their kind.
  std::string from;      // "schema.yaml"
  std::string from_kind; // "schema" | "database" | "migrations"
  std::string to;
  std::string to_kind;

  // The Mermaid ER diagram (cli/output/diagram.hpp) of the tables and views the change touches,
  // as they are after it: the markdown format embeds it.
  std::string diagram;

  bool empty() const { return steps.empty(); }
  bool in_sync() const { return steps.empty(); }
};

} // namespace strata::cli
