// Type-change classification: widening (every value fits), narrowing (same family, smaller:
// values may be cut or rejected) or incompatible (another family: conversion may fail).

#include "planner/risk.hpp"

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
  if (a.kind == ColumnType::Kind::portable && b.kind == ColumnType::Kind::portable) {
    if (a.portable == b.portable && !is_char(a.portable) && a.portable != PortableKind::numeric_) {
      return {TypeChange::widening, 0}; // only parameters differ (e.g. time precision)
    }
    return compare_portable(a, b);
  }
  return {TypeChange::incompatible, char_limit(b)};
}

} // namespace strata::planner::detail
