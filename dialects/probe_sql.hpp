#pragma once
// The counting queries behind risk measurements (ProbeQuery), shared by the engines: the shapes
// are standard SQL; only quoting, qualified names and the text-length function differ.

#include "dialects/dialect.hpp"

#include <functional>
#include <optional>
#include <string>

namespace strata::dialects {

struct ProbeSyntax {
  std::function<std::string(const std::string&)> quote_identifier;
  std::function<std::string(const schemas::QualifiedName&)> quote_name;
  // SQL for the length in characters of an (already quoted) column, e.g. "length(x)".
  std::function<std::string(const std::string&)> text_length;
  // A string literal.
  std::function<std::string(const std::string&)> quote_literal;
  // A condition true when changing the type of the (already quoted, non-null) column from the
  // first type to the second alters its value (ProbeQuery::Kind::changed_values); it never fails
  // on a value the change itself would refuse.
  std::function<std::string(const std::string&, const schemas::ColumnType&, const schemas::ColumnType&)>
    changed_value;
};

// SELECT returning one integer: the count `probe` asks for. Throws strata::Error(internal) for a
// probe missing the columns or expression its kind needs.
std::string render_probe_sql(const ProbeQuery& probe, const ProbeSyntax& syntax);

// The integer a probe query returned (one row, one column); nullopt for NULL or non-numbers.
std::optional<long long> parse_count(const ResultSet& result);

// Runs `probe` (dialect.probe_sql) on `connection` inside a read-only transaction
// (Administration::begin_read_only) that is always rolled back. Throws DatabaseError when the
// query fails (a table or column that does not exist), Error(internal) for a malformed probe.
std::optional<long long> count_read_only(const Dialect& dialect, Connection& connection, const ProbeQuery& probe);

} // namespace strata::dialects
