// What a valid document loads into: every field of the format, shorthands and default names.

#include "schema_test_support.hpp"

#include "schemas/naming.hpp"

#include <catch2/catch.hpp>

using namespace strata::schemas;
using strata::test::messages;
using strata::test::yaml_text;

namespace {

// The example of DESIGN.md, plus the orgs table and org_id column its foreign key needs.
const char* const k_design_example = R"y(
version: 1
tables:
  - name: users
    comment: Registered users
    columns:
      - { name: id, type: bigint, identity: true }
      - { name: email, type: varchar(255), nullable: false }
      - { name: display_name, type: text, renamed_from: name }   # rename hint
      - { name: created_at, type: timestamp, nullable: false, default: CURRENT_TIMESTAMP }
      - { name: settings, type: { postgres: jsonb, mysql: json, sqlite: text } }
      - { name: org_id, type: bigint }
    primary_key: [id]
    indexes:
      - { name: users_email_uq, columns: [email], unique: true }
      - { name: users_recent_idx, columns: [created_at], where: "deleted_at IS NULL" }
      - { name: users_lower_email_idx, expressions: ["lower(email)"] }
    foreign_keys:
      - { name: users_org_fk, columns: [org_id], references: { table: orgs, columns: [id] }, on_delete: cascade }
    checks:
      - { name: users_email_at, expression: "email LIKE '%@%'" }
  - name: orgs
    columns:
      - { name: id, type: bigint }
    primary_key: [id]
views:
  - { name: active_users, query: "SELECT id, email FROM users WHERE deleted_at IS NULL" }
enums:                      # PostgreSQL types; MySQL ENUM columns; SQLite CHECK constraints
  - { name: mood, values: [happy, sad] }
)y";

LoadResult load(const char* text)
{
  return load_string(yaml_text(text), "s.yaml");
}

} // namespace

TEST_CASE("the DESIGN.md example loads with every field", "[yaml][loader]")
{
  const auto result = load(k_design_example);
  REQUIRE(messages(result.diagnostics) == std::vector<std::string>{});
  const auto& schema = result.schema;
  REQUIRE(schema.tables.size() == 2);
  const auto& users = schema.tables[0];
  CHECK(users.name == "users");
  CHECK(users.comment == "Registered users");
  CHECK(users.location == SourceLocation{"s.yaml", 3, 5});
  REQUIRE(users.columns.size() == 6);
  CHECK(users.columns[0].identity);
  CHECK(users.columns[0].type == ColumnType::make_portable(PortableKind::bigint_));
  CHECK(users.columns[0].location == SourceLocation{"s.yaml", 6, 9});
  CHECK_FALSE(users.columns[1].nullable);
  CHECK(users.columns[1].type == ColumnType::make_portable(PortableKind::varchar_, {255}));
  CHECK(users.columns[2].renamed_from == "name");
  CHECK(users.columns[3].default_value == std::optional<std::string>("CURRENT_TIMESTAMP"));
  CHECK(users.columns[4].type.kind == ColumnType::Kind::per_engine);
  CHECK(users.columns[4].type.per_engine ==
        std::map<std::string, std::string>{{"postgres", "jsonb"}, {"mysql", "json"}, {"sqlite", "text"}});
  CHECK(users.primary_key == std::vector<std::string>{"id"});
  REQUIRE(users.indexes.size() == 3);
  CHECK(users.indexes[0].unique);
  CHECK_FALSE(users.indexes[0].constraint);
  CHECK(users.indexes[1].where == "deleted_at IS NULL");
  REQUIRE(users.indexes[2].keys.size() == 1);
  CHECK(users.indexes[2].keys[0].expression == "lower(email)");
  REQUIRE(users.foreign_keys.size() == 1);
  CHECK(users.foreign_keys[0].references == QualifiedName{"", "orgs"});
  CHECK(users.foreign_keys[0].ref_columns == std::vector<std::string>{"id"});
  CHECK(users.foreign_keys[0].on_delete == "cascade");
  CHECK(users.foreign_keys[0].on_update == "no action");
  REQUIRE(users.checks.size() == 1);
  CHECK(users.checks[0].expression == "email LIKE '%@%'");
  REQUIRE(schema.views.size() == 1);
  CHECK(schema.views[0].query == "SELECT id, email FROM users WHERE deleted_at IS NULL");
  REQUIRE(schema.enums.size() == 1);
  CHECK(schema.enums[0].values == std::vector<std::string>{"happy", "sad"});
}

TEST_CASE("the DESIGN.md example verbatim reports only its dangling foreign key", "[yaml][loader]")
{
  std::string text = yaml_text(k_design_example);
  text.erase(text.find("      - { name: org_id, type: bigint }\n"), 39);
  text.erase(text.find("  - name: orgs"), text.find("views:") - text.find("  - name: orgs"));
  CHECK(messages(load_string(text, "s.yaml").diagnostics) ==
        std::vector<std::string>{
          "s.yaml:17:41: table \"users\": foreign key \"users_org_fk\": unknown column \"org_id\"",
          "s.yaml:17:71: table \"users\": foreign key \"users_org_fk\": references unknown table \"orgs\"",
        });
}

TEST_CASE("defaults are SQL text taken from the scalar as written", "[yaml][loader]")
{
  const auto result = load(R"y(
tables:
  - name: t
    columns:
      - { name: a, type: integer, default: 0 }
      - { name: b, type: text, default: "'active'" }
      - { name: c, type: boolean, default: true }
      - { name: d, type: timestamp, default: CURRENT_TIMESTAMP }
      - { name: e, type: text, default: null }
      - { name: f, type: text }
      - { name: g, type: real, default: -1.5 }
)y");
  REQUIRE(result.ok());
  const auto& columns = result.schema.tables[0].columns;
  CHECK(columns[0].default_value == std::optional<std::string>("0"));
  CHECK(columns[1].default_value == std::optional<std::string>("'active'"));
  CHECK(columns[2].default_value == std::optional<std::string>("true"));
  CHECK(columns[3].default_value == std::optional<std::string>("CURRENT_TIMESTAMP"));
  CHECK(columns[4].default_value == std::optional<std::string>("NULL"));
  CHECK_FALSE(columns[5].default_value.has_value());
  CHECK(columns[6].default_value == std::optional<std::string>("-1.5"));
}

TEST_CASE("column shorthands add to the primary key and add unique constraints", "[yaml][loader]")
{
  const auto result = load(R"y(
tables:
  - name: memberships
    columns:
      - { name: user_id, type: integer, primary_key: true }
      - { name: org_id, type: integer, primary_key: true }
      - { name: badge, type: text, unique: true }
)y");
  REQUIRE(result.ok());
  const auto& table = result.schema.tables[0];
  CHECK(table.primary_key == std::vector<std::string>{"user_id", "org_id"});
  REQUIRE(table.indexes.size() == 1);
  CHECK(table.indexes[0].name == default_unique_name("memberships", {"badge"}));
  CHECK(table.indexes[0].unique);
  CHECK(table.indexes[0].constraint);
  CHECK(table.indexes[0].column_names() == std::vector<std::string>{"badge"});
}

TEST_CASE("unnamed indexes, foreign keys and checks get the default names", "[yaml][loader]")
{
  const auto result = load(R"y(
tables:
  - name: parent
    columns: [{ name: id, type: integer }, { name: code, type: text }]
    primary_key: { name: parent_pk, columns: [id] }
  - name: child
    columns:
      - { name: id, type: integer }
      - { name: parent_id, type: integer }
      - { name: code, type: text }
    indexes:
      - { columns: [parent_id, code] }
      - { columns: [code], constraint: true }
      - { expressions: ["lower(code)"], unique: true }
    foreign_keys:
      - { columns: [parent_id], references: { table: parent } }
    checks:
      - { expression: "id > 0" }
      - { name: named_check, expression: "code <> ''" }
      - { expression: "parent_id > 0" }
)y");
  REQUIRE(messages(result.diagnostics) == std::vector<std::string>{});
  const auto& parent = result.schema.tables[0];
  CHECK(parent.primary_key_name == "parent_pk");
  CHECK(parent.primary_key == std::vector<std::string>{"id"});
  const auto& child = result.schema.tables[1];
  REQUIRE(child.indexes.size() == 3);
  CHECK(child.indexes[0].name == "child_parent_id_code_idx");
  CHECK(child.indexes[1].name == "child_code_key");
  CHECK(child.indexes[1].unique);
  CHECK(child.indexes[2].name == "child_expr_idx");
  CHECK(child.indexes[2].unique);
  CHECK_FALSE(child.indexes[2].constraint);
  REQUIRE(child.foreign_keys.size() == 1);
  CHECK(child.foreign_keys[0].name == "child_parent_id_fkey");
  CHECK(child.foreign_keys[0].ref_columns == std::vector<std::string>{"id"}); // the parent's primary key
  REQUIRE(child.checks.size() == 3);
  CHECK(child.checks[0].name == "child_check");
  CHECK(child.checks[1].name == "named_check");
  CHECK(child.checks[2].name == "child_check1");
}

TEST_CASE("index keys with direction, collation and expressions", "[yaml][loader]")
{
  const auto result = load(R"y(
tables:
  - name: t
    columns: [{ name: a, type: text }, { name: b, type: integer }]
    indexes:
      - name: t_mixed_idx
        columns:
          - a
          - { column: b, desc: true }
          - { column: a, collate: NOCASE }
          - { expression: "b * 2", desc: true }
        expressions: ["length(a)"]
        method: btree
        include: [b]
)y");
  REQUIRE(messages(result.diagnostics) == std::vector<std::string>{});
  const auto& index = result.schema.tables[0].indexes[0];
  REQUIRE(index.keys.size() == 5);
  CHECK(index.keys[0] == IndexKey{"a", "", false, ""});
  CHECK(index.keys[1] == IndexKey{"b", "", true, ""});
  CHECK(index.keys[2] == IndexKey{"a", "", false, "NOCASE"});
  CHECK(index.keys[3] == IndexKey{"", "b * 2", true, ""});
  CHECK(index.keys[4] == IndexKey{"", "length(a)", false, ""});
  CHECK(index.method == "btree");
  CHECK(index.include == std::vector<std::string>{"b"});
  CHECK(index.column_names().empty());
}

TEST_CASE("EXCLUDE constraints, deferrable keys, index storage parameters and comments", "[yaml][loader]")
{
  const auto result = load(R"y(
tables:
  - name: rooms
    schema: bk
    columns:
      - { name: id, type: integer }
      - { name: room, type: integer }
      - { name: during, type: tsrange }
      - { name: code, type: text }
    primary_key: { columns: [id], deferrable: true, initially_deferred: true, comment: the key }
    indexes:
      - { name: rooms_code_key, columns: [code], constraint: true, deferrable: true, comment: one code }
      - { name: rooms_room, columns: [room], with: { FillFactor: 70, deduplicate_items: "off" }, comment: by room }
    excludes:
      - name: no_overlap
        method: gist
        columns: [{ column: room, with: "=" }, { expression: "tsrange(lower(during), upper(during))", with: "&&" }]
        where: "code IS NOT NULL"
        initially_deferred: true
        comment: no double booking
      - { columns: [{ column: room, with: "=" }] }
    foreign_keys:
      - { columns: [room], references: { table: rooms, schema: bk, columns: [id] }, comment: a room }
    checks:
      - { name: room_positive, expression: "room > 0", comment: rooms count from 1 }
)y");
  REQUIRE(messages(result.diagnostics) == std::vector<std::string>{});
  const auto& rooms = result.schema.tables[0];
  CHECK(rooms.primary_key_deferrable);
  CHECK(rooms.primary_key_initially_deferred);
  CHECK(rooms.primary_key_comment == "the key");
  REQUIRE(rooms.indexes.size() == 4);
  CHECK(rooms.indexes[0].deferrable);
  CHECK(rooms.indexes[0].comment == "one code");
  CHECK(rooms.indexes[1].with == std::map<std::string, std::string>{{"deduplicate_items", "off"}, {"fillfactor", "70"}});
  CHECK_FALSE(rooms.indexes[1].exclusion());
  const auto& overlap = rooms.indexes[2];
  CHECK(overlap.exclusion());
  CHECK_FALSE(overlap.unique);
  CHECK_FALSE(overlap.constraint);
  CHECK(overlap.method == "gist");
  REQUIRE(overlap.keys.size() == 2);
  CHECK(overlap.keys[0].column == "room");
  CHECK(overlap.keys[0].with == "=");
  CHECK(overlap.keys[1].expression == "tsrange(lower(during), upper(during))");
  CHECK(overlap.keys[1].with == "&&");
  CHECK(overlap.where == "code IS NOT NULL");
  CHECK(overlap.initially_deferred);
  CHECK(overlap.comment == "no double booking");
  CHECK(rooms.indexes[3].name == "rooms_room_excl"); // PostgreSQL's name for an unnamed one
  CHECK(rooms.foreign_keys[0].comment == "a room");
  CHECK(rooms.checks[0].comment == "rooms count from 1");

  const auto bad = load_string(R"y(
tables:
  - name: t
    columns: [{ name: a, type: integer }]
    indexes:
      - { name: t_a, columns: [{ column: a, with: "=" }], deferrable: true }
      - { name: t_b, columns: [a], with: [fillfactor] }
    excludes:
      - { name: t_x, columns: [a] }
      - { name: t_y, columns: [{ column: a }], unique: true }
)y", "s.yaml");
  CHECK(messages(bad.diagnostics) ==
        std::vector<std::string>{
          "s.yaml:6:51: table \"t\": index \"t_a\": \"with\" (an operator) belongs to the keys of \"excludes\"",
          "s.yaml:6:71: table \"t\": index \"t_a\": only constraints defer: \"deferrable\" needs \"constraint: "
          "true\" (a UNIQUE constraint)",
          "s.yaml:7:42: table \"t\": index \"t_b\": \"with\" must be a map of storage parameters to values, e.g. "
          "{fillfactor: 70}",
          "s.yaml:9:9: table \"t\": exclude constraint \"t_x\": an index needs at least one column or expression",
          "s.yaml:9:32: table \"t\": exclude constraint \"t_x\": each item of \"columns\" of an EXCLUDE constraint "
          "must be a map {column or expression, with (its operator), desc, nulls, collate, opclass}",
          "s.yaml:10:32: table \"t\": exclude constraint \"t_y\": a key of an EXCLUDE constraint needs \"with\": "
          "the operator it is compared with",
          "s.yaml:10:48: table \"t\": exclude constraint \"t_y\": unknown key \"unique\""});
}

TEST_CASE("foreign key actions and match are normalised", "[yaml][loader]")
{
  const auto result = load(R"y(
tables:
  - name: p
    columns: [{ name: a, type: integer }, { name: b, type: integer }]
    primary_key: [a, b]
  - name: c
    columns: [{ name: x, type: integer }, { name: y, type: integer }]
    foreign_keys:
      - name: c_fk
        columns: [x, y]
        references: { table: p, columns: [a, b] }
        on_delete: SET_NULL
        on_update: Set  Default
        deferrable: true
        initially_deferred: true
        match: SIMPLE
      - { name: c_fk2, columns: [x, y], references: { table: p }, on_delete: RESTRICT, match: Full }
)y");
  REQUIRE(messages(result.diagnostics) == std::vector<std::string>{});
  const auto& fks = result.schema.tables[1].foreign_keys;
  CHECK(fks[0].on_delete == "set null");
  CHECK(fks[0].on_update == "set default");
  CHECK(fks[0].deferrable);
  CHECK(fks[0].initially_deferred);
  CHECK(fks[0].match.empty());
  CHECK(fks[1].on_delete == "restrict");
  CHECK(fks[1].match == "full");
  CHECK(fks[1].ref_columns == std::vector<std::string>{"a", "b"});
}

TEST_CASE("generated columns, options, triggers, sequences", "[yaml][loader]")
{
  const auto result = load(R"y(
tables:
  - name: t
    schema: main
    columns:
      - { name: a, type: integer, collation: BINARY, comment: "the a" }
      - { name: b, type: integer, generated: { expression: "a * 2", stored: true } }
      - { name: c, type: integer, generated: "a + 1" }
    options: { without_rowid: true, strict: yes }
    triggers:
      - { name: t_touch, definition: "CREATE TRIGGER t_touch AFTER UPDATE ON t BEGIN SELECT 1; END" }
      - { name: t_other, sql: "CREATE TRIGGER t_other AFTER INSERT ON t BEGIN SELECT 2; END" }
    renamed_from: old_t
sequences:
  - { name: s, type: bigint, start: 10, increment: -2, min_value: -100, max_value: 100, cycle: true, owned_by: t.a }
)y");
  REQUIRE(messages(result.diagnostics) == std::vector<std::string>{});
  const auto& table = result.schema.tables[0];
  CHECK(table.schema == "main");
  CHECK(table.renamed_from == "old_t");
  CHECK(table.columns[0].collation == "BINARY");
  CHECK(table.columns[0].comment == "the a");
  CHECK(table.columns[1].generated == std::optional<GeneratedColumn>(GeneratedColumn{"a * 2", true}));
  CHECK(table.columns[2].generated == std::optional<GeneratedColumn>(GeneratedColumn{"a + 1", false}));
  CHECK(table.options == std::map<std::string, std::string>{{"without_rowid", "true"}, {"strict", "yes"}});
  REQUIRE(table.triggers.size() == 2);
  CHECK(table.triggers[1].definition == "CREATE TRIGGER t_other AFTER INSERT ON t BEGIN SELECT 2; END");
  REQUIRE(result.schema.sequences.size() == 1);
  const auto& sequence = result.schema.sequences[0];
  CHECK(sequence.start == std::optional<long long>(10));
  CHECK(sequence.increment == std::optional<long long>(-2));
  CHECK(sequence.min_value == std::optional<long long>(-100));
  CHECK(sequence.max_value == std::optional<long long>(100));
  CHECK(sequence.cycle);
  CHECK(sequence.owned_by == "t.a");
}

TEST_CASE("extensions: a name alone or a map with schema and version", "[yaml][loader]")
{
  const auto result = load(R"y(
extensions:
  - pg_trgm
  - { name: citext, schema: ext, version: "1.6" }
)y");
  REQUIRE(messages(result.diagnostics) == std::vector<std::string>{});
  REQUIRE(result.schema.extensions.size() == 2);
  CHECK(result.schema.extensions[0] == Extension{"pg_trgm", "", "", {}});
  CHECK(result.schema.extensions[1] == Extension{"citext", "ext", "1.6", {}});

  const auto bad = load_string(R"y(
extensions:
  - pg_trgm
  - { name: pg_trgm, schema: other }
  - { name: hstore, versoin: "1.8" }
  - ""
)y", "s.yaml");
  CHECK(messages(bad.diagnostics) ==
        std::vector<std::string>{"s.yaml:4:5: extension \"pg_trgm\": duplicate extension name (first defined at s.yaml:3:5)",
                                 "s.yaml:5:21: extension \"hstore\": unknown key \"versoin\" (did you mean \"version\"?)",
                                 "s.yaml:6:5: extension #4: missing name"});
}

TEST_CASE("schemas: a name alone or a map with a comment, names keep their case, duplicates are errors",
          "[yaml][loader]")
{
  const auto result = load(R"y(
schemas:
  - audit
  - { name: Sales Data, comment: "Quarterly figures" }
  - { name: public, comment: The application }
)y");
  REQUIRE(messages(result.diagnostics) == std::vector<std::string>{});
  REQUIRE(result.schema.namespaces.size() == 3);
  CHECK(result.schema.namespaces[0] == Namespace{"audit", "", {}});
  CHECK(result.schema.namespaces[1] == Namespace{"Sales Data", "Quarterly figures", {}});
  CHECK(result.schema.namespaces[2] == Namespace{"public", "The application", {}}); // unqualified when planned
  CHECK(result.schema.namespaces[1].location.line == result.schema.namespaces[0].location.line + 1);

  const auto bad = load_string(R"y(
schemas:
  - audit
  - { name: audit, comment: again }
  - { name: billing, coment: x }
  - ""
  - { comment: nameless }
)y", "s.yaml");
  CHECK(messages(bad.diagnostics) ==
        std::vector<std::string>{"s.yaml:4:5: schema \"audit\": duplicate schema name (first defined at s.yaml:3:5)",
                                 "s.yaml:5:22: schema \"billing\": unknown key \"coment\" (did you mean \"comment\"?)",
                                 "s.yaml:6:5: schema #4: missing name",
                                 "s.yaml:7:5: schema #5: missing required key \"name\""});
}

TEST_CASE("domains: base type, default, NOT NULL, collation and checks named as PostgreSQL names them", "[yaml][loader]")
{
  const auto result = load(R"y(
domains:
  - name: qty
    schema: shop
    type: integer
    default: 1
    nullable: false
    checks:
      - { name: qty_min, expression: "VALUE > 0" }
      - { expression: "VALUE < 1000" }
      - { expression: "VALUE <> 13", not_valid: true }
  - { name: code, type: varchar(8), collation: C }
)y");
  REQUIRE(messages(result.diagnostics) == std::vector<std::string>{});
  REQUIRE(result.schema.domains.size() == 2);
  const auto& qty = result.schema.domains[0];
  CHECK(qty.qualified() == QualifiedName{"shop", "qty"});
  CHECK(qty.type == ColumnType::parse("integer"));
  CHECK(qty.default_value == std::optional<std::string>("1"));
  CHECK_FALSE(qty.nullable);
  REQUIRE(qty.checks.size() == 3);
  CHECK(qty.checks[1].name == "qty_check");
  CHECK(qty.checks[2].name == "qty_check1");
  CHECK(qty.checks[2].not_valid);
  CHECK(result.schema.domains[1].collation == "C");
  CHECK(result.schema.domains[1].nullable);

  const auto bad = load_string(R"y(
domains:
  - { name: d, checks: [{ name: c, expression: "VALUE > 0" }, { name: c, expression: "VALUE > 1" }] }
  - { name: d, type: text }
)y", "s.yaml");
  CHECK(messages(bad.diagnostics) ==
        std::vector<std::string>{"s.yaml:3:5: domain \"d\": missing required key \"type\"",
                                 "s.yaml:3:63: domain \"d\": duplicate check name \"c\" (first defined at s.yaml:3:25)",
                                 "s.yaml:4:5: domain \"d\": duplicate domain name (first defined at s.yaml:3:5)"});
}

TEST_CASE("materialized views: query, with_data and indexes in a table's format, among the views", "[yaml][loader]")
{
  const auto result = load(R"y(
views:
  - { name: recent, query: "SELECT id FROM totals" }
materialized_views:
  - name: totals
    schema: stats
    query: "SELECT id, sum(n) AS n FROM t GROUP BY id"
    comment: Totals
    with_data: false
    indexes:
      - { name: totals_id, columns: [id], unique: true }
      - { expressions: ["abs(n)"], method: hash, where: "n > 0" }
  - { name: plain_data, query: "SELECT 1 AS one" }
)y");
  REQUIRE(messages(result.diagnostics) == std::vector<std::string>{});
  REQUIRE(result.schema.views.size() == 3);
  CHECK_FALSE(result.schema.views[0].materialized);
  const auto& totals = result.schema.views[1];
  CHECK(totals.materialized);
  CHECK(totals.qualified() == QualifiedName{"stats", "totals"});
  CHECK(totals.comment == "Totals");
  CHECK_FALSE(totals.with_data);
  REQUIRE(totals.indexes.size() == 2);
  CHECK(totals.indexes[0].unique);
  CHECK(totals.indexes[1].name == "totals_expr_idx"); // named as a table's unnamed index
  CHECK(totals.indexes[1].method == "hash");
  CHECK(totals.indexes[1].where == "n > 0");
  CHECK(result.schema.views[2].with_data); // the default

  const auto bad = load_string(R"y(
tables:
  - { name: t, columns: [{ name: id, type: integer }] }
materialized_views:
  - { name: m, query: "SELECT 1", options: { security: invoker } }
  - name: t
    query: "SELECT 2"
    indexes:
      - { name: i, columns: [a], constraint: true }
      - { name: i, columns: [b] }
views:
  - { name: m, query: "SELECT 3", with_data: false }
)y", "s.yaml");
  CHECK(messages(bad.diagnostics) ==
        std::vector<std::string>{
          "s.yaml:5:5: view \"m\": duplicate view name (first defined at s.yaml:12:5)", // views: load first
          "s.yaml:5:35: materialized view \"m\": unknown key \"options\"",
          "s.yaml:6:5: materialized view \"t\": a table has the same name (table defined at s.yaml:3:5)",
          "s.yaml:9:46: materialized view \"t\": \"constraint\": a materialized view takes no constraints (use "
          "`unique: true`)",
          "s.yaml:10:9: materialized view \"t\": duplicate index name \"i\" (first defined at s.yaml:9:9)",
          "s.yaml:12:35: view \"m\": unknown key \"with_data\""});
}

TEST_CASE("row-level security and policies: commands, roles sorted, USING and WITH CHECK where the command takes them",
          "[yaml][loader]")
{
  const auto result = load(R"y(
tables:
  - name: docs
    columns: [{ name: id, type: integer }, { name: owner, type: text }]
    row_level_security: forced
    policies:
      - { name: owners, roles: [writer, Public, auditor], using: "owner = current_user", with_check: "owner = current_user" }
      - { name: adds, command: INSERT, restrictive: true, with_check: "owner <> ''" }
  - { name: plain, columns: [{ name: id, type: integer }], row_level_security: true }
  - { name: off, columns: [{ name: id, type: integer }], row_level_security: disabled }
)y");
  REQUIRE(messages(result.diagnostics) == std::vector<std::string>{});
  const auto& docs = result.schema.tables[0];
  CHECK(docs.row_security == "forced");
  REQUIRE(docs.policies.size() == 2);
  CHECK(docs.policies[0].command == "all");
  CHECK(docs.policies[0].permissive);
  CHECK(docs.policies[0].roles == std::vector<std::string>{"auditor", "public", "writer"});
  CHECK(docs.policies[0].check_expression == "owner = current_user");
  CHECK(docs.policies[1].command == "insert");
  CHECK_FALSE(docs.policies[1].permissive);
  CHECK(docs.policies[1].roles.empty());
  CHECK(result.schema.tables[1].row_security == "enabled");
  CHECK(result.schema.tables[2].row_security.empty());

  const auto bad = load_string(R"y(
tables:
  - name: t
    columns: [{ name: id, type: integer }]
    row_level_security: sometimes
    policies:
      - { name: p, command: upsert }
      - { name: p, command: insert, using: "id > 0" }
      - { name: q, command: select, with_check: "id > 0" }
)y", "s.yaml");
  CHECK(messages(bad.diagnostics) ==
        std::vector<std::string>{
          "s.yaml:5:25: table \"t\": \"row_level_security\" must be enabled, forced or disabled",
          "s.yaml:7:29: table \"t\": policy \"p\": \"command\": unknown value \"upsert\" (expected all, select, "
          "insert, update or delete)",
          "s.yaml:8:9: table \"t\": policy \"p\": duplicate policy name (first defined at s.yaml:7:9)",
          "s.yaml:8:44: table \"t\": policy \"p\": an INSERT policy takes only \"with_check\" (new rows), not "
          "\"using\"",
          "s.yaml:9:49: table \"t\": policy \"q\": a SELECT policy takes only \"using\" (existing rows), not "
          "\"with_check\""});
}

TEST_CASE("an empty document is an empty schema", "[yaml][loader]")
{
  CHECK(load_string("", "s.yaml").ok());
  CHECK(load_string("version: 1\n", "s.yaml").schema == Schema{});
  CHECK(load_string("# nothing\n", "s.yaml").ok());
}

TEST_CASE("PostgreSQL partitioning: a partitioned table and its partitions load", "[yaml][loader][partition]")
{
  const auto result = load(R"y(
version: 1
tables:
  - name: events
    columns:
      - { name: id, type: bigint, nullable: false }
      - { name: day, type: date, nullable: false }
    partition: { by: range, columns: [day] }
  - name: events_2024
    comment: the year 2024
    partition_of: { table: events, bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')" }
    partition: { by: hash, expression: "id % 7" }
  - name: events_other
    schema: archive
    partition_of: { table: events, default: true }
)y");
  REQUIRE(messages(result.diagnostics) == std::vector<std::string>{});
  const auto& tables = result.schema.tables;
  REQUIRE(tables.size() == 3);
  CHECK(tables[0].partitioning->method == "range");
  CHECK(tables[0].partitioning->columns == std::vector<std::string>{"day"});
  CHECK(tables[0].partitioning->expression.empty());
  CHECK(tables[1].partition_of->table == QualifiedName{"", "events"});
  CHECK(tables[1].partition_of->bound == "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
  CHECK_FALSE(tables[1].partition_of->is_default);
  CHECK(tables[1].columns.empty());
  CHECK(tables[1].comment == "the year 2024");
  CHECK(tables[1].partitioning->expression == "id % 7");
  CHECK(tables[2].partition_of->is_default);
  CHECK(tables[2].partition_of->bound.empty());
  CHECK(tables[2].partition_of->clause() == "DEFAULT");
}

TEST_CASE("PostgreSQL partitioning: a partition's own key, indexes, foreign keys, checks and triggers load",
          "[yaml][loader][partition]")
{
  const auto result = load(R"y(
version: 1
tables:
  - name: customer
    columns:
      - { name: customer_id, type: integer, nullable: false }
    primary_key: [customer_id]
  - name: payment
    columns:
      - { name: payment_id, type: integer, nullable: false }
      - { name: customer_id, type: integer, nullable: false }
      - { name: paid, type: date, nullable: false }
    partition: { by: range, columns: [paid] }
  - name: payment_2022
    partition_of: { table: payment, bound: "FOR VALUES FROM ('2022-01-01') TO ('2023-01-01')" }
    primary_key: [payment_id, paid]
    indexes:
      - { columns: [customer_id] }
      - { name: payment_2022_once, columns: [payment_id], unique: true, constraint: true }
    foreign_keys:
      - { columns: [customer_id], references: { table: customer } }
    checks:
      - { expression: "payment_id > 0" }
    triggers:
      - name: payment_2022_touch
        definition: CREATE TRIGGER payment_2022_touch BEFORE INSERT ON payment_2022 FOR EACH ROW EXECUTE FUNCTION touch()
)y");
  REQUIRE(messages(result.diagnostics) == std::vector<std::string>{});
  const auto& partition = result.schema.tables.at(2);
  CHECK(partition.columns.empty());
  CHECK(partition.primary_key == std::vector<std::string>{"payment_id", "paid"});
  REQUIRE(partition.indexes.size() == 2);
  CHECK(partition.indexes[0].name == "payment_2022_customer_id_idx"); // named after the partition
  CHECK(partition.indexes[1].constraint);
  REQUIRE(partition.foreign_keys.size() == 1);
  CHECK(partition.foreign_keys[0].ref_columns == std::vector<std::string>{"customer_id"});
  REQUIRE(partition.checks.size() == 1);
  CHECK(partition.checks[0].name == "payment_2022_check");
  REQUIRE(partition.triggers.size() == 1);
}

TEST_CASE("virtual tables: module and argument text, names shared with tables and views", "[yaml][loader]")
{
  const auto result = load(R"y(
virtual_tables:
  - { name: posts_fts, using: fts5, arguments: "title, body, content='posts', content_rowid='id'" }
  - name: geo
    using: rtree
    arguments: |-
      id,
      min_x, max_x
  - { name: plain, using: mymodule }
)y");
  REQUIRE(messages(result.diagnostics) == std::vector<std::string>{});
  REQUIRE(result.schema.virtual_tables.size() == 3);
  CHECK(result.schema.virtual_tables[0] ==
        VirtualTable{"posts_fts", "fts5", "title, body, content='posts', content_rowid='id'", {}});
  CHECK(result.schema.virtual_tables[1] == VirtualTable{"geo", "rtree", "id,\nmin_x, max_x", {}});
  CHECK(result.schema.virtual_tables[2] == VirtualTable{"plain", "mymodule", "", {}});
  CHECK(result.schema.virtual_tables[1].location.line == 3);

  const auto bad = load_string(R"y(
tables:
  - { name: Posts, columns: [{ name: id, type: integer }] }
views:
  - { name: recent, query: SELECT 1 }
virtual_tables:
  - { name: posts, using: fts5, arguments: "a" }
  - { name: RECENT, using: fts5, arguments: "a" }
  - { name: docs, arguments: "a" }
  - { name: docs2, using: fts4, colums: "a" }
  - { name: docs, using: fts4 }
)y", "s.yaml");
  CHECK(messages(bad.diagnostics) ==
        std::vector<std::string>{
          "s.yaml:7:5: virtual table \"posts\": a table has the same name (first defined at s.yaml:3:5)",
          "s.yaml:8:5: virtual table \"RECENT\": a view has the same name (first defined at s.yaml:5:5)",
          "s.yaml:9:5: virtual table \"docs\": missing required key \"using\"",
          "s.yaml:10:33: virtual table \"docs2\": unknown key \"colums\"",
          "s.yaml:11:5: virtual table \"docs\": a virtual table has the same name (first defined at s.yaml:9:5)"});
}

TEST_CASE("composite types: attributes in order typed as columns, with collations, errors at their lines",
          "[yaml][loader]")
{
  const auto result = load(R"y(
composite_types:
  - name: address
    schema: shop
    attributes:
      - { name: street, type: text, collation: C }
      - { name: zip, type: varchar(10) }
    comment: a postal address
  - { name: nothing_yet, attributes: [] }
)y");
  REQUIRE(messages(result.diagnostics) == std::vector<std::string>{});
  REQUIRE(result.schema.composite_types.size() == 2);
  const auto& address = result.schema.composite_types[0];
  CHECK(address.qualified() == QualifiedName{"shop", "address"});
  CHECK(address.comment == "a postal address");
  REQUIRE(address.attributes.size() == 2);
  CHECK(address.attributes[0].name == "street");
  CHECK(address.attributes[0].collation == "C");
  CHECK(address.attributes[1].type == ColumnType::parse("varchar(10)"));
  CHECK(address.attributes[1].location.line == 6);
  CHECK(result.schema.composite_types[1].attributes.empty());

  const auto bad = load_string(R"y(
composite_types:
  - { name: a }
  - { name: b, attributes: [{ name: x }, { name: x, type: int }, { type: int }, oops], size: 3 }
  - { name: a, attributes: {x: int} }
)y", "s.yaml");
  CHECK(messages(bad.diagnostics) ==
        std::vector<std::string>{"s.yaml:3:5: composite type \"a\": missing required key \"attributes\"",
                                 "s.yaml:4:29: composite type \"b\": attribute \"x\": missing required key \"type\"",
                                 "s.yaml:4:42: composite type \"b\": duplicate attribute name \"x\" (first defined at "
                                 "s.yaml:4:29)",
                                 "s.yaml:4:66: composite type \"b\": attribute #3: missing required key \"name\"",
                                 "s.yaml:4:81: composite type \"b\": attribute #4: an attribute must be a map",
                                 "s.yaml:4:88: composite type \"b\": unknown key \"size\"",
                                 "s.yaml:5:5: composite type \"a\": duplicate composite type name (first defined at "
                                 "s.yaml:3:5)",
                                 "s.yaml:5:28: composite type \"a\": \"attributes\" must be a list"});

  // Names: types share one name space with enums, domains and tables; attributes are unique.
  const auto names = load_string(R"y(
composite_types:
  - { name: a, attributes: [{ name: x, type: int }, { name: x, type: text }] }
  - { name: a, attributes: [] }
  - { name: mood, attributes: [] }
  - { name: orders, attributes: [] }
enums:
  - { name: mood, values: [happy] }
tables:
  - { name: orders, columns: [{ name: id, type: int }] }
)y", "s.yaml");
  CHECK(messages(names.diagnostics) ==
        std::vector<std::string>{
          "s.yaml:3:53: composite type \"a\": duplicate attribute name \"x\" (first defined at s.yaml:3:29)",
          "s.yaml:4:5: composite type \"a\": duplicate composite type name (first defined at s.yaml:3:5)",
          "s.yaml:5:5: composite type \"mood\": an enum has the same name, and types share one name space (first "
          "defined at s.yaml:8:5)",
          "s.yaml:6:5: composite type \"orders\": a table has the same name, and types share one name space (first "
          "defined at s.yaml:10:5)"});
}

TEST_CASE("column comments of views and materialized views: a map of column names to text, errors at their lines",
          "[yaml][loader]")
{
  const auto result = load(R"y(
views:
  - { name: recent, query: "SELECT id, n FROM t", column_comments: { id: the key, n: "a count" } }
materialized_views:
  - { name: totals, columns: [k, total], query: "SELECT id, sum(n) FROM t GROUP BY id", column_comments: { total: sum } }
)y");
  REQUIRE(messages(result.diagnostics) == std::vector<std::string>{});
  REQUIRE(result.schema.views.size() == 2);
  CHECK(result.schema.views[0].column_comments == std::map<std::string, std::string>{{"id", "the key"}, {"n", "a count"}});
  CHECK(result.schema.views[1].column_comments == std::map<std::string, std::string>{{"total", "sum"}});

  const auto bad = load_string(R"y(
views:
  - { name: a, query: "SELECT 1 AS one", column_comments: [one] }
  - { name: b, query: "SELECT 1 AS one", column_comments: { one: [x] } }
  - { name: c, columns: [one], query: "SELECT 1", column_comments: { two: "no such column" } }
)y", "s.yaml");
  CHECK(messages(bad.diagnostics) ==
        std::vector<std::string>{
          "s.yaml:3:59: view \"a\": \"column_comments\" must be a map of column names to comments",
          "s.yaml:4:61: view \"b\": \"column_comments\" must map column names to scalar comments",
          "s.yaml:5:5: view \"c\": `column_comments` names column \"two\", which is not among its `columns`"});
}

TEST_CASE("backfill and backfill_batch load onto the column and are not part of its definition", "[yaml][loader]")
{
  const auto result = load(R"y(
tables:
  - name: orders
    columns:
      - { name: id, type: integer }
      - { name: price, type: integer }
      - { name: total_cents, type: bigint, nullable: false, backfill: "price * 100", backfill_batch: 250 }
      - name: tier
        type: integer
        backfill: CASE WHEN price > 10 THEN 2 ELSE 1 END
    primary_key: [id]
)y");
  REQUIRE(messages(result.diagnostics) == std::vector<std::string>{});
  const auto& columns = result.schema.tables[0].columns;
  CHECK_FALSE(columns[1].backfill.has_value());
  REQUIRE(columns[2].backfill.has_value());
  CHECK(columns[2].backfill->expression == "price * 100");
  CHECK(columns[2].backfill->batch == 250);
  CHECK(columns[2].backfill->location.line == 6);
  REQUIRE(columns[3].backfill.has_value());
  CHECK(columns[3].backfill->expression == "CASE WHEN price > 10 THEN 2 ELSE 1 END");
  CHECK(columns[3].backfill->batch == 5000); // the default
  // Not a catalog property: a live column without it is the same column.
  auto live = columns[2];
  live.backfill.reset();
  CHECK(live == columns[2]);
  CHECK(live.same_definition(columns[2]));
}
