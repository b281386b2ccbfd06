// The MySQL/MariaDB reader: what the database and server are, then one batch information_schema
// query per kind of object for the whole database (queries.hpp) — 9 queries however many tables
// and routines, one more about the partitioned tables when there are some, and one more reading
// the values of every MariaDB sequence when there are some.

#include "introspect/mysql/mysql_reader.hpp"

#include "introspect/mysql/catalog.hpp"
#include "introspect/mysql/queries.hpp"
#include "schemas/error.hpp"

#include <cstdlib>

namespace strata::introspect::mysql {

namespace {

// ServerInfo from VERSION() text ("10.11.19-MariaDB-0+deb12u1", "8.0.36"), so that a wrapped
// Connection (not a MysqlConnection) is read the same way.
dialects::mysql::ServerInfo server_info(const std::string& version)
{
  dialects::mysql::ServerInfo info;
  info.version_text = version;
  info.mariadb = version.find("MariaDB") != std::string::npos;
  const char* p = version.c_str();
  char* end = nullptr;
  const unsigned long major = std::strtoul(p, &end, 10);
  const unsigned long minor = *end == '.' ? std::strtoul(end + 1, &end, 10) : 0;
  const unsigned long patch = *end == '.' ? std::strtoul(end + 1, &end, 10) : 0;
  info.version = major * 10000 + minor * 100 + patch;
  return info;
}

} // namespace

std::optional<Fingerprint> fingerprint(dialects::Connection& /*connection*/, const dialects::Rendering& /*dialect*/,
                                       const ReadOptions& /*options*/, const Fingerprint* /*previous*/,
                                       FingerprintDepth /*depth*/)
{
  return std::nullopt; // none yet: information_schema's views cost as much as the read itself
}

bool read_changed(dialects::Connection& /*connection*/, const dialects::Rendering& /*dialect*/,
                  const ReadOptions& /*options*/, schemas::Schema& /*last*/, const Fingerprint& /*was*/,
                  const Fingerprint& /*now*/)
{
  return false; // without fingerprints, nothing tells what changed
}

schemas::Schema read(dialects::Connection& connection, const dialects::Rendering& /*dialect*/,
                     const ReadOptions& /*options*/)
{
  Catalog catalog;
  {
    const Rows rows(connection.query(queries::k_database));
    if (rows.size() == 0 || rows.str(0, "name").empty()) {
      throw Error(ErrorKind::usage, "the MySQL URL names no database (" + connection.redacted_url() + ")");
    }
    catalog.database = rows.str(0, "name");
    catalog.server = server_info(rows.str(0, "version"));
    catalog.default_engine = rows.str(0, "engine");
    catalog.default_charset = rows.str(0, "charset");
    catalog.default_collation = rows.str(0, "collation");
    catalog.session_charset = rows.str(0, "session_charset");
    catalog.session_collation = rows.str(0, "session_collation");
  }
  read_tables(connection, catalog);
  read_columns(connection, catalog);
  read_indexes(connection, catalog);
  read_foreign_keys(connection, catalog);
  read_checks(connection, catalog);
  read_views(connection, catalog);
  read_triggers(connection, catalog);
  read_routines(connection, catalog);
  read_partitions(connection, catalog);
  read_sequences(connection, catalog);
  return std::move(catalog.schema);
}

} // namespace strata::introspect::mysql
