#pragma once
// Builds a Schema from a live catalog in a few batch queries (never one query per table).
// strata's own objects (names starting with "strata_") are never part of the result.

#include "dialects/connection.hpp"
#include "dialects/rendering.hpp"
#include "schemas/model.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace strata::introspect {

struct ReadOptions {
  // PostgreSQL: the namespace whose objects have an empty `schema` in the model (empty: the
  // connection's current_schema(), i.e. the first of its search_path, normally public).
  std::string schema_name;
  // PostgreSQL: further namespaces to read; their objects carry `schema` set.
  std::vector<std::string> extra_schemas;
  // PostgreSQL: read every namespace but the system ones (what `inspect` does without
  // --schema-name); objects outside the default schema carry `schema` set.
  bool all_schemas = false;
  // PostgreSQL: read the privileges too (the grants of tables, views, sequences, functions and
  // schemas, and the server's roles; `inspect --with-privileges`, a schema that manages them). The
  // result then says privileges_managed. Other engines read none.
  bool privileges = false;
  // Only the objects of these keys of a Fingerprint, with what their read needs of other objects:
  // the read of a few objects that changed, which a caller merges into an earlier read (see
  // read_changed). Unset: everything. SQLite: keys of its per-object fingerprints. PostgreSQL:
  // relation keys; the relations their foreign keys reference and their partition parents are read
  // too (their normal forms look them up), and everything but tables, partitioned tables and
  // materialized views' indexes is read whole. MySQL: not honoured.
  std::optional<std::set<std::string>> only{};

  bool operator==(const ReadOptions&) const = default;
};

// Reads the live schema through the engine's reader (introspect/<engine>/, chosen by
// connection.engine() from the engine list in schemas/engines.hpp). The result
// is in the model's terms but NOT normalized; callers pass it through dialect.normalize().
schemas::Schema read_schema(dialects::Connection& connection, const dialects::Rendering& dialect,
                            const ReadOptions& options = {});

// The catalog text read_schema's output is a function of: two states of a database with equal
// fingerprints read as equal schemas (table row estimates and sizes aside), so a caller that held
// a read of the one need not read the other. Different fingerprints promise nothing (an object
// recreated in another position differs; read both to compare).
struct Fingerprint {
  // The text by object key. per_object: each key is one object as ReadOptions::only names it (its
  // catalog rows alone), so the objects whose text differs between two fingerprints (or that one
  // has and the other not) are all that differs between the two reads (those of objects that
  // name them aside: ReadOptions::only reads what a read needs of others). Else the keys are the
  // engine's own split of the text (PostgreSQL: one per relation and one for all else).
  std::map<std::string, std::string> objects;
  // The key of the object of a name (tables, views and virtual tables are the objects); set
  // exactly when the fingerprint is per object.
  std::string (*key)(std::string_view name) = nullptr;
  // What the engine needs to take the next fingerprint of the same database from this one
  // (PostgreSQL: a version stamp of each relation's catalog rows); never compared.
  std::map<std::string, std::string> stamps;
  // Taken at FingerprintDepth::changes where that leaves text out: equal to no fingerprint.
  bool partial = false;
  bool per_object() const { return key != nullptr; }
  bool operator==(const Fingerprint& other) const
  {
    return !partial && !other.partial && objects == other.objects && key == other.key;
  }
};
// How much a fingerprint takes: `text`, all that equality compares; `changes`, what read_changed
// needs to tell what changed since another taken so, where the engine has it cheaper (PostgreSQL:
// the relations' stamps alone, no text: the fingerprint is partial).
enum class FingerprintDepth { text, changes };
// SQLite: its sqlite_schema rows, per object (a table with its indexes and triggers, a view, a
// virtual table; keyed by the lower-case name). PostgreSQL: every row of every catalog query the
// reader runs for `options` (one round trip each, no model built; sizes and row estimates left
// out), the rows of the per-table queries under their relation's key, the rest under "". Given
// `previous`, an earlier fingerprint of the same database with the same options, the per-table
// queries read only the relations whose catalog rows (or those of what their text names: a type,
// sequence or function they use, a foreign key's referenced table) changed since, and the others
// keep their text from `previous`: the result equals one taken without it. nullopt for an engine
// without fingerprints (MySQL, MariaDB).
std::optional<Fingerprint> fingerprint(dialects::Connection& connection, const dialects::Rendering& dialect,
                                       const ReadOptions& options = {}, const Fingerprint* previous = nullptr,
                                       FingerprintDepth depth = FingerprintDepth::text);

// Brings `last`, dialect.normalize(read_schema(...)) of the state that fingerprinted `was`, to the
// database's state now, fingerprinted `now`: the objects that changed (any of the catalog's,
// whatever changed them), and the tables whose foreign keys name them, are read again alone
// (ReadOptions::only), normalized and put in place of theirs; `last` then equals a whole read
// normalized. Per-object fingerprints (SQLite): the objects whose text differs. PostgreSQL: the
// relations whose text or stamp differs, and the partitions below them; the rest of the schema
// (views, types, sequences, functions, ...) is read whole, but a sequence owned by a relation not
// read again, and a materialized view's indexes, stay as they were. False, and `last` left as it
// was, when the engine cannot tell (MySQL; PostgreSQL with privileges, or when the search path,
// database or roles changed), or the read of SQLite's changed objects holds more than tables,
// views and virtual tables (the rest is not keyed).
bool read_changed(dialects::Connection& connection, const dialects::Rendering& dialect, const ReadOptions& options,
                  schemas::Schema& last, const Fingerprint& was, const Fingerprint& now);

// The keys of two fingerprints' maps (objects or stamps) whose text differs, or that only one has.
std::set<std::string> differing_keys(const std::map<std::string, std::string>& was,
                                     const std::map<std::string, std::string>& now);

// Appends every value of `rows` to `out`, each length-prefixed (NULL apart from ''): the exact
// text a fingerprint compares.
void append_rows(std::string& out, const dialects::ResultSet& rows);
// The same of one row, without the row count append_rows starts with.
void append_row(std::string& out, const std::vector<dialects::Value>& row);

} // namespace strata::introspect
