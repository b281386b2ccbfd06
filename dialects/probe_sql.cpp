#include "dialects/probe_sql.hpp"

#include "schemas/error.hpp"

#include <charconv>

namespace strata::dialects {

namespace {

class ProbeWriter {
public:
  explicit ProbeWriter(const ProbeSyntax& syntax) : m_syntax(syntax) {}

  std::string count_from(const schemas::QualifiedName& table, const std::string& alias = {}) const
  {
    return "SELECT count(*) FROM " + m_syntax.quote_name(table) + (alias.empty() ? "" : " AS " + q(alias));
  }

  std::string q(const std::string& identifier) const { return m_syntax.quote_identifier(identifier); }

  std::string all_not_null(const std::vector<std::string>& columns, const std::string& alias = {}) const
  {
    std::string out;
    for (const auto& column : columns) {
      out += (out.empty() ? "" : " AND ") + (alias.empty() ? "" : q(alias) + ".") + q(column) + " IS NOT NULL";
    }
    return out;
  }

  std::string column_list(const std::vector<std::string>& columns) const
  {
    std::string out;
    for (const auto& column : columns) {
      out += (out.empty() ? "" : ", ") + q(column);
    }
    return out;
  }

  std::string orphans(const ProbeQuery& probe) const
  {
    if (probe.columns.empty() || probe.columns.size() != probe.ref_columns.size()) {
      throw Error(ErrorKind::internal, "orphan probe on table " + probe.table.str() +
                                         " needs as many referenced columns as columns");
    }
    const std::string child = "strata_child";
    const std::string parent = "strata_parent";
    std::string match;
    for (size_t i = 0; i < probe.columns.size(); ++i) {
      match += (i == 0 ? "" : " AND ") + q(parent) + "." + q(probe.ref_columns[i]) + " = " + q(child) + "." +
               q(probe.columns[i]);
    }
    return count_from(probe.table, child) + " WHERE " + all_not_null(probe.columns, child) +
           " AND NOT EXISTS (SELECT 1 FROM " + m_syntax.quote_name(probe.ref_table) + " AS " + q(parent) + " WHERE " +
           match + ")";
  }

  const ProbeSyntax& syntax() const { return m_syntax; }

private:
  const ProbeSyntax& m_syntax;
};

const std::string& first_column(const ProbeQuery& probe)
{
  if (probe.columns.empty()) {
    throw Error(ErrorKind::internal, "probe on table " + probe.table.str() + " needs a column");
  }
  return probe.columns.front();
}

} // namespace

std::string render_probe_sql(const ProbeQuery& probe, const ProbeSyntax& syntax)
{
  const ProbeWriter w(syntax);
  using Kind = ProbeQuery::Kind;
  switch (probe.kind) {
  case Kind::rows:
    return w.count_from(probe.table);
  case Kind::non_null:
    return w.count_from(probe.table) + " WHERE " + w.q(first_column(probe)) + " IS NOT NULL";
  case Kind::nulls:
    return w.count_from(probe.table) + " WHERE " + w.q(first_column(probe)) + " IS NULL";
  case Kind::duplicate_groups:
    first_column(probe);
    // The derived table is named: PostgreSQL requires it, SQLite and MySQL accept it.
    return "SELECT count(*) FROM (SELECT 1 FROM " + syntax.quote_name(probe.table) + " WHERE " +
           w.all_not_null(probe.columns) + " GROUP BY " + w.column_list(probe.columns) + " HAVING count(*) > 1) AS " +
           w.q("strata_groups");
  case Kind::orphans:
    return w.orphans(probe);
  case Kind::too_long:
    return w.count_from(probe.table) + " WHERE " + syntax.text_length(w.q(first_column(probe))) + " > " +
           std::to_string(probe.limit);
  case Kind::violating_check:
    if (probe.expression.empty()) {
      throw Error(ErrorKind::internal, "check probe on table " + probe.table.str() + " needs an expression");
    }
    return w.count_from(probe.table) + " WHERE NOT (" + probe.expression + ")";
  case Kind::changed_values: {
    const std::string column = w.q(first_column(probe));
    if (!syntax.changed_value) {
      throw Error(ErrorKind::internal, "changed-values probe on table " + probe.table.str() + " without an engine test");
    }
    return w.count_from(probe.table) + " WHERE " + column + " IS NOT NULL AND (" +
           syntax.changed_value(column, probe.from_type, probe.to_type) + ")";
  }
  case Kind::partition_rows: {
    std::string list;
    for (const auto& name : probe.values) {
      list += (list.empty() ? "" : ", ") + w.q(name);
    }
    return w.count_from(probe.table) + " PARTITION (" + list + ")";
  }
  case Kind::history_rows: // every version of every row, less the current ones
    return "SELECT (" + w.count_from(probe.table) + " FOR SYSTEM_TIME ALL) - (" + w.count_from(probe.table) + ")";
  case Kind::values_outside: {
    std::string list;
    for (const auto& value : probe.values) {
      list += (list.empty() ? "" : ", ") + syntax.quote_literal(value);
    }
    const std::string column = w.q(first_column(probe));
    return w.count_from(probe.table) + " WHERE " + column + " IS NOT NULL" +
           (list.empty() ? std::string() : " AND " + column + " NOT IN (" + list + ")");
  }
  }
  throw Error(ErrorKind::internal, "unknown probe kind");
}

std::optional<long long> parse_count(const ResultSet& result)
{
  if (result.rows.empty() || result.rows.front().empty() || !result.rows.front().front()) {
    return std::nullopt;
  }
  const std::string& text = *result.rows.front().front();
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

std::optional<long long> count_read_only(const Dialect& dialect, Connection& connection, const ProbeQuery& probe)
{
  const std::string sql = dialect.probe_sql(probe);
  dialect.begin_read_only(connection);
  try {
    auto value = parse_count(connection.query(sql));
    connection.rollback();
    return value;
  } catch (...) {
    try {
      connection.rollback();
    } catch (const std::exception&) { // the query's error is the one to report
    }
    throw;
  }
}

} // namespace strata::dialects
