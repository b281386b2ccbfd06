#include "workflows/inspect.hpp"

#include "introspect/reader.hpp"
#include "migrations/directory.hpp"
#include "migrations/rendered_plan.hpp"
#include "planner/plan.hpp"
#include "schemas/yaml.hpp"

namespace strata::workflows {

schemas::Schema read_whole_schema(Database& db, bool privileges)
{
  introspect::ReadOptions read{db.default_schema, db.extra_schemas};
  read.all_schemas = db.default_schema.empty();
  read.privileges = privileges;
  return introspect::read_schema(*db.connection, *db.dialect, read);
}

Creation creation_of(const schemas::Schema& live, const dialects::Rendering& dialect)
{
  schemas::Schema empty;
  empty.privileges_managed = live.privileges_managed; // a fresh database: grants against nothing
  planner::DiffOptions options;
  options.concurrent_indexes = false;
  Creation creation{planner::plan(empty, live, dialect, options), {}};
  creation.rendered = migrations::render_plan(creation.plan, dialect, &empty, &live, options);
  return creation;
}

std::string ddl_of(const schemas::Schema& live, const dialects::Rendering& dialect)
{
  return script_of(creation_of(live, dialect).rendered);
}

std::string script_of(const migrations::RenderedPlan& rendered)
{
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
  InspectResult result{db.connection->redacted_url(), db.dialect->name, read_whole_schema(db, request.privileges), {}};
  result.text = request.sql ? ddl_of(result.live, *db.dialect) : schemas::write_yaml(result.live, default_schema_of(source_of(db)));
  if (!request.output.empty()) {
    migrations::write_file_atomic(request.output, result.text);
  }
  return result;
}

} // namespace strata::workflows
