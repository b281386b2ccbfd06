// format_type: ColumnType -> MySQL/MariaDB type text.
// SCAFFOLD (groundwork): portable mapping only; the read-side owner completes the canonical
// spellings normalize() uses.

#include "dialects/mysql/internal.hpp"

namespace strata::dialects::mysql {

namespace {

using schemas::ColumnType;
using schemas::PortableKind;

std::string params_text(const std::vector<int>& params)
{
  std::string out;
  for (size_t i = 0; i < params.size(); ++i) {
    out += (i > 0 ? "," : "(") + std::to_string(params[i]);
  }
  return out.empty() ? out : out + ")";
}

std::string portable_text(PortableKind kind, const std::vector<int>& params)
{
  const std::string p = params_text(params);
  switch (kind) {
  case PortableKind::smallint_: return "smallint";
  case PortableKind::integer_: return "int";
  case PortableKind::bigint_: return "bigint";
  case PortableKind::boolean_: return "tinyint(1)";
  case PortableKind::real_: return "float";
  case PortableKind::double_: return "double";
  case PortableKind::numeric_: return "decimal" + (p.empty() ? std::string("(10,0)") : p);
  case PortableKind::varchar_: return "varchar" + p;
  case PortableKind::char_: return "char" + (p.empty() ? std::string("(1)") : p);
  case PortableKind::text_: return "text";
  case PortableKind::blob_: return "blob";
  case PortableKind::date_: return "date";
  case PortableKind::time_: return "time";
  case PortableKind::timestamp_: return "datetime";
  case PortableKind::timestamptz_: return "timestamp";
  case PortableKind::json_: return "json";
  case PortableKind::uuid_: return "char(36)";
  }
  return "text";
}

} // namespace

std::string format_type(const ColumnType& type)
{
  const ColumnType resolved = type.for_engine(k_engine);
  if (resolved.kind == ColumnType::Kind::portable) {
    return portable_text(resolved.portable, resolved.params);
  }
  return resolved.native;
}

} // namespace strata::dialects::mysql
