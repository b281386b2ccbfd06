// plan(): normalize -> renames -> per-kind diff -> lowering -> graph -> ordering -> risks and
// inverses. measure(): fills risk counts through the caller's probe runner.

#include "planner/graph.hpp"
#include "planner/plan.hpp"
#include "planner/risk.hpp"
#include "planner/written_text.hpp"
#include "schemas/index_names.hpp"

#include <algorithm>
#include <exception>
#include <iterator>
#include <optional>
#include <set>

namespace strata::planner {

std::string count_label(dialects::ProbeQuery::Kind kind)
{
  using Kind = dialects::ProbeQuery::Kind;
  switch (kind) {
  case Kind::rows: return "rows";
  case Kind::non_null: return "non-null values";
  case Kind::nulls: return "NULL rows";
  case Kind::duplicate_groups: return "duplicate groups";
  case Kind::orphans: return "orphan rows";
  case Kind::too_long: return "values too long";
  case Kind::violating_check: return "violating rows";
  case Kind::values_outside: return "rows holding removed values";
  case Kind::changed_values: return "values would change";
  case Kind::partition_rows: return "rows";
  case Kind::history_rows: return "history rows";
  }
  return "rows";
}

Plan plan(const schemas::Schema& live, const schemas::Schema& desired, const dialects::Rendering& dialect,
          const DiffOptions& options)
{
  const schemas::Schema live_normal = dialect.normalize(live);
  DiffOptions as_written = options;
  std::optional<WrittenSchema> desired_text;
  std::optional<WrittenSchema> live_text;
  if (options.written == nullptr) {
    as_written.written = &desired_text.emplace(written_text_copy(desired));
  }
  if (options.live_written == nullptr) {
    as_written.live_written = &live_text.emplace(written_text_copy(live));
  }
  return plan_normal(live_normal, dialect.normalize(desired), dialect, as_written);
}

namespace {

// plan_normal's work on a desired schema it may write (the passes that align names and clear
// rename hints do). `spelled_as_live`: the caller found that aligning names' case would change
// none (detail::spelled_as_live), so that pass is skipped.
Plan plan_writing(const schemas::Schema& live_normal, schemas::Schema& desired_normal,
                  const dialects::Rendering& dialect, const DiffOptions& options, bool spelled_as_live)
{
  detail::DiffState state(dialect, live_normal, desired_normal);
  state.concurrent_indexes = options.concurrent_indexes; // engine lock risks depend on it
  state.privileges = live_normal.privileges_managed && desired_normal.privileges_managed;
  state.index_live();
  // The loader checked index names per table; the engine may want them unique more widely.
  if (auto clashes = schemas::index_name_clashes(state.desired, state.caps.index_name_scope,
                                                 state.caps.case_insensitive_names);
      !clashes.empty()) {
    throw SchemaError(std::move(clashes));
  }
  if (!spelled_as_live && (state.caps.case_insensitive_names || state.caps.case_insensitive_table_names)) {
    detail::align_name_case(state);
  }
  detail::resolve_renames(state);
  detail::diff_tables(state);
  detail::lower(state);
  detail::diff_enums(state); // before the views: a recreated enum retypes the columns views read
  detail::diff_views(state);
  detail::diff_sequences(state);
  detail::diff_functions(state);
  detail::diff_extensions(state);
  detail::diff_domains(state);
  detail::diff_composite_types(state);
  detail::diff_virtual_tables(state);
  detail::diff_namespaces(state);
  detail::diff_privileges(state); // last: it reads which objects the other passes create

  // Diffed on normal forms; rendered with the text as written (the desired YAML's, and for the
  // down file the live catalog's).
  // Only the tables operations name have text to restore: of a schema not kept as written by the
  // caller, those are copied (lint compares two snapshots of a thousand tables after each file).
  std::set<std::string> named = detail::restored_tables(state.operations);
  if (options.written != nullptr) {
    detail::restore_written_text(state.operations, *options.written);
  } else {
    detail::restore_written_text(state.operations, written_text_copy(state.desired, &named));
  }
  detail::OperationGraph graph(std::move(state.operations));
  detail::add_dependencies(graph, state);

  // The inverse operations of every operation, side by side in `all_inverse` (the down file's
  // classification reads them all), operation i's from first_inverse[i] to first_inverse[i + 1];
  // each moves into its step at the end, as the operations themselves do: no operation is held
  // twice (a rebuilt table's holds two whole tables).
  std::vector<detail::Inverse> inverses; // by operation index, computed once; operations moved out
  std::vector<schemas::Operation> all_inverse;
  std::vector<size_t> first_inverse;
  for (const auto& op : graph.operations()) {
    inverses.push_back(detail::invert(op, &state));
    const auto inverse_named = detail::restored_tables(inverses.back().operations);
    named.insert(inverse_named.begin(), inverse_named.end());
  }
  std::optional<WrittenSchema> live_copy;
  detail::WrittenText live_text(options.live_written != nullptr ? *options.live_written
                                                                : live_copy.emplace(written_text_copy(state.live, &named)));
  for (auto& inverse : inverses) {
    live_text.restore(inverse.operations);
    first_inverse.push_back(all_inverse.size());
    std::move(inverse.operations.begin(), inverse.operations.end(), std::back_inserter(all_inverse));
    inverse.operations.clear();
  }
  first_inverse.push_back(all_inverse.size());

  Plan result;
  result.engine = dialect.name;
  result.hints = state.hints;
  const auto order = graph.order();
  std::vector<size_t> position(graph.operations().size());
  for (size_t i = 0; i < order.size(); ++i) {
    position[order[i]] = i;
  }
  for (const size_t index : order) {
    auto classified = detail::classify(graph.operation(index), state, graph.operations());
    Step step; // its operation moved in at the end
    step.risks = std::move(classified.risks);
    step.measurements = std::move(classified.measurements);
    step.backups = std::move(classified.backups);
    result.steps.push_back(std::move(step));
  }

  // The down file runs against the desired schema and restores the live one: its risks are
  // classified in that direction (names as the up file leaves them, so no renames to follow).
  // The up direction is done with its schemas, which the down direction reads the other way round.
  detail::DiffState down_state(dialect, state.desired, state.live);
  down_state.concurrent_indexes = options.concurrent_indexes;
  down_state.index_live();
  for (size_t i = 0; i < order.size(); ++i) {
    const size_t index = order[i];
    auto& step = result.steps[i];
    auto& inverse = inverses[index];
    for (size_t k = first_inverse[index]; k < first_inverse[index + 1]; ++k) {
      auto down = detail::classify(all_inverse[k], down_state, all_inverse);
      // Irreversibility is the up file's business (a down file is undone by a new plan).
      for (auto& risk : down.risks) {
        if (risk.kind != schemas::RiskKind::irreversible) {
          step.inverse_risks.push_back(std::move(risk));
        }
      }
      for (auto& target : down.backups) {
        step.inverse_backups.push_back(std::move(target));
      }
    }
    step.reversible = inverse.reversible;
    step.irreversible_reason = std::move(inverse.irreversible_reason);
    step.order_reasons = graph.reasons_into(index);
    for (const size_t before : graph.predecessors(index)) {
      step.after.push_back(position[before]);
    }
  }
  std::vector<schemas::Operation> operations = graph.take_operations();
  for (size_t i = 0; i < order.size(); ++i) {
    const size_t index = order[i];
    auto& step = result.steps[i];
    step.operation = std::move(operations[index]);
    step.inverse.assign(std::make_move_iterator(all_inverse.begin() + static_cast<std::ptrdiff_t>(first_inverse[index])),
                        std::make_move_iterator(all_inverse.begin() + static_cast<std::ptrdiff_t>(first_inverse[index + 1])));
  }
  return result;
}

} // namespace

Plan plan_normal(const schemas::Schema& live_normal, schemas::Schema desired_normal,
                 const dialects::Rendering& dialect, const DiffOptions& options)
{
  return plan_writing(live_normal, desired_normal, dialect, options, false);
}

std::optional<Plan> plan_in_place(const schemas::Schema& live_normal, schemas::Schema& desired_normal,
                                  const dialects::Rendering& dialect, const DiffOptions& options, bool normal)
{
  if (!normal && (dialect.is_normal == nullptr || !dialect.is_normal(desired_normal))) {
    return std::nullopt;
  }
  if (detail::has_rename_hints(desired_normal) ||
      !detail::spelled_as_live(live_normal, desired_normal)) {
    return std::nullopt;
  }
  // Its normal form is itself, and the passes that write it would write what it holds already.
  return plan_writing(live_normal, desired_normal, dialect, options, true);
}

bool Step::will_fail(size_t risk_index) const
{
  if (risk_index >= risks.size() || risks[risk_index].count.value_or(0) <= 0) {
    return false;
  }
  return std::any_of(measurements.begin(), measurements.end(), [&](const Measurement& m) {
    return m.preflight && m.risk_index == risk_index;
  });
}

void measure(Plan& plan, const std::function<std::optional<long long>(const dialects::ProbeQuery&)>& count)
{
  for (auto& step : plan.steps) {
    for (const auto& measurement : step.measurements) {
      if (measurement.risk_index >= step.risks.size()) {
        continue;
      }
      std::optional<long long> value;
      try {
        value = count(measurement.probe);
      } catch (const std::exception&) {
        value.reset(); // an unmeasurable risk keeps its warning without a count
      }
      if (value) {
        auto& risk = step.risks[measurement.risk_index];
        risk.count = *value;
        risk.count_label = count_label(measurement.probe.kind);
      }
    }
  }
}

} // namespace strata::planner
