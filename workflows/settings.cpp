#include "workflows/settings.hpp"

#include "schemas/suggest.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace strata::workflows {

Settings Settings::discover(const SettingFlags& flags, const std::filesystem::path& cwd, schemas::VariableLookup lookup)
{
  namespace fs = std::filesystem;
  std::optional<schemas::Project> project;
  if (!flags.project.empty()) {
    std::error_code ec;
    if (!fs::is_regular_file(flags.project, ec)) {
      throw Error(ErrorKind::usage, fmt::format("--project {}: no such file", flags.project));
    }
    project = schemas::load_project(flags.project);
  } else if (auto found = schemas::find_project(cwd)) {
    std::error_code ec;
    const fs::path base = fs::absolute(cwd, ec).lexically_normal();
    fs::path shown = ec ? *found : found->lexically_proximate(base);
    project = schemas::load_project(*found, shown.empty() ? *found : shown);
  }
  return Settings(std::move(project), flags.environment, std::move(lookup));
}

Settings::Settings(std::optional<schemas::Project> project, const std::string& environment,
                   schemas::VariableLookup lookup)
  : m_project(std::move(project)), m_lookup(std::move(lookup))
{
  if (environment.empty()) {
    return;
  }
  if (!m_project) {
    throw Error(ErrorKind::usage,
                fmt::format("--env {}: no project file ({}) in this folder or any folder above it (or name one with "
                            "--project FILE)",
                            environment, schemas::k_project_file_name));
  }
  const auto names = m_project->environment_names();
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == environment) {
      m_environment = i;
      return;
    }
  }
  if (names.empty()) {
    throw Error(ErrorKind::usage, fmt::format("--env {}: {} defines no environments", environment,
                                              m_project->file.string()));
  }
  throw Error(ErrorKind::usage,
              fmt::format("unknown environment \"{}\"{}; {} defines: {}", environment,
                          schemas::did_you_mean(environment, names), m_project->file.string(), fmt::join(names, ", ")));
}

std::optional<std::string> Settings::variable(const char* name) const
{
  auto value = m_lookup(name);
  if (!value || value->empty()) {
    return std::nullopt;
  }
  return value;
}

std::string Settings::where(const schemas::ProjectValue& value) const
{
  return value.location.str();
}

Setting Settings::path_setting(const std::string& flag, const char* variable_name,
                               const std::optional<schemas::ProjectValue>& in_file, const char* fallback) const
{
  if (!flag.empty()) {
    return {flag, ""};
  }
  if (auto from_env = variable(variable_name)) {
    return {*from_env, fmt::format("${}", variable_name)};
  }
  if (in_file) {
    const std::filesystem::path path = schemas::expand(*in_file, m_lookup).text;
    return {path.is_absolute() ? path.string() : (m_project->folder() / path).lexically_normal().string(),
            where(*in_file)};
  }
  if (m_project) {
    return {(m_project->folder() / fallback).string(), "default"};
  }
  return {fallback, "default"};
}

Setting Settings::schema(const std::string& flag) const
{
  auto out = path_setting(flag, "STRATA_SCHEMA", m_project ? m_project->schema : std::nullopt, "schema.yaml");
  if (out.source.empty()) {
    out.source = "--schema";
  }
  return out;
}

Setting Settings::dir(const std::string& flag) const
{
  auto out = path_setting(flag, "STRATA_DIR", m_project ? m_project->dir : std::nullopt, "migrations");
  if (out.source.empty()) {
    out.source = "--dir";
  }
  return out;
}

UrlSetting Settings::url_from_file(const schemas::ProjectValue& value, const std::string& what,
                                   const std::filesystem::path& folder) const
{
  const auto expanded = schemas::expand(value, m_lookup);
  UrlSetting out;
  try {
    out.url = dialects::DbUrl::parse(expanded.text);
  } catch (const Error& e) {
    throw SchemaError({Diagnostic{value.location, what.empty() ? std::string(e.what()) : what + ": " + e.what()}});
  }
  if (out.url.scheme == "sqlite" && out.url.path != ":memory:" && !out.url.path.empty() &&
      std::filesystem::path(out.url.path).is_relative()) {
    out.url.path = (folder / out.url.path).lexically_normal().string();
    out.url.original = "sqlite:" + out.url.path;
  }
  out.source = what.empty() ? where(value) : fmt::format("{}, {}", what, where(value));
  return out;
}

std::optional<UrlSetting> Settings::dev_db(const std::string& flag) const
{
  if (!flag.empty()) {
    return UrlSetting{dialects::DbUrl::parse(flag), "--dev-db"};
  }
  if (auto from_env = variable("STRATA_DEV_DB")) {
    return UrlSetting{dialects::DbUrl::parse(*from_env), "$STRATA_DEV_DB"};
  }
  if (m_project && m_project->dev_db) {
    return url_from_file(*m_project->dev_db, "", m_project->folder());
  }
  return std::nullopt;
}

std::vector<UrlSetting> Settings::databases(const std::string& flag) const
{
  if (!flag.empty()) {
    return {UrlSetting{dialects::DbUrl::parse(flag), "--db"}};
  }
  if (const auto* selected = environment()) {
    std::vector<UrlSetting> out;
    for (const auto& value : selected->db) {
      out.push_back(url_from_file(value, fmt::format("environment {}", selected->name), m_project->folder()));
    }
    return out;
  }
  if (auto from_env = variable("STRATA_DB")) {
    return {UrlSetting{dialects::DbUrl::parse(*from_env), "$STRATA_DB"}};
  }
  return {};
}

std::vector<UrlSetting> Settings::target_list(const std::filesystem::path& file) const
{
  std::vector<UrlSetting> out;
  for (const auto& value : schemas::load_target_list(file)) {
    out.push_back(url_from_file(value, "", file.parent_path()));
  }
  return out;
}

Setting Settings::fail_on(const std::string& flag) const
{
  if (!flag.empty()) {
    return {flag, "--fail-on"};
  }
  if (m_project && m_project->fail_on) {
    return {m_project->fail_on->written, where(*m_project->fail_on)};
  }
  return {"high", "default"};
}

Setting Settings::statement_timeout(const std::string& flag) const
{
  if (!flag.empty()) {
    return {flag, "--statement-timeout"};
  }
  if (auto from_env = variable("STRATA_STATEMENT_TIMEOUT")) {
    return {*from_env, "$STRATA_STATEMENT_TIMEOUT"};
  }
  if (m_project && m_project->statement_timeout) {
    return {m_project->statement_timeout->written, where(*m_project->statement_timeout)};
  }
  return {"", "default"};
}

std::vector<std::string> Settings::disabled_codes() const
{
  std::vector<std::string> out;
  if (m_project) {
    for (const auto& code : m_project->disable) {
      out.push_back(code.written);
    }
  }
  return out;
}

} // namespace strata::workflows
