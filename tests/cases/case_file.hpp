#pragma once
// The .case file format (tests/cases/<engine>/<topic>/*.case): sections introduced by directive
// lines; text before the first directive is ignored, blank lines inside a list section are too.
//   -- name: <text>        what the case shows (required)
//   -- initial:            SQL run on the fresh database (may be empty; several statements allowed)
//   -- desired:            the desired schema as YAML (DESIGN.md format; must load without diagnostics)
//   -- expect-ops:         optional: one operation kind per line (AddColumn, RebuildTable...), plan order
//   -- expect-risks:       optional: risk codes, one per line, order-insensitive (D102, L301...)
//   -- expect-empty        optional: the plan must be empty (without it, it must not be)
//   -- expect-irreversible optional: the down file cannot restore the schema (an enum value added
//                          on PostgreSQL); rollback must still run, the schema is not compared
//   -- catalog:            optional: a query of the engine's catalog, for what the model compares
//                          as equal but the catalog keeps (SQLite's DEFAULT NULL, MySQL's NO ACTION)
//   -- catalog-after-apply:    its rows after apply, one a line, values joined by " | " (NULL: NULL)
//   -- catalog-after-rollback: its rows after rollback

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace strata::cases {

struct CaseFile {
  std::string name;
  std::string initial_sql;
  std::string desired_yaml;
  std::optional<std::vector<std::string>> expect_ops;
  std::optional<std::vector<std::string>> expect_risks;
  bool expect_empty = false;
  bool expect_irreversible = false;
  std::string catalog_sql;
  std::optional<std::vector<std::string>> catalog_after_apply;
  std::optional<std::vector<std::string>> catalog_after_rollback;
};

CaseFile parse_case(const std::string& text);

// Every .case file under `dir`, sorted.
std::vector<std::filesystem::path> case_files(const std::filesystem::path& dir);

std::string read_text(const std::filesystem::path& path);
std::string lower(std::string text);

} // namespace strata::cases
