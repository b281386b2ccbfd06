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
  bool batched() const;                        // some statement is a batched data step
};

struct RenderedStep {
  RenderedOperation up;
  std::vector<RenderedOperation> down; // the step's inverse operations, in order
  // Which up file holds the step: 0 is the main file, n > 0 is RenderedMigration::followers[n-1].
  // A split plan alternates files of transactional steps and files of steps that cannot run in
  // a transaction (RenderedPlan::file_count).
  size_t file = 0;
  // First line of the step's SQL in that file (1-based), filled by render_migration; 0 before,
  // or when the step renders no statement at the end of its file. Steps merged into one MySQL
  // ALTER TABLE all name the line where that statement starts.
  int line = 0;
};

struct RenderedPlan {
  std::vector<RenderedStep> steps; // one per planner::Plan::steps, in plan order
  bool merge_alter_table = false;  // the dialect's capability: the writer joins ALTER TABLEs
  size_t file_count = 1;           // files the up side is cut into (1: not split)
  // The plan is cut into more than one file (some steps cannot run in a transaction, others can).
  bool split() const;
  // Whether up file `file` runs outside a transaction (its steps render such a statement).
  bool file_no_transaction(size_t file) const;
};

// Header values and statement comments live on one line: line breaks become spaces.
std::string one_line(std::string text);

// Renders each step's operation once (plan order, one RenderContext for the up side) and its
// inverse once (reverse plan order, one context for the down side), so the once-per-file
// bookkeeping (PostgreSQL's CREATE SCHEMA IF NOT EXISTS) holds in each file; then cuts the plan
// into files when some steps render a statement that cannot run in a transaction and others do
// not: runs of one kind, alternating, as few as the steps' dependencies (Step::after) allow, each
// step in the first run of its kind after every step it depends on, plan order kept within a run.
RenderedPlan render_plan(const planner::Plan& plan, const dialects::Rendering& dialect, const schemas::Schema* live,
                         const schemas::Schema* desired, const planner::PlanSettings& settings = {});

} // namespace strata::migrations
