#pragma once
// Helpers for the schemas tests: the shared temp folder, and diagnostics as strings.

#include "schemas/yaml.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace strata::test {

// Test YAML is written as R"y(\n...)y": drop the first newline so line 1 is the first line.
inline std::string yaml_text(const char* text)
{
  std::string out(text);
  return !out.empty() && out.front() == '\n' ? out.substr(1) : out;
}

inline std::vector<std::string> messages(const std::vector<Diagnostic>& diagnostics)
{
  std::vector<std::string> out;
  for (const auto& d : diagnostics) {
    out.push_back(d.str());
  }
  return out;
}

// Loads text as "s.yaml" and returns every diagnostic as "file:line:col: message".
inline std::vector<std::string> problems(const char* text)
{
  return messages(schemas::load_string(yaml_text(text), "s.yaml").diagnostics);
}

// Loads text as "s.yaml", which must load without a diagnostic (each one is reported if not).
inline schemas::Schema loaded(const char* text)
{
  auto result = schemas::load_string(yaml_text(text), "s.yaml");
  for (const auto& d : result.diagnostics) {
    UNSCOPED_INFO(d.str());
  }
  REQUIRE(result.ok());
  return result.schema;
}

} // namespace strata::test
