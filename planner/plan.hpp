#pragma once
// The plan: operations in their final order, each with risks and its inverse.

#include "dialects/dialect.hpp"
#include "schemas/model.hpp"
#include "schemas/operation.hpp"
#include "schemas/risk.hpp"

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace strata::planner {

// A measurement the planner wants taken on the live database for one risk of one step.
struct Measurement {
  size_t risk_index = 0; // index into Step::risks
  dialects::ProbeQuery probe;
  // A count above zero means the step fails on the current data (NULLs for NOT NULL, duplicates
  // for UNIQUE, orphans, violating rows, values the new type rejects): the plan says "will fail
  // on current data" and the written file carries a `preflight` line that apply counts again.
  bool preflight = false;
};

struct Step {
  schemas::Operation operation;
  std::vector<schemas::Risk> risks;
  std::vector<Measurement> measurements;   // filled by plan(); counts land in risks[i].count
  std::vector<schemas::Operation> inverse; // operations that undo this step, in order
  std::vector<schemas::Risk> inverse_risks; // risks of running `inverse` (the down file), unmeasured
  bool reversible = true;                  // false: the inverse cannot restore data/structure
  std::string irreversible_reason;
  std::vector<std::string> order_reasons;  // graph edges that placed this step ("after create table users")
  std::vector<size_t> after;               // positions in Plan::steps of the steps it depends on
  // Set for a destructive step whose data a backup should save before it runs.
  std::vector<dialects::BackupTarget> backups;
  // The same for the down file: what `inverse` destroys (a dropped table or column, a type change
  // back that alters stored values), in the order of `inverse`.
  std::vector<dialects::BackupTarget> inverse_backups;

  // The risk's preflight count (Measurement::preflight) was measured above zero: the step fails
  // on the current data.
  bool will_fail(size_t risk_index) const;
};

struct Plan {
  std::vector<Step> steps;
  std::vector<std::string> hints; // "did you mean to rename column users.name to users.full_name?"
  std::string engine;

  bool empty() const { return steps.empty(); }
  bool reversible() const;
  // "3 changes: 1 create table, 1 add column, 1 drop index (2 risks: 1 high, 1 medium)"
  std::string summary() const;
  std::map<std::string, int> operations_by_kind() const;
  std::map<schemas::RiskLevel, int> risks_by_level() const;
  bool has_destructive() const;
};

// What changes how a plan is made and rendered. One value reaches the planner (risks), the
// renderer (migrations::render_plan: statements) and the views, so that a risk report never
// describes statements other than the ones written (workflows::PlanSettings is this struct).
struct PlanSettings {
  // PostgreSQL: build and drop indexes of existing tables CONCURRENTLY (`--no-concurrent-indexes`
  // turns it off). Decides the statements and the lock risks (L313/L314/L315/L318) alike.
  bool concurrent_indexes = true;
};

struct WrittenSchema; // written_text.hpp

struct DiffOptions : PlanSettings {
  // The text of the desired schema as written (written_text_only or written_text_copy), when
  // `desired` was rewritten before planning (e.g. into the server's canonical forms): operations
  // render its expression text. Null: `desired` itself.
  const WrittenSchema* written = nullptr;
  // The text of the live schema as read (the catalog's), when `live` was normalized before
  // planning (plan_normal): the down file's operations render it. Null: `live` itself.
  const WrittenSchema* live_written = nullptr;
};

// Diff live against desired (both normalized by the dialect inside), build the dependency graph,
// order it deterministically, classify risks and compute inverses. Throws strata::Error on an
// unbreakable dependency cycle or a change the engine cannot express.
Plan plan(const schemas::Schema& live, const schemas::Schema& desired, const dialects::Rendering& dialect,
          const DiffOptions& options = {});

// plan() of schemas the caller has already normalized with dialect.normalize: `live_normal` is
// read in place, `desired_normal` becomes the plan's own (its rename hints are cleared and, on
// engines whose names ignore case, its names spelled as live spells them). A caller that keeps a
// normalized form for rendering (workflows::plan_against) so holds no second copy of it. The text
// the operations render comes from options.written and options.live_written (null: the normal
// forms themselves).
Plan plan_normal(const schemas::Schema& live_normal, schemas::Schema desired_normal,
                 const dialects::Rendering& dialect, const DiffOptions& options = {});

// plan_normal of `desired` itself, read in place, when that changes nothing: when `desired` is
// its own normal form (dialect.is_normal), has no rename hints and has no name the planner would
// spell as live does (names that live has only up to case). `desired` is then left as it was.
// Otherwise nullopt: the caller plans a normalized copy (plan_normal). A caller that keeps the
// desired schema for rendering so holds one copy of it fewer while planning. `normal`: the
// caller knows `desired` is its own normal form (normalize_in_place made it so and nothing
// changed it since), so that is not checked again (a normalized copy of every table compared).
std::optional<Plan> plan_in_place(const schemas::Schema& live_normal, schemas::Schema& desired,
                                  const dialects::Rendering& dialect, const DiffOptions& options = {},
                                  bool normal = false);

// What a probe's count counts: "NULL rows", "duplicate groups", "orphan rows", ...
std::string count_label(dialects::ProbeQuery::Kind kind);

// Runs each step's measurements through `count` (the caller owns the connection) and stores the
// results in the risks. A probe that throws or returns nullopt leaves the count unset.
void measure(Plan& plan, const std::function<std::optional<long long>(const dialects::ProbeQuery&)>& count);

// The identifiers an SQL text names (lower-cased, quotes removed, string literals skipped): which
// tables and views a view's query may read, without parsing SQL.
std::set<std::string> identifiers_in(const std::string& sql);

} // namespace strata::planner
