// Privileges: their names per kind of object, the normal form of grant lists, and their changes.

#include "schemas/privileges.hpp"

#include "schemas/text.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace strata::schemas {

namespace {

// (role, privilege) -> with grant option, for a list in any form.
using Held = std::map<std::pair<std::string, std::string>, bool>;

Held held(const std::vector<Grant>& grants, const std::vector<std::string>* all)
{
  Held out;
  for (const auto& grant : grants) {
    const std::string role = grant_role(grant.role);
    for (const auto& written : grant.privileges) {
      std::string privilege = ascii_upper(written);
      std::vector<std::string> each{privilege};
      if ((privilege == "ALL" || privilege == "ALL PRIVILEGES") && all != nullptr) {
        each = *all;
      }
      for (const auto& one : each) {
        auto& option = out[{role, one}];
        option = option || grant.with_grant_option;
      }
    }
  }
  return out;
}

// Steps of (role, privilege) pairs grouped by role, each role's privileges sorted.
std::vector<GrantStep> grouped(const std::vector<std::pair<std::string, std::string>>& pairs, bool grant_option)
{
  std::vector<GrantStep> out;
  for (const auto& [role, privilege] : pairs) { // sorted by role, then privilege
    if (out.empty() || out.back().role != role) {
      out.push_back(GrantStep{role, {}, grant_option});
    }
    out.back().privileges.push_back(privilege);
  }
  return out;
}

} // namespace

const char* grant_target_name(GrantTarget target)
{
  switch (target) {
  case GrantTarget::table: return "table";
  case GrantTarget::view: return "view";
  case GrantTarget::materialized_view: return "materialized view";
  case GrantTarget::sequence: return "sequence";
  case GrantTarget::function: return "function";
  case GrantTarget::schema: return "schema";
  }
  return "table";
}

const std::vector<std::string>& all_privileges(GrantTarget target)
{
  static const std::vector<std::string> relation{"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"};
  static const std::vector<std::string> sequence{"USAGE", "SELECT", "UPDATE"};
  static const std::vector<std::string> function{"EXECUTE"};
  static const std::vector<std::string> schema{"USAGE", "CREATE"};
  switch (target) {
  case GrantTarget::sequence: return sequence;
  case GrantTarget::function: return function;
  case GrantTarget::schema: return schema;
  default: return relation;
  }
}

bool takes_privilege(GrantTarget target, const std::string& privilege)
{
  const auto& all = all_privileges(target);
  if (std::find(all.begin(), all.end(), privilege) != all.end()) {
    return true;
  }
  const bool relation = target == GrantTarget::table || target == GrantTarget::view ||
                        target == GrantTarget::materialized_view;
  return relation && privilege == "MAINTAIN";
}

std::string grant_role(const std::string& role)
{
  return ascii_upper(role) == "PUBLIC" ? std::string("PUBLIC") : role;
}

std::vector<Grant> canonical_grants(const std::vector<Grant>& grants, GrantTarget target)
{
  std::map<std::pair<std::string, bool>, Grant> entries; // (role, grant option): sorted as the normal form is
  for (const auto& [key, option] : held(grants, &all_privileges(target))) {
    auto& entry = entries[{key.first, option}];
    entry.role = key.first;
    entry.with_grant_option = option;
    entry.privileges.push_back(key.second); // the map's order: sorted
  }
  // Keep each entry's location (the first written grant of its role) for messages.
  for (auto& [key, entry] : entries) {
    for (const auto& grant : grants) {
      if (grant_role(grant.role) == key.first) {
        entry.location = grant.location;
        break;
      }
    }
  }
  std::vector<Grant> out;
  for (auto& [key, entry] : entries) {
    out.push_back(std::move(entry));
  }
  return out;
}

GrantChanges grant_changes(const std::vector<Grant>& before, const std::vector<Grant>& after)
{
  const Held had = held(before, nullptr);
  const Held wanted = held(after, nullptr);
  std::vector<std::pair<std::string, std::string>> revoked;
  std::vector<std::pair<std::string, std::string>> options_revoked;
  std::vector<std::pair<std::string, std::string>> granted;
  std::vector<std::pair<std::string, std::string>> granted_with_option;
  for (const auto& [key, option] : had) {
    const auto it = wanted.find(key);
    if (it == wanted.end()) {
      revoked.push_back(key);
    } else if (option && !it->second) {
      options_revoked.push_back(key);
    }
  }
  for (const auto& [key, option] : wanted) {
    const auto it = had.find(key);
    if (it == had.end() || (option && !it->second)) {
      (option ? granted_with_option : granted).push_back(key);
    }
  }
  GrantChanges changes;
  changes.revoked = grouped(revoked, false);
  for (auto& step : grouped(options_revoked, true)) {
    changes.revoked.push_back(std::move(step));
  }
  changes.granted = grouped(granted, false);
  for (auto& step : grouped(granted_with_option, true)) {
    changes.granted.push_back(std::move(step));
  }
  return changes;
}

std::string privilege_list(const std::vector<std::string>& privileges)
{
  std::string out;
  for (const auto& privilege : privileges) {
    out += (out.empty() ? "" : ", ") + privilege;
  }
  return out;
}

std::string shown_grants(const std::vector<Grant>& grants)
{
  std::string out;
  for (const auto& grant : grants) {
    out += (out.empty() ? "" : "; ") + privilege_list(grant.privileges) + " to " + grant.role +
           (grant.with_grant_option ? " with grant option" : "");
  }
  return out.empty() ? std::string("none") : out;
}

} // namespace strata::schemas
