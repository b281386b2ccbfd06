// strata config: the settings this run would use — project file, environment, schema, migration
// folder, databases, lint settings — each with where it came from (workflows/settings.hpp).
// Never connects; every URL is shown redacted (no password, whether written in the file or taken
// from a variable). Exit 0, 1 when the project file or a value it names is bad, 64 for --env.
#include "cli/commands.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace strata::cli {

namespace {

using Json = nlohmann::ordered_json;

struct ConfigFlags {
  std::string schema;
  std::string dir;
  std::string db;
  std::string dev_db;
  std::string fail_on;
  std::string statement_timeout;
  std::string format = "text";
};

Json setting_json(const std::string& value, const std::string& source)
{
  return Json{{"value", value}, {"source", source}};
}

std::string line(const std::string& name, const std::string& value, const std::string& source = {})
{
  return source.empty() ? fmt::format("{:<25}{}\n", name, value) : fmt::format("{:<25}{}  ({})\n", name, value, source);
}

int run_config(const ConfigFlags& flags)
{
  const auto& resolved = settings();
  const auto* project = resolved.project();
  const auto* environment = resolved.environment();
  const auto schema = resolved.schema(flags.schema);
  const auto dir = resolved.dir(flags.dir);
  const auto dev_db = resolved.dev_db(flags.dev_db);
  const auto databases = resolved.databases(flags.db);
  const auto fail_on = resolved.fail_on(flags.fail_on);
  const auto disabled = resolved.disabled_codes();
  const auto timeout = resolved.statement_timeout(flags.statement_timeout);
  const std::string project_file = project != nullptr ? project->file.string() : std::string();
  if (flags.format == "json") {
    Json out;
    out["format_version"] = 1;
    out["project_file"] = project != nullptr ? Json(project_file) : Json(nullptr);
    out["environment"] = environment != nullptr ? Json(environment->name) : Json(nullptr);
    out["environments"] = project != nullptr ? Json(project->environment_names()) : Json::array();
    out["schema"] = setting_json(schema.value, schema.source);
    out["dir"] = setting_json(dir.value, dir.source);
    out["dev_db"] = dev_db ? setting_json(dev_db->url.redacted(), dev_db->source) : Json(nullptr);
    out["databases"] = Json::array();
    for (const auto& db : databases) {
      out["databases"].push_back(setting_json(db.url.redacted(), db.source));
    }
    out["lint"] = Json{{"fail_on", setting_json(fail_on.value, fail_on.source)}, {"disable", disabled}};
    out["statement_timeout"] = timeout.value.empty() ? Json(nullptr) : setting_json(timeout.value, timeout.source);
    print_out(out.dump(2) + "\n");
    return exit_codes::ok;
  }
  std::string text;
  text += line("project file", project != nullptr ? project_file : "none (no strata.yaml here or above)");
  if (project != nullptr && !project->environments.empty()) {
    std::string names;
    for (const auto& name : project->environment_names()) {
      names += (names.empty() ? "" : ", ") + name;
    }
    text += line("environment", environment != nullptr ? environment->name + " (of " + names + ")"
                                                         : "none (--env NAME: " + names + ")");
  }
  text += line("schema", schema.value, schema.source);
  text += line("dir", dir.value, dir.source);
  text += dev_db ? line("dev_db", dev_db->url.redacted(), dev_db->source)
                 : line("dev_db", "none (a scratch database strata creates)");
  if (databases.empty()) {
    text += line("db", "none (give --db URL, --env NAME or set STRATA_DB)");
  }
  for (const auto& db : databases) {
    text += line("db", db.url.redacted(), db.source);
  }
  text += line("lint.fail_on", fail_on.value, fail_on.source);
  std::string codes;
  for (const auto& code : disabled) {
    codes += (codes.empty() ? "" : ", ") + code;
  }
  text += line("lint.disable", codes.empty() ? "none" : codes, codes.empty() ? "" : project_file);
  text += timeout.value.empty() ? line("apply.statement_timeout", "none (a file's statement-timeout line only)")
                                : line("apply.statement_timeout", timeout.value, timeout.source);
  print_out(text);
  return exit_codes::ok;
}

} // namespace

void register_config(CLI::App& app, Globals& globals)
{
  auto [command, flags] =
    add_command(app, globals, "config",
                "Print the resolved settings (project file, --env, flags, environment variables) with every "
                "password redacted; connects to nothing",
                run_config);
  add_schema_option(*command, flags->schema);
  add_dir_option(*command, flags->dir);
  add_db_option(*command, flags->db);
  add_dev_db_option(*command, flags->dev_db);
  command->add_option("--fail-on", flags->fail_on, "lint's --fail-on, as lint would take it")
    ->check(one_of({"high", "medium", "low"}));
  command->add_option("--statement-timeout", flags->statement_timeout, "apply's --statement-timeout, as apply would take it");
  command->add_option("--format", flags->format, "output: text or json")->check(one_of({"text", "json"}));
}

} // namespace strata::cli
