// partitions: PostgreSQL declarative partitioning. A partitioned table carries its method and key
// (Table::partitioning); each partition is a table of its own with a parent and a bound
// (Table::partition_of). Rendering: CREATE TABLE ... PARTITION BY, CREATE TABLE ... PARTITION OF,
// ALTER TABLE ... ATTACH / DETACH PARTITION. A changed key is refused: the server cannot do it.

#include "dialects/postgres/partitions.hpp"

#include "dialects/postgres/expr.hpp"
#include "dialects/postgres/internal.hpp"
#include "dialects/postgres/render_parts.hpp"
#include "schemas/error.hpp"
#include "schemas/risk_codes.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

namespace strata::dialects::postgres {

namespace {

using schemas::Partitioning;
using schemas::PartitionOf;
using schemas::Table;

// The keys of a key list: its top-level comma-separated parts (outside parentheses), each as
// written, and whether each is one plain column name (bare, folded to lower case, or quoted).
struct KeyPart {
  std::string text;
  std::optional<std::string> column;
};

std::vector<KeyPart> key_parts(const std::string& text)
{
  std::vector<KeyPart> parts;
  std::vector<expr::Token> tokens;
  int depth = 0;
  const auto finish = [&] {
    if (tokens.empty()) {
      return;
    }
    KeyPart part{text.substr(tokens.front().offset, tokens.back().end() - tokens.front().offset), std::nullopt};
    const auto& only = tokens.front();
    const bool bare = only.kind == expr::TokenKind::word && !expr::is_keyword(only.text);
    if (tokens.size() == 1 && (bare || only.kind == expr::TokenKind::quoted_identifier)) {
      part.column = expr::identifier_text(only);
    }
    parts.push_back(std::move(part));
    tokens.clear();
  };
  for (const auto& token : expr::tokenize(text)) {
    depth += token.kind == expr::TokenKind::open ? 1 : token.kind == expr::TokenKind::close ? -1 : 0;
    if (token.kind == expr::TokenKind::comma && depth == 0) {
      finish();
    } else {
      tokens.push_back(token);
    }
  }
  finish();
  return parts;
}

} // namespace

void normalize_partitioning(const Table& table, Partitioning& p)
{
  if (p.empty()) {
    return;
  }
  const std::string name = table.qualified().str();
  p.method = expr::ascii_lower(p.method);
  if (p.method != "range" && p.method != "list" && p.method != "hash") {
    throw Error(ErrorKind::input,
                "table " + name + ": unknown partitioning method \"" + p.method + "\" (expected range, list or hash)",
                p.location);
  }
  if (p.count != 0 || !p.partitions.empty() || !p.sub_method.empty() || !p.sub_expression.empty() ||
      p.sub_count != 0) {
    throw Error(ErrorKind::input,
                "table " + name + ": `count`, `partitions` and subpartitions are MySQL's; a PostgreSQL partition is a "
                "table of its own with `partition_of: {table: " + table.name + ", bound: ...}`",
                p.location);
  }
  if (!p.expression.empty()) {
    std::vector<std::string> columns;
    for (const auto& part : key_parts(p.expression)) {
      if (!part.column) {
        columns.clear();
        break;
      }
      columns.push_back(*part.column);
    }
    if (!columns.empty()) {
      p.columns = std::move(columns);
      p.expression.clear();
    } else {
      p.expression = expr::canonical(p.expression);
    }
  }
}

std::string canonical_bound(const std::string& text)
{
  std::string out;
  char quote = 0;
  bool space = false;
  for (char c : text) {
    if (quote == 0 && std::isspace(static_cast<unsigned char>(c)) != 0) {
      space = true;
      continue;
    }
    if (space && !out.empty()) {
      out += ' ';
    }
    space = false;
    if (quote != 0) {
      quote = c == quote ? 0 : quote;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else {
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    out += c;
  }
  return out;
}

void normalize_partition_of(const Table& table, PartitionOf& p)
{
  if (p.empty()) {
    return;
  }
  p.bound = canonical_bound(p.bound);
  if (p.bound == "DEFAULT") {
    p.is_default = true;
  }
  if (p.is_default) {
    p.bound.clear();
    return;
  }
  if (p.bound.rfind("FOR VALUES ", 0) != 0) {
    throw Error(ErrorKind::input,
                "partition " + table.qualified().str() + " of " + p.table.str() + ": its bound \"" + p.bound +
                  "\" must be FOR VALUES FROM (...) TO (...), FOR VALUES IN (...) or FOR VALUES WITH (MODULUS m, "
                  "REMAINDER r) (or give `default: true`)",
                p.location);
  }
}

std::string partition_by_clause(const Partitioning& p)
{
  if (p.empty()) {
    return {};
  }
  // Each expression key in its own parentheses: always valid, where a bare `a + b` is not (the
  // canonical text may have dropped the ones the YAML or the server wrote).
  std::string key = column_list(p.columns);
  for (const auto& part : key_parts(p.expression)) {
    key += (key.empty() ? "(" : ", (") + part.text + ")";
  }
  return " PARTITION BY " + expr::ascii_upper(p.method) + " (" + key + ")";
}

std::string element_list(const std::vector<std::string>& elements)
{
  std::string out = "(";
  for (size_t i = 0; i < elements.size(); ++i) {
    out += (i == 0 ? "\n  " : ",\n  ") + elements[i];
  }
  return out + "\n)";
}

std::string create_partition_sql(const Table& table, const std::vector<std::string>& constraints)
{
  return "CREATE TABLE " + quote_name(table.qualified()) + " PARTITION OF " + quote_name(table.partition_of->table) +
         (constraints.empty() ? std::string() : " " + element_list(constraints)) + " " + table.partition_of->clause() +
         partition_by_clause(table.partitioning);
}

std::vector<Statement> render_set_partition_of(const schemas::SetPartitionOf& op)
{
  std::vector<Statement> out;
  if (!op.before.empty()) {
    out.push_back(statement("ALTER TABLE " + quote_name(op.before.table) + " DETACH PARTITION " + quote_name(op.table)));
  }
  if (!op.after.empty()) {
    out.push_back(statement("ALTER TABLE " + quote_name(op.after.table) + " ATTACH PARTITION " + quote_name(op.table) +
                            " " + op.after.clause()));
  }
  return out;
}

void refuse_repartitioning(const schemas::SetPartitioning& op)
{
  const auto shown = [](const Partitioning& p) {
    return p.empty() ? std::string("not partitioned") : partition_by_clause(p).substr(1);
  };
  throw Error(ErrorKind::input,
              "table " + op.table.str() + ": PostgreSQL cannot change the partitioning of an existing table (" +
                shown(op.before) + " → " + shown(op.after) +
                "); create a new table with the new partitioning, move the rows, and drop the old one, or keep the "
                "table's partitioning as it is");
}

void partition_risks(const schemas::Operation& op, std::vector<schemas::Risk>& out)
{
  const auto* set = std::get_if<schemas::SetPartitionOf>(&op);
  if (set == nullptr || set->after.empty()) {
    return;
  }
  out.push_back(schemas::make_risk(
    schemas::RiskCode::pg_partition_attached,
    "attaching " + set->table.str() + " to " + set->after.table.str() + " (" + set->after.clause() +
      ") scans every row of " + set->table.str() + " to check its bound (and a DEFAULT partition of " +
      set->after.table.str() + ", if any) under an ACCESS EXCLUSIVE lock on the table; a row outside the bound "
      "fails the step"));
}

} // namespace strata::dialects::postgres
