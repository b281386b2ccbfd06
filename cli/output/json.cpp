// JSON format of `plan` and `drift` (`--format json`). Stable: keys always appear in this order,
// with these types; new keys may be added at the end of an object, existing ones never change.
//
// {
//   "format_version": 1,
//   "command": "plan" | "drift" | "diff",
//   "engine": "sqlite",
//   "version": "20261121193000",          // plan only: the migration version
//   "in_sync": true | false,              // drift only: true when there is no difference
//   "equal": true | false,                // diff only (instead of "version"): no difference
//   "empty": true | false,                // no operations
//   "summary": "2 changes: 1 AddColumn, 1 DropColumn (1 risk: 1 high)",
//   "reversible": true | false,           // every step has an inverse that restores it
//   "hints": ["did you mean to rename column users.name to users.full_name?"],
//   "operations_by_kind": {"AddColumn": 1, "DropColumn": 1},
//   "risks_by_level": {"high": 1, "medium": 0, "low": 0},
//   "steps": [
//     {
//       "index": 1,
//       "kind": "DropColumn",
//       "target": "users.name",
//       "description": "drop column users.name",
//       "sql": ["ALTER TABLE \"users\" DROP COLUMN \"name\""],  // statements, no trailing ';'
//       "risks": [
//         {"kind": "destructive", "level": "high", "code": "D102",
//          "message": "...", "count": 3 | null, "count_label": "non-null values",
//          "will_fail": false}  // true: the count shows the step fails on the current data
//       ],
//       "reversible": true | false,
//       "irreversible_reason": null | "...",
//       "order_reasons": ["after drop index users_name_idx"],
//       // The difference the step repairs (drift's report; plan carries them too). The plan turns
//       // the database (actual) into the target (expected); "(absent)": no such object on that side.
//       "object": "column users.name",
//       "expected": "(absent)",
//       "actual": "name text NULL",
//       "will_fail": false  // some risk will_fail
//     }
//   ],
//   "files": {"up": "migrations/..._x.up.sql", "down": "migrations/..._x.down.sql"} | null,
//   "against": "schema" | "migrations",  // drift only: what the database was compared with
//   "baseline": "schema.yaml" | "migrations applied up to 20261122000000",  // drift only
//   "applied_version": "20261122000000" | null, // drift only: newest applied version (migrations)
//   // drift only: each object whose definition differs, once, with the steps that repair it (a
//   // changed index: its drop and its create); a view only recreated around a table change is a
//   // step but no difference.
//   "differences": [{"object": "column users.name", "expected": "(absent)",
//                    "actual": "name text NULL", "steps": [2]}]
//   // diff only (after "files"): the two sides, and the differences as drift lists them
//   "from": {"kind": "schema" | "database" | "migrations", "name": "v1.yaml"},
//   "to": {"kind": …, "name": "postgres://app:***@db/app"},
//   "differences": [...]
// }
#include "cli/output/render.hpp"

#include <nlohmann/json.hpp>

namespace strata::cli {

namespace {

using Json = nlohmann::ordered_json;

Json risk_json(const RiskView& risk)
{
  Json out;
  out["kind"] = risk.kind;
  out["level"] = risk.level;
  out["code"] = risk.code;
  out["message"] = risk.message;
  out["count"] = risk.count ? Json(*risk.count) : Json(nullptr);
  out["count_label"] = risk.count_label;
  out["will_fail"] = risk.will_fail;
  out["table_bytes"] = risk.table_bytes ? Json(*risk.table_bytes) : Json(nullptr);
  out["table_rows_estimate"] = risk.table_rows_estimate ? Json(*risk.table_rows_estimate) : Json(nullptr);
  return out;
}

Json step_json(const StepView& step)
{
  Json out;
  out["index"] = step.index;
  out["kind"] = step.kind;
  out["target"] = step.target;
  out["description"] = step.description;
  out["sql"] = step.sql;
  out["risks"] = Json::array();
  for (const auto& risk : step.risks) {
    out["risks"].push_back(risk_json(risk));
  }
  out["reversible"] = step.reversible;
  out["irreversible_reason"] = step.reversible ? Json(nullptr) : Json(step.irreversible_reason);
  out["order_reasons"] = step.order_reasons;
  out["object"] = step.object;
  out["expected"] = step.expected;
  out["actual"] = step.actual;
  out["will_fail"] = step.will_fail();
  return out;
}

} // namespace

std::string render_json(const PlanView& view)
{
  Json out;
  out["format_version"] = 1;
  out["command"] = view.command;
  out["engine"] = view.engine;
  if (view.command == "drift") {
    out["in_sync"] = view.in_sync();
  } else if (view.command == "diff") {
    out["equal"] = view.empty();
  } else {
    out["version"] = view.version;
  }
  out["empty"] = view.empty();
  out["summary"] = view.summary;
  out["reversible"] = view.reversible;
  out["hints"] = view.hints;
  out["operations_by_kind"] = Json::object();
  for (const auto& [kind, count] : view.operations_by_kind) {
    out["operations_by_kind"][kind] = count;
  }
  out["risks_by_level"] = Json::object();
  for (const char* level : {"high", "medium", "low"}) {
    const auto it = view.risks_by_level.find(level);
    out["risks_by_level"][level] = it == view.risks_by_level.end() ? 0 : it->second;
  }
  out["steps"] = Json::array();
  for (const auto& step : view.steps) {
    out["steps"].push_back(step_json(step));
  }
  if (view.files) {
    out["files"] = Json{{"up", view.files->up}, {"down", view.files->down}};
  } else {
    out["files"] = nullptr;
  }
  if (view.command == "diff") {
    out["from"] = Json{{"kind", view.from_kind}, {"name", view.from}};
    out["to"] = Json{{"kind", view.to_kind}, {"name", view.to}};
  }
  if (view.command == "drift" || view.command == "diff") {
    if (view.command == "drift") {
      out["against"] = view.against.empty() ? std::string("schema") : view.against;
      out["baseline"] = view.baseline;
      out["applied_version"] = view.applied_version.empty() ? Json(nullptr) : Json(view.applied_version);
    }
    out["differences"] = Json::array();
    for (const auto& difference : view.differences) {
      out["differences"].push_back(Json{{"object", difference.object},
                                        {"expected", difference.expected},
                                        {"actual", difference.actual},
                                        {"steps", difference.steps}});
    }
  }
  return out.dump(2) + "\n";
}

} // namespace strata::cli
