#include "cli/replay.hpp"

#include "dialects/registry.hpp"
#include "introspect/reader.hpp"
#include "schemas/error.hpp"

#include <spdlog/spdlog.h>

#include <cstdlib>

namespace strata::cli {

namespace {

std::string env_text(const char* name)
{
  const char* value = std::getenv(name);
  return value == nullptr ? std::string{} : std::string(value);
}

} // namespace

void add_dev_db_option(CLI::App& command, std::string& value)
{
  command.add_option("--dev-db", value,
                     "empty scratch database to replay migrations on (default: $STRATA_DEV_DB, else a temporary "
                     "database strata creates on the --db server and drops; SQLite: in memory)");
}

std::optional<dialects::DbUrl> optional_db_url(const std::string& flag)
{
  const std::string text = flag.empty() ? env_text("STRATA_DB") : flag;
  if (text.empty()) {
    return std::nullopt;
  }
  return dialects::DbUrl::parse(text);
}

std::unique_ptr<migrations::ScratchDatabase> open_scratch(const std::string& dev_flag,
                                                          const std::optional<dialects::DbUrl>& target)
{
  const std::string dev_text = dev_flag.empty() ? env_text("STRATA_DEV_DB") : dev_flag;
  std::optional<dialects::DbUrl> dev;
  if (!dev_text.empty()) {
    dev = dialects::DbUrl::parse(dev_text);
  }
  if (!dev && !target) {
    throw Error(ErrorKind::usage, "no database to replay migrations on: give --dev-db URL (an empty database; "
                                  "sqlite::memory: for SQLite) or --db URL (a temporary database is created on its "
                                  "server), or set STRATA_DEV_DB or STRATA_DB");
  }
  if (dev && target && dev->scheme != target->scheme) {
    throw Error(ErrorKind::usage, "--dev-db " + dev->redacted() + " and --db " + target->redacted() +
                                    " are different engines");
  }
  const auto& dialect = dialects::dialect_for(dev ? *dev : *target);
  return migrations::ScratchDatabase::open(dialect, dev, target);
}

Source scratch_source(migrations::ScratchDatabase& scratch)
{
  return Source{scratch.connection(), scratch.dialect(), scratch.url(), {}, {}};
}

migrations::ExecutorOptions replay_options()
{
  migrations::ExecutorOptions options;
  options.lock_timeout = std::chrono::milliseconds(2000);
  options.yes = true;
  options.take_backups = false;
  options.check_sum = false;
  options.applied_by = "strata-replay";
  options.progress = [](const std::string& line) { spdlog::debug("replay: {}", line); };
  return options;
}

schemas::Schema snapshot(migrations::ScratchDatabase& scratch)
{
  introspect::ReadOptions options;
  options.all_schemas = scratch.dialect().capabilities().schemas;
  return scratch.dialect().normalize(introspect::read_schema(scratch.connection(), scratch.dialect(), options));
}

planner::Plan compare_schemas(const schemas::Schema& actual, const schemas::Schema& expected,
                              const dialects::Dialect& dialect)
{
  return planner::plan(actual, expected, dialect);
}

} // namespace strata::cli
