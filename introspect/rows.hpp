#pragma once
// A catalog query's result read by column name: every reader's queries name the columns they
// return, so the code that turns rows into the model never depends on column order.

#include "dialects/connection.hpp"
#include "schemas/model.hpp"

#include <algorithm>
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
  const dialects::Value& value(size_t row, const std::string& column) const
  {
    const auto it = std::find(m_result.columns.begin(), m_result.columns.end(), column);
    return m_result.rows[row].at(static_cast<size_t>(it - m_result.columns.begin()));
  }
  bool null(size_t row, const std::string& column) const { return !value(row, column).has_value(); }
  std::string str(size_t row, const std::string& column) const { return value(row, column).value_or(std::string()); }
  // PostgreSQL's text form of a boolean.
  bool flag(size_t row, const std::string& column) const { return str(row, column) == "t"; }
  long long num(size_t row, const std::string& column) const
  {
    const std::string s = str(row, column);
    return s.empty() ? 0 : std::stoll(s);
  }
  // A list the query joined with chr(31) (the ASCII unit separator, which no name contains).
  std::vector<std::string> list(size_t row, const std::string& column) const
  {
    std::vector<std::string> out;
    const std::string s = str(row, column);
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

  // Frees the values of `row` once the model holds what it needed of them: the rows of a large
  // catalog (a column each) are then never all alive beside the model built from them. The row
  // reads as empty afterwards.
  void release(size_t row) { std::vector<dialects::Value>().swap(m_result.rows[row]); }

private:
  dialects::ResultSet m_result;
};

// How many columns the rows hold for each table (`table_of(row)`; null: the row belongs to none),
// so that a reader reserves each table's columns when it reads the table's first one (reserve_first):
// no vector grows past its final size, and reserved room keeps pace with the rows released.
class ColumnCounts {
public:
  template <typename TableOf>
  ColumnCounts(const Rows& rows, TableOf table_of)
  {
    for (size_t r = 0; r < rows.size(); ++r) {
      if (schemas::Table* table = table_of(r)) {
        ++m_counts[table];
      }
    }
  }
  void reserve_first(schemas::Table& table) const
  {
    if (const auto it = m_counts.find(&table); table.columns.empty() && it != m_counts.end()) {
      table.columns.reserve(it->second);
    }
  }

private:
  std::unordered_map<const schemas::Table*, size_t> m_counts;
};

} // namespace strata::introspect
