#include "dialects/postgres/postgres_dialect.hpp"

#include "dialects/postgres/canonical.hpp"
#include "dialects/postgres/connection.hpp"
#include "dialects/postgres/internal.hpp"

namespace strata::dialects::postgres {

namespace {

class PostgresDialect final : public Dialect {
public:
  std::string name() const override { return k_engine; }
  Capabilities capabilities() const override
  {
    Capabilities c = postgres::capabilities();
    c.server_side_backups = true; // backup.cpp: copies in the strata_backup schema
    return c;
  }
  std::unique_ptr<Connection> connect(const DbUrl& url) const override
  {
    return std::make_unique<PostgresConnection>(url);
  }
  std::string quote_identifier(const std::string& n) const override { return postgres::quote_identifier(n); }
  std::string quote_literal(const std::string& v) const override { return postgres::quote_literal(v); }
  std::string format_type(const schemas::ColumnType& t) const override { return postgres::format_type(t); }
  schemas::Schema normalize(const schemas::Schema& s) const override { return postgres::normalize(s); }
  void canonicalize(Connection& /*catalog*/, Connection* probe_db, schemas::Schema& desired,
                    const schemas::Schema& live) const override
  {
    postgres::canonicalize(probe_db, desired, live);
  }
  CanonicalProbes canonical_probes(const schemas::Schema& desired, const schemas::Schema& live) const override
  {
    return postgres::canonical_probes(desired, live);
  }
  bool can_alter_in_place(const AlterQuestion& q) const override { return postgres::can_alter_in_place(q); }
  std::vector<Statement> render(const schemas::Operation& op, RenderContext& ctx) const override
  {
    return postgres::render(op, ctx);
  }
  std::vector<schemas::Risk> engine_risks(const schemas::Operation& op) const override
  {
    return postgres::engine_risks(op);
  }
  std::vector<schemas::Risk> engine_risks_in_context(const schemas::Operation& op,
                                                     const RiskContext& context) const override
  {
    return postgres::engine_risks(op, context);
  }
  std::string probe_sql(const ProbeQuery& p) const override { return postgres::probe_sql(p); }
  void check_integrity(Connection& c) const override { postgres::check_integrity(c); }
  bool table_exists(Connection& c, const std::string& n) const override { return postgres::table_exists(c, n); }
  void after_failed_statement(Connection& c, const std::string& sql) const override
  {
    postgres::after_failed_statement(c, sql);
  }
  std::unique_ptr<Lock> acquire_lock(Connection& c, const DbUrl& url, std::chrono::milliseconds timeout) const override
  {
    return postgres::acquire_lock(c, url, timeout);
  }
  BackupRecord backup(Connection& c, const BackupTarget& target, const std::filesystem::path& dir,
                      const std::string& id) const override
  {
    return postgres::backup(c, target, dir, id);
  }
  void restore(Connection& c, const BackupRecord& record) const override { postgres::restore(c, record); }
  DbUrl create_scratch(const DbUrl& server, const std::string& name) const override
  {
    return postgres::create_scratch(server, name);
  }
  void drop_scratch(const DbUrl& server, const DbUrl& scratch) const override { postgres::drop_scratch(server, scratch); }
  std::vector<std::string> list_objects(Connection& c, size_t limit) const override
  {
    return postgres::list_objects(c, limit);
  }
  void clear_database(Connection& c) const override { postgres::clear_database(c); }
};

} // namespace

std::unique_ptr<Dialect> make_dialect()
{
  return std::make_unique<PostgresDialect>();
}

} // namespace strata::dialects::postgres
