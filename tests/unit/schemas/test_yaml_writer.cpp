// write_yaml: output that loads back to an equal schema, byte-stable, quoting any string safely.

#include "schema_test_support.hpp"

#include <catch2/catch.hpp>

using namespace strata::schemas;
using strata::test::messages;
using strata::test::yaml_text;
using Lines = std::vector<std::string>;

namespace {

// A realistic shop schema: 16 tables, composite keys, FK actions, partial/expression indexes,
// checks, generated columns, triggers, options, views, enums and a sequence.
const char* const k_shop = R"y(
version: 1
tables:
  - name: regions
    columns:
      - { name: code, type: char(2), nullable: false }
      - { name: name, type: varchar(100), nullable: false }
    primary_key: [code]
  - name: organisations
    comment: Customer companies
    columns:
      - { name: id, type: bigint, nullable: false, identity: true }
      - { name: name, type: varchar(200), nullable: false, unique: true }
      - { name: region, type: char(2), nullable: false, default: "'EU'" }
      - { name: settings, type: { postgres: jsonb, mysql: json, sqlite: text } }
    primary_key: [id]
    foreign_keys:
      - { columns: [region], references: { table: regions }, on_update: cascade }
  - name: users
    columns:
      - { name: id, type: bigint, primary_key: true }
      - { name: org_id, type: bigint, nullable: false }
      - { name: email, type: varchar(255), nullable: false, collation: NOCASE }
      - { name: display_name, type: text, renamed_from: name, comment: "shown in the UI: keep short" }
      - { name: created_at, type: timestamp, nullable: false, default: CURRENT_TIMESTAMP }
      - { name: deleted_at, type: timestamp }
      - { name: score, type: "numeric(10,2)", default: 0 }
      - { name: email_domain, type: text, generated: { expression: "substr(email, instr(email, '@') + 1)", stored: true } }
    indexes:
      - { name: users_email_uq, columns: [email], unique: true, where: "deleted_at IS NULL" }
      - { name: users_lower_email_idx, expressions: ["lower(email)"] }
      - name: users_org_recent_idx
        columns: [org_id, { column: created_at, desc: true }]
    foreign_keys:
      - { name: users_org_fk, columns: [org_id], references: { table: organisations, columns: [id] }, on_delete: cascade }
    checks:
      - { expression: "email LIKE '%@%'" }
      - { expression: "score >= 0" }
  - name: teams
    columns:
      - { name: id, type: integer, nullable: false }
      - { name: org_id, type: bigint, nullable: false }
      - { name: name, type: text, nullable: false }
    primary_key: { name: teams_pk, columns: [id] }
    indexes:
      - { columns: [org_id, name], constraint: true }
    foreign_keys:
      - { columns: [org_id], references: { table: organisations }, on_delete: cascade, deferrable: true, initially_deferred: true }
  - name: team_members
    columns:
      - { name: team_id, type: integer, nullable: false }
      - { name: user_id, type: bigint, nullable: false }
      - { name: role, type: varchar(20), nullable: false, default: "'member'" }
    primary_key: [team_id, user_id]
    foreign_keys:
      - { columns: [team_id], references: { table: teams }, on_delete: cascade }
      - { columns: [user_id], references: { table: users }, on_delete: cascade }
    checks:
      - { name: team_members_role_known, expression: "role IN ('member', 'admin')" }
    options: { without_rowid: true }
  - name: categories
    columns:
      - { name: id, type: integer, nullable: false }
      - { name: parent_id, type: integer }
      - { name: slug, type: varchar(80), nullable: false }
    primary_key: [id]
    indexes:
      - { columns: [slug], unique: true }
    foreign_keys:
      - { columns: [parent_id], references: { table: categories }, on_delete: set null }
  - name: products
    columns:
      - { name: id, type: integer, nullable: false }
      - { name: category_id, type: integer }
      - { name: sku, type: varchar(40), nullable: false }
      - { name: title, type: text, nullable: false }
      - { name: price_cents, type: integer, nullable: false, default: 0 }
      - { name: active, type: boolean, nullable: false, default: true }
      - { name: weight, type: double }
      - { name: uuid, type: uuid }
    primary_key: [id]
    indexes:
      - { columns: [sku], constraint: true }
      - { name: products_active_idx, columns: [category_id], where: "active = 1" }
    foreign_keys:
      - { columns: [category_id], references: { table: categories }, on_delete: set null }
    checks:
      - { expression: "price_cents >= 0" }
  - name: product_tags
    columns:
      - { name: product_id, type: integer, nullable: false }
      - { name: tag, type: varchar(30), nullable: false }
    primary_key: [product_id, tag]
    foreign_keys:
      - { columns: [product_id], references: { table: products }, on_delete: cascade }
  - name: warehouses
    columns:
      - { name: id, type: smallint, nullable: false }
      - { name: region, type: char(2), nullable: false }
      - { name: opened_on, type: date }
    primary_key: [id]
    foreign_keys:
      - { columns: [region], references: { table: regions, columns: [code] }, on_delete: restrict }
  - name: stock
    columns:
      - { name: warehouse_id, type: smallint, nullable: false }
      - { name: product_id, type: integer, nullable: false }
      - { name: quantity, type: integer, nullable: false, default: 0 }
    primary_key: [warehouse_id, product_id]
    foreign_keys:
      - { columns: [warehouse_id], references: { table: warehouses } }
      - { columns: [product_id], references: { table: products }, on_delete: cascade }
    checks:
      - { name: stock_quantity_nonnegative, expression: "quantity >= 0" }
  - name: orders
    columns:
      - { name: id, type: bigint, nullable: false, identity: true }
      - { name: user_id, type: bigint, nullable: false }
      - { name: status, type: text, nullable: false, default: "'open'" }
      - { name: placed_at, type: timestamptz, nullable: false, default: CURRENT_TIMESTAMP }
      - { name: note, type: text }
    primary_key: [id]
    indexes:
      - { name: orders_user_idx, columns: [user_id, placed_at] }
      - { name: orders_open_idx, columns: [placed_at], where: "status = 'open'" }
    foreign_keys:
      - { columns: [user_id], references: { table: users }, on_delete: restrict, on_update: cascade }
    triggers:
      - name: orders_note_trim
        definition: |-
          CREATE TRIGGER orders_note_trim AFTER UPDATE OF note ON orders
          BEGIN
            UPDATE orders SET note = trim(note) WHERE id = NEW.id;
          END
  - name: order_lines
    columns:
      - { name: order_id, type: bigint, nullable: false }
      - { name: line_no, type: integer, nullable: false }
      - { name: product_id, type: integer, nullable: false }
      - { name: quantity, type: integer, nullable: false, default: 1 }
      - { name: unit_price_cents, type: integer, nullable: false }
      - { name: total_cents, type: integer, generated: "quantity * unit_price_cents" }
    primary_key: [order_id, line_no]
    foreign_keys:
      - { columns: [order_id], references: { table: orders }, on_delete: cascade }
      - { columns: [product_id], references: { table: products } }
    checks:
      - { expression: "quantity > 0" }
  - name: payments
    columns:
      - { name: id, type: bigint, nullable: false }
      - { name: order_id, type: bigint, nullable: false }
      - { name: amount_cents, type: integer, nullable: false }
      - { name: paid_at, type: timestamp, nullable: false }
      - { name: payload, type: json }
    primary_key: [id]
    foreign_keys:
      - { columns: [order_id], references: { table: orders }, on_delete: cascade }
  - name: shipments
    columns:
      - { name: id, type: bigint, nullable: false }
      - { name: order_id, type: bigint, nullable: false }
      - { name: warehouse_id, type: smallint, nullable: false }
      - { name: shipped_at, type: time }
      - { name: tracking, type: varchar(64) }
    primary_key: [id]
    indexes:
      - { name: shipments_tracking_idx, columns: [{ column: tracking, collate: NOCASE }] }
    foreign_keys:
      - { columns: [order_id], references: { table: orders } }
      - { columns: [warehouse_id], references: { table: warehouses } }
  - name: audit_log
    columns:
      - { name: id, type: INTEGER, nullable: false }
      - { name: at, type: timestamp, nullable: false, default: "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))" }
      - { name: actor, type: bigint }
      - { name: action, type: varchar(40), nullable: false }
      - { name: details, type: blob }
    primary_key: [id]
    options: { strict: true }
  - name: sessions
    columns:
      - { name: token, type: char(64), nullable: false }
      - { name: user_id, type: bigint, nullable: false }
      - { name: expires_at, type: timestamp, nullable: false }
      - { name: ip, type: "inet" }
    primary_key: [token]
    indexes:
      - { columns: [expires_at] }
    foreign_keys:
      - { columns: [user_id], references: { table: users }, on_delete: cascade }
views:
  - { name: active_users, query: "SELECT id, email FROM users WHERE deleted_at IS NULL" }
  - name: order_totals
    columns: [order_id, total]
    comment: Sum of order lines
    query: |-
      SELECT order_id, SUM(total_cents)
      FROM order_lines
      GROUP BY order_id
enums:
  - { name: order_status, values: [open, paid, shipped, cancelled] }
sequences:
  - { name: invoice_numbers, start: 1000, increment: 1, cycle: false }
)y";

Schema round_trip(const Schema& schema)
{
  const auto text = write_yaml(schema);
  auto reloaded = load_string(text, "written.yaml");
  INFO(text);
  REQUIRE(messages(reloaded.diagnostics) == Lines{});
  return reloaded.schema;
}

} // namespace

TEST_CASE("a realistic 16-table schema round-trips load -> write -> load equal", "[yaml][writer]")
{
  const auto loaded = load_string(yaml_text(k_shop), "shop.yaml");
  REQUIRE(messages(loaded.diagnostics) == Lines{});
  REQUIRE(loaded.schema.tables.size() == 16);
  const Schema reloaded = round_trip(loaded.schema);
  CHECK(reloaded == loaded.schema);
  // Byte-stable: writing again, and writing the reloaded schema, give the same text.
  const auto text = write_yaml(loaded.schema);
  CHECK(write_yaml(loaded.schema) == text);
  CHECK(write_yaml(reloaded) == text);
}

TEST_CASE("writer output has a fixed shape", "[yaml][writer]")
{
  const auto loaded = load_string(yaml_text(R"y(
tables:
  - name: t
    columns:
      - { name: id, type: INTEGER, nullable: false }
      - { name: n, type: "numeric(10,2)", default: 0 }
      - { name: j, type: { sqlite: text, postgres: jsonb } }
    primary_key: { name: t_pk, columns: [id] }
    indexes:
      - { name: t_n_idx, columns: [n, { expression: "n * 2", desc: true }] }
      - { name: t_j_idx, expressions: ["lower(j)"], unique: true }
    foreign_keys:
      - { name: t_self_fk, columns: [n], references: { table: t, columns: [id] }, on_delete: set_null }
enums:
  - { name: mood, values: [happy, sad] }
)y"),
                                  "s.yaml");
  REQUIRE(loaded.ok());
  CHECK(write_yaml(loaded.schema) == yaml_text(R"y(
version: 1
tables:
  - name: t
    columns:
      - {name: id, type: integer, nullable: false}
      - {name: n, type: "numeric(10,2)", default: "0"}
      - {name: j, type: {postgres: jsonb, sqlite: text}}
    primary_key: {name: t_pk, columns: [id]}
    indexes:
      - {name: t_n_idx, columns: [n, {expression: n * 2, desc: true}]}
      - {name: t_j_idx, expressions: [lower(j)], unique: true}
    foreign_keys:
      - {name: t_self_fk, columns: [n], references: {table: t, columns: [id]}, on_delete: set null}
enums:
  - {name: mood, values: [happy, sad]}
)y"));
}

TEST_CASE("an empty schema is just the version", "[yaml][writer]")
{
  CHECK(write_yaml(Schema{}) == "version: 1\n");
}

TEST_CASE("schemas: bare names without a comment, maps with one, the default schema under its name or not at all",
          "[yaml][writer]")
{
  Schema schema;
  schema.namespaces = {Namespace{"", "The application", {}}, Namespace{"audit", "", {}},
                       Namespace{"Sales Data", "figures", {}}};
  CHECK(write_yaml(schema, "public") == "version: 1\n"
                                       "schemas:\n"
                                       "  - {name: public, comment: The application}\n"
                                       "  - audit\n"
                                       "  - {name: Sales Data, comment: figures}\n");
  // Without the default schema's name its entry is left out (it could not be read back).
  CHECK(write_yaml(schema).find("The application") == std::string::npos);
  const auto loaded = load_string(write_yaml(schema, "public"), "w.yaml");
  REQUIRE(loaded.ok());
  CHECK(loaded.schema.namespaces.size() == 3);
  CHECK(loaded.schema.namespaces[0].name == "public");
}

TEST_CASE("names and text with quotes, spaces, colons, hashes and unicode survive", "[yaml][writer]")
{
  const std::vector<std::string> nasty = {
    "with space", "it's", "say \"hi\"", "a: b", "# not a comment", "x #y", "- dash", "[bracket", "{brace}",
    "naïve ünïcödé 名前", "true", "null", "~", "yes", "123", "0x1F", " leading", "trailing ",
    "tab\there", "back\\slash", "@at", "`tick`", "%percent", "&anchor", "*alias", "!tag", "|pipe", ">fold", "?",
    ",comma", "semi;colon", "=", "---", "...", "'", "\"",
  };
  Schema schema;
  for (size_t i = 0; i < nasty.size(); ++i) {
    Table table;
    table.name = nasty[i] + "_" + std::to_string(i);
    Column column;
    column.name = nasty[i];
    column.type = ColumnType::parse("text");
    column.default_value = nasty[i];
    column.comment = nasty[i];
    table.columns.push_back(column);
    Column other = column;
    other.name = nasty[i] + "2";
    other.type = ColumnType::make_native("character varying");
    other.default_value.reset();
    other.collation = nasty[i];
    table.columns.push_back(other);
    table.comment = nasty[i] + "\nmulti\nline"; // text may span lines; names may not (name_rules.hpp)
    table.primary_key = {column.name};
    Check check;
    check.name = nasty[i];
    check.expression = "\"" + nasty[i] + "\" <> '#x: y' -- " + nasty[i];
    table.checks.push_back(check);
    Index index;
    index.name = "idx " + nasty[i] + std::to_string(i);
    index.keys.push_back(IndexKey{nasty[i], "", i % 2 == 0, ""});
    index.keys.push_back(IndexKey{"", "lower(\"" + nasty[i] + "\")", false, ""});
    index.where = nasty[i] + " IS NOT NULL";
    table.indexes.push_back(index);
    table.options[nasty[i]] = nasty[i];
    schema.tables.push_back(table);
  }
  View view;
  view.name = "v: \"quoted\" #";
  view.query = "SELECT 'a: b # c', \"x\"\nFROM t -- comment";
  view.columns = nasty;
  schema.views.push_back(view);
  Enum mood;
  mood.name = "mood";
  mood.values = nasty;
  schema.enums.push_back(mood);
  CHECK(messages(validate(schema)) == Lines{});
  const Schema reloaded = round_trip(schema);
  CHECK(reloaded == schema);
  CHECK(write_yaml(reloaded) == write_yaml(schema));
}

TEST_CASE("every optional field written is read back", "[yaml][writer]")
{
  Schema schema;
  Table parent;
  parent.schema = "app";
  parent.name = "parent";
  parent.columns.push_back(Column{"id", ColumnType::parse("bigint"), false, true, false, false, std::nullopt, std::nullopt, "", "", "", {}});
  parent.primary_key = {"id"};
  parent.primary_key_name = "parent_pk";
  parent.renamed_from = "old_parent";
  parent.options = {{"without_rowid", "true"}};
  Trigger trigger{"parent_trg", "CREATE TRIGGER parent_trg AFTER INSERT ON parent\nBEGIN\n  SELECT 1;\nEND;\n", {}};
  parent.triggers.push_back(trigger);
  Table child;
  child.schema = "app";
  child.name = "child";
  Column generated{"g", ColumnType::parse("integer"), true, false, false, false, std::nullopt, GeneratedColumn{"id * 2", false}, "", "", "", {}};
  Column stored{"s", ColumnType::parse("integer"), true, false, false, false, std::nullopt, GeneratedColumn{"id * 3", true}, "", "", "old_s", {}};
  child.columns = {Column{"id", ColumnType::parse("bigint"), false, false, false, false, "NULL", std::nullopt, "", "", "", {}}, generated, stored};
  ForeignKey fk;
  fk.name = "child_fk";
  fk.columns = {"id"};
  fk.references = {"app", "parent"};
  fk.ref_columns = {"id"};
  fk.on_delete = "set default";
  fk.on_update = "restrict";
  fk.deferrable = true;
  fk.initially_deferred = true;
  fk.match = "partial";
  child.foreign_keys.push_back(fk);
  Index index;
  index.name = "child_cover";
  index.keys = {IndexKey{"id", "", false, "BINARY"}};
  index.method = "btree";
  index.include = {"g"};
  index.constraint = true;
  index.unique = true;
  child.indexes.push_back(index);
  index = Index{};
  index.name = "child_g_key";
  index.keys = {IndexKey{"g", "", false, ""}};
  index.constraint = true;
  index.unique = true;
  index.deferrable = true;
  index.initially_deferred = true;
  index.with = {{"fillfactor", "70"}, {"deduplicate_items", "off"}};
  index.comment = "one g";
  child.indexes.push_back(index);
  index = Index{};
  index.name = "child_no_overlap";
  index.keys = {IndexKey{"id", "", false, ""}, IndexKey{"", "int4range(id, g)", false, ""}};
  index.keys[0].with = "=";
  index.keys[1].with = "&&";
  index.method = "gist";
  index.where = "g > 0";
  index.deferrable = true;
  index.comment = "no overlap";
  child.indexes.push_back(index);
  child.primary_key = {"id"};
  child.primary_key_deferrable = true;
  child.primary_key_comment = "the key";
  Check positive;
  positive.name = "child_g_positive";
  positive.expression = "g > 0";
  positive.comment = "g counts from 1";
  child.checks.push_back(positive);
  child.foreign_keys.back().comment = "its parent";
  child.partitioning.edit().method = "range";
  child.partitioning.edit().expression = "to_days(id)";
  child.partitioning.edit().sub_method = "hash";
  child.partitioning.edit().sub_expression = "id";
  child.partitioning.edit().sub_count = 2;
  child.partitioning.edit().partitions = {Partition{"p: 1", "LESS THAN (10)", "it's #1", {}},
                                   Partition{"pmax", "LESS THAN MAXVALUE", "", {}}};
  Table hashed;
  hashed.name = "hashed";
  hashed.columns.push_back(Column{"id", ColumnType::parse("bigint"), false, false, false, false, std::nullopt, std::nullopt, "", "", "", {}});
  hashed.partitioning.edit().method = "linear key";
  hashed.partitioning.edit().expression = "id";
  hashed.partitioning.edit().count = 3;
  schema.tables = {parent, child, hashed};
  Sequence sequence;
  sequence.schema = "app";
  sequence.name = "seq";
  sequence.type = "bigint";
  sequence.start = -5;
  sequence.increment = 5;
  sequence.min_value = -10;
  sequence.max_value = 9223372036854775807LL;
  sequence.cycle = true;
  sequence.owned_by = "child.id";
  schema.sequences.push_back(sequence);
  View view;
  view.name = "v";
  view.query = "SELECT 1";
  view.options = {{"security", "invoker"}, {"algorithm", "merge"}, {"charset", "latin1"}, {"collation", "latin1_bin"}};
  schema.views.push_back(view);
  View materialized;
  materialized.schema = "app";
  materialized.name = "totals";
  materialized.query = "SELECT id, count(*) AS n FROM parent GROUP BY id";
  materialized.comment = "Totals";
  materialized.materialized = true;
  materialized.with_data = false;
  Index by_id;
  by_id.name = "totals_id";
  by_id.keys = {IndexKey{"id", {}, true, {}}};
  by_id.unique = true;
  by_id.where = "n > 1";
  Index by_n;
  by_n.name = "totals_n";
  by_n.keys = {IndexKey{{}, "abs(n)", false, {}}};
  by_n.method = "hash";
  materialized.indexes = {by_id, by_n};
  schema.views.push_back(materialized);
  schema.extensions = {Extension{"pg_trgm", "", "1.6", {}}, Extension{"citext", "ext", "", {}}};
  schema.namespaces = {Namespace{"app", "the application's", {}}, Namespace{"Empty One", "", {}}};
  Domain domain;
  domain.schema = "app";
  domain.name = "qty";
  domain.type = ColumnType::parse("integer");
  domain.default_value = "1";
  domain.nullable = false;
  domain.collation = "C";
  domain.checks = {Check{"qty_min", "VALUE > 0", {}}, Check{"qty_odd", "VALUE <> 13", {}}};
  domain.checks[1].not_valid = true;
  schema.domains = {domain, Domain{"", "plain", ColumnType::parse("text"), std::nullopt, true, "", {}, {}}};
  schema.tables[0].row_security = "forced";
  Policy owners;
  owners.name = "owners";
  owners.roles = {"auditor", "writer"};
  owners.using_expression = "owner = CURRENT_USER";
  owners.check_expression = "owner = CURRENT_USER\n  AND owner <> ''";
  Policy adds;
  adds.name = "adds";
  adds.command = "insert";
  adds.permissive = false;
  adds.roles = {"public"};
  adds.check_expression = "owner <> ''";
  schema.tables[0].policies = {owners, adds};
  REQUIRE(messages(validate(schema)) == Lines{});
  auto expected = schema;
  expected.tables[0].policies[1].roles.clear(); // PUBLIC is not written: no roles means it
  CHECK(round_trip(schema) == expected);
  schema = expected;
  CHECK(write_yaml(schema).find("materialized_views:\n  - name: totals\n    schema: app\n") != std::string::npos);
  CHECK(write_yaml(schema).find("    with_data: false\n    indexes:\n") != std::string::npos);
  // Multi-line SQL that ends with a newline is a literal block; other multi-line text is quoted.
  CHECK(write_yaml(schema).find("        definition: |\n          CREATE TRIGGER parent_trg AFTER INSERT ON parent\n") !=
        std::string::npos);
  schema.tables[0].triggers[0].definition.pop_back();
  CHECK(write_yaml(schema).find("definition: \"CREATE TRIGGER parent_trg AFTER INSERT ON parent\\nBEGIN") !=
        std::string::npos);
  CHECK(round_trip(schema) == schema);
}

TEST_CASE("PostgreSQL partitioned tables and partitions are written on one line each and read back",
          "[yaml][writer][partition]")
{
  const auto loaded = load_string(yaml_text(R"y(
tables:
  - name: events
    columns:
      - { name: id, type: bigint, nullable: false }
      - { name: day, type: date, nullable: false }
    partition: { by: range, columns: [day] }
  - name: events_2024
    partition_of: { table: events, bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')" }
    partition: { by: hash, expression: "id % 7" }
  - name: events_other
    partition_of: { table: events, default: true }
)y"),
                                  "s.yaml");
  REQUIRE(messages(loaded.diagnostics) == Lines{});
  const std::string text = write_yaml(loaded.schema);
  CHECK(text == yaml_text(R"y(
version: 1
tables:
  - name: events
    columns:
      - {name: id, type: bigint, nullable: false}
      - {name: day, type: date, nullable: false}
    partition:
      by: range
      columns: [day]
  - name: events_2024
    partition_of: {table: events, bound: FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')}
    partition:
      by: hash
      expression: id % 7
  - name: events_other
    partition_of: {table: events, default: true}
)y"));
  const auto again = load_string(text, "again.yaml");
  REQUIRE(messages(again.diagnostics) == Lines{});
  CHECK(again.schema == loaded.schema);
}

TEST_CASE("comments on enums, domains, sequences, functions and triggers are written and read back",
          "[yaml][writer][comment]")
{
  const auto loaded = load_string(yaml_text(R"y(
enums:
  - { name: mood, values: [ok, bad], comment: "how it went: ok or bad" }
domains:
  - { name: qty, type: integer, comment: how many }
sequences:
  - { name: ticket_no, comment: numbers the tickets }
functions:
  - name: touch
    comment: stamps seen
    definition: CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$
tables:
  - name: items
    columns: [{ name: id, type: integer }]
    triggers:
      - { name: items_touch, comment: "it's the stamp", definition: "CREATE TRIGGER items_touch BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION touch()" }
)y"),
                                  "s.yaml");
  REQUIRE(messages(loaded.diagnostics) == Lines{});
  CHECK(loaded.schema.enums.at(0).comment == "how it went: ok or bad");
  CHECK(loaded.schema.domains.at(0).comment == "how many");
  CHECK(loaded.schema.sequences.at(0).comment == "numbers the tickets");
  CHECK(loaded.schema.functions.at(0).comment == "stamps seen");
  CHECK(loaded.schema.tables.at(0).triggers.at(0).comment == "it's the stamp");
  const std::string text = write_yaml(loaded.schema);
  CHECK(text.find("how it went: ok or bad") != std::string::npos);
  CHECK(text.find("it's the stamp") != std::string::npos);
  const auto again = load_string(text, "again.yaml");
  REQUIRE(messages(again.diagnostics) == Lines{});
  CHECK(again.schema == loaded.schema);
}

TEST_CASE("rules of tables and views are written with their comments and read back", "[yaml][writer][rules]")
{
  const auto loaded = load_string(yaml_text(R"y(
tables:
  - name: items
    columns: [{ name: id, type: integer }]
    rules:
      - name: items_keep
        comment: "rows stay: deletes do nothing"
        definition: CREATE RULE items_keep AS ON DELETE TO items DO INSTEAD NOTHING
views:
  - name: item_ids
    query: SELECT id FROM items
    rules:
      - name: item_ids_insert
        definition: |-
          CREATE RULE item_ids_insert AS
              ON INSERT TO item_ids DO INSTEAD  INSERT INTO items (id)
            VALUES (new.id)
)y"),
                                  "s.yaml");
  REQUIRE(messages(loaded.diagnostics) == Lines{});
  REQUIRE(loaded.schema.tables.at(0).rules.size() == 1);
  CHECK(loaded.schema.tables.at(0).rules.at(0).comment == "rows stay: deletes do nothing");
  REQUIRE(loaded.schema.views.at(0).rules.size() == 1);
  CHECK(loaded.schema.views.at(0).rules.at(0).definition.find("VALUES (new.id)") != std::string::npos);
  const std::string text = write_yaml(loaded.schema);
  CHECK(text.find("rows stay: deletes do nothing") != std::string::npos);
  const auto again = load_string(text, "again.yaml");
  REQUIRE(messages(again.diagnostics) == Lines{});
  CHECK(again.schema == loaded.schema);
}

TEST_CASE("a rule without a definition, or two rules of one name, are errors at their lines", "[yaml][rules]")
{
  const auto loaded = load_string(yaml_text(R"y(
tables:
  - name: items
    columns: [{ name: id, type: integer }]
    rules:
      - { name: r1, definition: CREATE RULE r1 AS ON DELETE TO items DO INSTEAD NOTHING }
      - { name: r1, definition: CREATE RULE r1 AS ON INSERT TO items DO INSTEAD NOTHING }
      - { name: r2 }
)y"),
                                  "s.yaml");
  const auto found = messages(loaded.diagnostics);
  REQUIRE(found.size() == 2);
  CHECK(found[0].find("duplicate rule name") != std::string::npos);
  CHECK(found[1].find("definition") != std::string::npos);
}

TEST_CASE("virtual tables are written after the tables as name, module and arguments, and read back",
          "[yaml][writer]")
{
  Schema schema;
  schema.virtual_tables = {VirtualTable{"posts_fts", "fts5", "title, body, tokenize='porter'", {}},
                           VirtualTable{"geo", "rtree", "id,\n  min_x, max_x", {}},
                           VirtualTable{"bare", "mymodule", "", {}}};
  const std::string text = write_yaml(schema);
  CHECK(text == yaml_text(R"y(
version: 1
virtual_tables:
  - {name: posts_fts, using: fts5, arguments: "title, body, tokenize='porter'"}
  - name: geo
    using: rtree
    arguments: "id,\n  min_x, max_x"
  - {name: bare, using: mymodule}
)y"));
  CHECK(round_trip(schema) == schema);
}

TEST_CASE("composite types are written with one line per attribute and read back", "[yaml][writer]")
{
  Schema schema;
  CompositeType address;
  address.schema = "app";
  address.name = "address";
  address.comment = "a postal address";
  address.attributes = {CompositeAttribute{"street", ColumnType::parse("text"), "C", {}},
                        CompositeAttribute{"zip", ColumnType::parse("character varying(10)"), "", {}}};
  CompositeType empty;
  empty.name = "nothing_yet";
  schema.composite_types = {address, empty};
  const std::string text = write_yaml(schema);
  CHECK(text == yaml_text(R"y(
version: 1
composite_types:
  - name: address
    schema: app
    attributes:
      - {name: street, type: text, collation: C}
      - {name: zip, type: character varying(10)}
    comment: a postal address
  - name: nothing_yet
    attributes:
      []
)y"));
  CHECK(round_trip(schema) == schema);
}

TEST_CASE("comments on the columns of views are written on one line and read back", "[yaml][writer]")
{
  Schema schema;
  View view;
  view.name = "recent";
  view.query = "SELECT id, n FROM t";
  view.column_comments = {{"id", "the key"}, {"n", "count: of rows, \"quoted\""}};
  schema.views = {view};
  const std::string text = write_yaml(schema);
  CHECK(text.find("    column_comments: {id: the key, n: \"count: of rows, \\\"quoted\\\"\"}\n") != std::string::npos);
  CHECK(round_trip(schema) == schema);
}

TEST_CASE("MariaDB system versioning is written as true or its period columns, a column left out as false, and read back",
          "[yaml][writer][versioning]")
{
  const auto loaded = load_string(yaml_text(R"y(
tables:
  - name: accounts
    columns:
      - { name: id, type: int, nullable: false }
      - { name: seen, type: int, system_versioning: false }
    system_versioning: true
  - name: prices
    columns:
      - { name: id, type: int, nullable: false }
      - { name: vf, type: timestamp(6), nullable: false }
      - { name: vt, type: timestamp(6), nullable: false }
    system_versioning: { row_start: vf, row_end: vt }
  - name: plain
    columns:
      - { name: id, type: int, system_versioning: true }
    system_versioning: false
)y"),
                                  "s.yaml");
  REQUIRE(messages(loaded.diagnostics) == Lines{});
  CHECK(loaded.schema.tables[0].versioning == SystemVersioning{true, "", ""});
  CHECK(loaded.schema.tables[0].columns[1].without_versioning);
  CHECK(loaded.schema.tables[1].versioning == SystemVersioning{true, "vf", "vt"});
  CHECK_FALSE(loaded.schema.tables[2].versioning->enabled);
  const std::string text = write_yaml(loaded.schema);
  CHECK(text == yaml_text(R"y(
version: 1
tables:
  - name: accounts
    columns:
      - {name: id, type: int, nullable: false}
      - {name: seen, type: int, system_versioning: false}
    system_versioning: true
  - name: prices
    columns:
      - {name: id, type: int, nullable: false}
      - {name: vf, type: timestamp(6), nullable: false}
      - {name: vt, type: timestamp(6), nullable: false}
    system_versioning: {row_start: vf, row_end: vt}
  - name: plain
    columns:
      - {name: id, type: int}
)y"));
  const auto again = load_string(text, "again.yaml");
  REQUIRE(messages(again.diagnostics) == Lines{});
  CHECK(again.schema == loaded.schema);
}
