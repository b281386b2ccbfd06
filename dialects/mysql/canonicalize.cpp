// canonicalize: the server's own spelling of desired table options and of desired expressions
// that still differ in text from their live counterparts after normalize().
//
// Options: a charset without a collation gets the charset's default collation, and options equal
// to the database defaults (charset, collation, engine) are dropped, as the reader never reports
// them; a column collation equal to its table's is dropped likewise. A view's charset and
// collation equal to the session's (what strata creates views with) are dropped too.
//
// Expressions: checks, defaults and generated expressions are stored on a TEMPORARY copy of the
// live table (CREATE TEMPORARY TABLE ... AS SELECT ... WHERE 1 = 0: session-private, no implicit commit, dropped at
// once) and read back from SHOW CREATE TABLE; view queries through a probe view named
// strata_probe_v<n> (the reader never reads strata_* objects), created and dropped at once. A
// probe the server rejects leaves the desired text alone (the plan then shows the change).
//
// Options are read from the catalog of the target; the probes run on the probe database: the
// target for `plan`, a scratch database holding copies of the live tables for read-only commands.

#include "dialects/mysql/canonical.hpp"
#include "dialects/mysql/expr.hpp"
#include "dialects/mysql/internal.hpp"
#include "schemas/error.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <sstream>

namespace strata::dialects::mysql {

namespace {

using schemas::Schema;
using schemas::Table;

std::string first_value(Connection& connection, const std::string& sql, size_t column = 0)
{
  const ResultSet result = connection.query(sql);
  return result.rows.empty() ? std::string() : result.rows[0].at(column).value_or(std::string());
}

void canonical_options(Connection& connection, Schema& desired)
{
  bool any = false;
  for (const auto& view : desired.views) {
    any = any || view.options.count("charset") != 0 || view.options.count("collation") != 0;
  }
  for (const auto& table : desired.tables) {
    any = any || !table.options.empty();
    for (const auto& column : table.columns) {
      any = any || !column.collation.empty();
    }
  }
  if (!any) {
    return;
  }
  const ResultSet defaults = connection.query(
    "SELECT @@default_storage_engine, s.DEFAULT_COLLATION_NAME, @@character_set_client, @@collation_connection "
    "FROM information_schema.SCHEMATA s WHERE s.SCHEMA_NAME = DATABASE()");
  if (defaults.rows.empty()) {
    return;
  }
  const std::string engine = expr::ascii_lower(defaults.rows[0][0].value_or(""));
  const std::string database_collation = expr::ascii_lower(defaults.rows[0][1].value_or(""));
  const std::string session_charset = expr::ascii_lower(defaults.rows[0][2].value_or(""));
  const std::string session_collation = expr::ascii_lower(defaults.rows[0][3].value_or(""));
  std::map<std::string, std::string> charset_collation;
  for (const auto& row : connection.query("SELECT CHARACTER_SET_NAME, COLLATION_NAME FROM information_schema.COLLATIONS "
                                          "WHERE IS_DEFAULT = 'Yes'").rows) {
    charset_collation[expr::ascii_lower(row[0].value_or(""))] = expr::ascii_lower(row[1].value_or(""));
  }
  for (auto& table : desired.tables) {
    auto& options = table.options;
    if (options.count("charset") != 0 && options.count("collation") == 0 && charset_collation.count(options["charset"]) != 0) {
      options["collation"] = charset_collation[options["charset"]];
    }
    if (options.count("collation") != 0 && options["collation"] == database_collation) {
      options.erase("collation");
      options.erase("charset");
    }
    if (options.count("engine") != 0 && options["engine"] == engine) {
      options.erase("engine");
    }
    const std::string table_collation = options.count("collation") != 0 ? options["collation"] : database_collation;
    for (auto& column : table.columns) {
      if (column.collation == table_collation) {
        column.collation.clear();
      }
    }
  }
  for (auto& view : desired.views) {
    auto& options = view.options;
    if (options.count("charset") != 0 && options.count("collation") == 0 && charset_collation.count(options["charset"]) != 0) {
      options["collation"] = charset_collation[options["charset"]];
    }
    if (options.count("collation") != 0 && options["collation"] == session_collation &&
        options["charset"] == session_charset) {
      options.erase("collation");
      options.erase("charset");
    }
  }
}

// One expression to ask about: the ALTER TABLE clause that stores it on the temporary copy, the
// SHOW CREATE TABLE line prefix that shows it, how to cut the expression out of that line, and
// where the normalised answer goes.
struct Probe {
  std::string clause;
  std::string line_prefix;
  std::function<std::string(const std::string&)> cut;
  std::function<void(const std::string&)> adopt;
};

std::string between(const std::string& line, const std::string& open, const std::string& close)
{
  const size_t start = line.find(open);
  const size_t end = line.rfind(close);
  return start == std::string::npos || end == std::string::npos || end < start + open.size()
           ? std::string()
           : line.substr(start + open.size(), end - start - open.size());
}

std::string trimmed_line(std::string line)
{
  while (!line.empty() && (line.back() == ',' || line.back() == ' ')) {
    line.pop_back();
  }
  return line;
}

std::vector<Probe> table_probes(Table& desired, const Table& live)
{
  std::vector<Probe> probes;
  int n = 0;
  for (auto& check : desired.checks) {
    const auto* other = live.find_check(check.name);
    if (other == nullptr || other->expression == check.expression) {
      continue;
    }
    const std::string name = "strata_probe_c" + std::to_string(n++);
    probes.push_back({"ADD CONSTRAINT " + quote_identifier(name) + " CHECK (" + check.expression + ")",
                      "  CONSTRAINT " + quote_identifier(name) + " CHECK ",
                      [](const std::string& line) { return between(trimmed_line(line), "CHECK (", ")"); },
                      [&check](const std::string& text) { check.expression = expr::canonical(text); }});
  }
  for (auto& column : desired.columns) {
    const auto* other = live.find_column(column.name);
    if (other == nullptr) {
      continue;
    }
    const std::string type = format_type(column.type);
    if (column.default_value && other->default_value && *column.default_value != *other->default_value) {
      const std::string name = "strata_probe_d" + std::to_string(n++);
      probes.push_back({"ADD COLUMN " + quote_identifier(name) + " " + type + " NULL DEFAULT " + *column.default_value,
                        "  " + quote_identifier(name) + " ",
                        [](const std::string& line) {
                          const std::string text = trimmed_line(line);
                          const size_t at = text.find(" DEFAULT ");
                          return at == std::string::npos ? std::string() : text.substr(at + 9);
                        },
                        [&column, type](const std::string& text) {
                          column.default_value = canonical_default(text, canonical_type_text(type));
                        }});
    }
    if (column.generated && other->generated && column.generated->expression != other->generated->expression) {
      const std::string name = "strata_probe_g" + std::to_string(n++);
      const std::string kind = column.generated->stored ? "STORED" : "VIRTUAL";
      probes.push_back({"ADD COLUMN " + quote_identifier(name) + " " + type + " AS (" + column.generated->expression + ") " + kind,
                        "  " + quote_identifier(name) + " ",
                        [kind](const std::string& line) { return between(trimmed_line(line), "AS (", ") " + kind); },
                        [&column](const std::string& text) { column.generated->expression = expr::canonical(text); }});
    }
  }
  return probes;
}

// Runs the probes of one table on a temporary copy of the live table.
void run_table_probes(Connection& connection, const Table& live, std::vector<Probe>& probes, int serial)
{
  const std::string temp = quote_identifier("strata_probe_t" + std::to_string(serial));
  try {
    // The columns only (LIKE would copy FULLTEXT indexes, which InnoDB temporary tables refuse).
    connection.execute("CREATE TEMPORARY TABLE " + temp + " AS SELECT * FROM " + quote_name(live.qualified()) +
                       " WHERE 1 = 0");
  } catch (const Error&) {
    return;
  }
  std::vector<bool> stored(probes.size(), false);
  for (size_t i = 0; i < probes.size(); ++i) {
    try {
      connection.execute("ALTER TABLE " + temp + " " + probes[i].clause);
      stored[i] = true;
    } catch (const Error&) { // rejected: the desired text stays as written
    }
  }
  std::string create;
  try {
    create = first_value(connection, "SHOW CREATE TABLE " + temp, 1);
  } catch (const Error&) {
  }
  try {
    connection.execute("DROP TEMPORARY TABLE IF EXISTS " + temp);
  } catch (const Error&) {
  }
  std::istringstream lines(create);
  std::string line;
  while (std::getline(lines, line)) {
    for (size_t i = 0; i < probes.size(); ++i) {
      if (stored[i] && line.rfind(probes[i].line_prefix, 0) == 0) {
        const std::string text = probes[i].cut(line);
        if (!text.empty()) {
          probes[i].adopt(text);
        }
      }
    }
  }
}

// A desired view whose query differs in text from the live one's (views in other databases are
// left alone).
bool view_needs_probe(const schemas::View& view, const Schema& live)
{
  const auto* other = live.find_view(view.qualified());
  return other != nullptr && other->query != view.query && view.schema.empty();
}

void canonical_views(Connection& connection, Schema& desired, const Schema& live)
{
  int n = 0;
  std::string database;
  for (auto& view : desired.views) {
    if (!view_needs_probe(view, live)) {
      continue;
    }
    if (database.empty()) {
      database = first_value(connection, "SELECT DATABASE()");
    }
    const std::string name = "strata_probe_v" + std::to_string(n++);
    try {
      connection.execute("CREATE VIEW " + quote_identifier(name) + " AS " + view.query);
    } catch (const Error&) {
      continue;
    }
    std::string text;
    try {
      text = first_value(connection, "SELECT VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() "
                                     "AND TABLE_NAME = " + quote_literal(name));
    } catch (const Error&) {
    }
    connection.execute("DROP VIEW IF EXISTS " + quote_identifier(name));
    if (!text.empty()) {
      view.query = expr::canonical(expr::strip_qualifier(text, database));
    }
  }
}

// With lower_case_table_names 1 (names stored in lower case) or 2 (stored as written, compared in
// lower case) the server takes `Users` and `users` for one table: a desired table or view whose
// name matches a live one only up to case is spelled as the catalog spells it, with the foreign
// keys and renamed_from hints naming it, so the plan has nothing to rename. With 0 (Linux) they
// are two names, and a case-only change is a rename. The server is asked only when such a pair
// exists.
void canonical_table_names(Connection& connection, Schema& desired, const Schema& live)
{
  std::map<std::string, std::string> spelled; // "schema.name" folded -> live spelling
  for (const auto& table : live.tables) {
    spelled[expr::ascii_lower(table.qualified().str())] = table.name;
  }
  for (const auto& view : live.views) {
    spelled[expr::ascii_lower(view.qualified().str())] = view.name;
  }
  const auto live_spelling = [&](const std::string& schema, const std::string& name) {
    const auto it = spelled.find(expr::ascii_lower(schemas::QualifiedName{schema, name}.str()));
    return it == spelled.end() ? name : it->second;
  };
  bool any = false;
  for (const auto& table : desired.tables) {
    any = any || live_spelling(table.schema, table.name) != table.name;
  }
  for (const auto& view : desired.views) {
    any = any || live_spelling(view.schema, view.name) != view.name;
  }
  if (!any || first_value(connection, "SELECT @@lower_case_table_names") == "0") {
    return;
  }
  for (auto& table : desired.tables) {
    table.name = live_spelling(table.schema, table.name);
    if (!table.renamed_from.empty()) {
      table.renamed_from = live_spelling(table.schema, table.renamed_from);
    }
    for (auto& fk : table.foreign_keys) {
      fk.references.name = live_spelling(fk.references.schema, fk.references.name);
    }
  }
  for (auto& view : desired.views) {
    view.name = live_spelling(view.schema, view.name);
  }
}

} // namespace

CanonicalProbes canonical_probes(const Schema& desired, const Schema& live)
{
  CanonicalProbes needs;
  for (const auto& table : desired.tables) {
    const Table* other = live.find_table(table.qualified());
    Table copy = table; // table_probes' adopt() point into it; never run here
    if (other != nullptr && !table_probes(copy, *other).empty()) {
      needs.tables.push_back(other->qualified());
    }
  }
  for (const auto& view : desired.views) {
    if (view_needs_probe(view, live)) {
      needs.views.push_back(view.qualified());
    }
  }
  return needs;
}

// System-versioned tables are MariaDB's: on MySQL a desired one is an error at its line (the
// server is asked only when the schema has one).
void refuse_versioning_on_mysql(Connection& catalog, const Schema& desired)
{
  const auto versioned = std::find_if(desired.tables.begin(), desired.tables.end(),
                                      [](const Table& table) { return table.versioning->enabled; });
  if (versioned == desired.tables.end() || first_value(catalog, "SELECT VERSION()").find("MariaDB") != std::string::npos) {
    return;
  }
  throw Error(ErrorKind::input,
              "table " + versioned->qualified().str() + ": `system_versioning` (WITH SYSTEM VERSIONING) is MariaDB's; "
              "this MySQL server has no system-versioned tables",
              versioned->location);
}

bool canonicalize(Connection& catalog, Connection* probe_db, Schema& desired, const Schema& live)
{
  refuse_versioning_on_mysql(catalog, desired);
  canonical_table_names(catalog, desired, live);
  canonical_options(catalog, desired);
  if (probe_db == nullptr) {
    return true;
  }
  int serial = 0;
  for (auto& table : desired.tables) {
    const Table* other = live.find_table(table.qualified());
    if (other == nullptr) {
      continue;
    }
    std::vector<Probe> probes = table_probes(table, *other);
    if (!probes.empty()) {
      run_table_probes(*probe_db, *other, probes, serial++);
    }
  }
  canonical_views(*probe_db, desired, live);
  return true;
}

} // namespace strata::dialects::mysql
