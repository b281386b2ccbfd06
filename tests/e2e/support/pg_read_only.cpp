#include "tests/e2e/support/pg_read_only.hpp"

#include "tests/e2e/support/read_only.hpp"
#include "tests/support/pg_accounts.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <iostream>
#include <random>
#include <sstream>
#include <unistd.h>

namespace strata::e2e {

namespace {

const std::string k_accounts_sql =
  test::pg_accounts_sql() +
  "CREATE VIEW open_accounts AS SELECT a.id, a.email, b.title FROM accounts a CROSS JOIN books b WHERE a.status = "
  "'open';\n";

// After a newline, as the read-only project's table_yaml is.
const std::string k_accounts_yaml = "\n" + test::pg_accounts_yaml();

const char* const k_open_accounts_yaml =
  "  - { name: open_accounts, query: \"SELECT a.id, a.email, b.title FROM accounts a CROSS JOIN books b WHERE "
  "a.status = 'open'\" }\n";

std::string random_hex()
{
  std::random_device device;
  std::ostringstream out;
  out << std::hex << device() << device();
  return out.str();
}

std::string pg_ident(const std::string& name)
{
  return "\"" + name + "\"";
}

// "2026-12-03 17:03:07.385 UTC [2858] ..." begins an entry; anything else continues one.
bool starts_entry(const std::string& line)
{
  return line.size() > 20 && std::isdigit(static_cast<unsigned char>(line[0])) && line[4] == '-' && line[7] == '-' &&
         line[10] == ' ' && line[13] == ':';
}

// The SQL of a "statement: ..." / "execute <name>: ..." entry, or of a STATEMENT entry; empty
// for other messages.
std::string logged_sql(const PgLogEntry& entry)
{
  if (entry.level == "STATEMENT") {
    return entry.text;
  }
  if (entry.level != "LOG") {
    return {};
  }
  if (entry.text.rfind("statement: ", 0) == 0) {
    return entry.text.substr(11);
  }
  if (entry.text.rfind("execute ", 0) == 0) {
    const auto colon = entry.text.find(": ");
    return colon == std::string::npos ? std::string() : entry.text.substr(colon + 2);
  }
  return {};
}

} // namespace

PgReadOnlyRole::PgReadOnlyRole(PgWorkspace& ws)
  : m_ws(ws), m_name("strata_ro_" + std::to_string(::getpid()) + "_" + random_hex()), m_password(random_hex())
{
  const std::string role = pg_ident(m_name);
  const std::string database = pg_ident(ws.database().name());
  ws.exec("CREATE ROLE " + role + " LOGIN PASSWORD '" + m_password + "'");
  // Settings first: they apply from the role's next connection on.
  ws.exec("ALTER ROLE " + role + " SET default_transaction_read_only = on");
  ws.exec("ALTER ROLE " + role + " SET log_statement = 'all'");
  ws.exec("REVOKE TEMP ON DATABASE " + database + " FROM PUBLIC");
  ws.exec("GRANT CONNECT ON DATABASE " + database + " TO " + role);
  ws.exec("GRANT USAGE ON SCHEMA public TO " + role);
  ws.exec("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role);
  ws.exec("GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO " + role);
}

PgReadOnlyRole::~PgReadOnlyRole()
{
  const std::string role = pg_ident(m_name);
  try {
    m_ws.exec("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM " + role);
    m_ws.exec("REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM " + role);
    m_ws.exec("REVOKE ALL ON SCHEMA public FROM " + role);
    m_ws.exec("REVOKE ALL ON DATABASE " + pg_ident(m_ws.database().name()) + " FROM " + role);
    m_ws.exec("DROP ROLE " + role);
  } catch (const std::exception& e) { // a destructor must not throw; a leftover role is harmless
    std::cerr << "could not drop the role " << m_name << ": " << e.what() << "\n";
  }
}

std::string PgReadOnlyRole::url() const
{
  const auto& url = m_ws.database().url();
  return "postgres://" + m_name + ":" + m_password + "@" + url.host + ":" + std::to_string(url.port) + "/" +
         m_ws.database().name();
}

std::string pg_catalog_fingerprint(PgWorkspace& ws)
{
  const char* const sql = R"sql(
SELECT 'namespace ' || nspname FROM pg_namespace
UNION ALL
SELECT 'class ' || n.nspname || '.' || c.relname || ' ' || c.relkind::text || ' ' || c.oid || ' ' || c.relfilenode
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
UNION ALL
SELECT 'attribute ' || a.attrelid || ' ' || a.attnum || ' ' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) ||
       ' ' || a.attnotnull || ' ' || a.attisdropped
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
UNION ALL
SELECT 'constraint ' || oid || ' ' || conname || ' ' || conrelid || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
 WHERE connamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
UNION ALL
SELECT 'index ' || indexrelid || ' ' || pg_get_indexdef(indexrelid) FROM pg_index WHERE indexrelid >= 16384
UNION ALL
SELECT 'default ' || oid || ' ' || adrelid || ' ' || adnum || ' ' || pg_get_expr(adbin, adrelid) FROM pg_attrdef
UNION ALL
SELECT 'type ' || oid || ' ' || typname FROM pg_type WHERE oid >= 16384
UNION ALL
SELECT 'view ' || schemaname || '.' || viewname || ' ' || definition FROM pg_views
 WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
UNION ALL
SELECT 'acl ' || coalesce(datacl::text, '') FROM pg_database WHERE datname = current_database()
UNION ALL
SELECT 'history ' || md5(string_agg(h::text, ',' ORDER BY version)) FROM strata_schema_history h
UNION ALL
SELECT 'rows accounts ' || md5(string_agg(a::text, ',' ORDER BY id)) FROM accounts a
UNION ALL
SELECT 'rows books ' || md5(string_agg(b::text, ',' ORDER BY id)) FROM books b
ORDER BY 1
)sql";
  std::string out;
  for (const auto& row : ws.rows(sql)) {
    out += row.front().value_or("") + "\n";
  }
  return out;
}

PgServerLog::PgServerLog(PgWorkspace& ws) : m_ws(ws)
{
  const char* path = std::getenv("STRATA_TEST_PG_LOG");
  const char* ci = std::getenv("CI");
  const bool under_ci = ci != nullptr && std::string(ci) == "true";
  std::string why;
  if (path == nullptr || *path == '\0') {
    why = "STRATA_TEST_PG_LOG is not set";
  } else {
    m_path = path;
    try {
      m_offset = std::stoll(ws.scalar("SELECT (pg_stat_file('" + m_path + "')).size").value_or("0"));
      m_readable = true;
    } catch (const std::exception& e) {
      why = std::string("the test role cannot read it: ") + e.what();
    }
  }
  if (!m_readable) {
    INFO("scripts/postgres.sh exports STRATA_TEST_PG_LOG and lets the test role read the server log");
    if (under_ci) {
      FAIL("the PostgreSQL server log is needed under CI=true: " << why);
    }
    std::cerr << "SKIP (log checks only): " << why << " (source scripts/postgres.sh)\n";
  }
}

std::vector<PgLogEntry> PgServerLog::entries_of(const std::string& role, const std::string& database)
{
  std::vector<PgLogEntry> entries;
  if (!m_readable) {
    return entries;
  }
  const long long size = std::stoll(m_ws.scalar("SELECT (pg_stat_file('" + m_path + "')).size").value_or("0"));
  const std::string text = m_ws.scalar("SELECT pg_read_file('" + m_path + "', " + std::to_string(m_offset) + ", " +
                                       std::to_string(size - m_offset) + ")")
                             .value_or("");
  const std::string who = " " + role + "@" + database + " ";
  std::istringstream lines(text);
  std::string line;
  bool ours = false;
  while (std::getline(lines, line)) {
    if (!starts_entry(line)) {
      if (ours && !entries.empty()) {
        entries.back().text += "\n" + line;
      }
      continue;
    }
    const auto at = line.find(who);
    ours = at != std::string::npos;
    if (!ours) {
      continue;
    }
    const std::string rest = line.substr(at + who.size());
    const auto colon = rest.find(":  ");
    entries.push_back({rest.substr(0, colon), colon == std::string::npos ? rest : rest.substr(colon + 3)});
  }
  return entries;
}

bool pg_writing_entry(const PgLogEntry& entry)
{
  const std::string creates_scratch = "CREATE DATABASE \"strata_scratch_";
  if (entry.level == "ERROR" || entry.level == "FATAL") {
    return !contains(entry.text, "create database") && !contains(entry.text, "CREATE DATABASE");
  }
  const std::string sql = logged_sql(entry);
  return !sql.empty() && sql.rfind(creates_scratch, 0) != 0 && writes(sql);
}

// The bookshop v1 and the accounts migration applied, schema.yaml describing both, a few rows.
void pg_read_only_project(DbWorkspace& ws)
{
  apply_books_v1_with(ws, {"accounts", k_accounts_sql.c_str(), "DROP VIEW open_accounts;\nDROP TABLE accounts;\n",
                           "INSERT INTO accounts (email) VALUES ('a@example.com'), ('b@example.com')",
                           k_accounts_yaml.c_str(), k_open_accounts_yaml});
}

namespace {

class PgReadOnlyAccess final : public ReadOnlyAccess {
public:
  explicit PgReadOnlyAccess(PgWorkspace& ws)
    : m_ws(ws), m_role(ws), m_before(pg_catalog_fingerprint(ws)), m_log(ws)
  {
  }

  std::string url() const override { return m_role.url(); }
  std::string dev_db() const override { return m_dev.url_text(); }
  void check_nothing_written() override
  {
    CHECK(pg_catalog_fingerprint(m_ws) == m_before);
    const auto entries = m_log.entries_of(m_role.name(), m_ws.database().name());
    if (m_log.readable()) {
      CHECK_FALSE(entries.empty()); // the role's statements were logged
      for (const auto& entry : entries) {
        INFO(entry.text);
        CHECK_FALSE(pg_writing_entry(entry));
      }
    }
  }

private:
  PgWorkspace& m_ws;
  PgReadOnlyRole m_role;
  strata::test::PostgresDatabase m_dev; // the --dev-db, owned by the test role
  std::string m_before;
  PgServerLog m_log;
};

} // namespace

std::unique_ptr<ReadOnlyAccess> pg_read_only_role(DbWorkspace& ws)
{
  return std::make_unique<PgReadOnlyAccess>(dynamic_cast<PgWorkspace&>(ws));
}

} // namespace strata::e2e
