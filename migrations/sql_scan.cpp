// The token scan of statements (sql_scan.hpp), over the shared tokenizer and the engine's syntax:
// literals and comments dropped, quoted identifiers kept with their depth; and the renames a
// file performs, read from its ALTER TABLE and RENAME TABLE statements.
#include "migrations/sql_scan.hpp"

#include "dialects/sql_tokenizer.hpp"


namespace strata::migrations {

namespace detail {

std::string upper(std::string text)
{
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

bool iequals(const std::string& a, const std::string& b)
{
  return a.size() == b.size() && upper(a) == upper(b);
}

size_t main_index(const Scan& scan)
{
  if (scan.tokens.empty() || !scan.tokens[0].word || scan.tokens[0].quoted) {
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

} // namespace detail

namespace {

using detail::iequals;
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
        !iequals(scan.tokens[i].text, scan.tokens[i + 1].text)) {
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
                     [&](const SqlToken& token) { return token.word && iequals(token.text, name); });
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

} // namespace strata::migrations
