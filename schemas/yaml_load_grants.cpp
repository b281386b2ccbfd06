// Loading of privileges: the top-level `privileges:` switch and the `grants` list of a table, view,
// materialized view, sequence, function or schema (PostgreSQL).

#include "schemas/privileges.hpp"
#include "schemas/text.hpp"
#include "schemas/yaml_nodes.hpp"

#include <fmt/format.h>

namespace strata::schemas::detail {

bool load_privileges_switch(Reader& reader, const Node& root)
{
  const Node value = root["privileges"];
  if (!value.IsDefined() || value.IsNull()) {
    return false;
  }
  const auto text = reader.scalar(value, "", "\"privileges\"");
  if (!text) {
    return false;
  }
  if (*text == "managed") {
    return true;
  }
  if (*text != "ignored") {
    reader.error(value, "",
                 fmt::format("\"privileges\": unknown value \"{}\" (expected managed or ignored)", *text));
  }
  return false;
}

// Each item: {role, privileges: [...], with_grant_option}. Privileges are checked against what
// `target` takes (ALL included) and kept upper case; the normal form expands ALL and merges.
std::vector<Grant> load_grants(Reader& reader, const Node& node, const std::string& context, GrantTarget target)
{
  std::vector<Grant> grants;
  const Node items = reader.list(node, "grants", context);
  if (!items.IsDefined()) {
    return grants;
  }
  size_t ordinal = 0;
  for (const auto& entry : items) {
    const Node item = entry; // a copy: `entry` is the iteration's temporary Item
    const std::string inner = nested(context, fmt::format("grant #{}", ++ordinal));
    if (!reader.expect_map(item, inner, "a grant")) {
      continue;
    }
    reader.check_keys(item, inner, {"role", "privileges", "with_grant_option"});
    Grant grant;
    grant.location = reader.where(item);
    grant.role = reader.text(item, "role", inner, true);
    grant.with_grant_option = reader.flag(item, "with_grant_option", inner);
    std::vector<SourceLocation> marks;
    const auto written = reader.strings(item, "privileges", inner, &marks);
    if (!item["privileges"].IsDefined()) {
      reader.error(item, inner, "missing required key \"privileges\"");
    } else if (written.empty() && (item["privileges"].IsNull() || item["privileges"].IsSequence())) {
      reader.error(item["privileges"], inner, "\"privileges\" must not be empty");
    }
    for (size_t i = 0; i < written.size(); ++i) {
      const std::string privilege = ascii_upper(written[i]);
      if (privilege == "ALL" || privilege == "ALL PRIVILEGES" || takes_privilege(target, privilege)) {
        grant.privileges.push_back(privilege);
        continue;
      }
      reader.error(item["privileges"], inner,
                   fmt::format("privilege \"{}\" does not apply to a {} (expected ALL or {})", written[i],
                               grant_target_name(target), privilege_list(all_privileges(target))));
    }
    if (!grant.role.empty() && !grant.privileges.empty()) {
      grants.push_back(std::move(grant));
    }
  }
  return grants;
}

} // namespace strata::schemas::detail
