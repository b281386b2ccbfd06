#include "workflows/inspect.hpp"

#include "introspect/reader.hpp"
#include "migrations/directory.hpp"
#include "migrations/rendered_plan.hpp"
#include "planner/plan.hpp"
#include "schemas/yaml.hpp"

namespace strata::workflows {

std::string ddl_of(const schemas::Schema& live, const dialects::Rendering& dialect)
{
  const schemas::Schema empty;
  planner::DiffOptions options;
  options.concurrent_indexes = false;
  const auto plan = planner::plan(empty, live, dialect, options);
  const auto rendered = migrations::render_plan(plan, dialect, &empty, &live, options);
  std::string out;
  for (const auto& step : rendered.steps) {
    for (const auto& statement : step.up.statements) {
      out += statement.sql + ";\n";
    }
  }
  return out;
}

InspectResult run_inspect(const InspectRequest& request)
{
  Database db = open_database(request.target, Access::read_only);
  introspect::ReadOptions read{db.default_schema, db.extra_schemas};
  read.all_schemas = db.default_schema.empty();
  InspectResult result{db.connection->redacted_url(), db.dialect->name,
                       introspect::read_schema(*db.connection, *db.dialect, read), {}};
  result.text = request.sql ? ddl_of(result.live, *db.dialect) : schemas::write_yaml(result.live);
  if (!request.output.empty()) {
    migrations::write_file_atomic(request.output, result.text);
  }
  return result;
}

} // namespace strata::workflows
