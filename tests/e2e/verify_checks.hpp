#pragma once
// What the verify tests of the three engines share: the bookshop's v3 schema, the summary line of
// a run, and the json document of a run.

#include "tests/e2e/support/fixtures.hpp"
#include "tests/e2e/support/workspace.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

namespace strata::e2e {

inline constexpr const char* k_v3_version = "20260103000000";

// v2 plus authors.nickname and an index on authors.name.
inline std::string books_v3_yaml()
{
  std::string yaml = k_books_v2_yaml;
  const std::string bio = "      - { name: bio, type: text }\n    primary_key: [id]\n";
  const auto at = yaml.find(bio);
  REQUIRE(at != std::string::npos);
  yaml.replace(at, bio.size(),
               "      - { name: bio, type: text }\n      - { name: nickname, type: varchar(40) }\n"
               "    primary_key: [id]\n    indexes:\n      - { name: authors_name_idx, columns: [name] }\n");
  return yaml;
}

// The first output line, which is the summary.
inline std::string first_line(const std::string& text)
{
  return text.substr(0, text.find('\n'));
}

// Requires the exit code (printing the run when it differs), then parses stdout.
inline nlohmann::json verify_document(const ProcessResult& result, int exit_code)
{
  INFO(result.describe());
  REQUIRE(result.exit_code == exit_code);
  return nlohmann::json::parse(result.out);
}

} // namespace strata::e2e
