// `-- strata: preflight` header lines: the live-data checks apply counts again before a file
// runs. The notation names tables and columns (quoted like `backup` targets) and never holds SQL,
// except a check's expression, which is the reviewed file's own text; the count query is built
// by the engine's dialect (dialects/probe_sql.hpp) with quoted identifiers and literals.
#include "migrations/directory.hpp"

#include "dialects/quoting.hpp"

#include "migrations/rendered_plan.hpp"
#include "schemas/error.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace strata::migrations {

namespace {

using Kind = dialects::ProbeQuery::Kind;

[[noreturn]] void malformed(const std::string& why)
{
  throw Error(ErrorKind::input, "malformed preflight check: " + why);
}

bool bare_name_char(char c)
{
  return !std::isspace(static_cast<unsigned char>(c)) && c != '.' && c != '"' && c != '(' && c != ')' && c != ',' &&
         c != '\'';
}

// Reads the notation left to right.
class Reader {
public:
  explicit Reader(std::string_view text) : m_text(text) {}

  void skip_space()
  {
    while (m_pos < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[m_pos]))) {
      ++m_pos;
    }
  }
  bool at_end()
  {
    skip_space();
    return m_pos == m_text.size();
  }
  bool accept(std::string_view token)
  {
    skip_space();
    if (m_text.substr(m_pos, token.size()) == token) {
      m_pos += token.size();
      return true;
    }
    return false;
  }
  void expect(std::string_view token, const char* where)
  {
    if (!accept(token)) {
      malformed("expected '" + std::string(token) + "' " + where);
    }
  }
  std::string word()
  {
    skip_space();
    const auto start = m_pos;
    while (m_pos < m_text.size() && !std::isspace(static_cast<unsigned char>(m_text[m_pos]))) {
      ++m_pos;
    }
    return std::string(m_text.substr(start, m_pos - start));
  }
  // A bare name, or one in double quotes with "" for a quote.
  std::string name()
  {
    skip_space();
    if (m_pos < m_text.size() && m_text[m_pos] == '"') {
      return quoted('"', "name");
    }
    const auto start = m_pos;
    while (m_pos < m_text.size() && bare_name_char(m_text[m_pos]) && m_text.substr(m_pos, 2) != "->") {
      ++m_pos;
    }
    if (m_pos == start) {
      malformed("expected a name at '" + std::string(m_text.substr(m_pos)) + "'");
    }
    return std::string(m_text.substr(start, m_pos - start));
  }
  // A string literal in single quotes, '' for a quote.
  std::string literal()
  {
    skip_space();
    if (m_pos >= m_text.size() || m_text[m_pos] != '\'') {
      malformed("expected a value in single quotes");
    }
    return quoted('\'', "value");
  }
  schemas::QualifiedName table()
  {
    schemas::QualifiedName out;
    out.name = name();
    if (accept(".")) {
      out.schema = out.name;
      out.name = name();
    }
    return out;
  }
  std::vector<std::string> columns()
  {
    expect("(", "before the columns");
    std::vector<std::string> out{name()};
    while (accept(",")) {
      out.push_back(name());
    }
    expect(")", "after the columns");
    return out;
  }
  std::string rest()
  {
    skip_space();
    auto out = m_text.substr(m_pos);
    m_pos = m_text.size();
    return std::string(out);
  }

private:
  std::string quoted(char quote, const char* what)
  {
    std::string out;
    ++m_pos;
    while (m_pos < m_text.size()) {
      const char c = m_text[m_pos++];
      if (c != quote) {
        out += c;
      } else if (m_pos < m_text.size() && m_text[m_pos] == quote) {
        out += quote;
        ++m_pos;
      } else {
        return out;
      }
    }
    malformed(std::string("unterminated ") + what);
  }

  std::string_view m_text;
  size_t m_pos = 0;
};

std::string table_text(const schemas::QualifiedName& table)
{
  return (table.schema.empty() ? "" : quote_header_name(table.schema) + ".") + quote_header_name(table.name);
}

std::string columns_text(const std::vector<std::string>& columns)
{
  std::string out;
  for (const auto& column : columns) {
    out += (out.empty() ? "" : ", ") + quote_header_name(column);
  }
  return "(" + out + ")";
}

void expect_end(Reader& reader)
{
  if (!reader.at_end()) {
    malformed("unexpected text at the end: '" + reader.rest() + "'");
  }
}

} // namespace

std::optional<std::string> format_preflight(const dialects::ProbeQuery& probe)
{
  const auto on = table_text(probe.table) + columns_text(probe.columns);
  switch (probe.kind) {
  case Kind::nulls:
    return "not-null " + on;
  case Kind::duplicate_groups:
    return "unique " + on;
  case Kind::orphans:
    return "foreign-key " + on + " -> " + table_text(probe.ref_table) + columns_text(probe.ref_columns);
  case Kind::violating_check:
    return "check " + table_text(probe.table) + " " + one_line(probe.expression);
  case Kind::too_long:
    return "max-length " + on + " " + std::to_string(probe.limit);
  case Kind::values_outside: {
    std::string values;
    for (const auto& value : probe.values) {
      values += (values.empty() ? " " : ", ") + dialects::quote_doubling(value, '\'');
    }
    return "enum-members " + on + values;
  }
  case Kind::rows:
  case Kind::non_null:
  case Kind::changed_values:
  case Kind::partition_rows:
  case Kind::history_rows:
    return std::nullopt; // what a step destroys, not a reason for it to fail
  }
  return std::nullopt;
}

dialects::ProbeQuery parse_preflight(const std::string& text)
{
  Reader reader(text);
  const auto kind = reader.word();
  static const std::vector<std::string> k_kinds{"not-null", "unique", "foreign-key", "check", "max-length",
                                                "enum-members"};
  if (std::find(k_kinds.begin(), k_kinds.end(), kind) == k_kinds.end()) {
    malformed("unknown check '" + kind +
              "' (expected not-null, unique, foreign-key, check, max-length or enum-members)");
  }
  dialects::ProbeQuery probe;
  probe.table = reader.table();
  if (kind == "check") {
    probe.kind = Kind::violating_check;
    probe.expression = reader.rest();
    if (probe.expression.empty()) {
      malformed("check needs: check TABLE EXPRESSION");
    }
    return probe;
  }
  probe.columns = reader.columns();
  if (kind != "unique" && kind != "foreign-key" && probe.columns.size() != 1) {
    malformed(kind + " takes one column");
  }
  if (kind == "not-null") {
    probe.kind = Kind::nulls;
  } else if (kind == "unique") {
    probe.kind = Kind::duplicate_groups;
  } else if (kind == "foreign-key") {
    probe.kind = Kind::orphans;
    reader.expect("->", "before the referenced table");
    probe.ref_table = reader.table();
    probe.ref_columns = reader.columns();
    if (probe.ref_columns.size() != probe.columns.size()) {
      malformed("foreign-key needs as many referenced columns as columns");
    }
  } else if (kind == "max-length") {
    probe.kind = Kind::too_long;
    const auto digits = reader.word();
    if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) {
      malformed("max-length needs a length in characters");
    }
    probe.limit = std::stoll(digits);
  } else { // enum-members
    probe.kind = Kind::values_outside;
    if (!reader.at_end()) {
      probe.values.push_back(reader.literal());
      while (reader.accept(",")) {
        probe.values.push_back(reader.literal());
      }
    }
  }
  expect_end(reader);
  return probe;
}

} // namespace strata::migrations
