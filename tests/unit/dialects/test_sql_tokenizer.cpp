#include "dialects/mysql/expr.hpp"
#include "dialects/postgres/expr.hpp"
#include "dialects/sql_tokenizer.hpp"
#include "dialects/sqlite/sql_text.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace lex = strata::dialects::lex;
using lex::TokenKind;

namespace {

// "kind:text" of each token, for compact expectations.
std::vector<std::string> show(const lex::Tokens& tokens)
{
  static const char* names[] = {"word", "qid", "str", "num", "var", "punct", "end", "dir", "comment", "ws"};
  std::vector<std::string> out;
  for (const auto& t : tokens.tokens) {
    out.push_back(std::string(names[static_cast<int>(t.kind)]) + ":" + std::string(t.text));
  }
  return out;
}

std::vector<std::string> show(std::string_view sql, const lex::Syntax& syntax)
{
  return show(lex::tokenize(sql, syntax));
}

using V = std::vector<std::string>;

} // namespace

TEST_CASE("tokenizer: SQLite quotes, blobs, numbers and operators", "[tokenizer]")
{
  const auto& s = strata::dialects::sqlite::syntax();
  CHECK(show(R"(SELECT "a""b", `c`, [d e], 'it''s', X'00ff' FROM t;)", s) ==
        V{"word:SELECT", R"(qid:"a""b")", "punct:,", "qid:`c`", "punct:,", "qid:[d e]", "punct:,", "str:'it''s'",
          "punct:,", "str:X'00ff'", "word:FROM", "word:t", "end:;"});
  CHECK(show("a->>'$.x' <= 0x1F || 1_000 + .5e-3", s) ==
        V{"word:a", "punct:->>", "str:'$.x'", "punct:<=", "num:0x1F", "punct:||", "num:1_000", "punct:+", "num:.5e-3"});
  CHECK(lex::unquote(R"("a""b")") == R"(a"b)");
  CHECK(lex::unquote("[x y]") == "x y");
  CHECK(lex::unquote("`a``b`") == "a`b");
}

TEST_CASE("tokenizer: PostgreSQL E strings, dollar quotes, nested comments, casts", "[tokenizer]")
{
  const auto& s = strata::dialects::postgres::syntax();
  CHECK(show(R"(E'a\'b' || 'c''d')", s) == V{R"(str:E'a\'b')", "punct:||", "str:'c''d'"});
  CHECK(show("$$ a; 'b $$ $fn$ $$ ; $fn$ $1", s) ==
        V{"str:$$ a; 'b $$", "str:$fn$ $$ ; $fn$", "punct:$", "num:1"});
  CHECK(show("a /* x /* y */ still */ b", s) == V{"word:a", "word:b"});
  CHECK(show("'1'::int <-> x[1] @> y --c", s) ==
        V{"str:'1'", "punct:::", "word:int", "punct:<->", "word:x", "punct:[", "num:1", "punct:]", "punct:@>", "word:y"});
  // Only PostgreSQL nests comments: elsewhere the first */ closes.
  CHECK(show("a /* x /* y */ b */", strata::dialects::sqlite::syntax()) ==
        V{"word:a", "word:b", "punct:*", "punct:/"});
}

TEST_CASE("tokenizer: MySQL escapes, introducers, comments and variables", "[tokenizer]")
{
  const auto& s = strata::dialects::mysql::syntax();
  CHECK(show(R"('it\'s' "a\"b" b'01' _utf8mb4'x' `a``b`)", s) ==
        V{R"(str:'it\'s')", R"(str:"a\"b")", "str:b'01'", "str:_utf8mb4'x'", "qid:`a``b`"});
  CHECK(show("a # note\n-- note\nb--c @x @@session.y 1abc 0x1f <=> $d", s) ==
        V{"word:a", "word:b", "punct:-", "punct:-", "word:c", "var:@x", "var:@@session.y", "word:1abc", "num:0x1f",
          "punct:<=>", "word:$d"});
}

TEST_CASE("tokenizer: DELIMITER lines change the terminator where the syntax has them", "[tokenizer]")
{
  const std::string sql = "DELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; END//\ndelimiter ;\nSELECT 2;";
  const auto tokens = lex::tokenize(sql, strata::dialects::mysql::client_syntax());
  std::vector<std::string> terminators;
  std::vector<std::string> directives;
  for (const auto& t : tokens.tokens) {
    if (t.kind == TokenKind::terminator) {
      terminators.push_back(std::string(t.text) + "@" + std::to_string(t.line));
    } else if (t.kind == TokenKind::directive) {
      directives.push_back(std::string(t.text));
    }
  }
  CHECK(directives == V{"DELIMITER //", "delimiter ;"});
  CHECK(terminators == V{"//@2", ";@4"});
  // Without DELIMITER lines (PostgreSQL; MySQL text the server holds), the word is a word.
  CHECK(show("DELIMITER //", strata::dialects::mysql::syntax()) == V{"word:DELIMITER", "punct:/", "punct:/"});
  CHECK(show("DELIMITER //", strata::dialects::postgres::syntax()) == V{"word:DELIMITER", "punct://"});
}

TEST_CASE("tokenizer: offsets, lines and trivia", "[tokenizer]")
{
  const std::string sql = "SELECT 'a\nb',\n  -- c\n  x";
  const auto plain = lex::tokenize(sql, lex::portable_syntax());
  REQUIRE(plain.tokens.size() == 4);
  CHECK(plain.tokens[1].line == 1);
  CHECK(plain.tokens[2].line == 2);
  CHECK(plain.tokens[3].text == "x");
  CHECK(plain.tokens[3].line == 4);
  CHECK(plain.tokens[3].offset == sql.size() - 1);
  lex::Options options;
  options.trivia = true;
  const auto all = lex::tokenize(sql, lex::portable_syntax(), options);
  std::string joined;
  for (const auto& t : all.tokens) {
    joined += t.text;
  }
  CHECK(joined == sql);
  CHECK(show(all) == V{"word:SELECT", "ws: ", "str:'a\nb'", "punct:,", "ws:\n  ", "comment:-- c", "ws:\n  ", "word:x"});
}

TEST_CASE("tokenizer: unterminated literals are errors that run to the end", "[tokenizer]")
{
  const auto string = lex::tokenize("SELECT 1,\n 'abc", lex::portable_syntax());
  REQUIRE(string.error);
  CHECK(string.error->line == 2);
  CHECK(string.error->offset == 11);
  CHECK(string.error->message == "unterminated string");
  CHECK(string.tokens.back().text == "'abc");

  const auto prefixed = lex::tokenize("x E'a\\'", strata::dialects::postgres::syntax());
  REQUIRE(prefixed.error);
  CHECK(prefixed.error->offset == 2);

  CHECK(lex::tokenize("$t$ body", lex::portable_syntax()).error->message == "unterminated dollar-quoted string");
  CHECK(lex::tokenize("/* /* */", strata::dialects::postgres::syntax()).error->message == "unterminated comment");
  CHECK(lex::tokenize("`abc", strata::dialects::mysql::syntax()).error->message == "unterminated quoted identifier");
  CHECK_FALSE(lex::tokenize("SELECT 'a' -- unterminated? no", lex::portable_syntax()).error);
}

TEST_CASE("tokenizer: MySQL version comments are code, as the server reads them", "[tokenizer]")
{
  const auto& s = strata::dialects::mysql::syntax();
  // The markers are comments; what they enclose is tokenized like any other text.
  CHECK(show("/*!40101 CREATE TABLE t2 (a int) */;", s) ==
        V{"word:CREATE", "word:TABLE", "word:t2", "punct:(", "word:a", "word:int", "punct:)", "end:;"});
  CHECK(show(lex::tokenize("/*M!100500 DELETE FROM t */", s, lex::Options{.trivia = true})) ==
        V{"comment:/*M!100500", "ws: ", "word:DELETE", "ws: ", "word:FROM", "ws: ", "word:t", "ws: ", "comment:*/"});
  CHECK(show("/*!SELECT 1*/ /*!501234 x */", s) == V{"word:SELECT", "num:1", "word:x"});
  // A plain comment may sit inside; its */ does not close the version comment.
  CHECK(show("/*!40101 SELECT /* note */ 1 */ * 2", s) == V{"word:SELECT", "num:1", "punct:*", "num:2"});
  const auto open = lex::tokenize("SELECT 1;\n/*!40101 SELECT 2", s);
  REQUIRE(open.error);
  CHECK(open.error->message == "unterminated comment");
  CHECK(open.error->line == 2);
  // To the other engines it is an ordinary comment.
  CHECK(show("/*!40101 DELETE FROM t */ SELECT 1", strata::dialects::postgres::syntax()) == V{"word:SELECT", "num:1"});
  CHECK(show("/*!40101 DELETE FROM t */ SELECT 1", strata::dialects::sqlite::syntax()) == V{"word:SELECT", "num:1"});
}

TEST_CASE("tokenizer: MySQL -- is a comment only before whitespace or a control character", "[tokenizer]")
{
  const auto& s = strata::dialects::mysql::syntax();
  CHECK(show("SELECT 1--1;\nDELETE FROM t;", s) ==
        V{"word:SELECT", "num:1", "punct:-", "punct:-", "num:1", "end:;", "word:DELETE", "word:FROM", "word:t", "end:;"});
  CHECK(show(std::string_view("SELECT 1--\x01x;\nSELECT 2--", 24), s) == V{"word:SELECT", "num:1", "word:SELECT", "num:2"});
  CHECK(show("SELECT 1 # WHERE x;\n;", s) == V{"word:SELECT", "num:1", "end:;"});
  // Elsewhere -- always starts a comment.
  CHECK(show("SELECT 1--1;\nSELECT 2", strata::dialects::postgres::syntax()) == V{"word:SELECT", "num:1", "word:SELECT", "num:2"});
}
