#include "workflows/inspect.hpp"

#include "introspect/reader.hpp"
#include "migrations/directory.hpp"
#include "schemas/yaml.hpp"

namespace strata::workflows {

schemas::Schema read_whole_schema(Database& db)
{
  introspect::ReadOptions read{db.default_schema, db.extra_schemas};
  read.all_schemas = db.default_schema.empty();
  return introspect::read_schema(*db.connection, *db.dialect, read);
}

InspectResult run_inspect(const InspectRequest& request)
{
  Database db = open_database(request.target, Access::read_only);
  InspectResult result{db.connection->redacted_url(), read_whole_schema(db), {}};
  result.yaml = schemas::write_yaml(result.live);
  if (!request.output.empty()) {
    migrations::write_file_atomic(request.output, result.yaml);
  }
  return result;
}

} // namespace strata::workflows
