// strata doctor: a health check of the --db database that writes nothing (workflows/doctor.hpp).
// Exit 0 when no check failed (warnings allowed), 1 when one did.
#include "cli/commands.hpp"
#include "cli/output/doctor_render.hpp"
#include "workflows/doctor.hpp"

namespace strata::cli {

namespace {

struct DoctorFlags : DbDirFlags {
  std::string backup_dir;
  std::string format = "text";
};

int run_doctor(const DoctorFlags& flags)
{
  return for_each_target(flags.db, [&](const workflows::Target& target) {
    const auto report = workflows::run_doctor(
      {target, resolve_dir(flags.dir), flag_or_env(flags.backup_dir, "STRATA_BACKUP_DIR")});
    print_out(flags.format == "json" ? render_doctor_json(report) : render_doctor(report, stdout_colour()));
    return report.failed() ? exit_codes::error : exit_codes::ok;
  });
}

} // namespace

void register_doctor(CLI::App& app, Globals& globals)
{
  auto [command, flags] = add_db_dir_command(
    app, globals, "doctor",
    "Check the database without writing to it: connection, server version, the privileges each command needs, "
    "history, lock, clock skew",
    run_doctor);
  command->add_option("--backup-dir", flags->backup_dir,
                      "the backup folder apply would use, to check (default: $STRATA_BACKUP_DIR, then "
                      ".strata/backups beside --dir)");
  command->add_option("--format", flags->format, "output: text or json")->check(one_of({"text", "json"}));
}

} // namespace strata::cli
