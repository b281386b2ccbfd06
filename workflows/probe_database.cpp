#include "workflows/probe_database.hpp"

#include "dialects/deployment.hpp"

#include "planner/plan.hpp"
#include "schemas/error.hpp"
#include "schemas/operation.hpp"
#include "workflows/scratch.hpp"
#include "schemas/text.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <set>

namespace strata::workflows {

namespace {

// Adds to `copies` the live tables and views whose names `sql` mentions, then what those views
// read in turn (each view once, so a cycle of names cannot loop).
void add_read_objects(const schemas::Schema& live, const std::string& sql, schemas::Schema& copies,
                      std::set<schemas::QualifiedName>& added)
{
  const auto names = planner::identifiers_in(sql);
  for (const auto& table : live.tables) {
    if (names.count(schemas::ascii_lower(table.name)) != 0 && added.insert(table.qualified()).second) {
      copies.tables.push_back(table);
    }
  }
  for (const auto& view : live.views) {
    if (names.count(schemas::ascii_lower(view.name)) != 0 && added.insert(view.qualified()).second) {
      copies.views.push_back(view);
      add_read_objects(live, view.query, copies, added);
    }
  }
}

std::string describe(const dialects::CanonicalProbes& needs)
{
  std::string out;
  for (const auto& table : needs.tables) {
    out += (out.empty() ? "table " : ", table ") + table.str();
  }
  for (const auto& view : needs.views) {
    out += (out.empty() ? "view " : ", view ") + view.str();
  }
  return out;
}

} // namespace

schemas::Schema probe_copies(const schemas::Schema& live, const schemas::Schema& desired,
                             const dialects::CanonicalProbes& needs)
{
  schemas::Schema copies;
  std::set<schemas::QualifiedName> added;
  for (const auto& name : needs.tables) {
    if (const auto* table = live.find_table(name); table != nullptr && added.insert(name).second) {
      copies.tables.push_back(*table);
    } else if (const auto* view = live.find_view(name); view != nullptr && added.insert(name).second) {
      copies.views.push_back(*view); // a materialized view whose indexes are probed
      add_read_objects(live, view->query, copies, added);
    }
  }
  for (const auto& name : needs.views) {
    if (const auto* view = desired.find_view(name)) {
      add_read_objects(live, view->query, copies, added);
    }
  }
  for (auto& table : copies.tables) {
    table.foreign_keys.clear();
    table.policies.clear(); // they may read tables not copied; a probe creates its own
    table.row_security.clear();
  }
  copies.enums = live.enums;
  copies.sequences = live.sequences;
  copies.functions = live.functions; // checks, defaults and triggers call them
  copies.domains = live.domains;
  copies.composite_types = live.composite_types;
  copies.extensions = live.extensions; // the types, functions and operator classes copies use
  copies.namespaces = live.namespaces; // where copies live (the default one holds nothing of its own)
  std::erase_if(copies.namespaces, [](const schemas::Namespace& n) { return n.name.empty(); });
  for (auto& extension : copies.extensions) {
    extension.version.clear(); // whichever the probe server has
  }
  return copies;
}

void create_copies(migrations::ScratchDatabase& scratch, const schemas::Schema& copies)
{
  create_copies(scratch, copies, [&](const schemas::Operation& operation, const Error& e) {
    spdlog::warn("could not copy {} to {} for canonical forms ({}): its expressions are compared as written",
                 schemas::describe(operation), scratch.describe(), e.what());
  });
}

void create_copies(migrations::ScratchDatabase& scratch, const schemas::Schema& copies,
                   const std::function<void(const schemas::Operation&, const Error&)>& refused)
{
  const auto& dialect = scratch.dialect();
  const schemas::Schema empty;
  const planner::Plan plan = planner::plan(empty, copies, dialect);
  dialects::RenderContext context;
  context.live = &empty;
  context.desired = &copies;
  const schemas::TableIndex copies_index(copies.tables);
  context.desired_index = &copies_index;
  context.concurrent_indexes = false; // new tables: nothing to build concurrently
  for (const auto& step : plan.steps) {
    for (const auto& statement : dialect.render(step.operation, context)) {
      try {
        scratch.connection().execute(statement.sql);
      } catch (const Error& e) {
        refused(step.operation, e);
      }
    }
  }
}

bool canonicalize_read_only(const Source& target, const ProbeScratch& where, schemas::Schema& desired,
                            const schemas::Schema& live, const schemas::Schema& live_normal)
{
  const auto& dialect = target.dialect;
  const auto needs = dialect.canonical_probes(desired, live_normal);
  if (needs.empty()) {
    return dialect.canonicalize(target.connection, nullptr, desired, live_normal); // catalog reads only
  }
  std::unique_ptr<migrations::ScratchDatabase> scratch;
  try {
    scratch = open_scratch(where.dev_db, where.server);
  } catch (const Error& e) {
    // A hot standby takes no CREATE DATABASE: only another server can hold the scratch database.
    const auto* deployment = dialects::deployment(dialect.name);
    const bool standby = deployment != nullptr && !deployment->read_only_server(target.connection).empty();
    spdlog::warn("expressions of {} were not put in the server's canonical form: no scratch database to probe "
                 "on ({}); a difference of spelling alone shows as drift. Give --dev-db URL (an empty database "
                 "strata may fill and clear{}) or a --db account that may create databases",
                 describe(needs), e.what(),
                 standby ? std::string(", on another server: the --db server is a hot standby, e.g. on its primary's")
                         : std::string{});
    return dialect.canonicalize(target.connection, nullptr, desired, live_normal);
  }
  spdlog::debug("canonical forms of {}: probed on {}", describe(needs), scratch->describe());
  create_copies(*scratch, probe_copies(live, desired, needs));
  return dialect.canonicalize(target.connection, &scratch->connection(), desired, live_normal);
}

} // namespace strata::workflows
