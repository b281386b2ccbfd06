#pragma once
// The settings of one run: each from the command line, an environment variable, the project file
// (schemas/project.hpp) or the built-in default, in this order (README "Project file"):
//   schema   --schema   > $STRATA_SCHEMA > schema:            > schema.yaml
//   dir      --dir      > $STRATA_DIR    > dir:               > migrations
//   dev db   --dev-db   > $STRATA_DEV_DB > dev_db:            > none
//   db       --db       > --env NAME's db: > $STRATA_DB       > none
//   fail-on  --fail-on  > lint.fail_on                         > high
//   statement timeout --statement-timeout > $STRATA_STATEMENT_TIMEOUT > apply.statement_timeout > none
//   disable  lint.disable (the file only)
// --env is itself a command-line choice: it names the database, so a $STRATA_DB left in the shell
// never redirects it. Paths and SQLite files written in the project file (and the defaults, when
// there is one) are relative to its folder; those of flags and variables to the working directory.
// A value is expanded (${env:NAME}) only when used, so an environment not selected may name
// variables that are not set.

#include "dialects/url.hpp"
#include "schemas/project.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace strata::workflows {

// One resolved setting and where it came from.
struct Setting {
  std::string value;  // a path or a level (URLs: see UrlSetting)
  std::string source; // "--schema", "$STRATA_SCHEMA", "strata.yaml:3:9", "default"
};

struct UrlSetting {
  dialects::DbUrl url; // holds the password: connect with it, show url.redacted()
  std::string source;  // "--db", "$STRATA_DB", "strata.yaml:9:9 (environment prod)"
};

// What the command line says (empty: not given).
struct SettingFlags {
  std::string project;     // --project FILE (empty: the nearest strata.yaml, if any)
  std::string environment; // --env NAME
};

class Settings {
public:
  // Finds (or, with --project, reads) the project file from `cwd` and checks --env: Error(usage)
  // for --env without a project file or an unknown name (listing the known ones); SchemaError
  // for a project file that does not load.
  static Settings discover(const SettingFlags& flags, const std::filesystem::path& cwd,
                           schemas::VariableLookup lookup = schemas::process_variable);
  Settings(std::optional<schemas::Project> project, const std::string& environment,
           schemas::VariableLookup lookup = schemas::process_variable);

  const schemas::Project* project() const { return m_project ? &*m_project : nullptr; }
  // The environment --env selected (null: none).
  const schemas::ProjectEnvironment* environment() const
  {
    return m_environment ? &m_project->environments[*m_environment] : nullptr;
  }

  Setting schema(const std::string& flag) const;
  Setting dir(const std::string& flag) const;
  std::optional<UrlSetting> dev_db(const std::string& flag) const;
  // --db's URL, else the selected environment's (one or several), else $STRATA_DB; empty: none.
  std::vector<UrlSetting> databases(const std::string& flag) const;
  // The databases of a target list (`--targets FILE`, schemas::load_target_list), each URL's
  // references expanded now (an unset variable: SchemaError at its file:line:col) and a relative
  // SQLite path taken from the list's folder; source: the line's file:line:col.
  std::vector<UrlSetting> target_list(const std::filesystem::path& file) const;
  Setting fail_on(const std::string& flag) const;
  // The statement timeout as written ("30min", "none", "90"): --statement-timeout, then
  // $STRATA_STATEMENT_TIMEOUT, then apply.statement_timeout; empty value: not set.
  Setting statement_timeout(const std::string& flag) const;
  std::vector<std::string> disabled_codes() const;

  // The environment variable's value (unset or empty: nullopt), through the lookup.
  std::optional<std::string> variable(const char* name) const;

private:
  Setting path_setting(const std::string& flag, const char* variable, const std::optional<schemas::ProjectValue>& in_file,
                       const char* fallback) const;
  // `value` expanded and parsed (a bad URL: SchemaError at its place); a relative SQLite path is
  // taken from `folder`.
  UrlSetting url_from_file(const schemas::ProjectValue& value, const std::string& what,
                           const std::filesystem::path& folder) const;
  std::string where(const schemas::ProjectValue& value) const;

  std::optional<schemas::Project> m_project;
  std::optional<size_t> m_environment; // index into m_project->environments
  schemas::VariableLookup m_lookup;
};

} // namespace strata::workflows
