// The MariaDB engine of the read-only scenario (read_only.hpp). The bookshop v1 is applied with
// strata, then a hand-written migration adds a table whose check, default and generated column,
// and a view over it, are written in schema.yaml in spellings the server stores differently (so
// drift needs its canonical forms). A user with SELECT and SHOW VIEW on that database only runs
// the read-only commands (replays and canonical-form probes on a --dev-db of the test user); the
// general log must show no writing statement from that user, and the catalog stays unchanged.
#include "tests/e2e/support/my_support.hpp"
#include "tests/e2e/support/read_only.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <unistd.h>

namespace strata::e2e {

namespace {

const char* const k_prices_sql = R"SQL(CREATE TABLE prices (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  amount decimal(10,2) NOT NULL DEFAULT 0,
  tax_rate decimal(5,4) NOT NULL DEFAULT 0.2,
  with_tax decimal(12,2) AS (ROUND(amount * (1 + tax_rate), 2)) VIRTUAL,
  created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT prices_ok CHECK ((amount >= 0) AND (tax_rate < 1))
);
CREATE VIEW cheap_prices AS SELECT p.id, p.amount, b.title FROM prices p CROSS JOIN books b WHERE p.amount < 10;
)SQL";

const char* const k_prices_yaml = R"YAML(
  - name: prices
    columns:
      - { name: id, type: integer, identity: true }
      - { name: amount, type: "numeric(10,2)", nullable: false, default: "0" }
      - { name: tax_rate, type: "decimal(5,4)", nullable: false, default: "0.2" }
      - { name: with_tax, type: "decimal(12,2)", generated: "ROUND(amount * (1 + tax_rate), 2)" }
      - { name: created_at, type: timestamp, nullable: false, default: CURRENT_TIMESTAMP }
    primary_key: [id]
    checks:
      - { name: prices_ok, expression: "(amount >= 0) AND (tax_rate < 1)" }
)YAML";

const char* const k_cheap_prices_yaml =
  "  - { name: cheap_prices, query: \"SELECT p.id, p.amount, b.title FROM prices p CROSS JOIN books b WHERE "
  "p.amount < 10\" }\n";

// A user with SELECT and SHOW VIEW on the workspace's database only; dropped afterwards.
class ReadOnlyUser {
public:
  explicit ReadOnlyUser(MyWorkspace& ws) : m_ws(ws)
  {
    std::random_device random;
    m_name = "strata_ro_" + std::to_string(::getpid() % 100000) + "_" + std::to_string(random() % 100000);
    m_password = std::to_string(random()) + std::to_string(random());
    ws.exec("CREATE USER '" + m_name + "'@'%' IDENTIFIED BY '" + m_password + "'");
    ws.exec("GRANT SELECT, SHOW VIEW ON `" + ws.database().name() + "`.* TO '" + m_name + "'@'%'");
  }
  ~ReadOnlyUser()
  {
    try {
      m_ws.exec("DROP USER IF EXISTS '" + m_name + "'@'%'");
    } catch (...) { // a destructor must not throw; a leftover user is harmless
    }
  }
  ReadOnlyUser(const ReadOnlyUser&) = delete;
  ReadOnlyUser& operator=(const ReadOnlyUser&) = delete;

  const std::string& name() const { return m_name; }
  std::string url() const
  {
    const auto& url = m_ws.database().url();
    return "mysql://" + m_name + ":" + m_password + "@" + url.host + ":" + std::to_string(url.port) + "/" +
           m_ws.database().name();
  }

private:
  MyWorkspace& m_ws;
  std::string m_name;
  std::string m_password;
};

// The general log into mysql.general_log while it lives; the previous settings restored after.
class GeneralLog {
public:
  explicit GeneralLog(MyWorkspace& ws) : m_ws(ws)
  {
    m_was_on = ws.scalar("SELECT @@GLOBAL.general_log").value_or("0");
    m_output = ws.scalar("SELECT @@GLOBAL.log_output").value_or("FILE");
    m_since = ws.scalar("SELECT NOW(6)").value_or("");
    ws.exec("SET GLOBAL log_output = 'FILE,TABLE'");
    ws.exec("SET GLOBAL general_log = ON");
  }
  ~GeneralLog()
  {
    try {
      m_ws.exec("SET GLOBAL general_log = " + m_was_on);
      m_ws.exec("SET GLOBAL log_output = '" + m_output + "'");
    } catch (...) {
    }
  }
  GeneralLog(const GeneralLog&) = delete;
  GeneralLog& operator=(const GeneralLog&) = delete;

  // The statements `user` sent since construction.
  std::vector<std::string> statements_of(const std::string& user)
  {
    std::vector<std::string> out;
    for (const auto& row : m_ws.rows("SELECT CONVERT(argument USING utf8mb4) FROM mysql.general_log WHERE event_time >= '" +
                                     m_since + "' AND command_type = 'Query' AND user_host LIKE '" + user + "[%'")) {
      out.push_back(row.front().value_or(""));
    }
    return out;
  }

private:
  MyWorkspace& m_ws;
  std::string m_was_on;
  std::string m_output;
  std::string m_since;
};

// Tables, columns, indexes, constraints, checks and views of the database (with creation times,
// so a drop and re-create shows), and the rows of the history and the project's tables.
std::string catalog_fingerprint(MyWorkspace& ws)
{
  const std::string db = "'" + ws.database().name() + "'";
  const std::string sql =
    "SELECT CONCAT_WS(' ', 'table', TABLE_NAME, TABLE_TYPE, CREATE_TIME) FROM information_schema.TABLES WHERE TABLE_SCHEMA = " + db +
    " UNION ALL SELECT CONCAT_WS(' ', 'column', TABLE_NAME, ORDINAL_POSITION, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, "
    "COLUMN_DEFAULT, GENERATION_EXPRESSION) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = " + db +
    " UNION ALL SELECT CONCAT_WS(' ', 'index', TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME) FROM "
    "information_schema.STATISTICS WHERE TABLE_SCHEMA = " + db +
    " UNION ALL SELECT CONCAT_WS(' ', 'constraint', TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE) FROM "
    "information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = " + db +
    " UNION ALL SELECT CONCAT_WS(' ', 'check', TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE) FROM "
    "information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = " + db +
    " UNION ALL SELECT CONCAT_WS(' ', 'view', TABLE_NAME, VIEW_DEFINITION) FROM information_schema.VIEWS WHERE "
    "TABLE_SCHEMA = " + db +
    " UNION ALL SELECT CONCAT_WS(' ', 'history', COUNT(*), MD5(GROUP_CONCAT(CONCAT_WS('|', version, status, checksum, "
    "applied_at) ORDER BY version))) FROM strata_schema_history"
    " UNION ALL SELECT CONCAT_WS(' ', 'prices', COUNT(*), SUM(amount)) FROM prices"
    " UNION ALL SELECT CONCAT_WS(' ', 'books', COUNT(*)) FROM books ORDER BY 1";
  std::string out;
  for (const auto& row : ws.rows(sql)) {
    out += row.front().value_or("") + "\n";
  }
  return out;
}

class MyReadOnlyAccess final : public ReadOnlyAccess {
public:
  explicit MyReadOnlyAccess(MyWorkspace& ws) : m_ws(ws), m_user(ws), m_before(catalog_fingerprint(ws)), m_log(ws) {}

  std::string url() const override { return m_user.url(); }
  std::string dev_db() const override { return m_dev.url_text(); }
  void check_nothing_written() override
  {
    const auto statements = m_log.statements_of(m_user.name());
    CHECK_FALSE(statements.empty());
    for (const auto& statement : statements) {
      INFO(statement);
      // The only DDL the user may try is the scratch database next to --db (refused: no right).
      CHECK((!writes(statement) || statement.rfind("CREATE DATABASE `strata_scratch_", 0) == 0));
    }
    CHECK(catalog_fingerprint(m_ws) == m_before);
  }

private:
  MyWorkspace& m_ws;
  ReadOnlyUser m_user;
  strata::test::MysqlDatabase m_dev; // the --dev-db, the test user's
  std::string m_before;
  GeneralLog m_log;
};

} // namespace

// The bookshop v1 and the prices migration applied, schema.yaml describing both, a few rows.
void my_read_only_project(DbWorkspace& ws)
{
  apply_books_v1_with(ws, {"prices", k_prices_sql, "DROP VIEW cheap_prices;\nDROP TABLE prices;\n",
                           "INSERT INTO prices (amount) VALUES (5), (20)", k_prices_yaml, k_cheap_prices_yaml});
}

std::unique_ptr<ReadOnlyAccess> my_read_only_user(DbWorkspace& ws)
{
  return std::make_unique<MyReadOnlyAccess>(dynamic_cast<MyWorkspace&>(ws));
}

} // namespace strata::e2e
