// The project file's loader (schemas/project.hpp): the schema loader's Reader (unknown keys, wrong
// types, duplicates at file:line:col), plus the ${env:NAME} references of each value.
#include "schemas/duration.hpp"
#include "schemas/project.hpp"

#include "schemas/risk.hpp"
#include "schemas/risk_codes.hpp"
#include "schemas/suggest.hpp"
#include "schemas/yaml_nodes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

namespace strata::schemas {

namespace {

using detail::Node;
using detail::Reader;

bool name_start(char c)
{
  return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_';
}

bool name_char(char c)
{
  return name_start(c) || std::isdigit(static_cast<unsigned char>(c)) != 0;
}

} // namespace

void scan_references(ProjectValue& value, const std::function<SourceLocation(const std::string& whole)>& locate,
                     const std::function<void(const SourceLocation& where, const std::string& message)>& bad)
{
  const std::string& text = value.written;
  for (size_t at = text.find("${"); at != std::string::npos; at = text.find("${", at + 2)) {
    const auto close = text.find('}', at);
    const std::string whole = text.substr(at, close == std::string::npos ? std::string::npos : close + 1 - at);
    const std::string name = whole.size() > 7 && whole.rfind("${env:", 0) == 0 && whole.back() == '}'
                               ? whole.substr(6, whole.size() - 7)
                               : std::string();
    const SourceLocation where = locate(whole);
    const bool valid = !name.empty() && name_start(name.front()) &&
                       std::all_of(name.begin(), name.end(), [](char c) { return name_char(c); });
    if (!valid) {
      bad(where, fmt::format("\"{}\" is not a variable reference (write ${{env:NAME}}, NAME of letters, digits and _)",
                             whole));
      continue;
    }
    value.references.push_back(VariableReference{name, where});
  }
}

namespace {

class ProjectReader {
public:
  ProjectReader(const std::string& text, std::string file, std::vector<Diagnostic>& diagnostics)
    : m_reader(file, diagnostics), m_diagnostics(diagnostics)
  {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
      m_lines.push_back(line);
    }
  }

  Reader& reader() { return m_reader; }

  // The scalar `node` as a value, its references parsed; nullopt (reported) when not a scalar.
  std::optional<ProjectValue> value(const Node& node, const std::string& context, std::string_view what)
  {
    auto text = m_reader.scalar(node, context, what);
    if (!text) {
      return std::nullopt;
    }
    ProjectValue out{*text, m_reader.where(node), {}};
    references(out, context);
    return out;
  }

  std::optional<ProjectValue> value_at(const Node& map, const std::string& key, const std::string& context)
  {
    const Node node = map[key];
    if (!node.IsDefined() || node.IsNull()) {
      return std::nullopt;
    }
    auto out = value(node, context, fmt::format("\"{}\"", key));
    if (out && out->written.empty()) {
      m_reader.error(node, context, fmt::format("\"{}\" must not be empty", key));
      return std::nullopt;
    }
    return out;
  }

  void error(const SourceLocation& where, const std::string& context, const std::string& message)
  {
    m_diagnostics.push_back(Diagnostic{where, detail::nested(context, message)});
  }

private:
  // Every "${" of the value must open a ${env:NAME} reference.
  void references(ProjectValue& value, const std::string& context)
  {
    size_t searched = 0; // in the source line, where the next reference is looked for
    scan_references(
      value, [&](const std::string& whole) { return locate(value.location, whole, searched); },
      [&](const SourceLocation& where, const std::string& message) { error(where, context, message); });
  }

  // The position of `needle` in the value's source line at or after `searched` (moved past it);
  // the value's own position when the value spans lines or is written differently (escapes).
  SourceLocation locate(const SourceLocation& value, const std::string& needle, size_t& searched) const
  {
    if (value.line <= 0 || static_cast<size_t>(value.line) > m_lines.size()) {
      return value;
    }
    const std::string& line = m_lines[static_cast<size_t>(value.line) - 1];
    const size_t from = std::max(searched, static_cast<size_t>(std::max(value.column - 1, 0)));
    const auto found = line.find(needle, from);
    if (found == std::string::npos) {
      return value;
    }
    searched = found + needle.size();
    SourceLocation out = value;
    out.column = static_cast<int>(found) + 1;
    return out;
  }

  Reader m_reader;
  std::vector<Diagnostic>& m_diagnostics;
  std::vector<std::string> m_lines;
};

void load_version(Reader& reader, const Node& root)
{
  const Node version = root["version"];
  int value = 0;
  if (!version.IsDefined()) {
    return;
  }
  if (!version.decode(value) || value != 1) {
    const std::string shown = version.IsScalar() ? version.Scalar() : std::string("?");
    reader.error(version, "", fmt::format("unsupported project file version \"{}\" (expected 1)", shown));
  }
}

void load_lint(ProjectReader& in, const Node& node, Project& project)
{
  auto& reader = in.reader();
  const std::string context = "lint";
  if (!node.IsDefined() || node.IsNull() || !reader.expect_map(node, context, "\"lint\"")) {
    return;
  }
  reader.check_keys(node, context, {"fail_on", "disable"});
  project.fail_on = in.value_at(node, "fail_on", context);
  RiskLevel level{};
  if (project.fail_on && !parse_risk_level(project.fail_on->written, level)) {
    in.error(project.fail_on->location, context,
             fmt::format("\"fail_on\" must be high, medium or low, not \"{}\"", project.fail_on->written));
    project.fail_on.reset();
  }
  std::vector<std::string> codes;
  for (const auto& info : risk_codes()) {
    codes.emplace_back(info.code);
  }
  const Node items = reader.list(node, "disable", context);
  if (!items.IsDefined()) {
    return;
  }
  std::set<std::string> seen;
  for (const auto& item : items) {
    auto code = in.value(item, context, "each item of \"disable\"");
    if (!code) {
      continue;
    }
    if (std::find(codes.begin(), codes.end(), code->written) == codes.end()) {
      in.error(code->location, context,
               fmt::format("\"disable\": unknown lint code \"{}\"{}", code->written, did_you_mean(code->written, codes)));
    } else if (code->written == risk_code(RiskCode::replay_failed).code) {
      in.error(code->location, context,
               fmt::format("\"disable\": {} (a file that fails to replay) cannot be disabled", code->written));
    } else if (seen.insert(code->written).second) {
      project.disable.push_back(std::move(*code));
    }
  }
}

void load_environment(ProjectReader& in, const Node& key, const Node& node, Project& project)
{
  auto& reader = in.reader();
  ProjectEnvironment environment{key.Scalar(), reader.where(key), {}};
  const std::string context = fmt::format("environment \"{}\"", environment.name);
  if (!reader.expect_map(node, context, "an environment")) {
    return;
  }
  reader.check_keys(node, context, {"db"});
  const Node db = node["db"];
  if (!db.IsDefined() || db.IsNull()) {
    reader.error(node, context, "missing required key \"db\" (a database URL or a list of them)");
  } else if (db.IsSequence()) {
    if (db.size() == 0) {
      reader.error(db, context, "\"db\" lists no database");
    }
    for (const auto& item : db) {
      auto url = in.value(item, context, "each item of \"db\"");
      if (url && url->written.empty()) {
        reader.error(item, context, "\"db\" holds an empty URL");
      } else if (url) {
        environment.db.push_back(std::move(*url));
      }
    }
  } else if (auto url = in.value_at(node, "db", context)) {
    environment.db.push_back(std::move(*url));
  }
  project.environments.push_back(std::move(environment));
}

void load_environments(ProjectReader& in, const Node& node, Project& project)
{
  auto& reader = in.reader();
  if (!node.IsDefined() || node.IsNull() || !reader.expect_map(node, "", "\"environments\"")) {
    return;
  }
  std::set<std::string> seen;
  for (const auto& entry : node) {
    if (!entry.first.IsScalar() || entry.first.Scalar().empty()) {
      reader.error(entry.first, "environments", "an environment's name must be a plain, non-empty name");
      continue;
    }
    if (!seen.insert(entry.first.Scalar()).second) {
      reader.error(entry.first, "environments", fmt::format("duplicate environment \"{}\"", entry.first.Scalar()));
      continue;
    }
    load_environment(in, entry.first, entry.second, project);
  }
}

// `apply:` — settings of the commands that run migration files.
void load_apply(ProjectReader& in, const Node& node, Project& project)
{
  auto& reader = in.reader();
  const std::string context = "apply";
  if (!node.IsDefined() || node.IsNull() || !reader.expect_map(node, context, "\"apply\"")) {
    return;
  }
  reader.check_keys(node, context, {"statement_timeout"});
  project.statement_timeout = in.value_at(node, "statement_timeout", context);
  // A duration as migration files write them, or none.
  if (project.statement_timeout && project.statement_timeout->written != "none" &&
      !parse_written_duration(project.statement_timeout->written)) {
    in.error(project.statement_timeout->location, context,
             fmt::format("\"statement_timeout\" must be a duration such as 500ms, 30s, 10min or 2h, or none; not "
                         "\"{}\"",
                         project.statement_timeout->written));
    project.statement_timeout.reset();
  }
}

void load_document(ProjectReader& in, const Node& root, Project& project)
{
  auto& reader = in.reader();
  if (!root.IsDefined() || root.IsNull()) {
    return; // an empty project file sets nothing
  }
  if (!reader.expect_map(root, "", "the project file")) {
    return;
  }
  reader.check_keys(root, "", {"version", "schema", "dir", "dev_db", "lint", "apply", "environments"});
  load_version(reader, root);
  project.schema = in.value_at(root, "schema", "");
  project.dir = in.value_at(root, "dir", "");
  project.dev_db = in.value_at(root, "dev_db", "");
  load_lint(in, root["lint"], project);
  load_apply(in, root["apply"], project);
  load_environments(in, root["environments"], project);
}

} // namespace

const ProjectEnvironment* Project::environment(const std::string& name) const
{
  for (const auto& environment : environments) {
    if (environment.name == name) {
      return &environment;
    }
  }
  return nullptr;
}

std::vector<std::string> Project::environment_names() const
{
  std::vector<std::string> out;
  for (const auto& environment : environments) {
    out.push_back(environment.name);
  }
  return out;
}

std::optional<std::string> process_variable(const std::string& name)
{
  const char* value = std::getenv(name.c_str());
  return value == nullptr ? std::nullopt : std::optional<std::string>(value);
}

Project parse_project(const std::string& text, const std::filesystem::path& file)
{
  Project project;
  project.file = file;
  std::vector<Diagnostic> diagnostics;
  const std::string uniform = detail::uniform_line_breaks(text);
  ProjectReader in(uniform, file.string(), diagnostics);
  std::optional<detail::Document> document;
  try {
    std::optional<Diagnostic> refused;
    document.emplace(uniform, file.string(), refused);
    if (refused) {
      throw SchemaError({std::move(*refused)});
    }
  } catch (const YAML::Exception& e) {
    SourceLocation location{file.string(), e.mark.line >= 0 ? e.mark.line + 1 : 0,
                            e.mark.column >= 0 ? e.mark.column + 1 : 0};
    throw SchemaError({Diagnostic{location, "malformed YAML: " + e.msg}});
  }
  load_document(in, document->root(), project);
  if (!diagnostics.empty()) {
    throw SchemaError(std::move(diagnostics));
  }
  return project;
}

std::string read_settings_file(const std::filesystem::path& file, const std::filesystem::path& shown,
                               const std::string& what)
{
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  if (in.is_open()) {
    text << in.rdbuf();
  }
  if (!in.is_open() || in.bad()) {
    throw SchemaError({Diagnostic{SourceLocation{shown.string(), 0, 0}, "cannot read the " + what}});
  }
  return text.str();
}

Project load_project(const std::filesystem::path& file, const std::filesystem::path& shown)
{
  const std::filesystem::path& name = shown.empty() ? file : shown;
  return parse_project(read_settings_file(file, name, "project file"), name);
}

ExpandedValue expand(const ProjectValue& value, const VariableLookup& lookup)
{
  ExpandedValue out;
  std::vector<Diagnostic> unset;
  size_t done = 0; // of value.written, copied to out.text
  for (const auto& reference : value.references) {
    const std::string token = "${env:" + reference.name + "}";
    const auto at = value.written.find(token, done);
    const auto variable = lookup(reference.name);
    if (!variable) {
      unset.push_back(Diagnostic{reference.location,
                                 fmt::format("environment variable {} is not set (${{env:{}}})", reference.name,
                                             reference.name)});
    }
    if (at == std::string::npos) {
      continue;
    }
    out.text += value.written.substr(done, at - done);
    out.text += variable.value_or("");
    out.from_variable = true;
    done = at + token.size();
  }
  out.text += value.written.substr(done);
  if (!unset.empty()) {
    throw SchemaError(std::move(unset));
  }
  return out;
}

std::optional<std::filesystem::path> find_project(const std::filesystem::path& start)
{
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path folder = fs::absolute(start, ec);
  if (ec) {
    return std::nullopt;
  }
  folder = folder.lexically_normal();
  if (!folder.has_filename() && folder.has_relative_path()) {
    folder = folder.parent_path(); // "/a/b/" -> "/a/b"
  }
  while (true) {
    const fs::path candidate = folder / k_project_file_name;
    if (fs::is_regular_file(candidate, ec)) {
      return candidate;
    }
    const fs::path parent = folder.parent_path();
    if (parent == folder || parent.empty()) {
      return std::nullopt;
    }
    folder = parent;
  }
}

} // namespace strata::schemas
