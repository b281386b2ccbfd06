#pragma once
// The PostgreSQL reader's catalog queries: one per kind of object for the whole database (never
// one per table). `{ns}` is replaced by an ARRAY['a','b'] literal of the namespaces read, and `{only:c.oid}` by
// `true`, or by `c.oid = ANY('{...}'::oid[])` where a fingerprint reads only some relations again. Lists
// of names come back joined with chr(31) (no identifier contains it). Objects that belong to an
// extension (pg_depend deptype 'e') and strata's own tables (strata_*) are left out.

namespace strata::introspect::postgres::queries {

// The connection's current_schema() (the default schema unless --schema-name names one) and
// every namespace but the system ones, with its comment and whether an extension made it (the
// reader lists those as nobody's schemas). One row with a NULL name when there is none; the
// reader picks the ones it reads (readable_namespace() filters strata's own too).
inline constexpr const char* k_schemas = R"SQL(
SELECT s.current_name AS current, n.nspname AS name, obj_description(n.oid, 'pg_namespace') AS comment,
  EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_namespace'::regclass AND d.objid = n.oid
    AND d.deptype = 'e') AS extension_owned
FROM (SELECT current_schema() AS current_name) s
LEFT JOIN pg_namespace n ON n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
ORDER BY n.nspname
)SQL";

// Partitioned tables (relkind 'p') come with their key: pg_get_partkeydef ("RANGE (a)",
// "LIST (lower(b))") and, when every key is a plain column (no 0 in partattrs), the columns by
// name. Partitions (relispartition) come with their parent (pg_inherits) and their bound as the
// server prints it ("FOR VALUES ...", "DEFAULT"). A partition's columns are its parent's (the
// columns query leaves partitions out); the constraints, indexes and triggers queries read its own
// and leave out what it inherits from its parent. total_bytes and row_estimate are live facts for
// the locking risks, from the statistics VACUUM, ANALYZE and CREATE INDEX keep in pg_class: the
// (main fork) pages of the table, its TOAST table and their indexes, and reltuples; both NULL while reltuples
// is -1 (never vacuumed or analysed). A partitioned table's are its leaf partitions' summed (NULL
// unless each was). pg_total_relation_size would be exact but opens every relation: 1.2 s at
// 2,000 tables where this takes milliseconds.
inline constexpr const char* k_tables = R"SQL(
SELECT n.nspname AS schema, c.relname AS name, ds.description AS comment,
  CASE WHEN NOT c.relrowsecurity THEN '' WHEN c.relforcerowsecurity THEN 'forced' ELSE 'enabled' END AS row_security,
  CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key,
  (SELECT string_agg(a.attname, chr(31) ORDER BY k.ord) FROM pg_partitioned_table pt
    CROSS JOIN LATERAL unnest(pt.partattrs::int2[]) WITH ORDINALITY k(num, ord)
    JOIN pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = k.num
    WHERE pt.partrelid = c.oid AND NOT (0 = ANY(pt.partattrs::int2[]))) AS partition_columns,
  pn.nspname AS parent_schema, pc.relname AS parent_name,
  CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,
  c.relpersistence = 'u' AS unlogged, array_to_string(c.reloptions, chr(31)) AS reloptions,
  (SELECT array_to_string(t.reloptions, chr(31)) FROM pg_class t WHERE t.oid = c.reltoastrelid) AS toast_reloptions,
  size.bytes AS total_bytes, size.rows AS row_estimate
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_inherits i ON c.relispartition AND i.inhrelid = c.oid
LEFT JOIN pg_class pc ON pc.oid = i.inhparent LEFT JOIN pg_namespace pn ON pn.oid = pc.relnamespace
LEFT JOIN pg_description ds ON ds.objoid = c.oid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = 0
LEFT JOIN LATERAL (
  SELECT CASE WHEN bool_and(l.reltuples >= 0) THEN sum(l.reltuples)::bigint END AS rows,
    CASE WHEN bool_and(l.reltuples >= 0) THEN
      sum(l.relpages + COALESCE(lt.relpages, 0) + COALESCE(ix.pages, 0))::bigint * current_setting('block_size')::bigint
    END AS bytes
  FROM pg_class l LEFT JOIN pg_class lt ON lt.oid = l.reltoastrelid
  LEFT JOIN LATERAL (SELECT sum(ic.relpages) AS pages FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid
                     WHERE x.indrelid IN (l.oid, l.reltoastrelid)) ix ON true
  WHERE l.oid = ANY (CASE WHEN c.relkind = 'p' THEN ARRAY(SELECT pt.relid FROM pg_partition_tree(c.oid) pt WHERE pt.isleaf)
                          ELSE ARRAY[c.oid] END)) size ON true
WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY({ns}) AND {only:c.oid}
  AND c.relname NOT LIKE 'strata\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 1, 2)SQL";

// serial_seq: the sequence a column owns through a serial declaration (pg_depend 'a'), with its
// type; identity sequences hang on the column with 'i' and are not reported. The owned sequences
// are one hashed join (the first by name where a column owns more than one), not a pg_depend index
// scan per column.
inline constexpr const char* k_columns = R"SQL(
SELECT n.nspname AS schema, c.relname AS table_name, a.attname AS name,
  format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,
  pg_get_expr(d.adbin, CASE WHEN a.attgenerated = '' THEN 0 ELSE d.adrelid END) AS default_expr,
  a.attidentity AS identity, a.attgenerated AS generated,
  CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN co.collname END AS collation,
  ds.description AS comment,
  serial.relname AS serial_seq, serial.seq_type AS serial_seq_type
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN pg_collation co ON co.oid = a.attcollation
LEFT JOIN pg_description ds ON ds.objoid = c.oid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = a.attnum
LEFT JOIN (SELECT DISTINCT ON (dep.refobjid, dep.refobjsubid) dep.refobjid, dep.refobjsubid, s.relname,
      format_type(sq.seqtypid, NULL) AS seq_type
    FROM pg_depend dep JOIN pg_class s ON s.oid = dep.objid AND s.relkind = 'S'
    JOIN pg_sequence sq ON sq.seqrelid = s.oid
    WHERE dep.classid = 'pg_class'::regclass AND dep.refclassid = 'pg_class'::regclass AND dep.deptype = 'a'
    ORDER BY dep.refobjid, dep.refobjsubid, s.relname) serial
  ON serial.refobjid = c.oid AND serial.refobjsubid = a.attnum
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND a.attnum > 0 AND NOT a.attisdropped
  AND n.nspname = ANY({ns}) AND {only:c.oid} AND c.relname NOT LIKE 'strata\_%'
ORDER BY 1, 2, a.attnum)SQL";

// Primary keys, foreign keys and checks (UNIQUE and EXCLUDE constraints come with the indexes),
// with their comments. Each key column's name is one lookup of pg_attribute's unique index on
// (attrelid, attnum), not a scan of the table's attributes hashed against the keys: 50 -> 30 ms of
// backend CPU at 1,000 tables. Left out: constraints cloned from a parent's (conparentid: a partition's
// inherited primary key and foreign keys, and on any table the per-partition copies of a foreign
// key that references a partitioned table) and a partition's inherited checks (coninhcount; a
// check the partition had when attached is merged into the parent's and no longer local).
inline constexpr const char* k_constraints = R"SQL(
SELECT n.nspname AS schema, c.relname AS table_name, con.conname AS name, con.contype AS type,
  con.condeferrable AS deferrable, con.condeferred AS deferred, con.convalidated AS validated,
  con.connoinherit AS no_inherit,
  con.confupdtype AS on_update, con.confdeltype AS on_delete, con.confmatchtype AS match,
  (SELECT string_agg((SELECT a.attname FROM pg_attribute a WHERE a.attrelid = con.conrelid AND a.attnum = k.num),
     chr(31) ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)) AS columns,
  fn.nspname AS ref_schema, fc.relname AS ref_table,
  (SELECT string_agg((SELECT a.attname FROM pg_attribute a WHERE a.attrelid = con.confrelid AND a.attnum = k.num),
     chr(31) ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)) AS ref_columns,
  pg_get_expr(con.conbin, con.conrelid) AS expression, ds.description AS comment
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class fc ON fc.oid = con.confrelid LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
LEFT JOIN pg_description ds ON ds.objoid = con.oid AND ds.classoid = 'pg_constraint'::regclass AND ds.objsubid = 0
WHERE con.contype IN ('p', 'f', 'c') AND n.nspname = ANY({ns}) AND {only:c.oid} AND c.relname NOT LIKE 'strata\_%'
  AND c.relkind IN ('r', 'p') AND con.conparentid = 0 AND (NOT c.relispartition OR con.coninhcount = 0)
ORDER BY 1, 2, 3)SQL";

// One row per index key (and INCLUDE column): pg_get_indexdef(oid, k, true) prints key k alone.
// indoption bit 1 is DESC, bit 2 NULLS FIRST. A key's operator class is read when it is not its
// type's default, named bare in pg_catalog and the current schema, else schema-qualified.
// indnullsnotdistinct (PostgreSQL 15) is read through to_jsonb, which leaves it NULL before 15.
// An EXCLUDE constraint's index comes with each key's operator (conexclop), named bare in
// pg_catalog and the current schema. Storage parameters are the index's reloptions ("name=value"
// joined by chr(31)); the comment is the index's, or its constraint's for UNIQUE and EXCLUDE.
// Indexes behind primary keys are skipped, and a partition's indexes attached to its parent's.
inline constexpr const char* k_indexes = R"SQL(
SELECT n.nspname AS schema, t.relname AS table_name, ic.relname AS name, i.indisunique AS is_unique,
  am.amname AS method, i.indnkeyatts AS key_count, k.n AS position,
  pg_get_expr(i.indpred, i.indrelid) AS predicate, con.contype AS constraint_type,
  a.attname AS column_name,
  CASE WHEN a.attname IS NULL THEN pg_get_indexdef(i.indexrelid, k.n, true) ELSE quote_ident(a.attname) END AS key_def,
  (i.indoption[k.n - 1] & 1) = 1 AS descending, (i.indoption[k.n - 1] & 2) = 2 AS nulls_first,
  CASE WHEN i.indcollation[k.n - 1] <> 0 AND i.indcollation[k.n - 1] <> COALESCE(a.attcollation, 100)
    THEN kc.collname END AS collation,
  CASE WHEN NOT oc.opcdefault THEN
    CASE WHEN ocn.nspname IN ('pg_catalog', current_schema()) THEN oc.opcname ELSE ocn.nspname || '.' || oc.opcname END
  END AS opclass,
  COALESCE((to_jsonb(i) ->> 'indnullsnotdistinct')::boolean, false) AS nulls_not_distinct,
  CASE WHEN eo.oid IS NOT NULL THEN
    CASE WHEN eon.nspname IN ('pg_catalog', current_schema()) THEN eo.oprname ELSE eon.nspname || '.' || eo.oprname END
  END AS exclusion_operator,
  COALESCE(con.condeferrable, false) AS deferrable, COALESCE(con.condeferred, false) AS deferred,
  array_to_string(ic.reloptions, chr(31)) AS reloptions,
  CASE WHEN con.oid IS NULL THEN ids.description ELSE cds.description END AS comment
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_am am ON am.oid = ic.relam
CROSS JOIN LATERAL generate_series(1, i.indnatts::int) AS k(n)
LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k.n - 1] AND i.indkey[k.n - 1] <> 0
LEFT JOIN pg_collation kc ON kc.oid = i.indcollation[k.n - 1]
LEFT JOIN pg_opclass oc ON k.n <= i.indnkeyatts AND oc.oid = i.indclass[k.n - 1]
LEFT JOIN pg_namespace ocn ON ocn.oid = oc.opcnamespace
LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')
LEFT JOIN pg_operator eo ON con.contype = 'x' AND k.n <= i.indnkeyatts AND eo.oid = con.conexclop[k.n]
LEFT JOIN pg_namespace eon ON eon.oid = eo.oprnamespace
LEFT JOIN pg_description ids ON ids.objoid = i.indexrelid AND ids.classoid = 'pg_class'::regclass AND ids.objsubid = 0
LEFT JOIN pg_description cds ON cds.objoid = con.oid AND cds.classoid = 'pg_constraint'::regclass AND cds.objsubid = 0
WHERE n.nspname = ANY({ns}) AND {only:t.oid} AND t.relname NOT LIKE 'strata\_%' AND t.relkind IN ('r', 'p', 'm')
  AND (NOT t.relispartition OR NOT EXISTS (SELECT 1 FROM pg_inherits ih WHERE ih.inhrelid = i.indexrelid))
  AND (con.contype IS NULL OR con.contype IN ('u', 'x'))
ORDER BY 1, 2, 3, k.n)SQL";

// Views and materialized views (relkind 'm'; relispopulated false: created or refreshed WITH NO
// DATA), with the comments on their columns ("name" chr(30) "comment", joined by chr(31)). The
// indexes of materialized views come with the tables' (k_indexes).
inline constexpr const char* k_views = R"SQL(
SELECT n.nspname AS schema, c.relname AS name, pg_get_viewdef(c.oid, true) AS query,
  vd.description AS comment, c.relkind = 'm' AS materialized, c.relispopulated AS populated,
  (SELECT string_agg(a.attname || chr(30) || ds.description, chr(31) ORDER BY a.attnum) FROM pg_attribute a
    JOIN pg_description ds ON ds.objoid = c.oid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = a.attnum
    WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS column_comments
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_description vd ON vd.objoid = c.oid AND vd.classoid = 'pg_class'::regclass AND vd.objsubid = 0
WHERE c.relkind IN ('v', 'm') AND n.nspname = ANY({ns}) AND c.relname NOT LIKE 'strata\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 1, 2)SQL";

// Enum types (one row per label) and composite types (one row per attribute, with its type, a
// collation other than its type's, and one row with a NULL attribute for a type without any), in
// one query. A composite type is a standalone one (pg_class relkind 'c'), never a table's or
// view's row type.
inline constexpr const char* k_types = R"SQL(
SELECT n.nspname AS schema, t.typname AS name, t.typtype AS kind, e.enumlabel AS value,
  a.attname AS attribute, format_type(a.atttypid, a.atttypmod) AS attribute_type,
  CASE WHEN a.attcollation <> 0 AND a.attcollation <> at.typcollation THEN co.collname END AS attribute_collation,
  col_description(c.oid, a.attnum) AS attribute_comment, obj_description(t.oid, 'pg_type') AS comment
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_enum e ON t.typtype = 'e' AND e.enumtypid = t.oid
LEFT JOIN pg_class c ON t.typtype = 'c' AND c.oid = t.typrelid
LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_type at ON at.oid = a.atttypid
LEFT JOIN pg_collation co ON co.oid = a.attcollation
WHERE ((t.typtype = 'e' AND e.enumlabel IS NOT NULL) OR (t.typtype = 'c' AND c.relkind = 'c'))
  AND n.nspname = ANY({ns})
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
ORDER BY 1, 2, e.enumsortorder, a.attnum)SQL";

// Sequences with the column that owns them (deptype 'a': OWNED BY / serial, 'i': identity), and
// what each has handed out: `readable` when the session may read it (privilege; an unlogged one
// has no data on a standby), then `last_value` NULL when it was never called.
inline constexpr const char* k_sequences = R"SQL(
SELECT n.nspname AS schema, c.relname AS name, format_type(s.seqtypid, NULL) AS type, s.seqstart AS start,
  s.seqincrement AS increment, s.seqmin AS min_value, s.seqmax AS max_value, s.seqcycle AS cycle,
  s.seqcache AS cache,
  (has_sequence_privilege(c.oid, 'SELECT,USAGE') AND (c.relpersistence = 'p' OR NOT pg_is_in_recovery())) AS readable,
  CASE WHEN has_sequence_privilege(c.oid, 'SELECT,USAGE') AND (c.relpersistence = 'p' OR NOT pg_is_in_recovery())
    THEN pg_sequence_last_value(c.oid) END AS last_value,
  dep.deptype AS dependency, oc.relname AS owner_table, oa.attname AS owner_column,
  obj_description(c.oid, 'pg_class') AS comment
FROM pg_sequence s
JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_depend dep ON dep.classid = 'pg_class'::regclass AND dep.objid = c.oid
  AND dep.refclassid = 'pg_class'::regclass AND dep.deptype IN ('a', 'i')
LEFT JOIN pg_class oc ON oc.oid = dep.refobjid
LEFT JOIN pg_attribute oa ON oa.attrelid = dep.refobjid AND oa.attnum = dep.refobjsubid
WHERE n.nspname = ANY({ns}) AND c.relname NOT LIKE 'strata\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 1, 2)SQL";

// Functions, procedures and aggregates (not window functions) with the server's own definition
// ({definition}: function.hpp's function_definition_sql, which builds aggregates'); arguments:
// the input argument types that tell overloads apart.
inline constexpr const char* k_functions = R"SQL(
SELECT n.nspname AS schema, p.proname AS name, oidvectortypes(p.proargtypes) AS arguments,
  {definition} AS definition, obj_description(p.oid, 'pg_proc') AS comment
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE p.prokind IN ('f', 'p', 'a') AND n.nspname = ANY({ns}) AND p.proname NOT LIKE 'strata\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
ORDER BY 1, 2, 3)SQL";

// Triggers the user made (not the internal ones behind foreign keys, nor those a partition's
// parent cloned onto it), as pg_get_triggerdef prints them.
inline constexpr const char* k_triggers = R"SQL(
SELECT n.nspname AS schema, c.relname AS table_name, t.tgname AS name, pg_get_triggerdef(t.oid, true) AS definition,
  obj_description(t.oid, 'pg_trigger') AS comment
FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND c.relkind IN ('r', 'p') AND n.nspname = ANY({ns})
  AND c.relname NOT LIKE 'strata\_%' AND {only:c.oid}
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_trigger'::regclass AND d.objid = t.oid AND d.deptype = 'e')
ORDER BY 1, 2, 3)SQL";

// Rules of tables and views (not a view's own _RETURN rule), as pg_get_ruledef prints them.
inline constexpr const char* k_rules = R"SQL(
SELECT n.nspname AS schema, c.relname AS relation, r.rulename AS name, pg_get_ruledef(r.oid, true) AS definition,
  obj_description(r.oid, 'pg_rewrite') AS comment
FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE r.rulename <> '_RETURN' AND c.relkind IN ('r', 'p', 'v', 'm') AND n.nspname = ANY({ns})
  AND c.relname NOT LIKE 'strata\_%' AND (c.relkind IN ('v', 'm') OR {only:c.oid})
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid AND d.deptype = 'e')
ORDER BY 1, 2, 3)SQL";

// Row-level security policies: command as pg_policy stores it (* r a w d), roles by name sorted
// ("public" for PUBLIC, oid 0), the USING and WITH CHECK expressions as the server prints them.
inline constexpr const char* k_policies = R"SQL(
SELECT n.nspname AS schema, c.relname AS table_name, p.polname AS name, p.polcmd AS command,
  p.polpermissive AS permissive,
  array_to_string(ARRAY(SELECT CASE WHEN r.oid = 0 THEN 'public' ELSE (SELECT a.rolname FROM pg_roles a WHERE a.oid = r.oid) END
                        FROM unnest(p.polroles) AS r(oid) ORDER BY 1), chr(31)) AS roles,
  pg_get_expr(p.polqual, p.polrelid) AS using_expression, pg_get_expr(p.polwithcheck, p.polrelid) AS check_expression
FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname = ANY({ns})
  AND c.relname NOT LIKE 'strata\_%' AND {only:c.oid}
ORDER BY 1, 2, 3)SQL";

// Domains with their base type, default, NOT NULL, non-default collation and checks (one row per
// check; a domain without checks has one row with a NULL check).
inline constexpr const char* k_domains = R"SQL(
SELECT n.nspname AS schema, t.typname AS name, format_type(t.typbasetype, t.typtypmod) AS type,
  t.typdefault AS default_value, t.typnotnull AS notnull,
  CASE WHEN t.typcollation <> 0 AND t.typcollation <> b.typcollation THEN co.collname END AS collation,
  c.conname AS check_name, pg_get_constraintdef(c.oid) AS check_definition,
  obj_description(t.oid, 'pg_type') AS comment
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_type b ON b.oid = t.typbasetype
LEFT JOIN pg_collation co ON co.oid = t.typcollation
LEFT JOIN pg_constraint c ON c.contypid = t.oid AND c.contype = 'c'
WHERE t.typtype = 'd' AND n.nspname = ANY({ns})
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
ORDER BY 1, 2, 7)SQL";

// Extensions whose objects live in a namespace read (plpgsql lives in pg_catalog: never read).
inline constexpr const char* k_extensions = R"SQL(
SELECT e.extname AS name, n.nspname AS schema, e.extversion AS version
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE n.nspname = ANY({ns})
ORDER BY 1)SQL";

// Privileges (read only where they are managed): every grant on the tables, views, materialized
// views, sequences, functions and schemas read, from their ACLs (or the defaults a NULL one
// stands for), one row per object, grantee and grant option with the privileges joined by chr(31);
// the owner's own left out, PUBLIC (grantee 0) as 'PUBLIC'. Functions by their input argument
// types, as k_functions reads them.
inline constexpr const char* k_privileges = R"SQL(
WITH objects AS (
  SELECT 'relation' AS kind, n.nspname AS schema, c.relname AS name, '' AS arguments, c.relowner AS owner,
    coalesce(c.relacl, acldefault((CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END)::"char", c.relowner)) AS acl
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND n.nspname = ANY({ns}) AND c.relname NOT LIKE 'strata\_%'
  UNION ALL
  SELECT 'function', n.nspname, p.proname, oidvectortypes(p.proargtypes), p.proowner,
    coalesce(p.proacl, acldefault('f', p.proowner))
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
  WHERE p.prokind IN ('f', 'p', 'a') AND n.nspname = ANY({ns}) AND p.proname NOT LIKE 'strata\_%'
  UNION ALL
  SELECT 'schema', n.nspname, n.nspname, '', n.nspowner, coalesce(n.nspacl, acldefault('n', n.nspowner))
  FROM pg_namespace n WHERE n.nspname = ANY({ns})
)
SELECT o.kind, o.schema, o.name, o.arguments,
  CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END AS role, a.is_grantable AS grantable,
  string_agg(a.privilege_type, chr(31) ORDER BY a.privilege_type) AS privileges
FROM objects o CROSS JOIN LATERAL aclexplode(o.acl) a
WHERE a.grantee <> o.owner
GROUP BY 1, 2, 3, 4, 5, 6
ORDER BY 1, 2, 3, 4, 5, 6)SQL";

// The roles of the server (read with the privileges: a grant to any other is refused at plan time).
inline constexpr const char* k_roles = "SELECT rolname AS name FROM pg_roles ORDER BY 1";

// What a fingerprint's text of a relation (its k_tables, k_columns, k_constraints and k_indexes
// rows) and the model's table (with its triggers, policies, rules and identity sequences: what
// read_changed keeps of a relation whose stamp did not change) can depend on, per relation those
// queries read (tables, partitioned tables, materialized views): `stamp` is the count of the
// catalog rows they read of it and the sum of a hash of each one's (xmin, ctid): its pg_class row
// and its TOAST table's, pg_attribute, pg_attrdef, pg_constraint, pg_index and the indexes'
// pg_class rows, pg_trigger, pg_policy, pg_rewrite, pg_inherits, pg_partitioned_table,
// pg_description of it, its columns, constraints, indexes, triggers and rules, and the sequences
// its columns own or their identities use (with their last value).
// An UPDATE writes a new tuple, so a row changed, added or removed changes the stamp (the in-place
// updates of VACUUM and ANALYZE touch only statistics, which the text leaves out). Each pg_depend
// row of those objects on another object is hashed with that object's name as the queries print
// it (format_type, regclass, regprocedure, regoperator, else pg_identify_object), so renaming a
// type, sequence, function or operator the relation uses changes its stamp too. `refs`: the
// relations read here that it depends on (a foreign key's referenced table, a partition's
// parent): its text prints their column names, which change their stamps.
inline constexpr const char* k_relation_stamps = R"SQL(
WITH rel AS (
  SELECT c.oid, n.nspname, c.relname, c.reltoastrelid, hashtextextended('c' || c.xmin::text || c.ctid::text, 0) AS h
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname = ANY({ns}) AND c.relname NOT LIKE 'strata\_%'),
idx AS (SELECT x.indrelid AS rel, x.indexrelid AS oid, hashtextextended('x' || x.xmin::text || x.ctid::text, 0) AS h
        FROM pg_index x JOIN rel ON rel.oid = x.indrelid),
con AS (SELECT k.conrelid AS rel, k.oid, hashtextextended('k' || k.xmin::text || k.ctid::text, 0) AS h
        FROM pg_constraint k JOIN rel ON rel.oid = k.conrelid),
def AS (SELECT d.adrelid AS rel, d.oid, hashtextextended('d' || d.xmin::text || d.ctid::text, 0) AS h
        FROM pg_attrdef d JOIN rel ON rel.oid = d.adrelid),
trg AS (SELECT t.tgrelid AS rel, t.oid, hashtextextended('g' || t.xmin::text || t.ctid::text, 0) AS h
        FROM pg_trigger t JOIN rel ON rel.oid = t.tgrelid),
pol AS (SELECT p.polrelid AS rel, p.oid, hashtextextended('o' || p.xmin::text || p.ctid::text, 0) AS h
        FROM pg_policy p JOIN rel ON rel.oid = p.polrelid),
rul AS (SELECT r.ev_class AS rel, r.oid, hashtextextended('w' || r.xmin::text || r.ctid::text, 0) AS h
        FROM pg_rewrite r JOIN rel ON rel.oid = r.ev_class),
own AS (
  SELECT rel.oid AS rel, 'pg_class'::regclass::oid AS classid, rel.oid AS objid FROM rel
  UNION ALL SELECT rel, 'pg_class'::regclass, oid FROM idx
  UNION ALL SELECT rel, 'pg_constraint'::regclass, oid FROM con
  UNION ALL SELECT rel, 'pg_attrdef'::regclass, oid FROM def
  UNION ALL SELECT rel, 'pg_trigger'::regclass, oid FROM trg
  UNION ALL SELECT rel, 'pg_policy'::regclass, oid FROM pol
  UNION ALL SELECT rel, 'pg_rewrite'::regclass, oid FROM rul),
dep AS (
  SELECT own.rel, d.refclassid, d.refobjid, hashtextextended('p' || d.xmin::text || d.ctid::text || CASE d.refclassid
      WHEN 'pg_class'::regclass THEN d.refobjid::regclass::text WHEN 'pg_type'::regclass THEN format_type(d.refobjid, NULL)
      WHEN 'pg_proc'::regclass THEN d.refobjid::regprocedure::text
      WHEN 'pg_operator'::regclass THEN d.refobjid::regoperator::text
      ELSE (pg_identify_object(d.refclassid, d.refobjid, 0)).identity END, 0) AS h
  FROM pg_depend d JOIN own ON d.classid = own.classid AND d.objid = own.objid AND d.refobjid <> own.rel),
stamps AS (
  SELECT rel.oid AS rel, rel.h FROM rel
  UNION ALL SELECT rel.oid, hashtextextended('t' || t.xmin::text || t.ctid::text, 0)
    FROM rel JOIN pg_class t ON t.oid = rel.reltoastrelid
  UNION ALL SELECT a.attrelid, hashtextextended('a' || a.xmin::text || a.ctid::text, 0)
    FROM pg_attribute a JOIN rel ON a.attrelid = rel.oid AND a.attnum > 0
  UNION ALL SELECT rel, h FROM idx UNION ALL SELECT rel, h FROM con UNION ALL SELECT rel, h FROM def
  UNION ALL SELECT rel, h FROM trg UNION ALL SELECT rel, h FROM pol UNION ALL SELECT rel, h FROM rul
  UNION ALL SELECT idx.rel, hashtextextended('i' || c.xmin::text || c.ctid::text, 0) FROM idx JOIN pg_class c ON c.oid = idx.oid
  UNION ALL SELECT own.rel, hashtextextended('h' || i.xmin::text || i.ctid::text, 0)
    FROM own JOIN pg_inherits i ON i.inhrelid = own.objid AND own.classid = 'pg_class'::regclass
  UNION ALL SELECT p.partrelid, hashtextextended('r' || p.xmin::text || p.ctid::text, 0)
    FROM pg_partitioned_table p JOIN rel ON rel.oid = p.partrelid
  UNION ALL SELECT own.rel, hashtextextended('s' || ds.xmin::text || ds.ctid::text, 0)
    FROM own JOIN pg_description ds ON ds.objoid = own.objid AND ds.classoid = own.classid
  UNION ALL SELECT rel, h FROM dep
  UNION ALL SELECT d.refobjid, hashtextextended('q' || d.xmin::text || d.ctid::text || s.xmin::text || s.ctid::text ||
      q.xmin::text || q.ctid::text || COALESCE(CASE WHEN has_sequence_privilege(s.oid, 'SELECT,USAGE')
        AND (s.relpersistence = 'p' OR NOT pg_is_in_recovery()) THEN pg_sequence_last_value(s.oid)::text END, '-'), 0)
    FROM pg_depend d JOIN rel ON rel.oid = d.refobjid JOIN pg_class s ON s.oid = d.objid JOIN pg_sequence q ON q.seqrelid = s.oid
    WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')),
refs AS (
  SELECT dep.rel, string_agg(DISTINCT dep.refobjid::text, ' ') AS refs FROM dep JOIN rel ON rel.oid = dep.refobjid
  WHERE dep.refclassid = 'pg_class'::regclass GROUP BY dep.rel)
SELECT rel.oid, rel.nspname AS schema, rel.relname AS name, s.n || ' ' || s.h AS stamp, refs.refs
FROM rel JOIN (SELECT stamps.rel, count(*) AS n, sum(stamps.h) AS h FROM stamps GROUP BY 1) s ON s.rel = rel.oid
LEFT JOIN refs ON refs.rel = rel.oid
ORDER BY 1)SQL";

// What every relation's text can depend on beyond its stamp: the database, the search path (the
// names format_type, regclass and pg_get_expr print bare or qualified), the session's own
// temporary relations (which hide others of their name) and the roles' names (a policy's).
inline constexpr const char* k_fingerprint_scope = R"SQL(
SELECT current_database() AS database, current_schemas(true)::text AS search_path,
  (SELECT count(*) || ' ' || COALESCE(sum(hashtextextended(c.xmin::text || c.ctid::text, 0)), 0) FROM pg_class c
   WHERE c.relnamespace = pg_my_temp_schema()) AS temporary,
  (SELECT count(*) || ' ' || COALESCE(sum(hashtextextended(r.oid::text || ' ' || r.rolname, 0)), 0)
   FROM pg_roles r) AS roles)SQL";

// The relations a read of only some (read_changed) needs beside them: those their foreign keys
// reference and the partitions' parents up to the root (a table's normal form looks them up).
// {keys}: the text[] literal of the relations' fingerprint keys (namespace, chr(31), name).
inline constexpr const char* k_relations_of_keys = R"SQL(
WITH RECURSIVE k AS (
  SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname = ANY({ns}) AND n.nspname || chr(31) || c.relname = ANY({keys})),
up AS (SELECT oid FROM k UNION SELECT i.inhparent FROM pg_inherits i JOIN up ON i.inhrelid = up.oid)
SELECT oid FROM up
UNION SELECT con.confrelid FROM pg_constraint con JOIN k ON con.conrelid = k.oid WHERE con.contype = 'f'
ORDER BY 1)SQL";

} // namespace strata::introspect::postgres::queries
