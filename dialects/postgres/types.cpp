// format_type: ColumnType -> PostgreSQL type text, and the canonical type names normalize() uses.
// Canonical text is what PostgreSQL's format_type() prints for the type.

#include "dialects/postgres/canonical.hpp"
#include "dialects/postgres/expr.hpp"
#include "dialects/postgres/internal.hpp"
#include "schemas/error.hpp"

#include <cstdlib>
#include <map>

namespace strata::dialects::postgres {

namespace {

using schemas::ColumnType;
using schemas::PortableKind;

std::string params_text(const std::vector<int>& params)
{
  if (params.empty()) {
    return {};
  }
  std::string out = "(";
  for (size_t i = 0; i < params.size(); ++i) {
    out += (i > 0 ? "," : "") + std::to_string(params[i]);
  }
  return out + ")";
}

std::string portable_text(PortableKind kind, const std::vector<int>& params)
{
  const std::string p = params_text(params);
  switch (kind) {
  case PortableKind::smallint_: return "smallint";
  case PortableKind::integer_: return "integer";
  case PortableKind::bigint_: return "bigint";
  case PortableKind::boolean_: return "boolean";
  case PortableKind::real_: return "real";
  case PortableKind::double_: return "double precision";
  case PortableKind::numeric_: return "numeric" + p;
  case PortableKind::varchar_: return "character varying" + p;
  case PortableKind::char_: return "character" + (p.empty() ? std::string("(1)") : p);
  case PortableKind::text_: return "text";
  case PortableKind::blob_: return "bytea";
  case PortableKind::date_: return "date";
  case PortableKind::time_: return "time without time zone";
  case PortableKind::timestamp_: return "timestamp without time zone";
  case PortableKind::timestamptz_: return "timestamp with time zone";
  case PortableKind::json_: return "json";
  case PortableKind::uuid_: return "uuid";
  }
  return "text";
}

// Alias -> format_type spelling of the base name (no modifiers).
const std::map<std::string, std::string>& aliases()
{
  static const std::map<std::string, std::string> map{
    {"int", "integer"}, {"int4", "integer"}, {"integer", "integer"}, {"int2", "smallint"},
    {"smallint", "smallint"}, {"int8", "bigint"}, {"bigint", "bigint"}, {"bool", "boolean"},
    {"boolean", "boolean"}, {"float4", "real"}, {"real", "real"}, {"float8", "double precision"},
    {"double", "double precision"}, {"double precision", "double precision"}, {"float", "double precision"},
    {"decimal", "numeric"}, {"numeric", "numeric"}, {"varchar", "character varying"},
    {"character varying", "character varying"}, {"char varying", "character varying"}, {"char", "character"},
    {"character", "character"}, {"bpchar", "character"}, {"text", "text"}, {"bytea", "bytea"}, {"blob", "bytea"},
    {"date", "date"}, {"serial", "serial"}, {"serial4", "serial"}, {"bigserial", "bigserial"},
    {"serial8", "bigserial"}, {"smallserial", "smallserial"}, {"serial2", "smallserial"}, {"json", "json"},
    {"jsonb", "jsonb"}, {"uuid", "uuid"}, {"varbit", "bit varying"}, {"bit varying", "bit varying"},
    {"bit", "bit"}, {"timetz", "time with time zone"}, {"timestamptz", "timestamp with time zone"},
    {"inet", "inet"}, {"cidr", "cidr"}, {"macaddr", "macaddr"}, {"money", "money"}, {"interval", "interval"},
    {"tsvector", "tsvector"}, {"tsquery", "tsquery"}, {"xml", "xml"}, {"oid", "oid"}, {"point", "point"},
  };
  return map;
}

// Words of a type text (lower case, outside quotes) and its "(...)" modifier.
struct TypeParts {
  std::string base;      // "character varying", "timestamp", "mood"
  std::string modifier;  // "(255)" or ""
  std::string tz;        // " with time zone" / " without time zone" or ""
  int dims = 0;          // trailing [] pairs
};

TypeParts split(const std::string& text)
{
  TypeParts parts;
  const auto tokens = expr::tokenize(text);
  size_t i = 0;
  auto words_until = [&](std::string& into) {
    while (i < tokens.size() && (tokens[i].kind == expr::TokenKind::word ||
                                 tokens[i].kind == expr::TokenKind::quoted_identifier || tokens[i].kind == expr::TokenKind::dot)) {
      const bool glue = tokens[i].kind == expr::TokenKind::dot || (!into.empty() && into.back() == '.');
      const std::string piece = tokens[i].kind == expr::TokenKind::word ? expr::ascii_lower(tokens[i].text) : tokens[i].text;
      if (piece == "with" || piece == "without" || piece == "array") {
        break;
      }
      into += (into.empty() || glue ? "" : " ") + piece;
      ++i;
    }
  };
  words_until(parts.base);
  if (i < tokens.size() && tokens[i].text == "(") {
    parts.modifier = "(";
    for (++i; i < tokens.size() && tokens[i].text != ")"; ++i) {
      parts.modifier += tokens[i].kind == expr::TokenKind::comma ? "," : tokens[i].text;
    }
    parts.modifier += ")";
    ++i;
  }
  if (i < tokens.size() && (expr::ascii_lower(tokens[i].text) == "with" || expr::ascii_lower(tokens[i].text) == "without")) {
    std::string tz;
    while (i < tokens.size() && tokens[i].kind == expr::TokenKind::word && expr::ascii_lower(tokens[i].text) != "array") {
      tz += " " + expr::ascii_lower(tokens[i].text);
      ++i;
    }
    parts.tz = tz;
  }
  for (; i < tokens.size(); ++i) {
    if (tokens[i].text == "[" || expr::ascii_lower(tokens[i].text) == "array") {
      ++parts.dims;
      while (i < tokens.size() && tokens[i].text != "]" && expr::ascii_lower(tokens[i].text) != "array") {
        ++i;
      }
    }
  }
  return parts;
}

} // namespace

std::string canonical_type_name(const std::string& text)
{
  TypeParts p = split(text);
  std::string base = p.base;
  std::string modifier = p.modifier;
  if (base == "timestamp" || base == "time") {
    // timestamp(3) with time zone: the modifier sits before the zone words.
    base = base + modifier + (p.tz.empty() ? " without time zone" : p.tz);
    modifier.clear();
  } else if (base == "timestamptz" || base == "timetz") {
    base = (base == "timestamptz" ? "timestamp" : "time") + modifier + " with time zone";
    modifier.clear();
  } else if (const auto it = aliases().find(base); it != aliases().end()) {
    base = it->second;
  } else if (base.empty()) {
    return text;
  } // else: an enum, domain or extension type, kept as written (bare words lower case: folded)
  if (base == "float") {
    base = "double precision";
  }
  if (p.base == "float" && !modifier.empty()) {
    const int bits = std::atoi(modifier.c_str() + 1);
    base = bits <= 24 ? "real" : "double precision";
    modifier.clear();
  }
  if ((base == "character" || base == "bit") && modifier.empty()) {
    modifier = "(1)";
  }
  std::string out = base + modifier;
  for (int d = 0; d < p.dims; ++d) {
    out += "[]";
  }
  return out;
}

ColumnType canonical_column_type(const ColumnType& type)
{
  const std::string text = canonical_type_name(format_type(type));
  static const std::map<std::string, PortableKind> exact{
    {"smallint", PortableKind::smallint_}, {"integer", PortableKind::integer_}, {"bigint", PortableKind::bigint_},
    {"boolean", PortableKind::boolean_}, {"real", PortableKind::real_}, {"double precision", PortableKind::double_},
    {"text", PortableKind::text_}, {"bytea", PortableKind::blob_}, {"date", PortableKind::date_},
    {"time without time zone", PortableKind::time_}, {"timestamp without time zone", PortableKind::timestamp_},
    {"timestamp with time zone", PortableKind::timestamptz_}, {"json", PortableKind::json_}, {"uuid", PortableKind::uuid_},
  };
  if (const auto it = exact.find(text); it != exact.end()) {
    return ColumnType::make_portable(it->second);
  }
  // numeric(p,s), character varying(n), character(n): portable with their parameters.
  const ColumnType parsed = ColumnType::parse(
    text.rfind("character varying(", 0) == 0 ? "varchar" + text.substr(17)
    : text.rfind("character(", 0) == 0       ? "char" + text.substr(9)
    : text.rfind("numeric", 0) == 0          ? text
                                              : std::string());
  if (parsed.kind == ColumnType::Kind::portable) {
    return parsed;
  }
  return ColumnType::make_native(text);
}

std::string format_type(const ColumnType& type)
{
  switch (type.kind) {
  case ColumnType::Kind::portable:
    return portable_text(type.portable, type.params);
  case ColumnType::Kind::native:
    return type.native;
  case ColumnType::Kind::per_engine:
    if (type.per_engine.find(k_engine) == type.per_engine.end()) {
      throw Error(ErrorKind::input, "type " + type.str() + " has no entry for postgres");
    }
    return format_type(type.for_engine(k_engine));
  }
  return type.native;
}

} // namespace strata::dialects::postgres
