// Row-level security: ENABLE / FORCE ROW LEVEL SECURITY of a table and its policies; privileges
// (GRANT / REVOKE).

#include "dialects/postgres/expr.hpp"
#include "dialects/postgres/render_parts.hpp"
#include "schemas/privileges.hpp"

namespace strata::dialects::postgres {

namespace {

// The roles a policy applies to: PUBLIC is a keyword, every other name a quoted identifier.
std::string roles_sql(const std::vector<std::string>& roles)
{
  std::string out;
  for (const auto& role : roles) {
    out += (out.empty() ? "" : ", ") + (role == "public" ? std::string("PUBLIC") : quote_identifier(role));
  }
  return out;
}

// What a GRANT or REVOKE names after ON: TABLE (views and materialized views too), SEQUENCE,
// ROUTINE (functions, procedures and aggregates, by their argument types) or SCHEMA.
std::string privilege_object_sql(const schemas::SetPrivileges& op)
{
  using schemas::GrantTarget;
  switch (op.target) {
  case GrantTarget::sequence: return "SEQUENCE " + quote_name(op.object);
  case GrantTarget::function:
    return "ROUTINE " + quote_name(op.function.qualified()) + "(" + op.function.arguments + ")";
  case GrantTarget::schema: return "SCHEMA " + quote_identifier(op.object.name);
  default: return "TABLE " + quote_name(op.object);
  }
}

std::string grant_role_sql(const std::string& role)
{
  return role == "PUBLIC" ? role : quote_identifier(role);
}

} // namespace

Statements render_set_privileges(const schemas::SetPrivileges& op)
{
  const std::string on = " ON " + privilege_object_sql(op);
  const auto changes = schemas::grant_changes(op.before, op.after);
  Statements out;
  for (const auto& step : changes.revoked) {
    out.push_back(statement(std::string("REVOKE ") + (step.grant_option ? "GRANT OPTION FOR " : "") +
                            schemas::privilege_list(step.privileges) + on + " FROM " + grant_role_sql(step.role)));
  }
  for (const auto& step : changes.granted) {
    out.push_back(statement("GRANT " + schemas::privilege_list(step.privileges) + on + " TO " + grant_role_sql(step.role) +
                            (step.grant_option ? " WITH GRANT OPTION" : "")));
  }
  return out;
}

Statements create_policy(const schemas::QualifiedName& table, const schemas::Policy& policy)
{
  std::string sql = "CREATE POLICY " + quote_identifier(policy.name) + " ON " + quote_name(table);
  if (!policy.permissive) {
    sql += " AS RESTRICTIVE";
  }
  if (policy.command != "all") {
    sql += " FOR " + expr::ascii_upper(policy.command);
  }
  if (!policy.roles.empty() && policy.roles != std::vector<std::string>{"public"}) {
    sql += " TO " + roles_sql(policy.roles);
  }
  if (!policy.using_expression.empty()) {
    sql += " USING (" + policy.using_expression + ")";
  }
  if (!policy.check_expression.empty()) {
    sql += " WITH CHECK (" + policy.check_expression + ")";
  }
  return {statement(sql)};
}

Statements drop_policy(const schemas::QualifiedName& table, const schemas::Policy& policy)
{
  return {statement("DROP POLICY " + quote_identifier(policy.name) + " ON " + quote_name(table))};
}

// Both switches are set every time: FORCE has no effect while row-level security is disabled,
// yet the server keeps it, and a later ENABLE would bring it back.
Statements set_row_security(const schemas::QualifiedName& table, const std::string& state)
{
  const char* enable = state.empty() ? "DISABLE" : "ENABLE";
  const char* force = state == "forced" ? "FORCE" : "NO FORCE";
  return {statement("ALTER TABLE " + quote_name(table) + " " + enable + " ROW LEVEL SECURITY, " + force +
                    " ROW LEVEL SECURITY")};
}

} // namespace strata::dialects::postgres
