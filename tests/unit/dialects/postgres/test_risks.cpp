// PostgreSQL locking risks: each remaining table rewrite or long ACCESS EXCLUSIVE / write-blocking
// lock is named (L311-L317); the low-lock renderings and binary-coercible changes raise none.
#include "tests/unit/dialects/postgres/write_fixture.hpp"

using namespace strata;
using namespace strata::test;
using schemas::Operation;

namespace {

std::vector<std::string> codes(const Operation& op, const dialects::RiskContext& context = {})
{
  std::vector<std::string> out;
  for (const auto& risk : dialects::postgres::engine_risks(op, context)) {
    CHECK(risk.kind == schemas::RiskKind::locking);
    out.push_back(risk.code);
  }
  return out;
}

using Codes = std::vector<std::string>;

Operation retype(const std::string& before, const std::string& after)
{
  schemas::AlterColumn op{{"", "t"}, make_column("c", before), make_column("c", after), {}};
  op.changes.type = true;
  return op;
}

} // namespace

TEST_CASE("postgres type changes risk a rewrite unless binary-coercible", "[postgres]")
{
  CHECK(codes(retype("varchar(10)", "varchar(20)")).empty());
  CHECK(codes(retype("varchar(10)", "text")).empty());
  CHECK(codes(retype("text", "character varying")).empty());
  CHECK(codes(retype("numeric(10,2)", "numeric(12,2)")).empty());
  CHECK(codes(retype("numeric(10,2)", "numeric")).empty());
  CHECK(codes(retype("varchar(20)", "varchar(10)")) == Codes{"L311"});
  CHECK(codes(retype("text", "varchar(10)")) == Codes{"L311"});
  CHECK(codes(retype("integer", "bigint")) == Codes{"L311"});
  CHECK(codes(retype("numeric(10,2)", "numeric(12,3)")) == Codes{"L311"});
  CHECK(codes(retype("timestamp", "timestamptz")) == Codes{"L311"});
}

TEST_CASE("postgres ADD COLUMN risks a rewrite for volatile defaults, identity and stored generation",
          "[postgres]")
{
  const schemas::QualifiedName t{"", "t"};
  CHECK(codes(schemas::AddColumn{t, make_column("a", "integer", true, "0"), ""}).empty());
  CHECK(codes(schemas::AddColumn{t, make_column("a", "timestamp", true, "now()"), ""}).empty()); // stable
  CHECK(codes(schemas::AddColumn{t, make_column("a", "uuid", true, "gen_random_uuid()"), ""}) == Codes{"L312"});
  CHECK(codes(schemas::AddColumn{t, make_column("a", "double", true, "random() * 10"), ""}) == Codes{"L312"});
  auto identity = make_column("a", "bigint", false);
  identity.identity = true;
  CHECK(codes(schemas::AddColumn{t, identity, ""}) == Codes{"L312"});
  auto generated = make_column("a", "integer");
  generated.generated = schemas::GeneratedColumn{"b * 2", true};
  CHECK(codes(schemas::AddColumn{t, generated, ""}) == Codes{"L312"});

  auto before = generated;
  before.generated->expression = "b * 3";
  schemas::AlterColumn regenerate{t, before, generated, {}};
  regenerate.changes.generated = true;
  CHECK(codes(regenerate) == Codes{"L316"});
  schemas::AlterColumn not_null{t, make_column("a", "text"), make_column("a", "text", false), {}};
  not_null.changes.nullability = true;
  CHECK(codes(not_null).empty()); // the validated-check path
}

TEST_CASE("postgres index and constraint locks depend on concurrent builds and existing tables", "[postgres]")
{
  schemas::Schema before;
  before.tables = {make_table("t", {make_column("a", "integer")})};
  const dialects::RiskContext online{&before, true};
  const dialects::RiskContext offline{&before, false};
  schemas::Index index;
  index.name = "t_a_idx";
  index.keys = {schemas::IndexKey{"a", "", false, ""}};
  auto unique = index;
  unique.name = "t_a_key";
  unique.unique = unique.constraint = true;

  CHECK(codes(schemas::AddIndex{{"", "t"}, index}, online).empty());
  CHECK(codes(schemas::AddIndex{{"", "t"}, index}, offline) == Codes{"L313"});
  CHECK(codes(schemas::AddIndex{{"", "new"}, index}, offline).empty()); // a new table has no rows
  CHECK(codes(schemas::AddIndex{{"", "t"}, unique}, online).empty());
  CHECK(codes(schemas::AddIndex{{"", "t"}, unique}, offline) == Codes{"L314"});
  CHECK(codes(schemas::DropIndex{{"", "t"}, index}, offline) == Codes{"L315"});
  CHECK(codes(schemas::DropIndex{{"", "t"}, index}, online).empty());

  schemas::Enum mood{"", "mood", {"a", "b"}, {}};
  before.enums = {mood};
  before.tables[0].columns.push_back(make_column("m", "mood"));
  mood.values = {"b", "a"};
  CHECK(codes(schemas::CreateEnum{mood}, online) == Codes{"L317"});
  mood.name = "other";
  CHECK(codes(schemas::CreateEnum{mood}, online).empty());
}

TEST_CASE("postgres materialized view created again with data is a lock while it is materialised anew (L319)",
          "[postgres]")
{
  schemas::View v;
  v.name = "totals";
  v.query = "SELECT 1 AS one";
  v.materialized = true;
  schemas::Schema before;
  before.views = {v};
  const dialects::RiskContext context{&before, true};
  CHECK(codes(Operation{schemas::CreateView{v}}, context) == Codes{"L319"});
  CHECK(codes(Operation{schemas::CreateView{v}}) == Codes{}); // without the live schema: a new one
  const schemas::Schema empty;
  CHECK(codes(Operation{schemas::CreateView{v}}, dialects::RiskContext{&empty, true}) == Codes{});
  v.with_data = false; // created again WITH NO DATA: the query does not run
  CHECK(codes(Operation{schemas::CreateView{v}}, context) == Codes{});
  before.views[0].materialized = false; // a plain view becomes materialized: nobody read stored rows
  v.with_data = true;
  CHECK(codes(Operation{schemas::CreateView{v}}, context) == Codes{});
}
