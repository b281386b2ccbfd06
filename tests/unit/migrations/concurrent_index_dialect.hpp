#pragma once
// A dialect wrapping SQLite's that marks index statements no_transaction unless concurrent
// indexes are off, as PostgreSQL's CREATE INDEX CONCURRENTLY is: the writer's split into a
// transactional file and a no-transaction follower is tested without a server.

#include "dialects/registry.hpp"
#include "planner/plan.hpp"

#include <variant>

namespace strata::test {

class ConcurrentIndexDialect final : public dialects::Dialect {
public:
  std::string name() const override { return "sqlite"; }
  dialects::Capabilities capabilities() const override { return base().capabilities(); }
  std::unique_ptr<dialects::Connection> connect(const dialects::DbUrl& url) const override { return base().connect(url); }
  std::string quote_identifier(const std::string& n) const override { return base().quote_identifier(n); }
  std::string quote_literal(const std::string& v) const override { return base().quote_literal(v); }
  std::string format_type(const schemas::ColumnType& t) const override { return base().format_type(t); }
  schemas::Schema normalize(const schemas::Schema& s) const override { return base().normalize(s); }
  bool can_alter_in_place(const dialects::AlterQuestion& q) const override { return base().can_alter_in_place(q); }
  std::vector<dialects::Statement> render(const schemas::Operation& op, dialects::RenderContext& ctx) const override
  {
    auto statements = base().render(op, ctx);
    const bool index = std::holds_alternative<schemas::AddIndex>(op) || std::holds_alternative<schemas::DropIndex>(op);
    for (auto& statement : statements) {
      statement.no_transaction = index && ctx.concurrent_indexes;
    }
    return statements;
  }
  std::vector<schemas::Risk> engine_risks(const schemas::Operation& op) const override { return base().engine_risks(op); }
  std::string probe_sql(const dialects::ProbeQuery& p) const override { return base().probe_sql(p); }
  void check_integrity(dialects::Connection& c) const override { base().check_integrity(c); }
  std::unique_ptr<dialects::Lock> acquire_lock(dialects::Connection& c, const dialects::DbUrl& url,
                                               std::chrono::milliseconds timeout) const override
  {
    return base().acquire_lock(c, url, timeout);
  }
  dialects::BackupRecord backup(dialects::Connection& c, const dialects::BackupTarget& t,
                                const std::filesystem::path& dir, const std::string& id) const override
  {
    return base().backup(c, t, dir, id);
  }
  void restore(dialects::Connection& c, const dialects::BackupRecord& r) const override { base().restore(c, r); }
  dialects::DbUrl create_scratch(const dialects::DbUrl& s, const std::string& n) const override
  {
    return base().create_scratch(s, n);
  }
  void drop_scratch(const dialects::DbUrl& s, const dialects::DbUrl& d) const override { base().drop_scratch(s, d); }
  std::vector<std::string> list_objects(dialects::Connection& c, size_t n) const override
  {
    return base().list_objects(c, n);
  }
  void clear_database(dialects::Connection& c) const override { base().clear_database(c); }

private:
  static const dialects::Dialect& base() { return dialects::dialect_for("sqlite"); }
};

// A new table posts, then an index on the existing table users.
inline planner::Plan table_and_index_plan()
{
  schemas::Column id;
  id.name = "id";
  id.type = schemas::ColumnType::parse("integer");
  schemas::Table posts;
  posts.name = "posts";
  posts.columns = {id};
  posts.primary_key = {"id"};
  schemas::Index index;
  index.name = "users_email_idx";
  schemas::IndexKey key;
  key.column = "email";
  index.keys = {key};

  planner::Plan plan;
  planner::Step create;
  create.operation = schemas::AddTable{posts};
  create.inverse = {schemas::DropTable{posts}};
  planner::Step add_index;
  add_index.operation = schemas::AddIndex{{"", "users"}, index};
  add_index.inverse = {schemas::DropIndex{{"", "users"}, index}};
  plan.steps = {create, add_index};
  return plan;
}

} // namespace strata::test
