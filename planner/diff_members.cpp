// The members of a matched table that are matched by name: indexes (plain, UNIQUE and EXCLUDE
// constraints), foreign keys, checks, triggers, policies and rules (of a view too). A member the desired table lacks is dropped; a
// changed one is dropped and created again under the same name (with its comment and storage
// parameters), except a NOT VALID foreign key or check that only becomes valid: it is validated in
// place. A comment or an index's storage parameters alone change in place.

#include "planner/diff.hpp"

#include "schemas/error.hpp"

#include <algorithm>
#include <type_traits>

namespace strata::planner::detail {

namespace {

// Whether `after` is `before` made valid: same definition, NOT VALID before only.
template <class Member>
bool only_validated(const Member& before, const Member& after)
{
  if constexpr (requires { before.not_valid; }) {
    Member valid = before;
    valid.not_valid = false;
    return before.not_valid && !after.not_valid && valid.same_definition(after);
  } else {
    return false;
  }
}

// The in-place steps of a member whose definition stays: its comment, an index's storage parameters.
// (A recreated member carries its comment in its create step.)
template <class Member>
void in_place(DiffState& state, const QualifiedName& table, const Member& before, const Member& after)
{
  if constexpr (std::is_same_v<Member, schemas::Index>) {
    if (before.with != after.with) {
      state.operations.emplace_back(schemas::SetIndexStorage{table, after.name, before.with, after.with});
    }
    if (before.invisible != after.invisible) {
      state.operations.emplace_back(schemas::SetIndexVisibility{table, after.name, after.invisible});
    }
  }
  if constexpr (std::is_same_v<Member, schemas::Trigger> || std::is_same_v<Member, schemas::Rule>) {
    if (before.comment != after.comment) {
      const auto kind = std::is_same_v<Member, schemas::Rule> ? schemas::CommentedObject::rule
                                                                : schemas::CommentedObject::trigger;
      state.operations.emplace_back(
        schemas::SetObjectComment{kind, table, after.name, {}, before.comment, after.comment});
    }
  } else if constexpr (requires { after.comment; }) {
    if (before.comment != after.comment) {
      bool index = false;
      if constexpr (std::is_same_v<Member, schemas::Index>) {
        index = !after.constraint && !after.exclusion();
      }
      state.operations.emplace_back(schemas::SetConstraintComment{table, after.name, index, before.comment, after.comment});
    }
  }
}

template <class Member>
schemas::Operation validate(const QualifiedName& table, const Member& member)
{
  if constexpr (std::is_same_v<Member, schemas::ForeignKey>) {
    return schemas::ValidateConstraint{table, member, std::nullopt};
  } else if constexpr (std::is_same_v<Member, schemas::Check>) {
    return schemas::ValidateConstraint{table, std::nullopt, member};
  } else {
    throw Error(ErrorKind::internal, "only foreign keys and checks are validated");
  }
}

template <class Drop, class Add, class Member, class Same>
void diff_by_name(DiffState& state, const QualifiedName& table, const std::vector<Member>& before,
                  const std::vector<Member>& after, Same same)
{
  const auto find = [](const std::vector<Member>& list, const std::string& name) -> const Member* {
    const auto it = std::find_if(list.begin(), list.end(), [&](const Member& member) { return member.name == name; });
    return it == list.end() ? nullptr : &*it;
  };
  for (const auto& member : after) {
    const Member* old = find(before, member.name);
    if (old != nullptr && same(*old, member)) {
      in_place(state, table, *old, member);
      continue;
    }
    if (old != nullptr) {
      if (only_validated(*old, member)) {
        state.operations.emplace_back(validate(table, member));
        in_place(state, table, *old, member);
        continue;
      }
      state.operations.emplace_back(Drop{table, *old});
    }
    state.operations.emplace_back(Add{table, member});
  }
  for (const auto& member : before) {
    if (find(after, member.name) == nullptr) {
      state.operations.emplace_back(Drop{table, member});
    }
  }
}

template <class Member>
bool same_definition(const Member& a, const Member& b)
{
  return a.same_definition(b);
}

template <class Member>
bool equal(const Member& a, const Member& b)
{
  return a == b;
}

} // namespace

void diff_members(DiffState& state, const schemas::Table& before, const schemas::Table& after)
{
  using namespace schemas;
  const auto table = after.qualified();
  diff_by_name<DropIndex, AddIndex>(state, table, before.indexes, after.indexes, same_definition<Index>);
  diff_by_name<DropForeignKey, AddForeignKey>(state, table, before.foreign_keys, after.foreign_keys,
                                              same_definition<ForeignKey>);
  diff_by_name<DropCheck, AddCheck>(state, table, before.checks, after.checks, same_definition<Check>);
  diff_by_name<DropTrigger, CreateTrigger>(state, table, before.triggers, after.triggers, same_definition<Trigger>);
  diff_by_name<DropPolicy, CreatePolicy>(state, table, before.policies, after.policies, equal<Policy>);
  diff_rules(state, table, before.rules, after.rules);
}

void diff_rules(DiffState& state, const QualifiedName& relation, const std::vector<schemas::Rule>& before,
                const std::vector<schemas::Rule>& after)
{
  using namespace schemas;
  diff_by_name<DropRule, CreateRule>(state, relation, before, after, same_definition<Rule>);
}

} // namespace strata::planner::detail
