#pragma once
// What the drift tests of the three engines check the same way: the json document of a run, the
// difference naming an object, and the data rows of the markdown differences table.

#include "tests/e2e/review_checks.hpp"
#include "tests/e2e/support/fixtures.hpp"
#include "tests/e2e/support/workspace.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>
#include <string>

namespace strata::e2e {

// `strata drift --dir migrations ARGS... --db <the workspace's database>`.
inline ProcessResult drift(const DbWorkspace& ws, std::vector<std::string> args)
{
  args.insert(args.begin(), {"--dir", "migrations"});
  return ws.run("drift", args);
}

// The bookshop's v1 and v2 applied with strata; schema.yaml is v2.
inline void apply_books(DbWorkspace& ws)
{
  apply_books_v1(ws);
  apply_books_v2(ws);
  ws.write("schema.yaml", k_books_v2_yaml);
}

// Requires the exit code, then parses stdout.
inline nlohmann::json drift_json(const ProcessResult& result, int exit_code)
{
  require_exit(result, exit_code);
  return nlohmann::json::parse(result.out);
}

// The entry of doc["differences"] whose object is `object` (fails the test when there is none).
inline nlohmann::json difference_named(const nlohmann::json& doc, const std::string& object)
{
  for (const auto& difference : doc["differences"]) {
    if (difference["object"] == object) {
      return difference;
    }
  }
  FAIL("no difference named " << object << " in\n" << doc.dump(2));
  return {};
}

// The step of doc["steps"] with index `index` (1-based).
inline nlohmann::json step_at(const nlohmann::json& doc, int index)
{
  for (const auto& step : doc["steps"]) {
    if (step["index"] == index) {
      return step;
    }
  }
  FAIL("no step " << index << " in\n" << doc.dump(2));
  return {};
}

// Data rows of the markdown differences table (its header and |---| line left out).
inline int difference_rows(const std::string& markdown)
{
  std::istringstream in(markdown);
  std::string line;
  bool inside = false;
  int rows = 0;
  while (std::getline(in, line)) {
    if (line == "| # | object | expected | actual | fixed by steps |") {
      inside = true;
    } else if (inside && line.rfind("|---", 0) == 0) {
      continue;
    } else if (inside && line.rfind("| ", 0) == 0) {
      ++rows;
    } else if (inside) {
      break;
    }
  }
  return rows;
}

} // namespace strata::e2e
