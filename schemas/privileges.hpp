#pragma once
// Privileges as the model keeps them (Grant lists of tables, views, sequences, functions and
// schemas): the privileges each kind of object takes, the normal form both sides of a diff are
// compared in, and what changes between two lists (the GRANT and REVOKE steps, as data).

#include "schemas/model.hpp"

#include <string>
#include <vector>

namespace strata::schemas {

// "table", "view", "materialized view", "sequence", "function", "schema" (messages).
const char* grant_target_name(GrantTarget target);

// The privileges `ALL` stands for on `target`, in PostgreSQL's order (tables, views and
// materialized views: SELECT … TRIGGER; sequences: USAGE, SELECT, UPDATE; functions: EXECUTE;
// schemas: USAGE, CREATE).
const std::vector<std::string>& all_privileges(GrantTarget target);
// Whether `privilege` (upper case) is one `target` takes: those of ALL, and MAINTAIN (PostgreSQL
// 17) on tables, views and materialized views.
bool takes_privilege(GrantTarget target, const std::string& privilege);

// "PUBLIC" for any spelling of public (no role has that name), else the role as written.
std::string grant_role(const std::string& role);

// The normal form of a list of grants: roles as grant_role spells them, privileges upper case with
// ALL expanded for `target`, a privilege held both with and without grant option kept with it, one
// entry per role and grant option (without it first), sorted by role, privileges sorted.
std::vector<Grant> canonical_grants(const std::vector<Grant>& grants, GrantTarget target);

// One GRANT or REVOKE: `privileges` (sorted) to or from `role`. For a revoke, `grant_option`
// means REVOKE GRANT OPTION FOR (the privileges stay); for a grant, WITH GRANT OPTION.
struct GrantStep {
  std::string role;
  std::vector<std::string> privileges;
  bool grant_option = false;
  friend bool operator==(const GrantStep&, const GrantStep&) = default;
};
// What turns grant list `before` into `after` (both in normal form): the revokes first (role order;
// whole privileges, then grant options only), then the grants.
struct GrantChanges {
  std::vector<GrantStep> revoked;
  std::vector<GrantStep> granted;
  bool empty() const { return revoked.empty() && granted.empty(); }
};
GrantChanges grant_changes(const std::vector<Grant>& before, const std::vector<Grant>& after);

// The privileges joined by ", " ("INSERT, SELECT"): GRANT and REVOKE lists, messages.
std::string privilege_list(const std::vector<std::string>& privileges);

// "SELECT, INSERT to app_reader, EXECUTE to PUBLIC with grant option" (messages and output).
std::string shown_grants(const std::vector<Grant>& grants);

} // namespace strata::schemas
