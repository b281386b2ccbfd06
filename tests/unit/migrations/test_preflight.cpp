// `-- strata: preflight` lines: the notation written for each kind of count, read back into the
// same probe (names quoted where they hold the notation's characters), and malformed lines
// reported with file and line.
#include "migrations/directory.hpp"
#include "schemas/error.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace strata;
using namespace strata::migrations;
using Kind = dialects::ProbeQuery::Kind;

namespace {

dialects::ProbeQuery probe(Kind kind, schemas::QualifiedName table, std::vector<std::string> columns)
{
  dialects::ProbeQuery out;
  out.kind = kind;
  out.table = std::move(table);
  out.columns = std::move(columns);
  return out;
}

void check_same(const dialects::ProbeQuery& a, const dialects::ProbeQuery& b)
{
  CHECK(a.kind == b.kind);
  CHECK(a.table == b.table);
  CHECK(a.columns == b.columns);
  CHECK(a.ref_table == b.ref_table);
  CHECK(a.ref_columns == b.ref_columns);
  CHECK(a.limit == b.limit);
  CHECK(a.expression == b.expression);
  CHECK(a.values == b.values);
}

} // namespace

TEST_CASE("preflight checks are written in their notation and read back into the same count", "[migrations][preflight]")
{
  auto not_null = probe(Kind::nulls, {"", "users"}, {"email"});
  CHECK(format_preflight(not_null) == "not-null users(email)");

  auto unique = probe(Kind::duplicate_groups, {"app", "my table"}, {"a,b", "c"});
  CHECK(format_preflight(unique) == "unique app.\"my table\"(\"a,b\", c)");

  auto fk = probe(Kind::orphans, {"", "orders"}, {"user_id", "org_id"});
  fk.ref_table = {"", "users"};
  fk.ref_columns = {"id", "org"};
  CHECK(format_preflight(fk) == "foreign-key orders(user_id, org_id) -> users(id, org)");

  auto check = probe(Kind::violating_check, {"", "users"}, {});
  check.expression = "age >= 0 AND\nname <> 'x'";
  CHECK(format_preflight(check) == "check users age >= 0 AND name <> 'x'");

  auto narrow = probe(Kind::too_long, {"", "users"}, {"na\"me"});
  narrow.limit = 20;
  CHECK(format_preflight(narrow) == "max-length users(\"na\"\"me\") 20");

  auto members = probe(Kind::values_outside, {"", "pets"}, {"kind"});
  members.values = {"cat", "it's", "a, b"};
  CHECK(format_preflight(members) == "enum-members pets(kind) 'cat', 'it''s', 'a, b'");

  for (const auto* written : {&not_null, &unique, &fk, &narrow, &members}) {
    check_same(parse_preflight(*format_preflight(*written)), *written);
  }
  auto check_read = check;
  check_read.expression = "age >= 0 AND name <> 'x'"; // on one line, as the header holds it
  check_same(parse_preflight(*format_preflight(check)), check_read);

  // Counts of what a step destroys are no preflight check.
  CHECK_FALSE(format_preflight(probe(Kind::rows, {"", "users"}, {})));
  CHECK_FALSE(format_preflight(probe(Kind::non_null, {"", "users"}, {"bio"})));
}

TEST_CASE("the header collects preflight lines with their lines and names a malformed one by file and line",
          "[migrations][preflight]")
{
  const auto header = parse_header("-- strata: version 5\n"
                                   "-- strata: risk high data-dependent DD201 setting users.email NOT NULL fails\n"
                                   "-- strata: preflight not-null users(email)\n"
                                   "-- strata: preflight unique users(handle)\n"
                                   "\n"
                                   "ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n",
                                   "5_x.up.sql");
  REQUIRE(header.preflights.size() == 2);
  CHECK(header.preflights[0].line == 3);
  CHECK(header.preflights[0].text == "not-null users(email)");
  CHECK(header.preflights[0].probe.kind == Kind::nulls);
  CHECK(header.preflights[1].line == 4);
  CHECK(header.preflights[1].probe.kind == Kind::duplicate_groups);

  const std::pair<const char*, const char*> bad[] = {
    {"not-null users(email", "expected ')'"},
    {"not-null users(a, b)", "takes one column"},
    {"foreign-key orders(a) -> users(a, b)", "as many referenced columns"},
    {"foreign-key orders(a) users(a)", "expected '->'"},
    {"max-length users(name) twenty", "length in characters"},
    {"enum-members pets(kind) 'cat", "unterminated value"},
    {"enum-members pets(kind) cat", "single quotes"},
    {"check users", "check TABLE EXPRESSION"},
    {"not-null users(email) and more", "unexpected text"},
    {"no-nulls users(email)", "unknown check 'no-nulls'"},
  };
  for (const auto& [text, why] : bad) {
    INFO(text);
    try {
      parse_header(std::string("-- strata: version 5\n-- strata: preflight ") + text + "\nSELECT 1;\n", "5_x.up.sql");
      FAIL("accepted a malformed preflight line");
    } catch (const Error& e) {
      CHECK_THAT(e.what(), Catch::Contains("5_x.up.sql:2: ") && Catch::Contains(why));
    }
  }
}
