#include "schemas/types.hpp"
#include "schemas/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <utility>

namespace strata::schemas {

namespace {

constexpr std::array<std::pair<PortableKind, std::string_view>, 17> k_portable_names{{
  {PortableKind::smallint_, "smallint"},   {PortableKind::integer_, "integer"},
  {PortableKind::bigint_, "bigint"},       {PortableKind::boolean_, "boolean"},
  {PortableKind::real_, "real"},           {PortableKind::double_, "double"},
  {PortableKind::numeric_, "numeric"},     {PortableKind::varchar_, "varchar"},
  {PortableKind::char_, "char"},           {PortableKind::text_, "text"},
  {PortableKind::blob_, "blob"},           {PortableKind::date_, "date"},
  {PortableKind::time_, "time"},           {PortableKind::timestamp_, "timestamp"},
  {PortableKind::timestamptz_, "timestamptz"}, {PortableKind::json_, "json"},
  {PortableKind::uuid_, "uuid"},
}};

// How many parameters each portable kind accepts: {min, max}.
std::pair<size_t, size_t> param_arity(PortableKind kind)
{
  switch (kind) {
  case PortableKind::varchar_:
  case PortableKind::char_:
    return {1, 1};
  case PortableKind::numeric_:
    return {0, 2};
  default:
    return {0, 0};
  }
}

} // namespace

std::string_view portable_name(PortableKind kind)
{
  for (const auto& [k, name] : k_portable_names) {
    if (k == kind) {
      return name;
    }
  }
  return "text";
}

bool parse_portable_name(std::string_view name, PortableKind& kind)
{
  for (const auto& [k, n] : k_portable_names) {
    if (n == name) {
      kind = k;
      return true;
    }
  }
  return false;
}

ColumnType ColumnType::make_native(std::string text)
{
  ColumnType t;
  t.kind = Kind::native;
  t.native = std::move(text);
  return t;
}

ColumnType ColumnType::make_portable(PortableKind kind, TypeParams params)
{
  ColumnType t;
  t.kind = Kind::portable;
  t.portable = kind;
  t.params = params;
  return t;
}

ColumnType ColumnType::parse(std::string_view text)
{
  const std::string_view trimmed = trim_space(text);
  const auto open = trimmed.find('(');
  const std::string_view base = trim_space(open == std::string_view::npos ? trimmed : trimmed.substr(0, open));
  // The base name compared in lower case; no portable name is longer than the buffer.
  std::array<char, 16> lowered{};
  if (base.size() > lowered.size()) {
    return make_native(std::string(trimmed));
  }
  std::transform(base.begin(), base.end(), lowered.begin(), [](char c) { return ascii_lower(c); });
  PortableKind kind{};
  if (!parse_portable_name(std::string_view(lowered.data(), base.size()), kind)) {
    return make_native(std::string(trimmed));
  }
  std::vector<int> params;
  if (open != std::string_view::npos) {
    const auto close = trimmed.find(')', open);
    if (close == std::string_view::npos || !trim_space(trimmed.substr(close + 1)).empty()) {
      return make_native(std::string(trimmed));
    }
    std::string_view inside = trimmed.substr(open + 1, close - open - 1);
    while (true) {
      const auto comma = inside.find(',');
      const std::string_view part = trim_space(inside.substr(0, comma));
      int value = 0;
      const auto res = std::from_chars(part.data(), part.data() + part.size(), value);
      if (part.empty() || res.ec != std::errc() || res.ptr != part.data() + part.size() || value < 0) {
        return make_native(std::string(trimmed));
      }
      params.push_back(value);
      if (comma == std::string_view::npos) {
        break;
      }
      inside = inside.substr(comma + 1);
    }
  }
  const auto [min_params, max_params] = param_arity(kind);
  if (params.size() < min_params || params.size() > max_params) {
    return make_native(std::string(trimmed));
  }
  return make_portable(kind, TypeParams(params));
}

ColumnType ColumnType::for_engine(const std::string& engine) const
{
  if (kind != Kind::per_engine) {
    return *this;
  }
  const auto it = per_engine.find(engine);
  if (it == per_engine.end()) {
    return make_native("");
  }
  return parse(it->second);
}

std::string ColumnType::str() const
{
  switch (kind) {
  case Kind::native:
    return native;
  case Kind::portable: {
    std::string out(portable_name(portable));
    if (!params.empty()) {
      out += '(';
      for (size_t i = 0; i < params.size(); ++i) {
        if (i > 0) {
          out += ',';
        }
        out += std::to_string(params[i]);
      }
      out += ')';
    }
    return out;
  }
  case Kind::per_engine: {
    std::string out = "{";
    bool first = true;
    for (const auto& [engine, type] : per_engine) {
      out += first ? "" : ", ";
      out += engine + ": " + type;
      first = false;
    }
    return out + "}";
  }
  }
  return native;
}

} // namespace strata::schemas
