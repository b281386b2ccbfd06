// strata inspect: the live schema as schema YAML or as the engine's DDL (stdout, or a file written
// atomically); --format json prints a summary (counts, names, where the YAML went).
#include "cli/commands.hpp"
#include "cli/output/diagram.hpp"
#include "cli/output/migration_json.hpp"
#include "cli/output/migration_render.hpp"
#include "cli/output/text_parts.hpp"
#include "migrations/writer.hpp"
#include "schemas/error.hpp"
#include "workflows/inspect.hpp"
#include "workflows/planning.hpp"

#include <spdlog/spdlog.h>

namespace strata::cli {

namespace {

struct InspectFlags {
  std::string db;
  std::string schema;
  std::string output;
  std::string format = "yaml";
  bool with_privileges = false;
};

// --format mermaid|dot: the ER diagram of the database, or of the --schema file (no database).
int run_diagram(const InspectFlags& flags, const std::filesystem::path& output)
{
  const bool dot = flags.format == "dot";
  std::string text;
  if (!flags.schema.empty()) {
    const auto schema = workflows::load_desired(flags.schema);
    text = dot ? render_dot_er(schema) : render_mermaid_er(schema);
  } else {
    const auto result = workflows::run_inspect({target_of(flags.db), {}, false});
    text = dot ? render_dot_er(result.live) : render_mermaid_er(result.live);
  }
  if (output.empty()) {
    print_out(text);
  } else {
    migrations::write_file_atomic(output, text);
    spdlog::info("wrote {} ({} diagram)", output.string(), flags.format);
  }
  return exit_codes::ok;
}

int run_inspect(const InspectFlags& flags)
{
  const bool to_stdout = flags.output.empty() || flags.output == "-";
  const std::filesystem::path output = to_stdout ? std::string{} : flags.output;
  if (flags.format == "mermaid" || flags.format == "dot") {
    return run_diagram(flags, output);
  }
  if (!flags.schema.empty()) {
    throw Error(ErrorKind::usage, "--schema draws a schema file's diagram: it goes with --format mermaid or dot");
  }
  const auto result =
    workflows::run_inspect({target_of(flags.db), output, flags.format == "sql", flags.with_privileges});
  if (flags.format == "json") {
    print_out(render_inspect_json(result, output));
  } else if (to_stdout) {
    print_out(result.text);
  } else {
    spdlog::info("wrote {} ({}) from {}", flags.output, inspected_counts(result.live), result.database);
  }
  return exit_codes::ok;
}

} // namespace

void register_inspect(CLI::App& app, Globals& globals)
{
  auto [command, flags] =
    add_command(app, globals, "inspect", "Write the live schema of a database as schema YAML (or as SQL DDL)",
                run_inspect);
  add_db_option(*command, flags->db);
  command->add_option("-o,--output", flags->output, "write to this file (atomically) instead of stdout");
  command
    ->add_option("--format", flags->format,
                 "yaml (the schema file, default), sql (the engine's DDL: what applying it to an empty database "
                 "runs), json (a summary on stdout; the YAML goes to -o, else into the document), or mermaid / dot "
                 "(an entity-relationship diagram: tables with their key columns, foreign keys, views)")
    ->check(one_of({"yaml", "sql", "json", "mermaid", "dot"}));
  command->add_flag("--with-privileges", flags->with_privileges,
                    "PostgreSQL: read the grants on tables, views, sequences, functions and schemas too, and write "
                    "`privileges: managed` (plans of the file then manage them)");
  command->add_option("--schema", flags->schema,
                      "with --format mermaid or dot: draw this schema file or folder instead of a database");
}

} // namespace strata::cli
