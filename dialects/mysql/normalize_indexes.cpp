// normalize_indexes (normalize_parts.hpp).

#include "dialects/mysql/expr.hpp"
#include "dialects/mysql/normalize_parts.hpp"
#include "dialects/mysql/render_parts.hpp"
#include "schemas/error.hpp"

namespace strata::dialects::mysql {

namespace {

bool same_name(const std::string& a, const std::string& b)
{
  return expr::ascii_lower(a) == expr::ascii_lower(b); // MySQL column and index names ignore case
}

// True when `keys` start with exactly the columns of `columns`, whole values, in order: the
// index InnoDB accepts for a foreign key over `columns`.
template <typename Keys>
bool leads_with(const Keys& keys, const std::vector<std::string>& columns)
{
  if (keys.size() < columns.size()) {
    return false;
  }
  for (size_t i = 0; i < columns.size(); ++i) {
    if (!same_name(keys[i], columns[i])) {
      return false;
    }
  }
  return true;
}

std::vector<std::string> usable_keys(const schemas::Index& index)
{
  std::vector<std::string> out;
  if (!index.method.empty()) {
    return out; // FULLTEXT/SPATIAL cannot serve a foreign key
  }
  for (const auto& key : index.keys) {
    if (key.is_expression() || key.length != 0) {
      break;
    }
    out.push_back(key.column);
  }
  return out;
}

} // namespace

void normalize_index(const schemas::Table& table, schemas::Index& index)
{
  if (index.exclusion()) {
    throw Error(ErrorKind::input,
                "table " + table.name + ": EXCLUDE constraint " + index.name + " is PostgreSQL's (MySQL has none)",
                index.location);
  }
  for (auto& key : index.keys) {
    if (key.is_expression()) {
      const auto tokens = expr::tokenize(key.expression);
      if (tokens.size() == 1 && (tokens[0].kind == expr::TokenKind::word || tokens[0].kind == expr::TokenKind::quoted_identifier) &&
          table.find_column(expr::identifier_text(tokens[0])) != nullptr) {
        key.column = expr::identifier_text(tokens[0]);
        key.expression.clear();
      }
    }
    key.collation.clear(); // MySQL has no per-key collation
    key.nulls.clear();     // nor NULLS FIRST / LAST or operator classes (PostgreSQL's)
    key.opclass.clear();
  }
  index.unique = index.unique || index.constraint;
  index.constraint = false; // a UNIQUE constraint is a unique index in MySQL
  index.method = expr::ascii_lower(index.method.str());
  if (index.method == "btree" || index.method == "hash") {
    index.method.clear();
  }
  index.include.clear();
  index.nulls_not_distinct = false;
  // Both servers refuse to hide the primary key, and InnoDB's implicit one too: the first UNIQUE
  // index over whole NOT NULL columns of a table without one (which one that is the catalog does
  // not show, so any such index is refused).
  if (index.invisible && may_cluster_table(table, index)) {
    throw Error(ErrorKind::input,
                "table " + table.name + ": index " + index.name +
                  " cannot be invisible: it is UNIQUE over NOT NULL columns of a table without a primary key, "
                  "which InnoDB may use as the primary key (a primary key is never invisible)",
                index.location);
  }
}

void add_foreign_key_indexes(schemas::Table& table)
{
  for (const auto& fk : table.foreign_keys) {
    bool covered = leads_with(table.primary_key, fk.columns);
    for (const auto& index : table.indexes) {
      covered = covered || leads_with(usable_keys(index), fk.columns);
    }
    if (!covered && !fk.columns.empty()) {
      schemas::Index index;
      index.name = fk.name;
      for (const auto& column : fk.columns) {
        index.keys.push_back(schemas::IndexKey{column, "", false, "", 0});
      }
      table.indexes.push_back(std::move(index));
    }
  }
}

} // namespace strata::dialects::mysql
