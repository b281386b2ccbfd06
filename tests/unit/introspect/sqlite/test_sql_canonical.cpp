#include "dialects/sqlite/sql_text.hpp"

#include <catch2/catch.hpp>

using strata::dialects::sqlite::canonical_expression;
using strata::dialects::sqlite::identifier_text;
using strata::dialects::sqlite::tokenize;
using strata::dialects::sqlite::TokenKind;

TEST_CASE("tokenize respects quotes, comments and numbers", "[sqlite][lexer]")
{
  const auto tokens = tokenize("\"a \"\"b\" [c d] `e` 'it''s' -- note\n x'0A' 1.5e3 /* c */ ->> (");
  REQUIRE(tokens.size() == 8);
  CHECK(tokens[0].kind == TokenKind::quoted_identifier);
  CHECK(identifier_text(tokens[0]) == "a \"b");
  CHECK(identifier_text(tokens[1]) == "c d");
  CHECK(identifier_text(tokens[2]) == "e");
  CHECK(tokens[3].kind == TokenKind::string);
  CHECK(tokens[3].text == "'it''s'");
  CHECK(tokens[4].kind == TokenKind::blob);
  CHECK(tokens[5].kind == TokenKind::number);
  CHECK(tokens[5].text == "1.5e3");
  CHECK(tokens[6].text == "->>");
  CHECK(tokens[7].kind == TokenKind::open);
}

TEST_CASE("canonical_expression folds spacing, parentheses, keyword and function case", "[sqlite][normalize]")
{
  CHECK(canonical_expression("((price_cents>=0))") == "price_cents >= 0");
  CHECK(canonical_expression("status in ('open','paid')") == "status IN ('open', 'paid')");
  CHECK(canonical_expression("  deleted_at   is  null ") == "deleted_at IS NULL");
  CHECK(canonical_expression("LOWER( \"email\" )") == "lower(email)");
  CHECK(canonical_expression("\"my col\" <> 'A  B'") == "\"my col\" <> 'A  B'");
  CHECK(canonical_expression("a==1 and b!=2") == "a = 1 AND b <> 2");
  CHECK(canonical_expression("-1") == "-1");
  CHECK(canonical_expression("a - -1") == "a - -1");
  CHECK(canonical_expression("(a) + (b)") == "(a) + (b)");
  CHECK(canonical_expression("datetime ( 'now' )") == "datetime('now')");
  CHECK(canonical_expression("name collate nocase") == "name COLLATE NOCASE");
  CHECK(canonical_expression("CAST (x AS integer)") == "CAST(x AS integer)");
  CHECK(canonical_expression("t.\"order\"") == "t.\"order\"");
  CHECK(canonical_expression("current_timestamp") == "CURRENT_TIMESTAMP");
  CHECK(canonical_expression("a /* why */ > 0 -- done") == "a > 0");
}

TEST_CASE("canonical_expression is idempotent", "[sqlite][normalize]")
{
  const char* samples[] = {
    "((price_cents>=0))", "\"Lower\"(x)", "x COLLATE \"nocase\"", "- 1", "a - - 1", "CASE WHEN a THEN -1 ELSE +2 END",
    "SELECT o.id, c.email FROM orders o JOIN customers c ON c.id=o.customer_id WHERE o.status='open';",
    "json_extract(doc, '$.a') ->> 'b'", "X'0aFF' || 'x'", "[weird name] > 0", "exists (select 1)",
  };
  for (const char* sample : samples) {
    const std::string once = canonical_expression(sample);
    CHECK(canonical_expression(once) == once);
  }
}
