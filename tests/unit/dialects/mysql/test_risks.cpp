// MySQL/MariaDB engine risks: the locking risk of each change the server performs by copying or
// rebuilding an existing table, none for tables the plan creates or for metadata-only changes.
#include "tests/unit/dialects/mysql/render_fixture.hpp"

using namespace strata;
using namespace strata::test;

namespace {

std::vector<std::string> codes(const schemas::Operation& op, const schemas::Schema* before)
{
  dialects::RiskContext context;
  context.before = before;
  std::vector<std::string> out;
  for (const auto& risk : my_dialect().engine_risks_in_context(op, context)) {
    CHECK(risk.kind == schemas::RiskKind::locking);
    out.push_back(risk.code);
  }
  return out;
}

schemas::AlterColumn retype(const std::string& from, const std::string& to)
{
  schemas::ColumnChanges changes;
  changes.type = true;
  return schemas::AlterColumn{k_t, make_column("c", from), make_column("c", to), changes};
}

using Codes = std::vector<std::string>;

} // namespace

TEST_CASE("mysql risks: column changes that copy the table are L401, online rebuilds L407", "[mysql]")
{
  schemas::Schema before;
  before.tables = {make_table("t", {make_column("id", "int", false), make_column("c", "varchar(10)")}, {"id"})};
  CHECK(codes(retype("varchar(10)", "varchar(50)"), &before).empty());
  CHECK(codes(retype("varchar(10)", "varchar(100)"), &before) == Codes{"L401"});
  CHECK(codes(retype("int", "bigint"), &before) == Codes{"L401"});
  CHECK(codes(retype("enum('a')", "enum('a','b')"), &before).empty());
  CHECK(codes(retype("enum('a','b')", "enum('a')"), &before) == Codes{"L401"});

  schemas::ColumnChanges nullability;
  nullability.nullability = true;
  CHECK(codes(schemas::AlterColumn{k_t, make_column("c", "int"), make_column("c", "int", false), nullability}, &before) ==
        Codes{"L407"});
  schemas::ColumnChanges comment;
  comment.comment = true;
  CHECK(codes(schemas::AlterColumn{k_t, make_column("c", "int"), make_column("c", "int"), comment}, &before).empty());

  // A table the plan creates holds no rows: nothing to lock for long.
  schemas::Schema empty;
  CHECK(codes(retype("int", "bigint"), &empty).empty());
}

TEST_CASE("mysql risks: added columns, keys, options, foreign keys, checks and indexes", "[mysql]")
{
  schemas::Schema before;
  before.tables = {make_table("t", {make_column("id", "int", false), make_column("c", "int")}, {"id"})};
  CHECK(codes(schemas::AddColumn{k_t, make_column("n", "int"), "c"}, &before).empty()); // appended: instant
  CHECK(codes(schemas::AddColumn{k_t, make_column("n", "int"), "id"}, &before) == Codes{"L407"});
  CHECK(codes(schemas::AddColumn{k_t, make_column("n", "int"), ""}, &before) == Codes{"L407"});
  auto stored = make_column("s", "int");
  stored.generated = schemas::GeneratedColumn{"`c` + 1", true};
  CHECK(codes(schemas::AddColumn{k_t, stored, "c"}, &before) == Codes{"L404"});
  CHECK(codes(schemas::DropColumn{k_t, make_column("c", "int")}, &before) == Codes{"L407"});

  CHECK(codes(schemas::SetPrimaryKey{k_t, {{"id"}, ""}, {{"id", "c"}, ""}}, &before) == Codes{"L402"});
  CHECK(codes(schemas::SetTableOptions{k_t, {}, {{"charset", "latin1"}}}, &before) == Codes{"L403"});

  schemas::ForeignKey fk;
  fk.name = "t_fk";
  fk.columns = {"c"};
  fk.references = k_t;
  fk.ref_columns = {"id"};
  CHECK(codes(schemas::AddForeignKey{k_t, fk}, &before) == Codes{"L405"});
  CHECK(codes(schemas::DropForeignKey{k_t, fk}, &before).empty());
  CHECK(codes(schemas::AddCheck{k_t, {"t_c", "`c` > 0", {}}}, &before) == Codes{"L408"});

  auto fulltext = my_index("t_ft", {"c"});
  fulltext.method = "fulltext";
  CHECK(codes(schemas::AddIndex{k_t, fulltext}, &before) == Codes{"L406"});
  CHECK(codes(schemas::AddIndex{k_t, my_index("t_c", {"c"})}, &before).empty());
}

TEST_CASE("mysql risks: an index comment rebuilds the index on MySQL 8, visibility is metadata", "[mysql]")
{
  schemas::Schema before;
  before.tables = {make_table("t", {make_column("id", "int", false), make_column("c", "varchar(10)", false)}, {"id"})};
  before.tables[0].indexes = {my_index("t_c", {"c"})};
  schemas::Index text = my_index("t_text", {"c"});
  text.method = "fulltext";
  before.tables[0].indexes.push_back(text);
  CHECK(codes(schemas::SetConstraintComment{k_t, "t_c", true, "", "x"}, &before) == Codes{"L407"});
  CHECK(codes(schemas::SetConstraintComment{k_t, "t_text", true, "", "x"}, &before) == Codes{"L406"});
  CHECK(codes(schemas::SetIndexVisibility{k_t, "t_c", true}, &before).empty());
  // Without a primary key, a UNIQUE index over NOT NULL columns may be the table's clustered key.
  before.tables[0].primary_key.clear();
  before.tables[0].indexes[0].unique = true;
  CHECK(codes(schemas::SetConstraintComment{k_t, "t_c", true, "", "x"}, &before) == Codes{"L402"});
  // A table the plan creates has nothing to rebuild.
  CHECK(codes(schemas::SetConstraintComment{{"", "fresh"}, "t_c", true, "", "x"}, &before).empty());
}
