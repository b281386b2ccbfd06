// format_type: ColumnType -> PostgreSQL type text, and the canonical type names normalize() uses.
// Canonical text is what PostgreSQL's format_type() prints for the type.

#include "dialects/postgres/canonical.hpp"
#include "dialects/postgres/expr.hpp"
#include "dialects/postgres/internal.hpp"
#include "schemas/error.hpp"

#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>

namespace strata::dialects::postgres {

namespace {

using schemas::ColumnType;
using schemas::PortableKind;

std::string params_text(const schemas::TypeParams& params)
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

std::string portable_text(PortableKind kind, const schemas::TypeParams& params)
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

// The "(a,b)" modifier of a canonical type as numbers; empty when there is none.
std::vector<int> modifier_numbers(const std::string& modifier)
{
  std::vector<int> out;
  if (modifier.size() < 2) {
    return out;
  }
  size_t i = 1;
  while (i < modifier.size()) {
    out.push_back(std::atoi(modifier.c_str() + i));
    i = modifier.find(',', i);
    if (i == std::string::npos) {
      break;
    }
    ++i;
  }
  return out;
}

bool is_integer_name(const std::string& base)
{
  return base == "smallint" || base == "integer" || base == "bigint";
}

bool is_time_name(const std::string& base)
{
  return base == "timestamp" || base == "time";
}

bool is_text_name(const std::string& base)
{
  return base == "character varying" || base == "character" || base == "text";
}

// What a text must look like to convert to an integer or any number (the casts accept surrounding
// white space); other texts make the ALTER fail instead.
const std::string k_integer_text = "'^\\s*[+-]?[0-9]+\\s*$'";
const std::string k_number_text = "'^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*$'";

// Text to a number keeps only the number: '007', ' 7', '1.5' (into numeric(10,2): 1.50), '1e3'
// read back otherwise. The count looks only at texts the cast accepts (the rest fail the step),
// and never casts one the new type cannot hold.
std::optional<std::string> text_to_number(const std::string& column, const std::string& to_base,
                                          const std::vector<int>& to_numbers)
{
  const auto when = [&](const std::string& pattern, const std::string& changed) {
    return "CASE WHEN " + column + " ~ " + pattern + " THEN " + changed + " ELSE false END";
  };
  const std::string number = "CAST(" + column + " AS numeric)";
  if (is_integer_name(to_base)) {
    return when(k_integer_text, "CAST(" + number + " AS text) <> " + column);
  }
  if (to_base == "numeric") {
    const std::string kept = to_numbers.empty()
                               ? number
                               : "round(" + number + ", " + std::to_string(to_numbers.size() > 1 ? to_numbers[1] : 0) +
                                   ")";
    return when(k_number_text, "CAST(" + kept + " AS text) <> " + column);
  }
  if (to_base == "real" || to_base == "double precision") {
    // Beyond the type's range, or below its smallest value but not zero, the cast fails.
    const bool real = to_base == "real";
    const std::string max = real ? "3.4028234663852886e38" : "1.7976931348623157e308";
    const std::string min = real ? "7.1e-46" : "2.5e-324";
    return when(k_number_text, "CASE WHEN abs(" + number + ") > " + max + " OR (abs(" + number + ") < " + min +
                                 " AND " + number + " <> 0) THEN false ELSE CAST(CAST(" + column + " AS " + to_base +
                                 ") AS text) <> " + column + " END");
  }
  return std::nullopt;
}

// An integer to a float type with a shorter mantissa (integer -> real: 24 bits, bigint -> real or
// double precision: 24 or 53 bits) is rounded beyond 2^24 or 2^53. Values that round up past the
// integer type's largest (whose cast back would fail) are changed too.
std::optional<std::string> integer_to_float(const std::string& column, const std::string& from_base,
                                            const std::string& to_base)
{
  std::string rounds_past_max;
  if (from_base == "integer" && to_base == "real") {
    rounds_past_max = "2147483584"; // 2^31 - 2^6: rounds to 2^31
  } else if (from_base == "bigint" && to_base == "real") {
    rounds_past_max = "9223371761976868864"; // 2^63 - 2^38
  } else if (from_base == "bigint" && to_base == "double precision") {
    rounds_past_max = "9223372036854775296"; // 2^63 - 2^9
  } else {
    return std::nullopt; // smallint -> either, integer -> double precision: every value exact
  }
  return "CASE WHEN " + column + " >= " + rounds_past_max + " THEN true ELSE CAST(CAST(" + column + " AS " + to_base +
         ") AS " + from_base + ") <> " + column + " END";
}

} // namespace

std::optional<std::string> changed_value_condition(const std::string& column, const ColumnType& before,
                                                   const ColumnType& after)
{
  const std::string from_text = canonical_type_name(format_type(before));
  const std::string to_text = canonical_type_name(format_type(after));
  const TypeParts from = split(from_text);
  const TypeParts to = split(to_text);
  if (from.dims > 0 || to.dims > 0) {
    return std::nullopt;
  }
  const auto from_numbers = modifier_numbers(from.modifier);
  const auto to_numbers = modifier_numbers(to.modifier);
  // numeric(p,s) rounds to s digits (numeric(p) is numeric(p,0); an integer type holds none);
  // values beyond the precision fail instead.
  if (from.base == "numeric" && (to.base == "numeric" || is_integer_name(to.base))) {
    if (to.base == "numeric" && to_numbers.empty()) {
      return std::nullopt; // unconstrained: every value kept
    }
    const int to_scale = to.base == "numeric" && to_numbers.size() > 1 ? to_numbers[1] : 0;
    const bool from_unbounded = from_numbers.empty();
    const int from_scale = from_numbers.size() > 1 ? from_numbers[1] : 0;
    if (!from_unbounded && from_scale <= to_scale) {
      return std::nullopt;
    }
    // round() never fails, where a cast to the new type fails on a value beyond its precision.
    return "round(" + column + ", " + std::to_string(to_scale) + ") <> " + column;
  }
  // double precision -> real rounds to 24 bits; values beyond real's range fail instead.
  if (from.base == "double precision" && to.base == "real") {
    return "CASE WHEN abs(" + column + ") > 3.4028234663852886e38 OR abs(" + column +
           ") < 7.1e-46 THEN false ELSE CAST(" + column + " AS real) <> " + column + " END";
  }
  // timestamp(p), time(p), with or without time zone: rounded to fewer fractional digits (no
  // modifier: 6).
  if (is_time_name(from.base) && from.base == to.base && from.tz == to.tz) {
    const int from_precision = from_numbers.empty() ? 6 : from_numbers[0];
    const int to_precision = to_numbers.empty() ? 6 : to_numbers[0];
    if (to_precision >= from_precision) {
      return std::nullopt;
    }
    return "CAST(" + column + " AS " + to_text + ") <> " + column;
  }
  if (is_text_name(from.base)) {
    if (auto condition = text_to_number(column, to.base, to_numbers)) {
      return condition;
    }
  }
  if (is_integer_name(from.base)) {
    if (auto condition = integer_to_float(column, from.base, to.base)) {
      return condition;
    }
  }
  // json -> jsonb keeps the last of duplicate keys, orders the keys and rewrites the white space.
  // A \u0000 escape, which jsonb refuses (the step fails), counts as changed.
  if (from.base == "json" && to.base == "jsonb") {
    const std::string text = "CAST(" + column + " AS text)";
    return "CASE WHEN strpos(" + text + ", '\\u0000') > 0 THEN true ELSE CAST(CAST(" + column +
           " AS jsonb) AS text) <> " + text + " END";
  }
  // Text to a shorter varchar(n)/char(n): the USING cast cuts it.
  if (is_text_name(from.base) && (to.base == "character varying" || to.base == "character") &&
      !to_numbers.empty()) {
    const bool from_bounded = from.base != "text" && !from_numbers.empty();
    if (from_bounded && from_numbers[0] <= to_numbers[0]) {
      return std::nullopt;
    }
    return "char_length(" + column + ") > " + std::to_string(to_numbers[0]);
  }
  return std::nullopt;
}

bool changes_stored_values(const ColumnType& before, const ColumnType& after)
{
  return changed_value_condition("x", before, after).has_value();
}

bool type_change_never_fails(const ColumnType& before, const ColumnType& after)
{
  const TypeParts from = split(canonical_type_name(format_type(before)));
  const TypeParts to = split(canonical_type_name(format_type(after)));
  return from.dims == 0 && to.dims == 0 && is_time_name(from.base) && from.base == to.base && from.tz == to.tz;
}

namespace {

std::string work_out_canonical_type_name(const std::string& text)
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

} // namespace

// A plan asks this for every column of both schemas, whose few distinct types repeat: each
// distinct text is tokenized once per thread (a bounded cache; the answer depends on the text only).
std::string canonical_type_name(const std::string& text)
{
  constexpr size_t k_cache_limit = 4096;
  thread_local std::unordered_map<std::string, std::string> known;
  if (const auto it = known.find(text); it != known.end()) {
    return it->second;
  }
  std::string out = work_out_canonical_type_name(text);
  if (known.size() < k_cache_limit) {
    known.emplace(text, out);
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

namespace {

// A built-in type's name without modifiers ("timestamp with time zone", "character varying") and
// its array dimensions; serial types are their integers.
std::pair<std::string, int> cast_family(const std::string& type)
{
  const std::string text = canonical_type_name(type);
  std::string base;
  int depth = 0;
  int dims = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '(') {
      ++depth;
    } else if (text[i] == ')') {
      --depth;
    } else if (text[i] == '[' && depth == 0) {
      ++dims;
      i = text.find(']', i) == std::string::npos ? text.size() : text.find(']', i);
    } else if (depth == 0) {
      base += text[i];
    }
  }
  while (!base.empty() && base.back() == ' ') {
    base.pop_back();
  }
  base = base == "serial" ? "integer" : base == "bigserial" ? "bigint" : base == "smallserial" ? "smallint" : base;
  return {base, dims};
}

// The built-in types whose casts (pg_cast, PostgreSQL 15) strata knows; any other type (enums,
// domains, extension types) is left to the server.
bool known_cast_type(const std::string& base)
{
  static const std::set<std::string> k_known = {
    "smallint", "integer", "bigint", "numeric", "real", "double precision", "money", "boolean", "date",
    "time without time zone", "time with time zone", "timestamp without time zone", "timestamp with time zone",
    "interval", "inet", "cidr", "macaddr", "macaddr8", "uuid", "json", "jsonb", "bytea", "bit", "bit varying",
    "xml", "tsvector", "tsquery", "oid", "point", "text", "character varying", "character", "name"};
  return k_known.contains(base);
}

bool string_type(const std::string& base)
{
  return base == "text" || base == "character varying" || base == "character" || base == "name";
}

// Casts between different built-in types that pg_cast holds (source, target).
bool has_cast(const std::string& from, const std::string& to)
{
  static const std::set<std::string> k_numbers = {"smallint", "integer", "bigint", "numeric", "real", "double precision"};
  if (k_numbers.contains(from) && k_numbers.contains(to)) {
    return true;
  }
  static const std::set<std::pair<std::string, std::string>> k_casts = {
    {"integer", "money"}, {"bigint", "money"}, {"numeric", "money"}, {"money", "numeric"},
    {"integer", "boolean"}, {"boolean", "integer"},
    {"smallint", "oid"}, {"integer", "oid"}, {"bigint", "oid"}, {"oid", "integer"}, {"oid", "bigint"},
    {"integer", "bit"}, {"bigint", "bit"}, {"bit", "integer"}, {"bit", "bigint"},
    {"bit", "bit varying"}, {"bit varying", "bit"},
    {"date", "timestamp without time zone"}, {"date", "timestamp with time zone"},
    {"timestamp without time zone", "date"}, {"timestamp without time zone", "time without time zone"},
    {"timestamp without time zone", "timestamp with time zone"},
    {"timestamp with time zone", "date"}, {"timestamp with time zone", "time without time zone"},
    {"timestamp with time zone", "time with time zone"}, {"timestamp with time zone", "timestamp without time zone"},
    {"time without time zone", "interval"}, {"time without time zone", "time with time zone"},
    {"time with time zone", "time without time zone"}, {"interval", "time without time zone"},
    {"inet", "cidr"}, {"cidr", "inet"}, {"macaddr", "macaddr8"}, {"macaddr8", "macaddr"},
    {"json", "jsonb"}, {"jsonb", "json"},
    {"jsonb", "boolean"}, {"jsonb", "numeric"}, {"jsonb", "smallint"}, {"jsonb", "integer"}, {"jsonb", "bigint"},
    {"jsonb", "real"}, {"jsonb", "double precision"},
  };
  return k_casts.contains({from, to});
}

} // namespace

std::optional<std::string> missing_cast(const std::string& before, const std::string& after)
{
  const auto [from, from_dims] = cast_family(before);
  const auto [to, to_dims] = cast_family(after);
  if (!known_cast_type(from) || !known_cast_type(to) || string_type(from) || string_type(to)) {
    return std::nullopt; // a type of its own, or text on one side: the I/O conversion casts it
  }
  if (from_dims == to_dims && (from == to || has_cast(from, to))) {
    return std::nullopt;
  }
  return "PostgreSQL has no cast from " + canonical_type_name(before) + " to " + canonical_type_name(after);
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
