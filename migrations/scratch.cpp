// ScratchDatabase: create (or check the --dev-db), hand out the connection, drop (or clear).
#include "migrations/scratch.hpp"

#include "schemas/error.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <random>
#include <unistd.h>

namespace strata::migrations {

namespace {

// strata_scratch_<pid>_<8 hex digits>: unique per run, recognisable when left behind by a kill.
std::string scratch_name()
{
  std::random_device device;
  return fmt::format("strata_scratch_{}_{:08x}", static_cast<long>(::getpid()), device());
}

} // namespace

ScratchDatabase::ScratchDatabase(const dialects::Dialect& dialect, dialects::DbUrl url)
  : m_dialect(dialect), m_url(std::move(url))
{
}

std::unique_ptr<ScratchDatabase> ScratchDatabase::open(const dialects::Dialect& dialect,
                                                       const std::optional<dialects::DbUrl>& dev,
                                                       const std::optional<dialects::DbUrl>& server)
{
  if (dev) {
    std::unique_ptr<ScratchDatabase> scratch(new ScratchDatabase(dialect, *dev));
    scratch->m_connection = dialect.connect(*dev);
    const auto objects = dialect.list_objects(*scratch->m_connection, 4);
    if (!objects.empty()) {
      std::string list;
      for (size_t i = 0; i < objects.size() && i < 3; ++i) {
        list += (i == 0 ? "" : ", ") + objects[i];
      }
      throw Error(ErrorKind::input, fmt::format("the --dev-db {} is not empty ({}{}): give an empty database that "
                                                "strata may fill and clear, or leave --dev-db out",
                                                dev->redacted(), list, objects.size() > 3 ? ", ..." : ""));
    }
    scratch->m_given = true;
    return scratch;
  }
  const bool in_memory = dialect.capabilities.embedded;
  if (!server && !in_memory) {
    throw Error(ErrorKind::usage, fmt::format("a scratch {} database is needed: give --dev-db URL (an empty database) "
                                              "or --db URL (strata creates a temporary database on its server)",
                                              dialect.name));
  }
  dialects::DbUrl where = server ? *server : dialects::DbUrl::parse("sqlite::memory:");
  // The target's URL only says on which server (and as whom) to create the scratch database;
  // a read-only command's URL would make the server refuse CREATE DATABASE.
  where.read_only = false;
  const std::string name = scratch_name();
  dialects::DbUrl url = dialect.create_scratch(where, name);
  std::unique_ptr<ScratchDatabase> scratch(new ScratchDatabase(dialect, url));
  if (!in_memory) {
    scratch->m_server = where;
  }
  scratch->m_connection = dialect.connect(url); // on failure the destructor drops the database
  spdlog::debug("scratch database: {}", scratch->describe());
  return scratch;
}

ScratchDatabase::~ScratchDatabase()
{
  if (m_given && m_connection) {
    try {
      m_dialect.clear_database(*m_connection);
    } catch (const std::exception& e) {
      spdlog::warn("could not empty the --dev-db {} after use: {}", m_url.redacted(), e.what());
    }
  }
  m_connection.reset();
  if (m_server) {
    try {
      m_dialect.drop_scratch(*m_server, m_url);
    } catch (const std::exception& e) {
      spdlog::warn("could not drop the scratch database {} (drop it by hand): {}", m_url.database, e.what());
    }
  }
}

std::string ScratchDatabase::describe() const
{
  if (m_given) {
    return "the --dev-db " + m_url.redacted();
  }
  if (!m_server) {
    return "an in-memory SQLite database";
  }
  return fmt::format("a temporary database {} on {}", m_url.database, m_server->redacted());
}

} // namespace strata::migrations
