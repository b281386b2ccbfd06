#pragma once
// Internal to migrations/sql_*.cpp: the token scan of one statement that the SQL-level checks and
// the rename reader share.

#include "migrations/sql_checks.hpp"
#include "schemas/text.hpp"

#include <algorithm>
#include <initializer_list>
#include <string>
#include <vector>

namespace strata::migrations::detail {

std::string upper(std::string text);

// The tokens of one statement, and questions about them.
class Scan {
public:
  explicit Scan(const std::string& sql, const dialects::lex::Syntax& syntax = dialects::lex::portable_syntax())
    : tokens(tokenize_sql(sql, syntax))
  {
  }

  // An unquoted keyword at `i`.
  bool is(size_t i, const char* keyword) const
  {
    return i < tokens.size() && tokens[i].word && !tokens[i].quoted && schemas::ascii_iequal(tokens[i].text, keyword);
  }
  bool is_punct(size_t i, char c) const
  {
    return i < tokens.size() && !tokens[i].word && tokens[i].text.size() == 1 && tokens[i].text[0] == c;
  }
  // First unquoted keyword at the statement's own level from `from` on; npos when none.
  size_t find(const char* keyword, size_t from) const
  {
    for (size_t i = from; i < tokens.size(); ++i) {
      if (tokens[i].depth == 0 && is(i, keyword)) {
        return i;
      }
    }
    return std::string::npos;
  }
  size_t skip(size_t i, std::initializer_list<const char*> keywords) const
  {
    while (std::any_of(keywords.begin(), keywords.end(), [&](const char* k) { return is(i, k); })) {
      ++i;
    }
    return i;
  }
  // A possibly qualified name at `i` (a.b.c: schema b, name c); `i` moves past it.
  schemas::QualifiedName name(size_t& i) const
  {
    schemas::QualifiedName out;
    if (i >= tokens.size() || !tokens[i].word) {
      return out;
    }
    out.name = tokens[i++].text;
    while (is_punct(i, '.') && i + 1 < tokens.size() && tokens[i + 1].word) {
      out.schema = out.name;
      out.name = tokens[i + 1].text;
      i += 2;
    }
    return out;
  }

  std::vector<SqlToken> tokens;
};

// The index of the statement's leading keyword (after a WITH clause, the statement it
// introduces; after MariaDB's SET STATEMENT … FOR, the statement it runs); npos when there is none.
size_t main_index(const Scan& scan);

// The table an UPDATE (its keyword at `k`) changes; empty when the scan finds none.
schemas::QualifiedName update_target(const Scan& scan, size_t k);
// The table a DELETE (its keyword at `k`) deletes from; empty when there is no FROM.
schemas::QualifiedName delete_target(const Scan& scan, size_t k);
// The tables a TRUNCATE (its keyword at `k`) empties.
std::vector<schemas::QualifiedName> truncate_targets(const Scan& scan, size_t k);

} // namespace strata::migrations::detail
