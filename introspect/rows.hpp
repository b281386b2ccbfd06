#pragma once
// A catalog query's result read by column name: every reader's queries name the columns they
// return, so the code that turns rows into the model never depends on column order.

#include "dialects/connection.hpp"
#include "schemas/model.hpp"

#include <algorithm>
#include <iterator>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace strata::introspect {

// Replaces each placeholder `<prefix>COLUMN}` of a catalog query (prefix "{only:", "{shadow:") by
// fill(COLUMN): the condition a reader adds there on that column.
template <typename Fill>
void fill_placeholders(std::string& sql, std::string_view prefix, Fill fill)
{
  for (auto at = sql.find(prefix); at != std::string::npos; at = sql.find(prefix, at)) {
    const auto end = sql.find('}', at);
    const std::string text = fill(std::string_view(sql).substr(at + prefix.size(), end - at - prefix.size()));
    sql.replace(at, end + 1 - at, text);
    at += text.size();
  }
}

class Rows {
public:
  explicit Rows(dialects::ResultSet result) : m_result(std::move(result)) {}
  size_t size() const { return m_result.rows.size(); }
  const dialects::ResultSet& result() const { return m_result; }
  const dialects::Value& value(size_t row, std::string_view column) const { return m_result.rows[row].at(index(column)); }
  bool null(size_t row, std::string_view column) const { return !value(row, column).has_value(); }
  std::string str(size_t row, std::string_view column) const { return text(row, column); }
  // The value in place, empty for NULL: for a comparison or a parse, without a copy.
  const std::string& text(size_t row, std::string_view column) const
  {
    static const std::string none;
    const auto& v = value(row, column);
    return v ? *v : none;
  }
  // The value moved out of the result, empty for NULL: for a long text the model keeps (a CREATE
  // statement), read once.
  std::string take(size_t row, std::string_view column)
  {
    auto& v = m_result.rows[row].at(index(column));
    return v ? std::move(*v) : std::string();
  }
  // PostgreSQL's text form of a boolean.
  bool flag(size_t row, std::string_view column) const { return text(row, column) == "t"; }
  long long num(size_t row, std::string_view column) const
  {
    const std::string& s = text(row, column);
    return s.empty() ? 0 : std::stoll(s);
  }
  // A list the query joined with chr(31) (the ASCII unit separator, which no name contains).
  std::vector<std::string> list(size_t row, std::string_view column) const
  {
    std::vector<std::string> out;
    const std::string& s = text(row, column);
    size_t start = 0;
    while (!s.empty()) {
      const size_t sep = s.find('\x1f', start);
      out.push_back(s.substr(start, sep == std::string::npos ? std::string::npos : sep - start));
      if (sep == std::string::npos) {
        break;
      }
      start = sep + 1;
    }
    return out;
  }

private:
  size_t index(std::string_view column) const
  {
    return static_cast<size_t>(std::find(m_result.columns.begin(), m_result.columns.end(), column) - m_result.columns.begin());
  }

  dialects::ResultSet m_result;
};

// The rows of `sql`, `each(const Rows&)` a chunk of them at a time (Connection::query_chunks): the
// per-table queries' results (a row per column, index key, constraint) are never whole beside the
// model built from them (at 5,000 tables, 11 MB for PostgreSQL's index keys, about 30 MB for
// SQLite's columns).
template <typename Each>
void each_chunk(dialects::Connection& connection, const std::string& sql, Each each)
{
  constexpr size_t k_rows = 1000;
  connection.query_chunks(sql, k_rows, [&](dialects::ResultSet&& chunk) { each(Rows(std::move(chunk))); });
}

// A table's columns as the catalog's rows bring them, table after table (the queries order them
// by table): gathered until another table's row comes (or finish()), then moved into their table
// at once, its vector no larger than they need. A table whose rows come apart gets them appended.
class TableColumns {
public:
  TableColumns() = default;
  TableColumns(const TableColumns&) = delete;
  TableColumns& operator=(const TableColumns&) = delete;

  void add(schemas::Table& table, schemas::Column column)
  {
    if (&table != m_table) {
      finish();
      m_table = &table;
    }
    m_pending.push_back(std::move(column));
  }
  void finish()
  {
    if (m_table != nullptr) {
      m_table->columns.reserve(m_table->columns.size() + m_pending.size());
      std::move(m_pending.begin(), m_pending.end(), std::back_inserter(m_table->columns));
      m_pending.clear();
      m_table = nullptr;
    }
  }

private:
  schemas::Table* m_table = nullptr;
  std::vector<schemas::Column> m_pending;
};

} // namespace strata::introspect
