// format_type: ColumnType -> the declared type text of a SQLite column.
//
// SQLite keeps the declared type text verbatim and derives the column affinity from it, so the
// portable names are kept as they are (they preserve intent and give the right affinity:
// "integer" -> INTEGER, "varchar(n)"/"text" -> TEXT, "real"/"double" -> REAL, "blob" -> BLOB,
// the rest -> NUMERIC). "integer" matters: only a column declared exactly INTEGER PRIMARY KEY is
// an alias of the rowid. Native types pass through as written.

#include "dialects/sqlite/internal.hpp"
#include "schemas/error.hpp"

#include <algorithm>
#include <cctype>

namespace strata::dialects::sqlite {

std::string format_type(const schemas::ColumnType& type)
{
  using Kind = schemas::ColumnType::Kind;
  switch (type.kind) {
  case Kind::portable:
    return type.str();
  case Kind::native:
    return type.native;
  case Kind::per_engine: {
    if (type.per_engine.find(k_engine) == type.per_engine.end()) {
      throw Error(ErrorKind::input, "type " + type.str() + " has no entry for sqlite");
    }
    return format_type(type.for_engine(k_engine));
  }
  }
  return type.native;
}

namespace {

enum class Affinity { integer, text, blob, real, numeric };

// The affinity rules of https://www.sqlite.org/datatype3.html#determination_of_column_affinity,
// in their order.
Affinity affinity(const schemas::ColumnType& type)
{
  std::string text = format_type(type);
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  const auto has = [&](const char* word) { return text.find(word) != std::string::npos; };
  if (has("INT")) {
    return Affinity::integer;
  }
  if (has("CHAR") || has("CLOB") || has("TEXT")) {
    return Affinity::text;
  }
  if (has("BLOB") || text.find_first_not_of(" \t") == std::string::npos) {
    return Affinity::blob;
  }
  if (has("REAL") || has("FLOA") || has("DOUB")) {
    return Affinity::real;
  }
  return Affinity::numeric;
}

bool numeric_class(Affinity a)
{
  return a == Affinity::integer || a == Affinity::numeric;
}

} // namespace

// A rebuild copies the rows into the new table, whose column affinity converts what it can: text
// that reads as a number becomes one ('007' -> 7) under INTEGER, NUMERIC or REAL affinity, an
// integer becomes a float under REAL, a float without a fraction an integer under INTEGER or
// NUMERIC, a number text under TEXT. Lengths and precisions are not enforced: varchar(100) ->
// varchar(10) or numeric(30,10) -> numeric(12,2) keeps every value.
std::optional<std::string> changed_value_condition(const std::string& column, const schemas::ColumnType& before,
                                                   const schemas::ColumnType& after)
{
  const Affinity from = affinity(before);
  const Affinity to = affinity(after);
  if (from == to || to == Affinity::blob || (numeric_class(from) && numeric_class(to))) {
    return std::nullopt;
  }
  // Comparing the column with a NUMERIC-affinity expression applies numeric affinity to a text
  // value: equal exactly when storing it under numeric affinity converts it.
  const std::string number_text = "(typeof(" + column + ") = 'text' AND " + column + " = CAST(" + column +
                                  " AS NUMERIC))";
  switch (to) {
  case Affinity::text:
    return "typeof(" + column + ") IN ('integer', 'real')";
  case Affinity::real:
    return "typeof(" + column + ") = 'integer' OR " + number_text;
  case Affinity::integer:
  case Affinity::numeric:
    return number_text + " OR (typeof(" + column + ") = 'real' AND " + column + " = CAST(" + column +
           " AS INTEGER))";
  case Affinity::blob:
    break;
  }
  return std::nullopt;
}

bool changes_stored_values(const schemas::ColumnType& before, const schemas::ColumnType& after)
{
  return changed_value_condition("x", before, after).has_value();
}

} // namespace strata::dialects::sqlite
