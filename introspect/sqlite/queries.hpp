#pragma once
// The catalog queries of the SQLite reader: one batch query per object kind, each joining
// sqlite_schema with a table-valued pragma function where the CREATE texts do not say it all, so
// the number of queries does not depend on the number of tables. SQLite's internal objects (sqlite_%) and strata's own (strata_%) are
// filtered out here, by the table they belong to. `{only}` is where a read of a few objects
// (ReadOptions::only) adds its condition on m.tbl_name: nothing for a whole read. `{shadow:COLUMN}`
// is where the shadow tables of virtual tables are left out (COLUMN NOT IN their names, read once
// per read by k_shadow_tables; nothing when the database has no virtual table, so none).

namespace strata::introspect::sqlite::queries {

// What a read asks first: whether the database has a virtual table (only then can it have shadow
// tables), whether ANALYZE left statistics (sqlite_stat1, for the row estimates below) and whether
// a table has an automatic index (a UNIQUE or PRIMARY KEY constraint's, without a text: only the
// pragmas of k_index_columns tell its keys).
// One pass over sqlite_schema.
inline constexpr const char* k_facts =
  "SELECT count(CASE WHEN type = 'table' AND sql LIKE 'CREATE VIRTUAL %' THEN 1 END) AS virtual_tables,"
  " count(CASE WHEN name = 'sqlite_stat1' THEN 1 END) AS stat1,"
  " count(CASE WHEN type = 'index' AND sql IS NULL THEN 1 END) AS autoindexes FROM sqlite_schema";
// The shadow tables virtual tables keep their data in (posts_fts_data, geo_node, ...): the
// module's, never read as tables (pragma table_list says 'shadow' since SQLite 3.37). The pragma
// lists every table and view of the database (a view's columns worked out), so a read asks it once,
// not in each query.
inline constexpr const char* k_shadow_tables =
  "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'shadow'";

// Tables' own filter: ordinary tables that are neither internal, strata's, virtual nor shadow.
#define STRATA_SQLITE_USER_TABLE                                                                          \
  "m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND m.name NOT LIKE 'strata\\_%' ESCAPE '\\'" \
  " AND m.sql NOT LIKE 'CREATE VIRTUAL %'{shadow:m.name}"

// Every object with its SQL text: type, name, tbl_name, sql (in creation order); virtual tables
// are tables whose text starts CREATE VIRTUAL; shadow tables and their indexes are left out.
inline constexpr const char* k_objects =
  "SELECT m.type, m.name, m.tbl_name, m.sql FROM sqlite_schema m"
  " WHERE m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND m.tbl_name NOT LIKE 'strata\\_%' ESCAPE '\\'"
  " AND m.type IN ('table', 'index', 'view', 'trigger')"
  "{shadow:m.tbl_name}{only} ORDER BY m.rowid";

// The fingerprint: every row of sqlite_schema, strata's and SQLite's own too. The pragmas the
// queries below join are computed from these CREATE texts, so equal rows read as equal schemas;
// taken by type and name, not rowid, so an object recreated in the same form does not differ (the
// reader sorts them: SQLite's sorter would copy every CREATE text once more). Grouped by tbl_name
// (a table, its indexes and triggers), the rows of an object are all its read depends on but the
// name and primary key of each table its foreign keys reference.
inline constexpr const char* k_fingerprint = "SELECT type, name, tbl_name, sql FROM sqlite_schema";

// Columns of the tables `{pragma:COLUMN}` names (those whose CREATE text holds a form the reader's
// scan leaves open; the others' columns are read from their texts), hidden (generated) ones included.
inline constexpr const char* k_columns =
  "SELECT m.name AS table_name, p.cid, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk, p.hidden"
  " FROM sqlite_schema m JOIN pragma_table_xinfo(m.name) p WHERE " STRATA_SQLITE_USER_TABLE
  "{pragma:m.name}{only} ORDER BY m.rowid, p.cid";

// Key columns of every index of the tables whose indexes their CREATE INDEX texts do not tell
// (cid -2: expression key). Each pragma looks its table or index up by name in a hash table
// whose bucket count SQLite's default build caps, so at many thousand tables a lookup walks a
// long chain: the reader reads indexes from their texts and asks this only for the tables
// `{pragma:COLUMN}` names (those with an automatic index, whose keys only SQLite knows, and those
// with a key the text leaves open, such as (a) or "x").
inline constexpr const char* k_index_columns =
  "SELECT m.name AS table_name, il.name AS index_name, il.\"unique\", il.origin, il.partial,"
  " ix.seqno, ix.cid, ix.name AS column_name, ix.\"desc\", ix.coll"
  " FROM sqlite_schema m JOIN pragma_index_list(m.name) il JOIN pragma_index_xinfo(il.name) ix"
  " WHERE " STRATA_SQLITE_USER_TABLE "{pragma:m.name} AND ix.key = 1"
  "{only} ORDER BY m.rowid, il.name, ix.seqno";
// The tables with an automatic index, for `{pragma:COLUMN}` (IN takes COLUMN's BINARY collation;
// NOCASE, as SQLite matches names, is the safe side: at worst a table more is asked).
inline constexpr const char* k_autoindexed_tables =
  "SELECT tbl_name FROM sqlite_schema WHERE type = 'index' AND sql IS NULL";

// Foreign keys of the tables `{pragma:COLUMN}` names (those whose CREATE text holds a form the
// reader's scan leaves open; the others' keys are read from their texts), one row per column pair
// (rows of one key share id). A foreign key
// is declared with the keyword REFERENCES, which SQLite keeps in the table's text (ALTER TABLE ADD
// COLUMN appends to it): a table whose text lacks the word has none, and its pragma, a statement
// SQLite prepares for each table, is not run.
inline constexpr const char* k_foreign_keys =
  "SELECT m.name AS table_name, f.id, f.seq, f.\"table\", f.\"from\", f.\"to\", f.on_update, f.on_delete"
  " FROM sqlite_schema m JOIN pragma_foreign_key_list(m.name) f WHERE " STRATA_SQLITE_USER_TABLE
  " AND instr(lower(m.sql), 'references') > 0{pragma:m.name}"
  "{only} ORDER BY m.rowid, f.id, f.seq";

// Row estimates for the locking risks, from the statistics ANALYZE leaves in sqlite_stat1 (no
// table of it before the first ANALYZE: k_facts asks first). The first number of each row's
// stat is the rows of the table or index; a table's largest one counts (a partial index holds
// fewer). Sizes are not read: the dbstat table walks every page of the file.
inline constexpr const char* k_row_estimates =
  "SELECT tbl AS table_name, max(CAST(stat AS INTEGER)) AS row_estimate FROM sqlite_stat1 GROUP BY tbl";

#undef STRATA_SQLITE_USER_TABLE

} // namespace strata::introspect::sqlite::queries
