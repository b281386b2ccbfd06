// `-- strata:ignore CODE[,CODE] REASON`: the statement each comment is about, and the errors for
// an ignore without a reason or with a code lint does not have.

#include "migrations/directory.hpp"
#include "migrations/lint_ignores.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace strata::migrations;

namespace {

// Each ignore as "<comment line> -> <statement line>: <codes> | <reason>".
std::vector<std::string> ignores(const std::string& sql)
{
  std::vector<std::string> out;
  for (const auto& ignore : find_ignores(sql, split_statements(sql), strata::dialects::lex::portable_syntax(), "f.sql")) {
    std::string codes;
    for (const auto& code : ignore.codes) {
      codes += (codes.empty() ? "" : ",") + code;
    }
    out.push_back(std::to_string(ignore.line) + " -> " + std::to_string(ignore.statement_line) + ": " + codes + " | " +
                  ignore.reason);
  }
  return out;
}

} // namespace

TEST_CASE("an ignore is about the statement it sits in or ends the line of, else the next one", "[migrations][ignore]")
{
  CHECK(ignores("-- strata:ignore S601 backfill of a new column\n"
                "UPDATE t SET x = 1;\n"
                "DELETE FROM t; -- strata:ignore S602  a cache, refilled on start \n"
                "ALTER TABLE t\n"
                "  -- strata:ignore D102,BI401 y was never read\n"
                "  DROP COLUMN y;\n"
                "SELECT '-- strata:ignore D101 in a string';\n"
                "-- strata:ignored D101 another word\n"
                "/* strata:ignore D101 a block comment */\n"
                "-- strata:ignore L313 nothing follows\n") ==
        std::vector<std::string>{"1 -> 2: S601 | backfill of a new column", "3 -> 3: S602 | a cache, refilled on start",
                                 "5 -> 4: D102,BI401 | y was never read", "10 -> 0: L313 | nothing follows"});
}

TEST_CASE("an ignore without a reason, or with an unknown code or S600, is an error at its line", "[migrations][ignore]")
{
  CHECK_THROWS_WITH(ignores("SELECT 1;\n-- strata:ignore D102\nALTER TABLE t DROP COLUMN y;\n"),
                    "f.sql:2: -- strata:ignore D102 needs a reason after the codes (why the finding does not apply "
                    "here)");
  CHECK_THROWS_WITH(ignores("-- strata:ignore\nSELECT 1;\n"),
                    "f.sql:1: -- strata:ignore needs the codes it switches off and a reason: -- strata:ignore D102 "
                    "the column was never read");
  CHECK_THROWS_WITH(ignores("-- strata:ignore D1O2 typo\nSELECT 1;\n"),
                    "f.sql:1: -- strata:ignore: unknown lint code \"D1O2\" (did you mean \"D102\"?)");
  CHECK_THROWS_WITH(ignores("-- strata:ignore S600 never\nSELECT 1;\n"),
                    "f.sql:1: -- strata:ignore: S600 (the file fails to replay) cannot be ignored");
}

TEST_CASE("an ignore line in a file's header is not an unknown header key", "[migrations][ignore]")
{
  const auto header = parse_header("-- strata:version 2\n-- strata:ignore D101 dropped on purpose\nDROP TABLE t;\n",
                                   "2_drop.up.sql");
  CHECK(header.version == "2");
}
