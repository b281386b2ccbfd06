// plan(): normalize -> renames -> per-kind diff -> lowering -> graph -> ordering -> risks and
// inverses. measure(): fills risk counts through the caller's probe runner.

#include "planner/graph.hpp"
#include "planner/plan.hpp"
#include "planner/risk.hpp"

#include <exception>

namespace strata::planner {

namespace {

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
  }
  return "rows";
}

} // namespace

Plan plan(const schemas::Schema& live, const schemas::Schema& desired, const dialects::Dialect& dialect,
          const DiffOptions& options)
{
  static_cast<void>(options); // engine options are the dialect's business at render time
  detail::DiffState state(dialect);
  state.live = dialect.normalize(live);
  state.desired = dialect.normalize(desired);
  if (state.caps.case_insensitive_names) {
    detail::align_name_case(state);
  }
  detail::resolve_renames(state);
  detail::diff_tables(state);
  detail::lower(state);
  detail::diff_views(state);
  detail::diff_enums(state);
  detail::diff_sequences(state);

  detail::OperationGraph graph(std::move(state.operations));
  detail::add_dependencies(graph, state);

  Plan result;
  result.engine = dialect.name();
  result.hints = state.hints;
  for (const size_t index : graph.order()) {
    const auto& op = graph.operation(index);
    auto classified = detail::classify(op, state, graph.operations());
    auto inverse = detail::invert(op, &state);
    Step step;
    step.operation = op;
    step.risks = std::move(classified.risks);
    step.measurements = std::move(classified.measurements);
    step.backups = std::move(classified.backups);
    step.inverse = std::move(inverse.operations);
    step.reversible = inverse.reversible;
    step.irreversible_reason = std::move(inverse.irreversible_reason);
    step.order_reasons = graph.reasons_into(index);
    result.steps.push_back(std::move(step));
  }
  return result;
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
