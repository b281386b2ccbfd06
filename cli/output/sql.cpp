// SQL format of `plan`: the up migration file exactly as it is (or would be) written.
#include "cli/output/render.hpp"

namespace strata::cli {

std::string render_sql(const PlanView& view)
{
  if (view.empty()) {
    return {};
  }
  std::string out = view.up_sql;
  if (!out.empty() && out.back() != '\n') {
    out += '\n';
  }
  return out;
}

} // namespace strata::cli
