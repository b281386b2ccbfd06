#pragma once
// Batched data steps of a migration file: a `-- strata: batch key=COLUMN size=N [sleep=D]
// [timeout=D]` comment line before an UPDATE, DELETE or INSERT ... SELECT with a WHERE clause.
// The executor walks the key column of the statement's table in ranges of `size` keys (keyset
// pagination: the next range ends at the size-th key after the last one done, never OFFSET) and
// runs the statement once per range, its WHERE narrowed to the range, each in its own short
// transaction together with the history row that records the range's end.

#include "dialects/sql_tokenizer.hpp"
#include "migrations/executor.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace strata::migrations {

struct BatchStep {
  size_t statement = 0;            // index into the file's statements
  int line = 0;                    // the directive's line
  std::string key;                 // key column, as named in the directive (unquoted)
  long long size = 0;              // keys per batch
  std::chrono::milliseconds sleep{0};   // pause between batches
  std::chrono::milliseconds timeout{0}; // bound on each batch's statements; 0: none
  std::string table;               // the table walked, as the statement writes it ("app"."users")
  std::string qualifier;           // what qualifies the key in the statement (its alias, else `table`)
  size_t where_begin = 0;          // the WHERE condition in the statement's text: [begin, end)
  size_t where_end = 0;
};

// The batched steps of `sql` (split into `statements` with `syntax`), in file order. A directive
// belongs to the first statement after it; throws Error(input) "FILE:LINE: ..." for a malformed
// directive, one not followed by a statement, a statement that is no UPDATE, DELETE or
// INSERT ... SELECT with one WHERE clause (no LIMIT), or batched steps in a file whose header
// lacks `-- strata: batched` (`batched_header`).
std::vector<BatchStep> find_batches(const std::string& sql, const std::vector<SqlStatement>& statements,
                                    const dialects::lex::Syntax& syntax, const std::string& file,
                                    bool batched_header);

// find_batches over a whole file as `engine` splits it (checked before apply or rollback runs
// anything).
std::vector<BatchStep> file_batches(const std::string& sql, const std::string& file, const Header& header,
                                    const dialects::Administration& engine);

// The step of statement `index` (0-based), null when it is not batched.
const BatchStep* batch_at(const std::vector<BatchStep>& steps, size_t index);

// "key=id size=5000 sleep=100ms timeout=5s" as the directive writes it.
std::string describe(const BatchStep& step);

// A key value as SQL: a bare integer when it is one, else a string literal via `quote`.
std::string key_literal(const std::string& value, std::string (*quote)(const std::string&));

// The query giving the last key of the next range (NULL when no key is left after `after`):
// SELECT MAX(k) FROM (SELECT key AS k FROM table WHERE key > after ORDER BY key LIMIT size).
// `key` and `after` are SQL already (quoted identifier, literal); `after` empty: from the start.
std::string range_end_query(const BatchStep& step, const std::string& key, const std::string& after);

// The statement narrowed to the keys in (after, upto]: "... WHERE (cond) AND q.key > after AND
// q.key <= upto ...". `after` empty: no lower bound.
std::string batch_statement(const BatchStep& step, const std::string& statement, const std::string& key,
                            const std::string& after, const std::string& upto);

} // namespace strata::migrations
