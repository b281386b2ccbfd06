#pragma once
// YAML load/write of the schema format (DESIGN.md, format version 1).

#include "schemas/error.hpp"
#include "schemas/model.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace strata::schemas {

struct LoadResult {
  Schema schema;
  std::vector<Diagnostic> diagnostics; // empty when the schema is valid
  bool ok() const { return diagnostics.empty(); }
};

// Parses YAML text; `file` names the source in diagnostics. Collects every problem (malformed
// YAML, unknown keys, bad types, duplicates, dangling references) with file:line:col.
LoadResult load_string(const std::string& text, const std::string& file);

// A file, or a folder whose *.yaml / *.yml files (sorted by name; not strata.yaml, the project
// file) are merged into one schema.
LoadResult load_path(const std::filesystem::path& path);

// load_path, throwing SchemaError with every diagnostic when there is any.
Schema load_or_throw(const std::filesystem::path& path);

// Cross-object validation (duplicates, unknown tables/columns in keys, indexes, foreign keys).
// load_* already runs it; exposed for schemas built in code.
std::vector<Diagnostic> validate(const Schema& schema);

// Stable YAML text (fixed key order, flow style for short entries) that load_string reads back
// into an equal Schema. The default schema's entry among `namespaces` (named "") is written under
// `default_schema`, its name on the database read (left out when that is empty: unknown).
std::string write_yaml(const Schema& schema, const std::string& default_schema = {});

} // namespace strata::schemas
