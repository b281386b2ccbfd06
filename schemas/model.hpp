#pragma once
// The schema model: plain, copyable, equality-comparable value types with no back-pointers.
// References between objects are by name. Source locations are NOT part of equality.

#include "schemas/boxed.hpp"
#include "schemas/rare_text.hpp"
#include "schemas/rare_value.hpp"
#include "schemas/source_location.hpp"
#include "schemas/types.hpp"

#include <algorithm>
#include <compare>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace strata::schemas {

// A possibly schema-qualified object name. `schema` is empty for the engine's default schema
// (SQLite main, PostgreSQL search_path/public, the MySQL connection database).
struct QualifiedName {
  std::string schema;
  std::string name;
  // "name" or "schema.name" (display only; never used to build SQL).
  std::string str() const { return schema.empty() ? name : schema + "." + name; }
  friend auto operator<=>(const QualifiedName&, const QualifiedName&) = default;
  friend bool operator==(const QualifiedName&, const QualifiedName&) = default;
};

// The order of QualifiedName (schema, then name) on two objects' own members, without making
// either's QualifiedName (two string copies per comparison while a schema's tables are sorted).
struct QualifiedOrder {
  template <typename T>
  bool operator()(const T& a, const T& b) const
  {
    const int schema = a.schema.compare(b.schema);
    return schema != 0 ? schema < 0 : a.name < b.name;
  }
};

struct GeneratedColumn {
  std::string expression;
  bool stored = false; // false: VIRTUAL
  friend bool operator==(const GeneratedColumn&, const GeneratedColumn&) = default;
};

// The options of a sequence (PostgreSQL CREATE SEQUENCE, and an identity column's own sequence):
// unset where the server's default applies.
struct SequenceOptions {
  std::optional<long long> start;
  std::optional<long long> increment;
  std::optional<long long> min_value;
  std::optional<long long> max_value;
  bool cycle = false;
  std::optional<long long> cache{};
  bool empty() const { return !start && !increment && !min_value && !max_value && !cycle && !cache; }
  friend bool operator==(const SequenceOptions&, const SequenceOptions&) = default;
};

// What a live sequence has handed out (PostgreSQL catalog read; unknown on the desired side and
// where the sequence cannot be read). Not part of the sequence's definition: never compared.
struct SequenceProgress {
  bool called = false;     // false: no value handed out yet (the next one is its start)
  long long last_value = 0; // the last value handed out, when called
  friend bool operator==(const SequenceProgress&, const SequenceProgress&) = default;
};

// A privilege grant on a PostgreSQL table, view, materialized view, sequence, function or schema
// (GRANT privileges ON object TO role), read and compared only where the schema opts in
// (Schema::privileges_managed). `role` is a role name as the server spells it, or "PUBLIC" (every
// role); `privileges` are upper case (SELECT, INSERT, EXECUTE, USAGE, ...), sorted and without ALL
// in the normal form, which also keeps one entry per role and grant option. The owner's own
// privileges are never listed.
struct Grant {
  std::string role;
  std::vector<std::string> privileges;
  bool with_grant_option = false;
  SourceLocation location;
  friend bool operator==(const Grant& a, const Grant& b)
  {
    return a.role == b.role && a.privileges == b.privileges && a.with_grant_option == b.with_grant_option;
  }
};

// The kinds of object that take grants (what a GRANT names after ON, and the privileges it takes).
enum class GrantTarget { table, view, materialized_view, sequence, function, schema };

// A new column's values for the rows its table already has (YAML `backfill:`, `backfill_batch:`).
// Desired side only: never compared, never read from or written for a catalog. Added to a live
// table, such a column is added NULL-able, filled by a batched UPDATE and only then made NOT NULL.
struct Backfill {
  std::string expression; // SQL over the row's other columns
  long long batch = 5000; // keys per batch
  SourceLocation location; // the `backfill:` key
  friend bool operator==(const Backfill&, const Backfill&) = default;
};

struct Column {
  // A large schema holds tens of thousands of columns, copied a few times while planning: the
  // fields most columns leave unset take one pointer each (Boxed, RareText), not their full size.
  // The flags side by side, in one word after the type (each alone would take a word of padding).
  std::string name;
  ColumnType type;
  bool nullable = true;
  bool identity = false; // SQLite: INTEGER PRIMARY KEY AUTOINCREMENT
  // PostgreSQL GENERATED ALWAYS AS IDENTITY (else BY DEFAULT); YAML `identity: always`.
  bool identity_always = false;
  // MariaDB: a column of a system-versioned table whose changes make no history row (WITHOUT
  // SYSTEM VERSIONING); YAML `system_versioning: false` on the column.
  bool without_versioning = false;
  std::optional<std::string> default_value; // SQL text, e.g. "CURRENT_TIMESTAMP", "'x'", "0"
  Boxed<GeneratedColumn> generated;
  RareText collation;                       // empty: engine default
  RareText comment;
  RareText renamed_from;                    // rename hint (desired side only)
  SourceLocation location;
  // MySQL ON UPDATE expression (e.g. "CURRENT_TIMESTAMP"); YAML `on_update`. Empty: none.
  RareText on_update{};
  // PostgreSQL serial columns: the type of the owned sequence when it is not the column's own
  // integer type (a serial column widened to bigint by hand keeps an `AS integer` sequence);
  // YAML `sequence_type`. Empty: the sequence PostgreSQL gives the serial type.
  RareText sequence_type{};
  // PostgreSQL identity columns: the options of the identity's sequence where they are not the
  // defaults (YAML `identity: {always, start, increment, min_value, max_value, cache, cycle}`).
  Boxed<SequenceOptions> identity_options{};
  // Live identity columns: what the identity's sequence has handed out (not compared).
  Boxed<SequenceProgress> identity_progress{};
  // Desired columns: how a new column is filled for existing rows (not compared).
  Boxed<Backfill> backfill{};

  bool same_definition(const Column& other) const; // all fields but location and renamed_from
  friend bool operator==(const Column& a, const Column& b) { return a.same_definition(b) && a.renamed_from == b.renamed_from; }
};

// One key of an index: a column or an expression, with an optional direction and collation. The
// fields most keys leave unset take one pointer each (RareText), as Column's do.
struct IndexKey {
  std::string column;     // set for a column key
  std::string expression; // set for an expression key (SQL text)
  bool descending = false;
  RareText collation;
  int length = 0;         // MySQL prefix length of a column key (`email(20)`); 0: the whole value
  // PostgreSQL NULLS FIRST / LAST when not the direction's own (ASC: last, DESC: first): "first",
  // "last" or empty. YAML `nulls`.
  RareText nulls{};
  // PostgreSQL operator class when not the type's default (text_pattern_ops, gin_trgm_ops), as
  // the catalog names it (schema-qualified outside pg_catalog and the default schema). YAML `opclass`.
  RareText opclass{};
  // PostgreSQL exclusion constraint: the operator this key is compared with (`=`, `&&`), as the
  // catalog names it (schema-qualified outside pg_catalog). YAML `with`. Empty on index keys.
  RareText with{};
  bool is_expression() const { return !expression.empty(); }
  friend bool operator==(const IndexKey&, const IndexKey&) = default;
};

struct Index {
  std::string name;
  std::vector<IndexKey> keys;
  bool unique = false;
  bool constraint = false;      // a UNIQUE constraint of the table rather than a CREATE INDEX
  RareText where;               // partial index predicate (SQL text), empty for none
  RareText method;              // engine access method (btree, gin, ...); empty: default
  std::vector<std::string> include; // covering columns (PostgreSQL INCLUDE)
  SourceLocation location;
  // PostgreSQL 15 UNIQUE NULLS NOT DISTINCT: rows whose keys are all NULL conflict too. YAML
  // `nulls_not_distinct`. Last, so positional initialisers of the fields above stay valid.
  bool nulls_not_distinct = false;
  // PostgreSQL UNIQUE and EXCLUDE constraints: DEFERRABLE [INITIALLY DEFERRED].
  bool deferrable = false;
  bool initially_deferred = false;
  // MySQL 8 INVISIBLE / MariaDB 10.6+ IGNORED: kept up to date, not used by the optimizer. YAML
  // `invisible`. Changed in place; not part of same_definition. Beside the flags above (a word of
  // padding alone).
  bool invisible = false;
  // PostgreSQL storage parameters (WITH (fillfactor = 70)) as pg_class.reloptions holds them:
  // name -> value text. YAML `with`. Changed in place (ALTER INDEX SET / RESET).
  std::map<std::string, std::string> with{};
  // COMMENT ON INDEX (a plain index) or ON CONSTRAINT (a UNIQUE or EXCLUDE constraint). Changed
  // in place; not part of same_definition.
  RareText comment{};

  // A PostgreSQL EXCLUDE constraint: its keys carry operators (YAML `excludes`).
  bool exclusion() const { return !keys.empty() && !keys.front().with.empty(); }
  // Plain column names when every key is a plain ascending column; otherwise empty.
  std::vector<std::string> column_names() const;
  bool same_definition(const Index& other) const; // all but location, `with`, `comment` and `invisible`
  friend bool operator==(const Index& a, const Index& b)
  {
    return a.same_definition(b) && a.with == b.with && a.comment == b.comment && a.invisible == b.invisible;
  }
};

struct ForeignKey {
  std::string name;
  std::vector<std::string> columns;
  QualifiedName references;             // referenced table
  std::vector<std::string> ref_columns;
  std::string on_delete = "no action";  // no action | restrict | cascade | set null | set default
  std::string on_update = "no action";
  bool deferrable = false;
  bool initially_deferred = false;
  std::string match;                    // empty (SIMPLE) | full | partial
  SourceLocation location;
  // PostgreSQL NOT VALID: existing rows were never checked (YAML `not_valid: true`). Last, so
  // positional initialisers of the fields above stay valid.
  bool not_valid = false;
  std::string comment{}; // PostgreSQL COMMENT ON CONSTRAINT; changed in place

  bool same_definition(const ForeignKey& other) const; // all but location and `comment`
  friend bool operator==(const ForeignKey& a, const ForeignKey& b)
  {
    return a.same_definition(b) && a.comment == b.comment;
  }
};

struct Check {
  std::string name;
  std::string expression;
  SourceLocation location;
  bool not_valid = false; // PostgreSQL NOT VALID (as ForeignKey::not_valid)
  bool no_inherit = false; // PostgreSQL NO INHERIT: child tables do not get it. YAML `no_inherit`.
  std::string comment{};   // PostgreSQL COMMENT ON CONSTRAINT; changed in place
  bool same_definition(const Check& b) const
  {
    return name == b.name && expression == b.expression && not_valid == b.not_valid && no_inherit == b.no_inherit;
  }
  friend bool operator==(const Check& a, const Check& b) { return a.same_definition(b) && a.comment == b.comment; }
};

// Engine-native trigger kept as its full definition text (CREATE TRIGGER ...).
struct Trigger {
  std::string name;
  std::string definition;
  SourceLocation location;
  std::string comment{}; // PostgreSQL COMMENT ON TRIGGER; changed in place
  bool same_definition(const Trigger& b) const { return name == b.name && definition == b.definition; }
  friend bool operator==(const Trigger& a, const Trigger& b) { return a.same_definition(b) && a.comment == b.comment; }
};

// A PostgreSQL rule of a table or view (CREATE RULE name AS ON event TO relation ... DO ...), kept
// as its whole definition like a trigger. The rules a view gets from CREATE VIEW (_RETURN) are the
// view itself and never appear here.
struct Rule {
  std::string name;
  std::string definition;
  SourceLocation location;
  std::string comment{}; // COMMENT ON RULE; changed in place
  bool same_definition(const Rule& b) const { return name == b.name && definition == b.definition; }
  friend bool operator==(const Rule& a, const Rule& b) { return a.same_definition(b) && a.comment == b.comment; }
};

// A PostgreSQL row-level security policy of a table (CREATE POLICY). `command` is all, select,
// insert, update or delete; `roles` are role names as the server shows them ("public" for
// everyone), sorted; `using_expression` and `check_expression` are SQL text, empty for none.
struct Policy {
  std::string name;
  std::string command = "all";
  bool permissive = true; // AS PERMISSIVE (the default) or AS RESTRICTIVE
  std::vector<std::string> roles;
  std::string using_expression;
  std::string check_expression;
  SourceLocation location;
  friend bool operator==(const Policy& a, const Policy& b)
  {
    return a.name == b.name && a.command == b.command && a.permissive == b.permissive && a.roles == b.roles &&
           a.using_expression == b.using_expression && a.check_expression == b.check_expression;
  }
};

// One partition of a partitioned MySQL/MariaDB table. `values` is its bound as SQL after VALUES:
// "LESS THAN (2024)", "LESS THAN MAXVALUE" (RANGE), "IN (1, 2)" (LIST); empty for HASH and KEY.
struct Partition {
  std::string name;
  std::string values;
  std::string comment;
  SourceLocation location;
  friend bool operator==(const Partition& a, const Partition& b)
  {
    return a.name == b.name && a.values == b.values && a.comment == b.comment;
  }
};

// Partitioning of a table (YAML `partition`). Empty `method`: not partitioned. MySQL/MariaDB use
// every field; PostgreSQL (declarative partitioning) only `method` (range, list, hash) and its key:
// `columns` (plain column names) or `expression` (SQL text, the key list as PARTITION BY reads
// it, e.g. "lower(name)" or "(a + b), c"); its partitions are tables of their own (Table::partition_of).
struct Partitioning {
  std::string method;     // range, list, hash, key, linear hash, linear key, range columns, list columns
  std::string expression; // the expression or column list PARTITION BY reads (SQL text)
  int count = 0;          // HASH/KEY partitions without names: how many (0: named in `partitions`)
  std::string sub_method; // SUBPARTITION BY hash | key | linear hash | linear key; empty: none
  std::string sub_expression;
  int sub_count = 0;      // SUBPARTITIONS n
  std::vector<Partition> partitions;
  SourceLocation location;
  // PostgreSQL: the partition key as plain column names (YAML `columns`); empty when `expression`
  // holds the key. Last, so positional initialisers of the fields above stay valid.
  std::vector<std::string> columns{};

  bool empty() const { return method.empty(); }
  // Same method, key and subpartitioning: only the partition list may differ.
  bool same_scheme(const Partitioning& o) const
  {
    return method == o.method && expression == o.expression && columns == o.columns && count == o.count &&
           sub_method == o.sub_method && sub_expression == o.sub_expression && sub_count == o.sub_count;
  }
  friend bool operator==(const Partitioning& a, const Partitioning& b)
  {
    return a.same_scheme(b) && a.partitions == b.partitions;
  }
};

// MySQL's text of partitioning: "PARTITION p VALUES LESS THAN (10) COMMENT = 'x'" and the whole
// "PARTITION BY RANGE (expr) [SUBPARTITION BY …] (PARTITION …, …)" clause; names go through
// `identifier`, comments through `literal` (the engine's quoting).
using TextQuote = std::string (*)(const std::string&);
std::string partition_definition(const Partition& partition, TextQuote identifier, TextQuote literal);
std::string partitioning_clause(const Partitioning& partitioning, TextQuote identifier, TextQuote literal);

// A PostgreSQL partition: the table is a partition of `table` (YAML `partition_of`), taking the
// rows `bound` admits ("FOR VALUES FROM (1) TO (10)", "FOR VALUES IN ('a')", "FOR VALUES WITH
// (MODULUS 4, REMAINDER 0)", SQL text as the server prints it after canonicalisation) or, with
// `is_default`, every row no other partition takes (bound empty). Its columns, and the keys,
// indexes, checks and foreign keys it inherits, are its parent's. Empty `table.name`: not a partition.
struct PartitionOf {
  QualifiedName table;
  std::string bound;
  bool is_default = false;
  SourceLocation location;

  bool empty() const { return table.name.empty(); }
  // "FOR VALUES ..." or "DEFAULT": the clause after PARTITION OF parent / ATTACH PARTITION p.
  std::string clause() const { return is_default ? std::string("DEFAULT") : bound; }
  friend bool operator==(const PartitionOf& a, const PartitionOf& b)
  {
    return a.table == b.table && a.bound == b.bound && a.is_default == b.is_default;
  }
};

// MariaDB system versioning (WITH SYSTEM VERSIONING; YAML `system_versioning`): the table keeps
// the past versions of its rows as history rows. `row_start` and `row_end` name the columns of the
// explicit form (GENERATED ALWAYS AS ROW START / ROW END, PERIOD FOR SYSTEM_TIME); both empty is
// the implicit form (the server's hidden ROW_START and ROW_END). Not enabled: not versioned.
struct SystemVersioning {
  bool enabled = false;
  std::string row_start;
  std::string row_end;
  bool explicit_period() const { return !row_start.empty(); }
  // Whether `column` is one of the explicit form's period columns.
  bool period_column(const std::string& column) const
  {
    return enabled && !column.empty() && (column == row_start || column == row_end);
  }
  friend bool operator==(const SystemVersioning&, const SystemVersioning&) = default;
};

// What the live database's catalog says of a table's size: live facts read by the introspection
// readers, never written to YAML and never compared (a table's definition is the same at any
// size). Each part is empty when the catalog does not know it (PostgreSQL never analysed, SQLite
// without ANALYZE).
struct TableEstimate {
  std::optional<long long> bytes; // table, indexes and TOAST data
  std::optional<long long> rows;  // the planner statistics' row estimate
  bool known() const { return bytes.has_value() || rows.has_value(); }
};

struct Table {
  // As Column's: what most tables leave unset takes one pointer (RareText, RareValue), so that
  // thousands of tables and their copies while planning stay small (448 bytes, 968 before).
  std::string schema; // empty: default schema
  std::string name;
  RareText comment;
  std::vector<Column> columns;
  std::vector<std::string> primary_key;
  RareText primary_key_name;    // empty: engine default / unnamed
  std::vector<Index> indexes;
  std::vector<ForeignKey> foreign_keys;
  std::vector<Check> checks;
  std::vector<Trigger> triggers;
  // Engine table options, e.g. sqlite: {without_rowid: "true", strict: "true"}.
  std::map<std::string, std::string> options;
  RareText renamed_from;
  SourceLocation location;
  // MySQL/MariaDB PARTITION BY (YAML `partition`). Last, so positional initialisers stay valid.
  RareValue<Partitioning> partitioning{};
  // PostgreSQL primary key: DEFERRABLE [INITIALLY DEFERRED] and its COMMENT ON CONSTRAINT (YAML
  // `primary_key` map keys `deferrable`, `initially_deferred`, `comment`).
  bool primary_key_deferrable = false;
  bool primary_key_initially_deferred = false;
  RareText primary_key_comment{};
  // PostgreSQL row-level security: "" (off), "enabled" or "forced" (also for the table's owner),
  // and the table's policies (YAML `row_level_security`, `policies`).
  RareText row_security{};
  std::vector<Policy> policies{};
  // PostgreSQL: the table is a partition of another (YAML `partition_of`); empty: it is not.
  RareValue<PartitionOf> partition_of{};
  // PostgreSQL rules on the table (YAML `rules`).
  std::vector<Rule> rules{};
  // Size and row estimate of a live table (inspection only; not part of its definition).
  TableEstimate estimate{};
  // MariaDB system versioning (YAML `system_versioning`).
  RareValue<SystemVersioning> versioning{};
  // PostgreSQL privileges granted on the table (YAML `grants`); changed in place (GRANT / REVOKE),
  // not part of same_definition.
  std::vector<Grant> grants{};

  QualifiedName qualified() const { return {schema, name}; }
  const Column* find_column(const std::string& column) const;
  const Index* find_index(const std::string& index) const;
  const ForeignKey* find_foreign_key(const std::string& fk) const;
  const Check* find_check(const std::string& check) const;
  bool same_definition(const Table& other) const; // everything but locations, renamed_from, estimate and grants
  friend bool operator==(const Table& a, const Table& b)
  {
    return a.same_definition(b) && a.renamed_from == b.renamed_from && a.grants == b.grants;
  }
};

struct View {
  std::string schema;
  std::string name;
  std::string query;                // the SELECT text
  std::vector<std::string> columns; // optional explicit column list
  std::string comment;
  SourceLocation location;
  // MySQL/MariaDB view options: security (definer | invoker), algorithm (undefined | merge |
  // temptable), and the charset and collation the view is created under (its
  // character_set_client and collation_connection). Empty: the engine's defaults.
  std::map<std::string, std::string> options{};
  // A PostgreSQL materialized view (YAML `materialized_views:`): its rows are stored. `with_data`
  // false: created WITH NO DATA (not populated until refreshed); how strata creates it, not
  // compared (populating is data). `indexes` its indexes, as a table's. Last, so positional
  // initialisers of the fields above stay valid.
  bool materialized = false;
  bool with_data = true;
  std::vector<Index> indexes{};
  // PostgreSQL rules on the view (YAML `rules`), e.g. the INSTEAD rules of an updatable view.
  std::vector<Rule> rules{};
  // PostgreSQL comments on the view's columns (YAML `column_comments`: column name -> text;
  // COMMENT ON COLUMN view.column), changed in place.
  std::map<std::string, std::string> column_comments{};
  // PostgreSQL privileges granted on the view (YAML `grants`); changed in place.
  std::vector<Grant> grants{};

  QualifiedName qualified() const { return {schema, name}; }
  // "view" or "materialized view" (messages and descriptions).
  const char* kind() const { return materialized ? "materialized view" : "view"; }
  const Index* find_index(const std::string& index) const;
  // What cannot change without creating the view again: all but its comment, `with_data`,
  // indexes, rules, column comments and location (a plain view's comment changes by creating it again too).
  bool same_relation(const View& other) const
  {
    return schema == other.schema && name == other.name && query == other.query && columns == other.columns &&
           options == other.options && materialized == other.materialized;
  }
  friend bool operator==(const View& a, const View& b)
  {
    return a.same_relation(b) && a.comment == b.comment && a.with_data == b.with_data && a.indexes == b.indexes &&
           a.rules == b.rules && a.column_comments == b.column_comments && a.grants == b.grants;
  }
};

struct Enum {
  std::string schema;
  std::string name;
  std::vector<std::string> values;
  SourceLocation location;
  std::string comment{}; // PostgreSQL COMMENT ON TYPE; changed in place

  QualifiedName qualified() const { return {schema, name}; }
  bool same_definition(const Enum& b) const { return schema == b.schema && name == b.name && values == b.values; }
  friend bool operator==(const Enum& a, const Enum& b) { return a.same_definition(b) && a.comment == b.comment; }
};

struct Sequence : SequenceOptions {
  std::string schema;
  std::string name;
  std::string type;                   // empty: engine default
  std::string owned_by;               // "table.column" or empty
  SourceLocation location;
  std::string comment{};              // PostgreSQL COMMENT ON SEQUENCE; changed in place
  std::optional<SequenceProgress> progress{}; // live only: what it has handed out (not compared)
  std::vector<Grant> grants{};        // PostgreSQL privileges (YAML `grants`); changed in place

  QualifiedName qualified() const { return {schema, name}; }
  const SequenceOptions& options() const { return *this; }
  bool same_definition(const Sequence& b) const
  {
    return schema == b.schema && name == b.name && type == b.type && options() == b.options() && owned_by == b.owned_by;
  }
  friend bool operator==(const Sequence& a, const Sequence& b)
  {
    return a.same_definition(b) && a.comment == b.comment && a.grants == b.grants;
  }
};

// A PostgreSQL function or procedure, kept as its whole definition (CREATE [OR REPLACE]
// FUNCTION|PROCEDURE ...). Its identity is schema, name and the types of its input arguments, so
// overloads are distinct objects.
struct Function {
  std::string schema;
  std::string name;
  // The input argument types as format_type() prints them, joined by ", " ("integer, text"; empty
  // for none). Derived from the definition when not set (YAML has no key for it).
  std::string arguments;
  std::string definition;
  SourceLocation location;
  std::string comment{}; // COMMENT ON FUNCTION | PROCEDURE | AGGREGATE; changed in place
  // MySQL/MariaDB: "procedure" for a stored procedure, which has a namespace of its own there (a
  // function and a procedure may share a name), set from the definition when normalized; empty
  // otherwise (PostgreSQL's functions and procedures share one namespace). Part of the identity.
  std::string kind{};
  std::vector<Grant> grants{}; // privileges (YAML `grants`: EXECUTE); changed in place

  QualifiedName qualified() const { return {schema, name}; }
  // "name(integer, text)" or "schema.name(...)" (display; never used to build SQL).
  std::string signature() const { return qualified().str() + "(" + arguments + ")"; }
  // What tells two functions apart: the signature, after the kind when there is one.
  std::string identity() const { return kind.empty() ? signature() : kind + " " + signature(); }
  bool same_identity(const Function& b) const
  {
    return schema == b.schema && name == b.name && arguments == b.arguments && kind == b.kind;
  }
  bool same_definition(const Function& b) const { return same_identity(b) && definition == b.definition; }
  friend bool operator==(const Function& a, const Function& b)
  {
    return a.same_definition(b) && a.comment == b.comment && a.grants == b.grants;
  }
};

// A PostgreSQL extension (CREATE EXTENSION): database-wide, known by its name; `schema` is where
// its objects live (empty: the default schema) and `version` the one installed (empty in the YAML:
// whichever the server has; not compared).
struct Extension {
  std::string name;
  std::string schema;
  std::string version;
  SourceLocation location;

  friend bool operator==(const Extension& a, const Extension& b)
  {
    return a.name == b.name && a.schema == b.schema && a.version == b.version;
  }
};

// A PostgreSQL domain: a base type with an optional default, NOT NULL, collation and named checks
// (their expressions use VALUE). Columns name it as their type.
struct Domain {
  std::string schema;
  std::string name;
  ColumnType type;
  std::optional<std::string> default_value;
  bool nullable = true;
  std::string collation;
  std::vector<Check> checks;
  SourceLocation location;
  std::string comment{}; // COMMENT ON DOMAIN; changed in place

  QualifiedName qualified() const { return {schema, name}; }
  bool same_definition(const Domain& b) const
  {
    return schema == b.schema && name == b.name && type == b.type && default_value == b.default_value &&
           nullable == b.nullable && collation == b.collation && checks == b.checks;
  }
  friend bool operator==(const Domain& a, const Domain& b) { return a.same_definition(b) && a.comment == b.comment; }
};

// An attribute of a PostgreSQL composite type: a name, a type written as a column's and an
// optional collation (empty: the type's own).
struct CompositeAttribute {
  std::string name;
  ColumnType type;
  std::string collation;
  SourceLocation location;
  std::string comment{}; // COMMENT ON COLUMN type.attribute; changed in place, not part of ==

  friend bool operator==(const CompositeAttribute& a, const CompositeAttribute& b)
  {
    return a.name == b.name && a.type == b.type && a.collation == b.collation;
  }
};

// A PostgreSQL composite type (CREATE TYPE name AS (attribute type, ...)): its attributes in their
// order, which is the order of the fields of its values. Columns, domains, functions and other
// composite types name it as a type. A table's row type is not one of these.
struct CompositeType {
  std::string schema;
  std::string name;
  std::vector<CompositeAttribute> attributes;
  SourceLocation location;
  std::string comment{}; // COMMENT ON TYPE; changed in place

  QualifiedName qualified() const { return {schema, name}; }
  const CompositeAttribute* find_attribute(const std::string& attribute) const;
  bool same_definition(const CompositeType& b) const
  {
    return schema == b.schema && name == b.name && attributes == b.attributes;
  }
  friend bool operator==(const CompositeType& a, const CompositeType& b)
  {
    return a.same_definition(b) && a.comment == b.comment &&
           std::equal(a.attributes.begin(), a.attributes.end(), b.attributes.begin(),
                      [](const CompositeAttribute& x, const CompositeAttribute& y) { return x.comment == y.comment; });
  }
};

// An SQLite virtual table (CREATE VIRTUAL TABLE name USING module(arguments)): FTS5, FTS4,
// R*Tree and the like. Known by its name, which it shares with the tables; compared by its
// declaration: `module` in any case, `arguments` (the text between the parentheses, empty for
// none) with whitespace and comments normalised (the dialect's normal form). Its columns and its
// shadow tables (posts_fts_data, geo_node, ...) belong to the module and are never read as tables.
struct VirtualTable {
  std::string name;
  std::string module;
  std::string arguments;
  SourceLocation location;

  bool same_definition(const VirtualTable& b) const
  {
    return name == b.name && module == b.module && arguments == b.arguments;
  }
  friend bool operator==(const VirtualTable& a, const VirtualTable& b) { return a.same_definition(b); }
};

// A PostgreSQL schema (a namespace: CREATE SCHEMA), listed under the YAML's `schemas:`. `name` is
// the namespace's own name, kept as written (a quoted identifier); the model spells the default
// schema "" (as objects' `schema` does) once the planner has unqualified it. `comment` empty: none.
// A namespace that objects name but `schemas:` does not list is implicit: created when missing,
// its comment never compared.
struct Namespace {
  std::string name;
  std::string comment;
  SourceLocation location;
  // Privileges granted on the schema (YAML `grants`: USAGE, CREATE); never read nor compared for
  // the default schema.
  std::vector<Grant> grants{};

  friend bool operator==(const Namespace& a, const Namespace& b)
  {
    return a.name == b.name && a.comment == b.comment && a.grants == b.grants;
  }
};

struct Schema {
  std::vector<Extension> extensions; // PostgreSQL
  std::vector<Table> tables;
  std::vector<View> views;
  std::vector<Enum> enums;
  std::vector<Sequence> sequences;
  std::vector<Function> functions; // PostgreSQL
  std::vector<Domain> domains;     // PostgreSQL
  // SQLite. Last, so positional initialisers of the fields above stay valid.
  std::vector<VirtualTable> virtual_tables{};
  std::vector<CompositeType> composite_types{}; // PostgreSQL
  // PostgreSQL: the namespaces listed (desired) or read (live: each one read that exists, the
  // default one as "").
  std::vector<Namespace> namespaces{};
  // PostgreSQL privileges are part of the schema (YAML `privileges: managed`; a live schema read
  // with them). Compared only when both sides have them; otherwise every `grants` list is ignored.
  bool privileges_managed = false;
  // The roles that exist on the server (live, read with the privileges; sorted): a grant to any
  // other role is refused at plan time.
  std::vector<std::string> roles{};

  const Table* find_table(const QualifiedName& name) const;
  const View* find_view(const QualifiedName& name) const;
  const Enum* find_enum(const QualifiedName& name) const;
  const Sequence* find_sequence(const QualifiedName& name) const;
  // By schema, name and argument types.
  const Function* find_function(const Function& function) const;
  const Extension* find_extension(const std::string& name) const;
  const Domain* find_domain(const QualifiedName& name) const;
  const CompositeType* find_composite_type(const QualifiedName& name) const;
  const Namespace* find_namespace(const std::string& name) const;
  // The non-default schemas its objects (tables, views, types, domains, sequences, functions,
  // extensions) are in, each once, in the order first met.
  std::vector<std::string> object_namespaces() const;
  // By name, in any ASCII case (SQLite names).
  const VirtualTable* find_virtual_table(const std::string& name) const;
  // The table whose columns `table` has: itself, or for a PostgreSQL partition its root parent
  // (following partition_of); null when a parent is unknown or the chain loops.
  const Table* column_owner(const Table& table) const;
  // The tables above a PostgreSQL partition, its parent first (empty for a table that is not one);
  // the list stops before an unknown parent, and where the chain loops.
  std::vector<const Table*> partition_parents(const Table& table) const;
  friend bool operator==(const Schema&, const Schema&) = default;
};

// Gives back the spare capacity of the lists a reader or the loader filled item by item (a
// vector grown by push_back holds up to twice what it needs; at thousands of tables the columns'
// spare room alone was tens of megabytes). Copies of a schema are exact already.
void shrink_to_fit(Schema& schema);

} // namespace strata::schemas
