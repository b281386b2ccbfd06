// format_type (ColumnType -> MySQL/MariaDB type text) and the canonical type forms normalize()
// and the reader share (canonical.hpp).

#include "dialects/mysql/canonical.hpp"
#include "dialects/mysql/expr.hpp"
#include "dialects/mysql/internal.hpp"
#include "dialects/remembered.hpp"

#include <cstdlib>
#include <map>
#include <optional>
#include <unordered_map>

namespace strata::dialects::mysql {

std::string string_value(const std::string& token)
{
  std::string out;
  for (size_t i = 1; i + 1 < token.size(); ++i) {
    if (token[i] == '\\' && i + 2 < token.size()) {
      out += token[++i];
    } else if (token[i] == token[0] && token[i + 1] == token[0]) {
      out += token[i++];
    } else {
      out += token[i];
    }
  }
  return out;
}

namespace {

using schemas::ColumnType;
using schemas::PortableKind;

std::string params_text(const schemas::TypeParams& params)
{
  std::string out;
  for (size_t i = 0; i < params.size(); ++i) {
    out += (i > 0 ? "," : "(") + std::to_string(params[i]);
  }
  return out.empty() ? out : out + ")";
}

std::string portable_text(PortableKind kind, const schemas::TypeParams& params)
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

// Base type name aliases -> canonical MySQL name.
const std::map<std::string, std::string>& aliases()
{
  static const std::map<std::string, std::string> map{
    {"integer", "int"}, {"int4", "int"}, {"int1", "tinyint"}, {"int2", "smallint"}, {"int3", "mediumint"},
    {"middleint", "mediumint"}, {"int8", "bigint"}, {"dec", "decimal"}, {"numeric", "decimal"}, {"fixed", "decimal"},
    {"real", "double"}, {"double precision", "double"}, {"float8", "double"}, {"float4", "float"},
    {"character", "char"}, {"character varying", "varchar"}, {"char varying", "varchar"}, {"national char", "char"},
    {"nchar", "char"}, {"national varchar", "varchar"}, {"nvarchar", "varchar"}, {"long", "mediumtext"},
    {"long varchar", "mediumtext"}, {"long varbinary", "mediumblob"},
  };
  return map;
}

bool integer_base(const std::string& base)
{
  return base == "tinyint" || base == "smallint" || base == "mediumint" || base == "int" || base == "bigint";
}

std::string enum_value(const std::string& token)
{
  std::string out = "'";
  for (char c : string_value(token)) {
    out += c == '\'' ? std::string("''") : c == '\\' ? std::string("\\\\") : std::string(1, c);
  }
  return out + "'";
}

struct TypeParts {
  std::string base;
  std::vector<std::string> params; // numbers or quoted enum/set values
  bool has_params = false;
  bool is_unsigned = false;
  bool zerofill = false;
  std::string rest; // other trailing words (character set ..., collate ..., binary)
};

TypeParts split(const std::string& text)
{
  TypeParts parts;
  const auto tokens = expr::tokenize(text);
  size_t i = 0;
  if (i < tokens.size() && tokens[i].kind == expr::TokenKind::word) {
    parts.base = expr::ascii_lower(tokens[i++].text);
    if (i < tokens.size() && tokens[i].kind == expr::TokenKind::word) {
      const std::string next = expr::ascii_lower(tokens[i].text);
      if (next == "precision" || next == "varying" ||
          ((parts.base == "long" || parts.base == "national") && (next == "varchar" || next == "char" || next == "varbinary"))) {
        parts.base += " " + next;
        ++i;
      }
    }
  }
  if (i < tokens.size() && tokens[i].kind == expr::TokenKind::open) {
    parts.has_params = true;
    for (++i; i < tokens.size() && tokens[i].kind != expr::TokenKind::close; ++i) {
      if (tokens[i].kind == expr::TokenKind::string) {
        parts.params.push_back(enum_value(tokens[i].text));
      } else if (tokens[i].kind != expr::TokenKind::comma) {
        parts.params.push_back(tokens[i].text);
      }
    }
    ++i;
  }
  for (; i < tokens.size(); ++i) {
    const std::string word = expr::ascii_lower(tokens[i].text);
    if (word == "unsigned") {
      parts.is_unsigned = true;
    } else if (word == "zerofill") {
      parts.zerofill = true;
      parts.is_unsigned = true;
    } else if (word != "signed") {
      parts.rest += " " + word;
    }
  }
  return parts;
}

std::string joined(const std::vector<std::string>& params)
{
  std::string out;
  for (const auto& p : params) {
    out += (out.empty() ? "(" : ",") + p;
  }
  return out.empty() ? out : out + ")";
}

int number_or(const std::vector<std::string>& params, size_t i, int fallback)
{
  return params.size() > i ? std::atoi(params[i].c_str()) : fallback;
}

bool text_base(const std::string& base)
{
  return base == "char" || base == "varchar" || base == "tinytext" || base == "text" || base == "mediumtext" ||
         base == "longtext";
}

// Text to a number keeps only the number ('007', ' 7', '7 ', '1.5' into decimal(10,2): 1.50, '1e3'
// read back otherwise). Texts that do not look like a number fail the step instead (strict
// mode); the count compares bytes (no PAD SPACE) and casts in a SELECT, which never fails.
std::optional<std::string> text_to_number(const std::string& column, const TypeParts& to)
{
  std::string cast;
  if (integer_base(to.base)) {
    cast = to.is_unsigned ? "UNSIGNED" : "SIGNED";
  } else if (to.base == "decimal") {
    cast = "DECIMAL(" + std::to_string(number_or(to.params, 0, 10)) + "," + std::to_string(number_or(to.params, 1, 0)) +
           ")";
  } else if ((to.base == "double" || to.base == "float") && !to.has_params) {
    cast = to.base == "double" ? "DOUBLE" : "FLOAT";
  } else {
    return std::nullopt;
  }
  return "CASE WHEN " + column + " REGEXP '^[[:space:]]*[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?" +
         "[[:space:]]*$' THEN BINARY CAST(CAST(" + column + " AS " + cast + ") AS CHAR) <> BINARY " + column +
         " ELSE FALSE END";
}

// An integer to a float type with a shorter mantissa (int -> float: 24 bits, bigint -> float or
// double: 24 or 53 bits) is rounded beyond 2^24 or 2^53; read back through an integer cast, which
// is exact for every whole float, except past the largest integer, where the cast saturates.
std::optional<std::string> integer_to_float(const std::string& column, const TypeParts& from, const TypeParts& to)
{
  if (to.has_params || (to.base != "float" && to.base != "double")) {
    return std::nullopt;
  }
  std::string rounds_past_max;
  if (from.base == "int" && to.base == "float") {
    rounds_past_max = from.is_unsigned ? "4294967168" : "2147483584"; // rounds to 2^32 or 2^31
  } else if (from.base == "bigint") {
    rounds_past_max = to.base == "float" ? (from.is_unsigned ? "18446743523953737728" : "9223371761976868864")
                                         : (from.is_unsigned ? "18446744073709550592" : "9223372036854775296");
  } else {
    return std::nullopt; // tinyint, smallint, mediumint fit either; int fits double
  }
  return "CASE WHEN " + column + " >= " + rounds_past_max + " THEN TRUE ELSE CAST(CAST(" + column + " AS " +
         (to.base == "float" ? "FLOAT" : "DOUBLE") + ") AS " + (from.is_unsigned ? "UNSIGNED" : "SIGNED") + ") <> " +
         column + " END";
}

} // namespace

// With strict mode (the server default, which strata assumes as for narrowing_rejects_long_values)
// a value beyond the new type's range or length fails the ALTER; what still succeeds and alters a
// value is rounding: a decimal's scale, a float, fractional seconds.
std::optional<std::string> changed_value_condition(const std::string& column, const ColumnType& before,
                                                   const ColumnType& after)
{
  const TypeParts from = split(canonical_type_text(format_type(before)));
  const TypeParts to = split(canonical_type_text(format_type(after)));
  if (from.base == "decimal" && to.base == "decimal") {
    const int to_scale = number_or(to.params, 1, 0);
    if (number_or(from.params, 1, 0) <= to_scale) {
      return std::nullopt;
    }
    return "ROUND(" + column + ", " + std::to_string(to_scale) + ") <> " + column;
  }
  if (from.base == "double" && to.base == "float" && !from.has_params && !to.has_params) {
    return "CAST(" + column + " AS FLOAT) <> " + column;
  }
  if (text_base(from.base)) {
    if (auto condition = text_to_number(column, to)) {
      return condition;
    }
  }
  if (integer_base(from.base)) {
    if (auto condition = integer_to_float(column, from, to)) {
      return condition;
    }
  }
  const auto moment = [](const std::string& base) { return base == "datetime" || base == "timestamp"; };
  if ((moment(from.base) && moment(to.base)) || (from.base == "time" && to.base == "time")) {
    const int to_precision = number_or(to.params, 0, 0);
    if (number_or(from.params, 0, 0) <= to_precision) {
      return std::nullopt;
    }
    const std::string cast_type = from.base == "time" ? "TIME" : "DATETIME";
    return "CAST(" + column + " AS " + cast_type + "(" + std::to_string(to_precision) + ")) <> " + column;
  }
  return std::nullopt;
}

bool changes_stored_values(const ColumnType& before, const ColumnType& after)
{
  return changed_value_condition("x", before, after).has_value();
}

bool type_change_never_fails(const ColumnType& before, const ColumnType& after)
{
  const TypeParts from = split(canonical_type_text(format_type(before)));
  const TypeParts to = split(canonical_type_text(format_type(after)));
  const bool time = from.base == "datetime" || from.base == "timestamp" || from.base == "time";
  return time && from.base == to.base && from.rest == to.rest;
}

namespace {

std::string spell_canonical_type(const std::string& text)
{
  TypeParts p = split(text);
  if (p.base.empty()) {
    return expr::ascii_lower(text);
  }
  std::string base = p.base;
  if (const auto it = aliases().find(base); it != aliases().end()) {
    base = it->second;
  }
  std::vector<std::string> params = p.params;
  if (base == "bool" || base == "boolean") {
    base = "tinyint";
    params = {"1"};
  } else if (integer_base(base)) {
    // Display widths mean nothing (MySQL 8.0.17 drops them) except for zerofill and tinyint(1).
    const bool boolean = base == "tinyint" && params == std::vector<std::string>{"1"} && !p.is_unsigned;
    if (!p.zerofill && !boolean) {
      params.clear();
    }
  } else if (base == "decimal") {
    if (params.empty()) {
      params = {"10", "0"};
    } else if (params.size() == 1) {
      params.push_back("0");
    }
  } else if (base == "float" && params.size() == 1) {
    base = std::atoi(params[0].c_str()) <= 24 ? "float" : "double";
    params.clear();
  } else if ((base == "char" || base == "binary" || base == "bit") && params.empty()) {
    params = {"1"};
  } else if ((base == "datetime" || base == "timestamp" || base == "time") && params == std::vector<std::string>{"0"}) {
    params.clear();
  } else if (base == "year") {
    params.clear();
  }
  return base + joined(params) + (p.is_unsigned ? " unsigned" : "") + (p.zerofill ? " zerofill" : "") + p.rest;
}

} // namespace

std::string canonical_type_text(const std::string& text)
{
  // A schema spells few distinct types across thousands of columns.
  thread_local std::unordered_map<std::string, std::string> spelled;
  return remembered(spelled, text, [&] { return spell_canonical_type(text); });
}

ColumnType canonical_column_type(const ColumnType& type)
{
  const ColumnType resolved = type.for_engine(k_engine);
  if (resolved.kind == ColumnType::Kind::native && resolved.native.empty()) {
    return resolved; // a per-engine map without a mysql entry: nothing to canonicalise
  }
  const std::string text = canonical_type_text(
    resolved.kind == ColumnType::Kind::portable ? portable_text(resolved.portable, resolved.params) : resolved.native);
  static const std::map<std::string, PortableKind> exact{
    {"smallint", PortableKind::smallint_}, {"int", PortableKind::integer_}, {"bigint", PortableKind::bigint_},
    {"tinyint(1)", PortableKind::boolean_}, {"float", PortableKind::real_}, {"double", PortableKind::double_},
    {"text", PortableKind::text_}, {"blob", PortableKind::blob_}, {"date", PortableKind::date_},
    {"time", PortableKind::time_}, {"datetime", PortableKind::timestamp_}, {"timestamp", PortableKind::timestamptz_},
    {"json", PortableKind::json_},
  };
  if (const auto it = exact.find(text); it != exact.end()) {
    return ColumnType::make_portable(it->second);
  }
  // decimal(p,s), varchar(n), char(n): portable with their parameters.
  if (text.rfind("decimal(", 0) == 0 || text.rfind("varchar(", 0) == 0 || text.rfind("char(", 0) == 0) {
    const ColumnType parsed = ColumnType::parse(text.rfind("decimal", 0) == 0 ? "numeric" + text.substr(7) : text);
    if (parsed.kind == ColumnType::Kind::portable) {
      return parsed;
    }
  }
  return ColumnType::make_native(text);
}

std::string charset_of_collation(const std::string& collation)
{
  const std::string low = expr::ascii_lower(collation);
  return low.substr(0, low.find('_'));
}

std::string format_type(const ColumnType& type)
{
  const ColumnType resolved = type.for_engine(k_engine);
  if (resolved.kind == ColumnType::Kind::portable) {
    return portable_text(resolved.portable, resolved.params);
  }
  return resolved.native;
}

} // namespace strata::dialects::mysql
