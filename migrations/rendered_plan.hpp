#pragma once
// A plan rendered once through the dialect: every step's up statements and the statements of its
// inverse, which file each step lands in and (once render_migration wrote the texts) the line of
// its SQL there. The writer, the views and the GitHub annotations all read this one rendering, so
// they cannot disagree, and nothing searches a written file's text afterwards.

#include "dialects/dialect.hpp"
#include "planner/plan.hpp"

#include <string>
#include <vector>

namespace strata::migrations {

// One operation's SQL as a migration file holds it.
struct RenderedOperation {
  std::string description;                     // schemas::describe, on one line
  std::vector<dialects::Statement> statements; // comments on one line
  bool no_transaction() const;                 // some statement must run outside a transaction
};

struct RenderedStep {
  RenderedOperation up;
  std::vector<RenderedOperation> down; // the step's inverse operations, in order
  // Which up file holds the step: 0 is the main file, n > 0 is RenderedMigration::followers[n-1]
  // (the steps that cannot run in a transaction, when the plan splits).
  size_t file = 0;
  // First line of the step's SQL in that file (1-based), filled by render_migration; 0 before,
  // or when the step renders no statement at the end of its file. Steps merged into one MySQL
  // ALTER TABLE all name the line where that statement starts.
  int line = 0;
};

struct RenderedPlan {
  std::vector<RenderedStep> steps; // one per planner::Plan::steps, in plan order
  bool merge_alter_table = false;  // the dialect's capability: the writer joins ALTER TABLEs
  // Some steps go to a no-transaction follower file (and others stay in the main one).
  bool split() const;
};

// Header values and statement comments live on one line: line breaks become spaces.
std::string one_line(std::string text);

// Renders each step's operation once (plan order, one RenderContext for the up side) and its
// inverse once (reverse plan order, one context for the down side), so the once-per-file
// bookkeeping (PostgreSQL's CREATE SCHEMA IF NOT EXISTS) holds in each file; then decides which
// steps move to the no-transaction follower: those rendering a statement that cannot run in a
// transaction, when others can and no transactional step depends on one of them.
RenderedPlan render_plan(const planner::Plan& plan, const dialects::Rendering& dialect, const schemas::Schema* live,
                         const schemas::Schema* desired, const planner::PlanSettings& settings = {});

} // namespace strata::migrations
