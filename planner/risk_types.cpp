// Type-change classification: widening (every value fits), narrowing (same family, smaller:
// values may be cut or rejected) or incompatible (another family: conversion may fail).

#include "planner/risk.hpp"

#include <algorithm>
#include <cctype>

namespace strata::planner::detail {

namespace {

using schemas::ColumnType;
using schemas::PortableKind;

ColumnType resolved(const ColumnType& type, const std::string& engine)
{
  if (type.kind == ColumnType::Kind::per_engine) {
    return resolved(type.for_engine(engine), engine);
  }
  if (type.kind == ColumnType::Kind::native) {
    return ColumnType::parse(type.native);
  }
  return type;
}

int integer_rank(PortableKind kind)
{
  switch (kind) {
  case PortableKind::smallint_: return 1;
  case PortableKind::integer_: return 2;
  case PortableKind::bigint_: return 3;
  default: return 0;
  }
}

int float_rank(PortableKind kind)
{
  return kind == PortableKind::real_ ? 1 : kind == PortableKind::double_ ? 2 : 0;
}

bool is_char(PortableKind kind)
{
  return kind == PortableKind::varchar_ || kind == PortableKind::char_;
}

long long char_limit(const ColumnType& type)
{
  return type.kind == ColumnType::Kind::portable && is_char(type.portable) && !type.params.empty() ? type.params[0]
                                                                                                    : 0;
}

// Members of an inline `enum('a','b')` type (MySQL); false when the text is not one.
bool inline_enum_members(const ColumnType& type, std::vector<std::string>& members)
{
  if (type.kind != ColumnType::Kind::native || type.native.size() < 6) {
    return false;
  }
  const std::string& text = type.native;
  std::string head = text.substr(0, 5);
  for (auto& c : head) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (head != "enum(") {
    return false;
  }
  size_t i = 5;
  for (;;) {
    while (i < text.size() && text[i] == ' ') {
      ++i;
    }
    if (i >= text.size() || text[i] != '\'') {
      return false;
    }
    std::string member;
    for (++i; i < text.size(); ++i) {
      if (text[i] == '\\' && i + 1 < text.size()) {
        member += text[++i];
      } else if (text[i] == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        member += text[++i];
      } else if (text[i] == '\'') {
        break;
      } else {
        member += text[i];
      }
    }
    members.push_back(member);
    for (++i; i < text.size() && text[i] == ' '; ++i) {
    }
    if (i < text.size() && text[i] == ',') {
      ++i;
      continue;
    }
    return i + 1 == text.size() && text[i] == ')';
  }
}

TypeChangeInfo compare_portable(const ColumnType& a, const ColumnType& b)
{
  const long long limit = char_limit(b);
  if (b.portable == PortableKind::text_) {
    return {TypeChange::widening, 0};
  }
  if (is_char(b.portable)) {
    const bool from_text = is_char(a.portable) || a.portable == PortableKind::text_;
    if (!from_text) {
      return {TypeChange::incompatible, limit};
    }
    const long long old_limit = char_limit(a);
    const bool narrower = limit > 0 && (old_limit == 0 || limit < old_limit);
    return {narrower ? TypeChange::narrowing : TypeChange::widening, narrower ? limit : 0};
  }
  if (integer_rank(a.portable) > 0 && integer_rank(b.portable) > 0) {
    return {integer_rank(b.portable) < integer_rank(a.portable) ? TypeChange::narrowing : TypeChange::widening, 0};
  }
  if (float_rank(a.portable) > 0 && float_rank(b.portable) > 0) {
    return {float_rank(b.portable) < float_rank(a.portable) ? TypeChange::narrowing : TypeChange::widening, 0};
  }
  if (a.portable == PortableKind::numeric_ && b.portable == PortableKind::numeric_) {
    const auto param = [](const ColumnType& t, size_t i) { return t.params.size() > i ? t.params[i] : 0; };
    const bool narrower = (param(b, 0) > 0 && (param(a, 0) == 0 || param(b, 0) < param(a, 0))) ||
                          param(b, 1) < param(a, 1);
    return {narrower ? TypeChange::narrowing : TypeChange::widening, 0};
  }
  const bool number_to_wider = integer_rank(a.portable) > 0 &&
                               (float_rank(b.portable) > 0 || b.portable == PortableKind::numeric_);
  if (number_to_wider) {
    return {TypeChange::widening, 0};
  }
  if (a.portable == PortableKind::timestamp_ && b.portable == PortableKind::timestamptz_) {
    return {TypeChange::widening, 0};
  }
  return {TypeChange::incompatible, 0};
}

} // namespace

TypeChangeInfo classify_type_change(const ColumnType& before, const ColumnType& after, const std::string& engine)
{
  const ColumnType a = resolved(before, engine);
  const ColumnType b = resolved(after, engine);
  if (a == b) {
    return {TypeChange::widening, 0};
  }
  std::vector<std::string> old_members;
  std::vector<std::string> new_members;
  if (inline_enum_members(a, old_members) && inline_enum_members(b, new_members)) {
    TypeChangeInfo info;
    for (const auto& member : old_members) {
      if (std::find(new_members.begin(), new_members.end(), member) == new_members.end()) {
        info.removed_members.push_back(member);
      }
    }
    // Added or reordered members keep every stored value.
    info.change = info.removed_members.empty() ? TypeChange::widening : TypeChange::incompatible;
    info.kept_members = std::move(new_members);
    return info;
  }
  if (a.kind == ColumnType::Kind::portable && b.kind == ColumnType::Kind::portable) {
    if (a.portable == b.portable && !is_char(a.portable) && a.portable != PortableKind::numeric_) {
      return {TypeChange::widening, 0}; // only parameters differ (e.g. time precision)
    }
    return compare_portable(a, b);
  }
  return {TypeChange::incompatible, char_limit(b)};
}

} // namespace strata::planner::detail
