// Privileges (where both schemas manage them): a SetPrivileges for every table, view, materialized
// view, sequence, function and listed schema whose grants change, or which this plan creates with
// grants other than what PostgreSQL gives a new one; and the regrant a drop's inverse needs.

#include "planner/diff.hpp"
#include "planner/graph.hpp"
#include "schemas/error.hpp"
#include "schemas/name_index.hpp"
#include "schemas/privileges.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <variant>

namespace strata::planner::detail {

using schemas::Grant;
using schemas::GrantTarget;
using schemas::SetPrivileges;

namespace {

GrantTarget view_target(const schemas::View& view)
{
  return view.materialized ? GrantTarget::materialized_view : GrantTarget::view;
}

// The grants of one desired object against its live ones (null: none live), as the pass compares them.
struct Candidate {
  SetPrivileges step;
  const std::vector<Grant>* live = nullptr;
};

class PrivilegeDiff {
public:
  explicit PrivilegeDiff(DiffState& state) : m_state(state)
  {
    for (const auto& op : state.operations) {
      const bool creates = std::holds_alternative<schemas::AddTable>(op) || std::holds_alternative<schemas::CreateView>(op) ||
                           std::holds_alternative<schemas::CreateSequence>(op) ||
                           std::holds_alternative<schemas::CreateFunction>(op) ||
                           std::holds_alternative<schemas::CreateSchema>(op);
      if (creates) {
        m_created.insert(object_key(op));
      }
    }
  }

  void run()
  {
    const auto& desired = m_state.desired;
    const auto& live = m_state.live;
    for (const auto& table : desired.tables) {
      const schemas::Table* had = m_state.live_tables.find(m_state.renames.live_table(table.qualified()));
      compare({GrantTarget::table, table.qualified(), {}, {}, table.grants}, had != nullptr ? &had->grants : nullptr);
    }
    // Built once: the list's find_* per desired object would make this pass quadratic.
    const schemas::NameIndex<schemas::View> live_views(live.views);
    const schemas::NameIndex<schemas::Sequence> live_sequences(live.sequences);
    for (const auto& view : desired.views) {
      const schemas::View* had = live_views.find(view.qualified());
      compare({view_target(view), view.qualified(), {}, {}, view.grants}, had != nullptr ? &had->grants : nullptr);
    }
    for (const auto& sequence : desired.sequences) {
      const schemas::Sequence* had = live_sequences.find(sequence.qualified());
      compare({GrantTarget::sequence, sequence.qualified(), {}, {}, sequence.grants},
              had != nullptr ? &had->grants : nullptr);
    }
    for (const auto& function : desired.functions) {
      const schemas::Function* had = live.find_function(function);
      compare({GrantTarget::function, function.qualified(), function, {}, function.grants},
              had != nullptr ? &had->grants : nullptr);
    }
    for (const auto& entry : desired.namespaces) {
      if (entry.name.empty()) {
        continue; // the default schema's privileges are never managed
      }
      const schemas::Namespace* had = live.find_namespace(entry.name);
      compare({GrantTarget::schema, {"", entry.name}, {}, {}, entry.grants}, had != nullptr ? &had->grants : nullptr);
    }
  }

private:
  void compare(SetPrivileges step, const std::vector<Grant>* had)
  {
    check_roles(step);
    if (had != nullptr) {
      step.had = *had;
    }
    if (m_created.count(object_key(step)) > 0) {
      step.before = new_object_grants(step.target, m_state.caps);
    } else if (had != nullptr) {
      step.before = *had;
    } else {
      return; // neither there nor created (an object this engine does not create)
    }
    if (step.function.name.empty()) {
      step.function = {};
    } else {
      step.function.grants.clear(); // the step's lists say them
    }
    if (!schemas::grant_changes(step.before, step.after).empty()) {
      m_state.operations.emplace_back(std::move(step));
    }
  }

  // A grant to a role the server does not have would fail at apply: refused now, at its line.
  void check_roles(const SetPrivileges& step) const
  {
    const auto& roles = m_state.live.roles;
    if (roles.empty()) {
      return; // not read from a server (a schema file compared with another)
    }
    for (const auto& grant : step.after) {
      if (grant.role != "PUBLIC" && !std::binary_search(roles.begin(), roles.end(), grant.role)) {
        throw Error(ErrorKind::input,
                    fmt::format("{}: grant to role \"{}\", which does not exist on the server; create the role "
                                "first (roles are not part of the schema) or correct its name",
                                schemas::shown_privilege_object(step), grant.role),
                    grant.location);
      }
    }
  }

  DiffState& m_state;
  std::set<std::string> m_created; // object keys of the objects this plan creates
};

} // namespace

std::vector<Grant> new_object_grants(GrantTarget target, const dialects::Capabilities& caps)
{
  if (target == GrantTarget::function && caps.public_executes_new_functions) {
    return {Grant{"PUBLIC", {"EXECUTE"}, false, {}}};
  }
  return {};
}

void diff_privileges(DiffState& state)
{
  if (state.privileges) {
    PrivilegeDiff(state).run();
  }
}

std::optional<SetPrivileges> regrant_dropped(const schemas::Operation& op, const DiffState& state)
{
  if (!state.privileges) {
    return std::nullopt;
  }
  using schemas::Overloaded;
  std::optional<SetPrivileges> step = std::visit(
    Overloaded{
      [](const schemas::DropTable& o) -> std::optional<SetPrivileges> {
        return SetPrivileges{GrantTarget::table, o.table.qualified(), {}, {}, o.table.grants};
      },
      [](const schemas::DropView& o) -> std::optional<SetPrivileges> {
        return SetPrivileges{view_target(o.view), o.view.qualified(), {}, {}, o.view.grants};
      },
      [](const schemas::DropSequence& o) -> std::optional<SetPrivileges> {
        return SetPrivileges{GrantTarget::sequence, o.sequence.qualified(), {}, {}, o.sequence.grants};
      },
      [](const schemas::DropFunction& o) -> std::optional<SetPrivileges> {
        SetPrivileges regrant{GrantTarget::function, o.function.qualified(), o.function, {}, o.function.grants};
        regrant.function.grants.clear();
        return regrant;
      },
      [](const schemas::DropSchema& o) -> std::optional<SetPrivileges> {
        if (o.schema.name.empty()) {
          return std::nullopt;
        }
        return SetPrivileges{GrantTarget::schema, {"", o.schema.name}, {}, {}, o.schema.grants};
      },
      [](const auto&) -> std::optional<SetPrivileges> { return std::nullopt; },
    },
    op);
  if (!step) {
    return std::nullopt;
  }
  step->before = new_object_grants(step->target, state.caps);
  if (schemas::grant_changes(step->before, step->after).empty()) {
    return std::nullopt;
  }
  return step;
}

} // namespace strata::planner::detail
