#pragma once
// Shared state of the PostgreSQL reader: result rows by column name, and the Schema under
// construction with its tables keyed by (namespace, name) as stored in the catalog.

#include "dialects/connection.hpp"
#include "schemas/model.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace strata::introspect::postgres {

class Rows {
public:
  explicit Rows(dialects::ResultSet result) : m_result(std::move(result)) {}
  size_t size() const { return m_result.rows.size(); }
  bool null(size_t row, const std::string& column) const { return !value(row, column).has_value(); }
  std::string str(size_t row, const std::string& column) const { return value(row, column).value_or(std::string()); }
  bool flag(size_t row, const std::string& column) const { return str(row, column) == "t"; }
  long long num(size_t row, const std::string& column) const
  {
    const std::string s = str(row, column);
    return s.empty() ? 0 : std::stoll(s);
  }
  // A chr(31)-joined list of names.
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
  const dialects::Value& value(size_t row, const std::string& column) const
  {
    const auto it = std::find(m_result.columns.begin(), m_result.columns.end(), column);
    return m_result.rows[row].at(static_cast<size_t>(it - m_result.columns.begin()));
  }
  dialects::ResultSet m_result;
};

struct Catalog {
  std::string default_schema;       // namespace whose objects get an empty `schema`
  std::string namespaces;           // ARRAY[...] literal of every namespace read
  schemas::Schema schema;
  std::map<std::pair<std::string, std::string>, size_t> tables; // (nspname, relname) -> index
  std::set<std::pair<std::string, std::string>> serial_sequences; // (nspname, relname) owned by serial columns

  // The model's `schema` for a namespace: empty for the default one.
  std::string model_schema(const std::string& nspname) const { return nspname == default_schema ? std::string() : nspname; }
  schemas::Table* table(const std::string& nspname, const std::string& name)
  {
    const auto it = tables.find({nspname, name});
    return it == tables.end() ? nullptr : &schema.tables[it->second];
  }
  // A query with `{ns}` replaced by the namespace list.
  std::string sql(std::string text) const
  {
    const auto at = text.find("{ns}");
    return at == std::string::npos ? text : text.replace(at, 4, namespaces);
  }
};

void read_tables(dialects::Connection& connection, Catalog& catalog);
void read_constraints(dialects::Connection& connection, Catalog& catalog);
void read_indexes(dialects::Connection& connection, Catalog& catalog);
void read_views(dialects::Connection& connection, Catalog& catalog);
void read_enums(dialects::Connection& connection, Catalog& catalog);
void read_sequences(dialects::Connection& connection, Catalog& catalog);

} // namespace strata::introspect::postgres
