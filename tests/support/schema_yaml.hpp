#pragma once
// Schema documents for unit tests, written from the parts that differ. Most test tables start
// with an `id` column (NOT NULL, the primary key) and add a few columns of their own:
//
//   schema_yaml({keyed_table("users", {"{ name: email, type: text }"}, "indexes: [...]")})
//
// gives
//
//   version: 1
//   tables:
//     - name: users
//       columns:
//         - { name: id, type: integer, nullable: false }
//         - { name: email, type: text }
//       primary_key: [id]
//       indexes: [...]

#include <string>
#include <vector>

namespace strata::test {

// The id column: its type, and more of its flow mapping (", identity: true").
struct KeyedTableOptions {
  std::string id_type = "integer";
  std::string id_more;
};

// One entry of `tables:`. `columns` are the YAML flow mappings after the id column; `extra` is
// YAML at the table's level (indexes, foreign keys, ...), one key a line, without indentation.
inline std::string keyed_table(const std::string& name, const std::vector<std::string>& columns,
                               const std::string& extra = "", const KeyedTableOptions& options = {})
{
  std::string out = "  - name: " + name + "\n    columns:\n      - { name: id, type: " + options.id_type +
                    ", nullable: false" + options.id_more + " }\n";
  for (const auto& column : columns) {
    out += "      - " + column + "\n";
  }
  out += "    primary_key: [id]\n";
  size_t start = extra.empty() || extra.front() != '\n' ? 0 : 1;
  while (start < extra.size()) {
    const auto end = extra.find('\n', start);
    const auto line = extra.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!line.empty()) {
      out += "    " + line + "\n";
    }
    start = end == std::string::npos ? extra.size() : end + 1;
  }
  return out;
}

// A whole document: `version: 1`, the tables, and `rest` (e.g. "views:\n  - {...}\n") as is but
// for a first newline (R"Y(\n...)Y").
inline std::string schema_yaml(const std::vector<std::string>& tables, const std::string& rest = "")
{
  std::string out = "version: 1\ntables:\n";
  for (const auto& table : tables) {
    out += table;
  }
  return out + (!rest.empty() && rest.front() == '\n' ? rest.substr(1) : rest);
}

} // namespace strata::test
