#pragma once
// `-- strata:ignore CODE[,CODE...] REASON` comments of a migration file, for `strata lint`: each
// switches off the findings of those codes on one statement — the statement the comment sits in
// or ends the line of, else the next statement after it. The reason is required: an ignore
// without one (or naming a code lint does not have) is an error naming the file and line.

#include "dialects/sql_tokenizer.hpp"
#include "migrations/executor.hpp"

#include <string>
#include <vector>

namespace strata::migrations {

struct LintIgnore {
  int line = 0;                   // of the comment
  std::vector<std::string> codes; // "D102", ...
  std::string reason;
  size_t statement = 0;           // index into the file's statements; == size(): none follows
  int statement_line = 0;         // the line that statement starts on (0: none)
};

// The ignores of `sql` (an up file split into `statements`), read with the engine's lexer (so a
// `-- strata:ignore` inside a string literal is text). Throws Error(input) "FILE:LINE: ..." for
// an ignore without codes or reason, or with an unknown code or S600 (a replay failure).
std::vector<LintIgnore> find_ignores(const std::string& sql, const std::vector<SqlStatement>& statements,
                                     const dialects::lex::Syntax& syntax, const std::string& file);

} // namespace strata::migrations
