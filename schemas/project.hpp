#pragma once
// The project file, strata.yaml: the settings every command run in its folder (or below) shares —
// schema path, migration folder, scratch database, lint settings — and named environments, each
// with its database URL(s). Read with the schema loader's machinery: every problem is a
// diagnostic at file:line:col. Values may hold ${env:NAME}; a reference is only expanded when
// the value is used (an environment that is not selected may name variables that are not set).

#include "schemas/error.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace strata::schemas {

inline constexpr const char* k_project_file_name = "strata.yaml";

// A ${env:NAME} inside a value, at the position of its "${" in the file.
struct VariableReference {
  std::string name;
  SourceLocation location;
};

// One scalar of the file as written (references unexpanded) and where it stands.
struct ProjectValue {
  std::string written;
  SourceLocation location;
  std::vector<VariableReference> references; // in order of appearance
};

// A value with its ${env:NAME} references replaced by the variables' values.
struct ExpandedValue {
  std::string text;
  bool from_variable = false; // some of `text` came from a variable: shown only as written
};

struct ProjectEnvironment {
  std::string name;
  SourceLocation location;      // of its name
  std::vector<ProjectValue> db; // one URL, or several (a list) — never empty
};

struct Project {
  std::filesystem::path file;         // the project file, as found or named
  std::optional<ProjectValue> schema;  // relative paths resolve against file's folder
  std::optional<ProjectValue> dir;
  std::optional<ProjectValue> dev_db;
  std::optional<ProjectValue> fail_on; // lint.fail_on: high, medium or low (checked on load)
  std::vector<ProjectValue> disable;   // lint.disable: known risk codes (checked on load)
  // apply.statement_timeout: the default bound on each statement of a migration file (apply,
  // rollback, repair --continue), as a header line writes it ("30min", "2h") or "none" (checked on load).
  std::optional<ProjectValue> statement_timeout;
  std::vector<ProjectEnvironment> environments; // in file order

  std::filesystem::path folder() const { return file.parent_path(); }
  const ProjectEnvironment* environment(const std::string& name) const;
  std::vector<std::string> environment_names() const;
};

// The value of a variable of the process environment (nullopt when unset).
using VariableLookup = std::function<std::optional<std::string>(const std::string& name)>;
std::optional<std::string> process_variable(const std::string& name);

// Parses a project file's text; `file` names it in diagnostics. Throws SchemaError with every
// problem: malformed YAML, unknown keys, wrong types, a bad ${...} reference, an unknown lint code.
Project parse_project(const std::string& text, const std::filesystem::path& file);
// Reads `file`; `shown` (default: file) names it in diagnostics and becomes Project::file, so
// that paths written in it resolve against its folder as shown (relative to the working directory).
Project load_project(const std::filesystem::path& file, const std::filesystem::path& shown = {});

// The text of `file` (the project file, a target list); SchemaError at `shown` ("cannot read the
// <what>") when it cannot be read.
std::string read_settings_file(const std::filesystem::path& file, const std::filesystem::path& shown,
                               const std::string& what);

// `value` with its references expanded; an unset variable throws SchemaError naming the
// reference's file:line:col and the variable.
ExpandedValue expand(const ProjectValue& value, const VariableLookup& lookup);

// The ${env:NAME} references of `value.written`, appended to value.references, each placed by
// `locate` (given the reference's text); a "${" that opens no valid reference goes to `bad`.
void scan_references(ProjectValue& value, const std::function<SourceLocation(const std::string& whole)>& locate,
                     const std::function<void(const SourceLocation& where, const std::string& message)>& bad);

// A target list (`--targets FILE`): one database URL (or pattern) per line, ${env:NAME} allowed;
// blank lines and `#` comments (a line starting with #, or " #" and the rest of a line) skipped.
// Each URL is a ProjectValue at file:line:col. Throws SchemaError for a bad reference, or for a
// file without any URL.
std::vector<ProjectValue> parse_target_list(const std::string& text, const std::filesystem::path& file);
// Reads `file` (SchemaError naming it when it cannot be read).
std::vector<ProjectValue> load_target_list(const std::filesystem::path& file);

// The nearest strata.yaml in `start` or one of the folders above it (up to the filesystem root).
std::optional<std::filesystem::path> find_project(const std::filesystem::path& start);

} // namespace strata::schemas
