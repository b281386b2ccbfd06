// Format names and dispatch for the `plan` / `drift` outputs.
#include "cli/output/render.hpp"

#include "cli/output/diagram.hpp"

namespace strata::cli {

bool parse_format(const std::string& text, Format& format)
{
  if (text == "text") {
    format = Format::text;
  } else if (text == "sql") {
    format = Format::sql;
  } else if (text == "markdown") {
    format = Format::markdown;
  } else if (text == "json") {
    format = Format::json;
  } else if (text == "github") {
    format = Format::github;
  } else if (text == "dot") {
    format = Format::dot;
  } else {
    return false;
  }
  return true;
}

std::string render(const PlanView& view, Format format, bool colour)
{
  switch (format) {
  case Format::text:
    return render_text(view, colour);
  case Format::sql:
    return render_sql(view);
  case Format::markdown:
    return render_markdown(view);
  case Format::json:
    return render_json(view);
  case Format::github:
    return render_github(view);
  case Format::dot:
    return render_plan_dot(view);
  }
  return render_text(view, colour);
}

} // namespace strata::cli
