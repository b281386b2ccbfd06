// The token scan of statements (sql_scan.hpp), over the shared tokenizer and the engine's syntax:
// literals and comments dropped, quoted identifiers kept with their depth; and the renames a
// file performs, read from its ALTER TABLE and RENAME TABLE statements.
#include "migrations/sql_scan.hpp"

#include "dialects/sql_tokenizer.hpp"
#include "schemas/text.hpp"


namespace strata::migrations {

namespace detail {

std::string upper(std::string text)
{
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}


size_t main_index(const Scan& scan)
{
  if (scan.tokens.empty() || !scan.tokens[0].word || scan.tokens[0].quoted) {
    return std::string::npos;
  }
  if (scan.is(0, "SET") && scan.is(1, "STATEMENT")) {
    // MariaDB's SET STATEMENT var = value [, …] FOR <statement>: the statement after FOR.
    for (size_t i = 2; i + 1 < scan.tokens.size(); ++i) {
      if (scan.tokens[i].depth == 0 && scan.is(i, "FOR") && scan.tokens[i + 1].word) {
        return i + 1;
      }
    }
    return std::string::npos;
  }
  if (!scan.is(0, "WITH")) {
    return 0;
  }
  for (size_t i = 1; i < scan.tokens.size(); ++i) {
    for (const char* keyword : {"SELECT", "INSERT", "UPDATE", "DELETE", "MERGE"}) {
      if (scan.tokens[i].depth == 0 && scan.is(i, keyword)) {
        return i;
      }
    }
  }
  return std::string::npos;
}

schemas::QualifiedName update_target(const Scan& scan, size_t k)
{
  size_t i = scan.skip(k + 1, {"ONLY", "LOW_PRIORITY", "IGNORE"});
  if (scan.is(i, "OR")) {
    i += 2; // SQLite UPDATE OR REPLACE ...
  }
  return scan.name(i);
}

schemas::QualifiedName delete_target(const Scan& scan, size_t k)
{
  size_t i = scan.find("FROM", k);
  if (i == std::string::npos) {
    return {};
  }
  i = scan.skip(i + 1, {"ONLY"});
  return scan.name(i);
}

std::vector<schemas::QualifiedName> truncate_targets(const Scan& scan, size_t k)
{
  std::vector<schemas::QualifiedName> out;
  size_t i = scan.skip(k + 1, {"TABLE", "ONLY"});
  while (i < scan.tokens.size()) {
    auto table = scan.name(i);
    if (!table.name.empty()) {
      out.push_back(std::move(table));
    }
    if (scan.is_punct(i, '*')) {
      ++i;
    }
    if (!scan.is_punct(i, ',')) {
      break;
    }
    i = scan.skip(i + 1, {"ONLY"});
  }
  return out;
}

} // namespace detail

namespace {

using detail::main_index;
using detail::upper;
using detail::Scan;
namespace lex = dialects::lex;
using schemas::QualifiedName;

// The renames of one ALTER TABLE clause starting at `i` (RENAME ..., CHANGE ...).
void clause_renames(const Scan& scan, size_t i, const QualifiedName& table, std::vector<SqlRename>& out)
{
  if (scan.is(i, "RENAME")) {
    ++i;
    if (scan.is(i, "TO") || scan.is(i, "AS")) {
      ++i;
      const QualifiedName to = scan.name(i);
      out.push_back({table, table.name, to.name, true});
      return;
    }
    if (scan.is(i, "CONSTRAINT") || scan.is(i, "INDEX") || scan.is(i, "KEY")) {
      return;
    }
    i = scan.skip(i, {"COLUMN"});
    if (i + 2 < scan.tokens.size() && scan.tokens[i].word && scan.is(i + 1, "TO") && scan.tokens[i + 2].word) {
      out.push_back({table, scan.tokens[i].text, scan.tokens[i + 2].text, false});
    }
  } else if (scan.is(i, "CHANGE")) {
    i = scan.skip(i + 1, {"COLUMN"});
    if (i + 1 < scan.tokens.size() && scan.tokens[i].word && scan.tokens[i + 1].word &&
        !schemas::ascii_iequal(scan.tokens[i].text, scan.tokens[i + 1].text)) {
      out.push_back({table, scan.tokens[i].text, scan.tokens[i + 1].text, false});
    }
  }
}

} // namespace

std::vector<SqlToken> tokenize_sql(const std::string& sql, const lex::Syntax& syntax)
{
  std::vector<SqlToken> out;
  int depth = 0;
  for (const auto& token : lex::tokenize(sql, syntax).tokens) {
    switch (token.kind) {
    case lex::TokenKind::word:
      out.push_back({std::string(token.text), true, false, depth});
      break;
    case lex::TokenKind::quoted_identifier:
      out.push_back({lex::unquote(token.text), true, true, depth});
      break;
    case lex::TokenKind::string:
      break;
    default:
      // Numbers and operators as single characters: the checks look for one-character punctuation.
      for (const char c : token.text) {
        if (c == ')') {
          depth = depth > 0 ? depth - 1 : 0;
        }
        out.push_back({std::string(1, c), false, false, depth});
        if (c == '(') {
          ++depth;
        }
      }
      break;
    }
  }
  return out;
}

bool mentions_identifier(const std::vector<SqlToken>& tokens, const std::string& name)
{
  return std::any_of(tokens.begin(), tokens.end(),
                     [&](const SqlToken& token) { return token.word && schemas::ascii_iequal(token.text, name); });
}

std::string leading_keyword(const std::vector<SqlToken>& tokens)
{
  Scan scan("");
  scan.tokens = tokens;
  const size_t k = main_index(scan);
  return k == std::string::npos ? std::string{} : upper(tokens[k].text);
}

std::vector<SqlRename> find_renames(const std::vector<SqlStatement>& statements, const lex::Syntax& syntax)
{
  std::vector<SqlRename> out;
  for (const auto& statement : statements) {
    const Scan scan(statement.sql, syntax);
    if (scan.is(0, "RENAME") && scan.is(1, "TABLE")) { // MySQL: RENAME TABLE a TO b, c TO d
      for (size_t i = 2; i < scan.tokens.size();) {
        const QualifiedName from = scan.name(i);
        if (from.name.empty() || !scan.is(i, "TO")) {
          break;
        }
        ++i;
        const QualifiedName to = scan.name(i);
        out.push_back({from, from.name, to.name, true});
        if (!scan.is_punct(i, ',')) {
          break;
        }
        ++i;
      }
    } else if (scan.is(0, "ALTER") && scan.is(1, "TABLE")) {
      size_t i = scan.skip(2, {"IF", "EXISTS", "ONLY", "IGNORE"});
      const QualifiedName table = scan.name(i);
      clause_renames(scan, i, table, out);
      for (; i < scan.tokens.size(); ++i) {
        if (scan.tokens[i].depth == 0 && scan.is_punct(i, ',')) {
          clause_renames(scan, i + 1, table, out);
        }
      }
    }
  }
  return out;
}

namespace {

// ALTER TABLE ... DROP / TRUNCATE / DETACH PARTITION: rows leave the table.
bool removes_partition(const Scan& scan, size_t from)
{
  for (size_t i = from; i + 1 < scan.tokens.size(); ++i) {
    if (scan.tokens[i].depth == 0 && (scan.is(i, "DROP") || scan.is(i, "TRUNCATE") || scan.is(i, "DETACH")) &&
        scan.is(i + 1, "PARTITION")) {
      return true;
    }
  }
  return false;
}

// The statement's writes (`kind` for each name of a comma-separated list starting at `i`).
void name_list(const Scan& scan, size_t i, size_t statement, TableWrite::Kind kind, std::vector<TableWrite>& out)
{
  while (i < scan.tokens.size()) {
    const QualifiedName table = scan.name(i);
    if (table.name.empty()) {
      return;
    }
    out.push_back({statement, kind, table, {}});
    if (!scan.is_punct(i, ',')) {
      return;
    }
    ++i;
  }
}

} // namespace

std::vector<TableWrite> table_writes(const std::vector<SqlStatement>& statements, const lex::Syntax& syntax)
{
  using Kind = TableWrite::Kind;
  std::vector<TableWrite> out;
  for (size_t s = 0; s < statements.size(); ++s) {
    const Scan scan(statements[s].sql, syntax);
    const size_t k = main_index(scan);
    if (k == std::string::npos) {
      continue;
    }
    const auto add = [&](Kind kind, const QualifiedName& table) {
      if (!table.name.empty()) {
        out.push_back({s, kind, table, {}});
      }
    };
    const auto renames = [&] {
      for (const auto& rename : find_renames({statements[s]}, syntax)) {
        if (rename.table_rename) {
          out.push_back({s, Kind::rename, rename.table, {rename.table.schema, rename.to}});
        }
      }
    };
    const std::string keyword = upper(scan.tokens[k].text);
    if (keyword == "UPDATE") {
      add(Kind::update, detail::update_target(scan, k));
    } else if (keyword == "DELETE") {
      add(Kind::remove, detail::delete_target(scan, k));
    } else if (keyword == "TRUNCATE") {
      for (const auto& table : detail::truncate_targets(scan, k)) {
        add(Kind::remove, table);
      }
    } else if (keyword == "INSERT" || keyword == "REPLACE") {
      size_t i = scan.skip(k + 1, {"LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY", "IGNORE"});
      if (scan.is(i, "OR")) {
        i += 2; // SQLite INSERT OR REPLACE ...
      }
      i = scan.skip(i, {"INTO"});
      add(Kind::insert, scan.name(i));
    } else if (keyword == "MERGE") {
      size_t i = scan.skip(k + 1, {"INTO", "ONLY"});
      const QualifiedName table = scan.name(i);
      add(scan.find("DELETE", i) != std::string::npos ? Kind::remove : Kind::update, table);
    } else if (keyword == "CREATE") {
      size_t i = scan.skip(k + 1, {"OR", "REPLACE", "TEMP", "TEMPORARY", "UNLOGGED", "GLOBAL", "LOCAL"});
      if (scan.is(i, "TABLE")) {
        i = scan.skip(i + 1, {"IF", "NOT", "EXISTS"});
        add(Kind::create, scan.name(i));
      }
    } else if (keyword == "DROP" && scan.is(k + 1, "TABLE")) {
      name_list(scan, scan.skip(k + 2, {"IF", "EXISTS"}), s, Kind::drop, out);
    } else if (keyword == "ALTER" && scan.is(k + 1, "TABLE")) {
      size_t i = scan.skip(k + 2, {"IF", "EXISTS", "ONLY", "IGNORE"});
      const QualifiedName table = scan.name(i);
      add(removes_partition(scan, i) ? Kind::remove : Kind::alter, table);
      renames();
    } else if (keyword == "RENAME") {
      renames();
    }
  }
  return out;
}

} // namespace strata::migrations
