// Edit distance and the "did you mean" suggestions of commands, flags and schema keys.

#include "schemas/suggest.hpp"

#include <catch2/catch.hpp>

using strata::schemas::closest_match;
using strata::schemas::did_you_mean;
using strata::schemas::edit_distance;

TEST_CASE("edit distance counts inserts, deletes, replacements and adjacent swaps", "[suggest]")
{
  CHECK(edit_distance("columns", "columns") == 0);
  CHECK(edit_distance("colums", "columns") == 1);    // one letter missing
  CHECK(edit_distance("columnss", "columns") == 1);  // one too many
  CHECK(edit_distance("colunms", "columns") == 1);   // two letters swapped
  CHECK(edit_distance("plna", "plan") == 1);
  CHECK(edit_distance("PLAN", "plan") == 0);         // case does not count
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("kitten", "sitting") == 3);
}

TEST_CASE("only a close candidate is suggested, the closest first", "[suggest]")
{
  const std::vector<std::string> commands{"plan", "apply", "status", "history", "rollback", "repair"};
  CHECK(closest_match("plna", commands) == "plan");
  CHECK(closest_match("stauts", commands) == "status");
  CHECK(closest_match("histroy", commands) == "history");
  CHECK(closest_match("reapir", commands) == "repair");
  CHECK_FALSE(closest_match("frobnicate", commands).has_value());
  CHECK_FALSE(closest_match("xy", commands).has_value());
  CHECK_FALSE(closest_match("-x", {"-y", "-v", "-q"}).has_value()); // half the word changed
  CHECK(closest_match("--yse", {"--yes", "--dry-run"}) == "--yes");
  CHECK_FALSE(closest_match("plan", commands).has_value()); // the word itself is no suggestion
  CHECK(did_you_mean("colums", {"name", "columns", "indexes"}) == " (did you mean \"columns\"?)");
  CHECK(did_you_mean("colour", {"name", "query", "schema"}).empty());
}
