// format_type: ColumnType -> the declared type text of a SQLite column.
//
// SQLite keeps the declared type text verbatim and derives the column affinity from it, so the
// portable names are kept as they are (they preserve intent and give the right affinity:
// "integer" -> INTEGER, "varchar(n)"/"text" -> TEXT, "real"/"double" -> REAL, "blob" -> BLOB,
// the rest -> NUMERIC). "integer" matters: only a column declared exactly INTEGER PRIMARY KEY is
// an alias of the rowid. Native types pass through as written.

#include "dialects/sqlite/internal.hpp"
#include "schemas/error.hpp"

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

} // namespace strata::dialects::sqlite
