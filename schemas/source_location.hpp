#pragma once
// Where a schema object came from: a YAML file position, or the live database.

#include <string>

namespace strata::schemas {

struct SourceLocation {
  std::string file;        // empty when the object came from a database or was built in code
  int line = 0;            // 1-based; 0 when unknown
  int column = 0;          // 1-based; 0 when unknown
  bool from_database = false;

  // "schema.yaml:12:7", "schema.yaml", "database" or "" (nothing known).
  std::string str() const;
  bool known() const { return !file.empty() || from_database; }
  friend bool operator==(const SourceLocation&, const SourceLocation&) = default;
};

} // namespace strata::schemas
