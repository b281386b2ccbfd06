#pragma once
// SQL-level checks of migration files, for `strata lint`: what a diff of the schema before and
// after a file cannot see (UPDATE/DELETE without WHERE, TRUNCATE, a blocking CREATE INDEX, a
// statement that cannot run inside the file's transaction), the renames a file performs (so the
// diff reports a rename, not a drop and an add), and the identifier scan that attributes a diff's
// operation to the statement that performed it. Capabilities decide what applies, never engine
// names: a keyword an engine lacks is a syntax error there anyway.

#include "dialects/sql_tokenizer.hpp"
#include "migrations/executor.hpp"
#include "schemas/model.hpp"
#include "schemas/risk.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace strata::migrations {

// One token of a statement: a word (keyword or identifier; quoted identifiers "x", `x` and [x]
// without their quotes and with `quoted` set) or one punctuation character. String literals,
// dollar-quoted bodies and comments never become tokens. `syntax` is the lexer of the engine the
// file runs on (Administration::file_syntax), so the scan sees what the server will: a MySQL
// `# ...` comment, `--1`, a backslash escape or the code inside `/*! ... */`.
struct SqlToken {
  std::string text;
  bool word = false;
  bool quoted = false;
  int depth = 0; // parenthesis depth the token sits at (0: the statement itself)
};
std::vector<SqlToken> tokenize_sql(const std::string& sql,
                                   const dialects::lex::Syntax& syntax = dialects::lex::portable_syntax());

// True when a word token equals `name` ignoring case and quotes.
bool mentions_identifier(const std::vector<SqlToken>& tokens, const std::string& name);

// The statement's leading keyword, upper-cased ("ALTER", "UPDATE"; a WITH clause skipped to the
// statement it introduces); empty when there is none.
std::string leading_keyword(const std::vector<SqlToken>& tokens);

// Transaction control: BEGIN (not MariaDB's compound BEGIN NOT ATOMIC), START TRANSACTION,
// COMMIT, END, ROLLBACK, ABORT, SAVEPOINT, RELEASE, PREPARE TRANSACTION, XA. Its leading words
// upper-cased ("COMMIT", "START TRANSACTION"); empty for any other statement. A migration file
// never holds one: strata owns the file's transaction (and, in a no-transaction file, records
// progress statement by statement, which a transaction of the file's own would falsify).
std::string transaction_control(const std::vector<SqlToken>& tokens);

// The first statement of `sql` (split and scanned with `engine`'s syntax) that is transaction
// control; throws Error(input) naming `file`, the statement's number and line. Apply and rollback
// call it on every file they would run before running any.
void refuse_transaction_control(const std::string& sql, const std::string& file,
                                const dialects::Administration& engine);
// The same of a file already split (split_statements with `engine`).
void refuse_transaction_control(const std::vector<SqlStatement>& statements, const std::string& file,
                                const dialects::Administration& engine);

// What the checks know about the database before the file ran (from the replay's snapshot).
struct SqlCheckContext {
  const dialects::lex::Syntax* syntax = nullptr; // the engine's file syntax; null: portable
  bool transactional_ddl = false;   // capability: the file runs in one transaction...
  bool no_transaction_file = false; // ...unless its header says `-- strata: no-transaction`
  bool concurrent_index = false;    // capability: CREATE INDEX CONCURRENTLY exists
  // Names as written in the statement (schema may be empty); compared ignoring case.
  std::function<bool(const schemas::QualifiedName& table)> table_existed;
  std::function<bool(const schemas::QualifiedName& table, const std::string& column)> column_existed;
  // S607: whether statement `index` runs as a batched step (`-- strata: batch`), and the live row
  // count of a table when it is above the threshold for unbatched UPDATE/DELETE (nullopt: at or
  // below it, or not counted). Either null: no S607.
  std::function<bool(size_t index)> batched;
  std::function<std::optional<long long>(const schemas::QualifiedName& table)> large_table;
};

// A finding of the SQL-level checks; its code, kind and level come from the risk-code catalogue
// (schemas/risk_codes.cpp, the README's "strata lint" section).
struct SqlFinding {
  size_t statement = 0; // index into the statements checked
  int line = 0;         // the statement's first line
  std::string code;
  std::string kind;     // a risk kind ("destructive", "locking") or "transaction"
  schemas::RiskLevel level = schemas::RiskLevel::low;
  std::string message;
  schemas::QualifiedName table; // the table whose rows a live count would measure (may be empty)
};

std::vector<SqlFinding> check_sql(const std::vector<SqlStatement>& statements, const SqlCheckContext& context);

// A rename a file performs: ALTER TABLE t RENAME [COLUMN] a TO b, ALTER TABLE t RENAME TO u,
// RENAME TABLE a TO b (MySQL), ALTER TABLE t CHANGE [COLUMN] a b ... (MySQL).
struct SqlRename {
  schemas::QualifiedName table; // the table as the statement names it (a table rename: its old name)
  std::string from;             // column renames: old column name; table renames: old table name
  std::string to;
  bool table_rename = false;
};
std::vector<SqlRename> find_renames(const std::vector<SqlStatement>& statements,
                                    const dialects::lex::Syntax& syntax = dialects::lex::portable_syntax());

// What a statement does to a table, as its text says (`apply --capture`: the tables a file
// touches, and whether it means to delete rows of them).
struct TableWrite {
  enum class Kind {
    insert, // INSERT, REPLACE
    update, // UPDATE, MERGE without DELETE
    remove, // DELETE, TRUNCATE, MERGE ... DELETE, ALTER TABLE ... DROP/TRUNCATE/DETACH PARTITION
    alter,  // any other ALTER TABLE
    create, // CREATE TABLE
    drop,   // DROP TABLE
    rename, // a table rename (ALTER TABLE ... RENAME TO, RENAME TABLE): `table` becomes `to`
  };
  size_t statement = 0; // index into the statements scanned
  Kind kind = Kind::update;
  schemas::QualifiedName table; // as the statement names it
  schemas::QualifiedName to;    // a rename: the new name
};
// Every table each statement writes or changes, in statement order. A trigger's or a function's
// own writes are not seen.
std::vector<TableWrite> table_writes(const std::vector<SqlStatement>& statements,
                                     const dialects::lex::Syntax& syntax = dialects::lex::portable_syntax());

} // namespace strata::migrations
