// Every kind of problem the loader reports, each with its exact file:line:col.

#include "schema_test_support.hpp"

#include <catch2/catch.hpp>

using strata::test::problems;
using Lines = std::vector<std::string>;

TEST_CASE("unknown keys are reported at the key", "[yaml][diagnostics]")
{
  CHECK(problems(R"y(
tables:
  - name: users
    columns:
      - name: email
        type: text
        nulable: false
)y") == Lines{"s.yaml:6:9: table \"users\": column \"email\": unknown key \"nulable\" (did you mean \"nullable\"?)"});
  CHECK(problems(R"y(
tabels: []
views:
  - { name: v, query: "SELECT 1", colour: red }
)y") == Lines{"s.yaml:1:1: unknown key \"tabels\" (did you mean \"tables\"?)", "s.yaml:3:35: view \"v\": unknown key \"colour\""});
}

TEST_CASE("duplicate keys in one map are reported", "[yaml][diagnostics]")
{
  CHECK(problems(R"y(
tables:
  - name: t
    columns:
      - { name: a, name: b, type: integer }
)y") == Lines{"s.yaml:4:20: table \"t\": column \"a\": duplicate key \"name\""});
}

TEST_CASE("wrong node kinds: list, map and bool expected", "[yaml][diagnostics]")
{
  CHECK(problems(R"y(
tables:
  - name: a
    columns: id
  - just a string
  - name: b
    columns:
      - { name: x, type: integer, nullable: maybe }
    indexes: { name: i }
)y") == Lines{
           "s.yaml:3:14: table \"a\": \"columns\" must be a list",
           "s.yaml:4:5: table #2: a table must be a map",
           "s.yaml:7:45: table \"b\": column \"x\": \"nullable\" must be true or false",
           "s.yaml:8:14: table \"b\": \"indexes\" must be a list",
         });
  CHECK(problems("tables: { name: t }\n") == Lines{"s.yaml:1:9: \"tables\" must be a list"});
  CHECK(problems("- a\n- b\n") == Lines{"s.yaml:1:1: the document must be a map"});
}

TEST_CASE("missing required keys are reported at the map", "[yaml][diagnostics]")
{
  CHECK(problems(R"y(
tables:
  - columns:
      - { type: integer }
      - { name: b }
  - name: t2
    checks:
      - { name: c1 }
views:
  - { name: v }
enums:
  - { name: e, values: [] }
)y") == Lines{
           "s.yaml:2:5: table #1: missing required key \"name\"",
           "s.yaml:3:9: table #1: column #1: missing required key \"name\"",
           "s.yaml:4:9: table #1: column \"b\": missing required key \"type\"",
           "s.yaml:5:5: table \"t2\": missing required key \"columns\"",
           "s.yaml:7:9: table \"t2\": check \"c1\": missing required key \"expression\"",
           "s.yaml:9:5: view \"v\": missing required key \"query\"",
           "s.yaml:11:24: enum \"e\": \"values\" must not be empty",
         });
}

TEST_CASE("objects without a name are not also reported as duplicates", "[yaml][diagnostics]")
{
  CHECK(problems(R"y(
tables:
  - columns: [{ type: integer }, { type: integer }]
  - columns: [{ name: a, type: integer }]
)y") == Lines{
           "s.yaml:2:5: table #1: missing required key \"name\"",
           "s.yaml:2:15: table #1: column #1: missing required key \"name\"",
           "s.yaml:2:34: table #1: column #2: missing required key \"name\"",
           "s.yaml:3:5: table #2: missing required key \"name\"",
         });
}

TEST_CASE("duplicate names of every kind", "[yaml][diagnostics]")
{
  CHECK(problems(R"y(
tables:
  - name: users
    columns:
      - { name: id, type: integer }
      - { name: id, type: text }
    indexes:
      - { name: shared_idx, columns: [id] }
    foreign_keys:
      - { name: fk, columns: [id], references: { table: users, columns: [id] } }
      - { name: fk, columns: [id], references: { table: users, columns: [id] } }
    checks:
      - { name: ck, expression: "id > 0" }
      - { name: ck, expression: "id < 9" }
  - name: users
    columns: [{ name: id, type: integer }]
  - name: users
    schema: other
    columns: [{ name: id, type: integer }]
    indexes:
      - { name: shared_idx, columns: [id] }
  - name: orders
    columns: [{ name: id, type: integer }]
    indexes:
      - { name: shared_idx, columns: [id] }
      - { name: shared_idx, columns: [id] }
views:
  - { name: orders, query: "SELECT 1" }
  - { name: v, query: "SELECT 1" }
  - { name: v, query: "SELECT 2" }
enums:
  - { name: mood, values: [a, b, a] }
  - { name: mood, values: [c] }
)y") == Lines{
           "s.yaml:5:9: table \"users\": column \"id\": duplicate column name (first defined at s.yaml:4:9)",
           "s.yaml:10:9: table \"users\": foreign key \"fk\": duplicate foreign key name (first defined at s.yaml:9:9)",
           "s.yaml:13:9: table \"users\": check \"ck\": duplicate check name (first defined at s.yaml:12:9)",
           "s.yaml:14:5: table \"users\": duplicate table name (first defined at s.yaml:2:5)",
           // Index names are unique per table (MySQL's rule); the engines that want more check it
           // when they plan (test_index_names.cpp).
           "s.yaml:25:9: table \"orders\": index \"shared_idx\": duplicate index name (first defined at s.yaml:24:9)",
           "s.yaml:27:5: view \"orders\": a table has the same name (table defined at s.yaml:21:5)",
           "s.yaml:29:5: view \"v\": duplicate view name (first defined at s.yaml:28:5)",
           "s.yaml:31:34: enum \"mood\": duplicate value \"a\"",
           "s.yaml:32:5: enum \"mood\": duplicate enum name (first defined at s.yaml:31:5)",
         });
}

TEST_CASE("references to unknown tables and columns", "[yaml][diagnostics]")
{
  CHECK(problems(R"y(
tables:
  - name: orgs
    columns: [{ name: id, type: integer }, { name: code, type: text }]
  - name: users
    columns:
      - { name: id, type: integer }
      - { name: org_id, type: integer }
    primary_key: [id, idd]
    indexes:
      - { name: users_x_idx, columns: [id, nope], include: [zip] }
    foreign_keys:
      - { name: fk1, columns: [org_idd], references: { table: orgs, columns: [id] } }
      - { name: fk2, columns: [org_id], references: { table: nowhere, columns: [id] } }
      - { name: fk3, columns: [org_id], references: { table: orgs, columns: [idd] } }
      - { name: fk4, columns: [org_id, id], references: { table: orgs, columns: [id] } }
      - { name: fk5, columns: [org_id], references: { table: orgs } }
)y") == Lines{
           "s.yaml:8:23: table \"users\": primary key: unknown column \"idd\"",
           "s.yaml:10:44: table \"users\": index \"users_x_idx\": unknown column \"nope\"",
           "s.yaml:10:61: table \"users\": index \"users_x_idx\": include: unknown column \"zip\"",
           "s.yaml:12:32: table \"users\": foreign key \"fk1\": unknown column \"org_idd\"",
           "s.yaml:13:62: table \"users\": foreign key \"fk2\": references unknown table \"nowhere\"",
           "s.yaml:14:78: table \"users\": foreign key \"fk3\": referenced table \"orgs\" has no column \"idd\"",
           "s.yaml:15:9: table \"users\": foreign key \"fk4\": has 2 column(s) but references 1 column(s)",
           "s.yaml:16:62: table \"users\": foreign key \"fk5\": references table \"orgs\" without columns, and that "
           "table has no primary key",
         });
}

TEST_CASE("bad types", "[yaml][diagnostics]")
{
  CHECK(problems(R"y(
tables:
  - name: t
    columns:
      - { name: a, type: "" }
      - { name: b, type: "varchar(10" }
      - { name: c, type: varchar(x) }
      - { name: d, type: "numeric(1,2,3)" }
      - { name: e, type: { postgres: jsonb, oracle: json } }
      - { name: f, type: [int] }
      - { name: g, type: { sqlite: "char(a)" } }
)y") == Lines{
           "s.yaml:5:26: table \"t\": column \"b\": bad type \"varchar(10\" (expected varchar(n))",
           "s.yaml:6:26: table \"t\": column \"c\": bad type \"varchar(x)\" (expected varchar(n))",
           "s.yaml:7:26: table \"t\": column \"d\": bad type \"numeric(1,2,3)\" (expected numeric, numeric(p) or "
           "numeric(p,s))",
           "s.yaml:8:45: table \"t\": column \"e\": unknown engine \"oracle\" in type map (expected sqlite, postgres "
           "or mysql)",
           "s.yaml:9:26: table \"t\": column \"f\": \"type\" must be a type name or a map of engine to type name",
           "s.yaml:10:36: table \"t\": column \"g\": sqlite: bad type \"char(a)\" (expected char(n))",
         });
  CHECK(problems(R"y(
tables:
  - name: t
    columns:
      - { name: a, type: bigserial, sequence_type: integer }
      - { name: b, type: serial, sequence_type: numeric }
)y") == Lines{"s.yaml:5:49: table \"t\": column \"b\": \"sequence_type\" must be smallint, integer or bigint"});
}

TEST_CASE("renamed_from naming the object itself, and format versions", "[yaml][diagnostics]")
{
  CHECK(problems(R"y(
tables:
  - name: t
    renamed_from: t
    columns:
      - { name: a, type: integer, renamed_from: a }
)y") == Lines{
           "s.yaml:2:5: table \"t\": \"renamed_from\" names the table itself",
           "s.yaml:5:9: table \"t\": column \"a\": \"renamed_from\" names the column itself",
         });
  CHECK(problems("version: 2\n") == Lines{"s.yaml:1:10: unsupported format version \"2\" (expected 1)"});
  CHECK(problems("version: one\n") == Lines{"s.yaml:1:10: unsupported format version \"one\" (expected 1)"});
  CHECK(problems("version: 1\n").empty());
}

TEST_CASE("a type with a comma must be quoted inside a flow map", "[yaml][diagnostics]")
{
  // Plain YAML: the comma ends the value, so the loader sees "numeric(10" and a key "2)".
  CHECK(problems(R"y(
tables:
  - name: t
    columns:
      - { name: n, type: numeric(10,2) }
      - { name: q, type: "numeric(10,2)" }
)y") == Lines{
           "s.yaml:4:26: table \"t\": column \"n\": bad type \"numeric(10\" (expected numeric, numeric(p) or "
           "numeric(p,s))",
           "s.yaml:4:37: table \"t\": column \"n\": unknown key \"2)\"",
         });
}

TEST_CASE("primary key in both forms, bad actions, bad index keys", "[yaml][diagnostics]")
{
  CHECK(problems(R"y(
tables:
  - name: t
    columns:
      - { name: a, type: integer, primary_key: true }
    primary_key: [a]
    indexes:
      - { name: t_empty_idx, unique: true }
      - { name: t_both_idx, columns: [{ column: a, expression: "a + 1" }] }
    foreign_keys:
      - { name: t_fk, columns: [a], references: { table: t, columns: [a] }, on_delete: explode, match: odd }
)y") == Lines{
           "s.yaml:5:18: table \"t\": primary key given both by \"primary_key\" and by \"primary_key: true\" on a column",
           "s.yaml:7:9: table \"t\": index \"t_empty_idx\": an index needs \"columns\" or \"expressions\"",
           "s.yaml:8:9: table \"t\": index \"t_both_idx\": an index needs at least one column or expression",
           "s.yaml:8:39: table \"t\": index \"t_both_idx\": an index key needs exactly one of \"column\" and "
           "\"expression\"",
           "s.yaml:10:88: table \"t\": foreign key \"t_fk\": \"on_delete\": unknown action \"explode\" (expected no "
           "action, restrict, cascade, set null or set default)",
           "s.yaml:10:104: table \"t\": foreign key \"t_fk\": \"match\": unknown value \"odd\" (expected simple, full "
           "or partial)",
         });
}

TEST_CASE("malformed YAML is reported with the parser's position", "[yaml][diagnostics]")
{
  const auto found = problems(R"y(
tables:
  - name: t
    columns: [a, b
  - name: u
)y");
  REQUIRE(found.size() == 1);
  CHECK(found[0].rfind("s.yaml:", 0) == 0);
  CHECK(found[0].find("malformed YAML: ") != std::string::npos);
  CHECK(problems("a: [\n") == Lines{"s.yaml:2:1: malformed YAML: end of sequence flow not found"});
  CHECK(problems("a: b: c\n") == Lines{"s.yaml:1:5: malformed YAML: illegal map value"});
}

TEST_CASE("several problems are all reported at once, in file order", "[yaml][diagnostics]")
{
  CHECK(problems(R"y(
tables:
  - name: users
    columns:
      - { name: id, type: integer, nulable: false }
      - { name: id, type: "varchar(x)" }
    foreign_keys:
      - { columns: [id], references: { table: orgs } }
  - name: 42
    colour: blue
    columns: [{ name: x, type: text }]
)y") == Lines{
           "s.yaml:4:36: table \"users\": column \"id\": unknown key \"nulable\" (did you mean \"nullable\"?)",
           "s.yaml:5:9: table \"users\": column \"id\": duplicate column name (first defined at s.yaml:4:9)",
           "s.yaml:5:27: table \"users\": column \"id\": bad type \"varchar(x)\" (expected varchar(n))",
           "s.yaml:7:47: table \"users\": foreign key \"users_id_fkey\": references unknown table \"orgs\"",
           "s.yaml:9:5: table \"42\": unknown key \"colour\"",
         });
}

TEST_CASE("engine spellings of portable names pass through as native types", "[yaml][types]")
{
  // SQLite accepts VARCHAR without a length and MySQL writes int(11): inspect output must load.
  CHECK(problems(R"y(
tables:
  - name: t
    columns:
      - { name: a, type: VARCHAR }
      - { name: b, type: integer(4) }
)y").empty());
}

TEST_CASE("view options: known names, security and algorithm from their words in any case", "[yaml][diagnostics]")
{
  const auto loaded = strata::schemas::load_string(strata::test::yaml_text(R"y(
views:
  - { name: v, query: "SELECT 1", options: { security: INVOKER, algorithm: Merge, charset: latin1 } }
)y"),
                                                   "s.yaml");
  REQUIRE(loaded.ok());
  CHECK(loaded.schema.views.at(0).options ==
        std::map<std::string, std::string>{{"algorithm", "merge"}, {"charset", "latin1"}, {"security", "invoker"}});
  CHECK(problems(R"y(
views:
  - name: v
    query: SELECT 1
    options: { security: nobody, algorithm: merge, colour: red }
)y") == Lines{"s.yaml:4:26: view \"v\": options: unknown security \"nobody\" (expected definer, invoker)",
              "s.yaml:4:52: view \"v\": options: unknown key \"colour\""});
}

TEST_CASE("a table's partition is checked at its keys and partitions", "[yaml][diagnostics]")
{
  CHECK(problems(R"y(
tables:
  - name: t
    columns: [{ name: id, type: integer }]
    partition:
      by: range
      colums: id
      partitions:
        - { name: a, values: LESS THAN (1) }
        - { name: a, values: LESS THAN (2) }
        - { values: LESS THAN (3) }
)y") == Lines{"s.yaml:5:7: table \"t\": partition: missing required key \"expression\" (or \"columns\")",
                "s.yaml:6:7: table \"t\": partition: unknown key \"colums\" (did you mean \"columns\"?)",
                "s.yaml:9:11: table \"t\": partition: duplicate partition name \"a\"",
                "s.yaml:10:11: table \"t\": partition: partition #3: missing required key \"name\""});
}

TEST_CASE("partition_of: a partition declares no columns, names a partitioned parent and one bound",
          "[yaml][diagnostics][partition]")
{
  CHECK(problems(R"y(
tables:
  - name: events
    columns:
      - { name: id, type: bigint }
    partition: { by: list, columns: [id, nope] }
  - name: events_a
    partition_of: { table: events, bound: "FOR VALUES IN (1)" }
    columns:
      - { name: id, type: bigint }
    primary_key: [id]
  - name: events_b
    partition_of: { table: events }
  - name: events_c
    partition_of: { table: events, bound: "FOR VALUES IN (2)", default: true }
  - name: events_d
    partition_of: { table: missing, default: true }
  - name: plain
    columns:
      - { name: id, type: bigint }
  - name: plain_a
    partition_of: { table: plain, default: true }
)y") == Lines{
           "s.yaml:5:16: table \"events\": partition: unknown column \"nope\" in the partition key",
           "s.yaml:9:7: table \"events_a\": \"columns\" on a partition: partition events_a of events takes its "
           "columns from its parent (declare them there)",
           "s.yaml:12:19: table \"events_b\": partition_of: missing required key \"bound\" (FOR VALUES ...) or "
           "\"default: true\"",
           "s.yaml:14:19: table \"events_c\": partition_of: give \"bound\" or \"default: true\", not both",
           "s.yaml:16:19: table \"events_d\": partition_of: unknown table \"missing\" (the parent of a partition)",
           "s.yaml:21:19: table \"plain_a\": partition_of: table \"plain\" is not partitioned (give it \"partition: "
           "{by, columns | expression}\")",
         });
}

TEST_CASE("a partition's own keys, indexes and foreign keys name its root table's columns, at their lines",
          "[yaml][diagnostics][partition]")
{
  CHECK(problems(R"y(
tables:
  - name: events
    columns:
      - { name: id, type: bigint }
      - { name: day, type: date }
    primary_key: [id, day]
    partition: { by: range, columns: [day] }
  - name: events_2024
    partition_of: { table: events, bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')" }
    partition: { by: hash, columns: [id] }
    primary_key: [id, day]
  - name: events_2024_a
    partition_of: { table: events_2024, bound: "FOR VALUES WITH (MODULUS 2, REMAINDER 0)" }
    indexes:
      - { name: events_2024_a_day, columns: [day], include: [id] }
      - { name: events_2024_a_nope, columns: [nope], include: [gone] }
      - { name: events_2024_a_key, columns: [id], unique: true, constraint: true }
    foreign_keys:
      - { name: events_2024_a_fk, columns: [missing], references: { table: other, columns: [ref] } }
      - { name: events_2024_a_ok, columns: [id], references: { table: other, columns: [ref] } }
    checks:
      - { name: events_2024_a_positive, expression: "id > 0" }
    policies:
      - { name: p, using: "true" }
  - name: other
    columns:
      - { name: ref, type: bigint }
    primary_key: [ref]
)y") == Lines{
           "s.yaml:11:19: table \"events_2024\": primary key on a partition: partition events_2024 has the primary "
           "key of events already (a table takes one; declare a unique key instead)",
           "s.yaml:16:47: table \"events_2024_a\": index \"events_2024_a_nope\": unknown column \"nope\"",
           "s.yaml:16:64: table \"events_2024_a\": index \"events_2024_a_nope\": include: unknown column \"gone\"",
           "s.yaml:19:45: table \"events_2024_a\": foreign key \"events_2024_a_fk\": unknown column \"missing\"",
           "s.yaml:24:7: table \"events_2024_a\": \"policies\" on a partition: partition events_2024_a of events_2024 "
           "may declare keys, indexes, checks, foreign keys and triggers of its own, not \"policies\"",
         });
}

TEST_CASE("bad backfill and backfill_batch values are reported at their line", "[yaml][diagnostics]")
{
  CHECK(problems(R"y(
tables:
  - name: t
    columns:
      - { name: id, type: integer }
      - { name: a, type: integer, backfill: "" }
      - { name: b, type: integer, backfill: "  " }
      - { name: c, type: integer, backfill: "id", backfill_batch: 0 }
      - { name: d, type: integer, backfill: "id", backfill_batch: -5 }
      - { name: e, type: integer, backfill: "id", backfill_batch: many }
      - { name: f, type: integer, backfill_batch: 100 }
      - { name: g, type: integer, backfill: [id] }
      - { name: h, type: integer, generated: "id + 1", backfill: "id" }
    primary_key: [id]
)y") == Lines{
           "s.yaml:5:45: table \"t\": column \"a\": \"backfill\" must not be empty",
           "s.yaml:6:45: table \"t\": column \"b\": \"backfill\" must not be empty",
           "s.yaml:7:67: table \"t\": column \"c\": \"backfill_batch\" must be a positive integer (keys per batch)",
           "s.yaml:8:67: table \"t\": column \"d\": \"backfill_batch\" must be a positive integer (keys per batch)",
           "s.yaml:9:67: table \"t\": column \"e\": \"backfill_batch\" must be an integer",
           "s.yaml:10:51: table \"t\": column \"f\": \"backfill_batch\" needs \"backfill\"",
           "s.yaml:11:45: table \"t\": column \"g\": \"backfill\" must be a string",
           "s.yaml:12:66: table \"t\": column \"h\": \"backfill\" cannot fill a generated column: the server computes "
           "its values",
         });
}

TEST_CASE("system_versioning: its period names two different columns of the table, a column opts out only of a "
          "versioned table",
          "[yaml][diagnostics][versioning]")
{
  CHECK(problems(R"y(
tables:
  - name: t
    columns:
      - { name: id, type: int }
      - { name: vf, type: "timestamp(6)" }
      - { name: note, type: text, system_versioning: false }
    system_versioning: { row_start: vf, row_end: nope, colour: red }
  - name: u
    columns:
      - { name: id, type: int }
      - { name: vf, type: "timestamp(6)", system_versioning: false }
    system_versioning: { row_start: vf, row_end: vf }
  - name: w
    columns:
      - { name: id, type: int, system_versioning: false }
  - name: x
    columns: [{ name: id, type: int }]
    system_versioning: { row_start: id }
  - name: y
    columns: [{ name: id, type: int }]
    system_versioning: sometimes
)y") == Lines{"s.yaml:7:50: table \"t\": system_versioning: \"row_end\" names column \"nope\", which table t does not "
              "have (declare it in \"columns\", e.g. with type timestamp(6))",
              "s.yaml:7:56: table \"t\": system_versioning: unknown key \"colour\"",
              "s.yaml:11:62: table \"u\": column vf is a column of the system-time period: it cannot be "
              "\"system_versioning: false\"",
              "s.yaml:12:50: table \"u\": system_versioning: \"row_start\" and \"row_end\" must be two different columns",
              "s.yaml:15:51: table \"w\": column id: \"system_versioning: false\" needs a system-versioned table (add "
              "\"system_versioning\" to table w)",
              "s.yaml:18:24: table \"x\": system_versioning: missing required key \"row_end\"",
              "s.yaml:21:24: table \"y\": \"system_versioning\" must be true, false or a map {row_start, row_end}"});
}
