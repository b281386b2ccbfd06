#include "dialects/sqlite/sqlite_dialect.hpp"

#include "dialects/sqlite/connection.hpp"
#include "dialects/sqlite/internal.hpp"

namespace strata::dialects::sqlite {

namespace {

class SqliteDialect final : public Dialect {
public:
  std::string name() const override { return k_engine; }
  Capabilities capabilities() const override { return sqlite::capabilities(); }
  std::unique_ptr<Connection> connect(const DbUrl& url) const override
  {
    return std::make_unique<SqliteConnection>(url);
  }
  std::string quote_identifier(const std::string& n) const override { return sqlite::quote_identifier(n); }
  std::string quote_literal(const std::string& v) const override { return sqlite::quote_literal(v); }
  std::string format_type(const schemas::ColumnType& t) const override { return sqlite::format_type(t); }
  schemas::Schema normalize(const schemas::Schema& s) const override { return sqlite::normalize(s); }
  bool can_alter_in_place(const AlterQuestion& q) const override { return sqlite::can_alter_in_place(q); }
  std::vector<Statement> render(const schemas::Operation& op, RenderContext& ctx) const override
  {
    return sqlite::render(op, ctx);
  }
  std::vector<schemas::Risk> engine_risks(const schemas::Operation& op) const override
  {
    return sqlite::engine_risks(op);
  }
  std::string probe_sql(const ProbeQuery& p) const override { return sqlite::probe_sql(p); }
  void check_integrity(Connection& c) const override { sqlite::check_integrity(c); }
  // SQLite has no information_schema; its own catalog answers (names are case-insensitive).
  bool table_exists(Connection& c, const std::string& name) const override
  {
    const auto result = c.query("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = " +
                                sqlite::quote_literal(name) + " COLLATE NOCASE");
    return !result.rows.empty() && result.rows[0][0].value_or("0") != "0";
  }
  std::unique_ptr<Lock> acquire_lock(Connection& c, const DbUrl& url, std::chrono::milliseconds timeout) const override
  {
    return sqlite::acquire_lock(c, url, timeout);
  }
  BackupRecord backup(Connection& c, const BackupTarget& target, const std::filesystem::path& dir,
                      const std::string& id) const override
  {
    return sqlite::backup(c, target, dir, id);
  }
  void restore(Connection& c, const BackupRecord& record) const override { sqlite::restore(c, record); }
  DbUrl create_scratch(const DbUrl& server, const std::string& name) const override
  {
    return sqlite::create_scratch(server, name);
  }
  void drop_scratch(const DbUrl& server, const DbUrl& scratch) const override { sqlite::drop_scratch(server, scratch); }
  std::vector<std::string> list_objects(Connection& c, size_t limit) const override
  {
    return sqlite::list_objects(c, limit);
  }
  void clear_database(Connection& c) const override { sqlite::clear_database(c); }
};

} // namespace

std::unique_ptr<Dialect> make_dialect()
{
  return std::make_unique<SqliteDialect>();
}

} // namespace strata::dialects::sqlite
