#include "dialects/mysql/mysql_dialect.hpp"

#include "dialects/mysql/connection.hpp"
#include "dialects/mysql/internal.hpp"

namespace strata::dialects::mysql {

namespace {

class MysqlDialect final : public Dialect {
public:
  std::string name() const override { return k_engine; }
  Capabilities capabilities() const override { return mysql::capabilities(); }
  std::unique_ptr<Connection> connect(const DbUrl& url) const override
  {
    return std::make_unique<MysqlConnection>(url);
  }
  std::string quote_identifier(const std::string& n) const override { return mysql::quote_identifier(n); }
  std::string quote_literal(const std::string& v) const override { return mysql::quote_literal(v); }
  std::string format_type(const schemas::ColumnType& t) const override { return mysql::format_type(t); }
  schemas::Schema normalize(const schemas::Schema& s) const override { return mysql::normalize(s); }
  void canonicalize(Connection& catalog, Connection* probe_db, schemas::Schema& desired,
                    const schemas::Schema& live) const override
  {
    mysql::canonicalize(catalog, probe_db, desired, live);
  }
  CanonicalProbes canonical_probes(const schemas::Schema& desired, const schemas::Schema& live) const override
  {
    return mysql::canonical_probes(desired, live);
  }
  bool can_alter_in_place(const AlterQuestion& q) const override { return mysql::can_alter_in_place(q); }
  std::vector<Statement> render(const schemas::Operation& op, RenderContext& ctx) const override
  {
    return mysql::render(op, ctx);
  }
  std::vector<schemas::Risk> engine_risks(const schemas::Operation& op) const override
  {
    return mysql::engine_risks(op, RiskContext{});
  }
  std::vector<schemas::Risk> engine_risks_in_context(const schemas::Operation& op,
                                                     const RiskContext& context) const override
  {
    return mysql::engine_risks(op, context);
  }
  std::string probe_sql(const ProbeQuery& p) const override { return mysql::probe_sql(p); }
  void check_integrity(Connection& c) const override { mysql::check_integrity(c); }
  bool table_exists(Connection& c, const std::string& n) const override { return mysql::table_exists(c, n); }
  std::unique_ptr<Lock> acquire_lock(Connection& c, const DbUrl& url, std::chrono::milliseconds timeout) const override
  {
    return mysql::acquire_lock(c, url, timeout);
  }
  BackupRecord backup(Connection& c, const BackupTarget& target, const std::filesystem::path& dir,
                      const std::string& id) const override
  {
    return mysql::backup(c, target, dir, id);
  }
  void restore(Connection& c, const BackupRecord& record) const override { mysql::restore(c, record); }
  DbUrl create_scratch(const DbUrl& server, const std::string& name) const override
  {
    return mysql::create_scratch(server, name);
  }
  void drop_scratch(const DbUrl& server, const DbUrl& scratch) const override { mysql::drop_scratch(server, scratch); }
  std::vector<std::string> list_objects(Connection& c, size_t limit) const override
  {
    return mysql::list_objects(c, limit);
  }
  void clear_database(Connection& c) const override { mysql::clear_database(c); }
};

} // namespace

std::unique_ptr<Dialect> make_dialect()
{
  return std::make_unique<MysqlDialect>();
}

} // namespace strata::dialects::mysql
