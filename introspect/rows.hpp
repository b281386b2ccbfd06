#pragma once
// A catalog query's result read by column name: every reader's queries name the columns they
// return, so the code that turns rows into the model never depends on column order.

#include "dialects/connection.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace strata::introspect {

class Rows {
public:
  explicit Rows(dialects::ResultSet result) : m_result(std::move(result)) {}
  size_t size() const { return m_result.rows.size(); }
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

private:
  dialects::ResultSet m_result;
};

} // namespace strata::introspect
