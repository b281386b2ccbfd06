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
  // Key columns, as named in the directive (unquoted): one (`key=id`) or several, walked in
  // their order as one composite key (`key=tenant_id,id`).
  std::vector<std::string> keys;
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


// The step of statement `index` (0-based), null when it is not batched.
const BatchStep* batch_at(const std::vector<BatchStep>& steps, size_t index);

// "key=id size=5000 sleep=100ms timeout=5s" as the directive writes it.
std::string describe(const BatchStep& step);

// A key value as SQL: a bare integer when it is one, else a string literal via `quote`.
std::string key_literal(const std::string& value, std::string (*quote)(const std::string&));

// A position of the walk as the history row keeps it (batch_key) and messages show it: one key
// column's value as it is ("60000"), several as a tuple ("(3, 'north', 120)": integers bare, text
// in single quotes with '' for a quote).
std::string encode_key(const std::vector<std::string>& values);
// The values of a position written by encode_key for `count` key columns; Error(input) naming
// the text when it is no such position.
std::vector<std::string> decode_key(const std::string& text, size_t count);

// The query giving the last key of the next range (no row when no key is left after `after`):
// SELECT k1, k2 FROM (SELECT keys FROM table WHERE keys > after ORDER BY keys LIMIT size)
// ORDER BY keys DESC LIMIT 1 — keyset pagination, never OFFSET. `keys` and `after` are SQL
// already (quoted identifiers, literals), one per key column; `after` empty: from the start.
std::string range_end_query(const BatchStep& step, const std::vector<std::string>& keys,
                            const std::vector<std::string>& after);

// The statement narrowed to the keys in (after, upto]: "... WHERE (cond) AND q.key > after AND
// q.key <= upto ..." (several key columns: compared in order, as tuples are). `after` empty: no
// lower bound.
std::string batch_statement(const BatchStep& step, const std::string& statement, const std::vector<std::string>& keys,
                            const std::vector<std::string>& after, const std::vector<std::string>& upto);

} // namespace strata::migrations
