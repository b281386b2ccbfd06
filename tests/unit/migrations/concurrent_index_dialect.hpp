#pragma once
// A dialect wrapping SQLite's that marks index statements no_transaction unless concurrent
// indexes are off, as PostgreSQL's CREATE INDEX CONCURRENTLY is: the writer's split into a
// transactional file and a no-transaction follower is tested without a server.

#include "dialects/registry.hpp"
#include "planner/plan.hpp"

#include <variant>

namespace strata::test {

struct ConcurrentIndexDialect final : dialects::Dialect {
  ConcurrentIndexDialect() : dialects::Dialect(dialects::dialect_for("sqlite"))
  {
    render = [](const schemas::Operation& op, dialects::RenderContext& ctx) {
      auto statements = dialects::dialect_for("sqlite").render(op, ctx);
      const bool index = std::holds_alternative<schemas::AddIndex>(op) || std::holds_alternative<schemas::DropIndex>(op);
      for (auto& statement : statements) {
        statement.no_transaction = index && ctx.concurrent_indexes;
      }
      return statements;
    };
  }
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
