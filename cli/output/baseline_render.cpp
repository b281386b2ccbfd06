#include "cli/output/baseline_render.hpp"

#include "cli/output/plan_view_builder.hpp"
#include "cli/output/render.hpp"

namespace strata::cli {

std::string render_baseline_mismatch(const workflows::BaselineProof& proof, bool colour)
{
  PlanView view = build_plan_view(proof.planned, proof.rendered_plan, *proof.dialect, "drift");
  view.against = "migrations";
  view.baseline = proof.baseline;
  return render(view, Format::text, colour);
}

} // namespace strata::cli
