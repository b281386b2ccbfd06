// Which backups `backup prune` removes: ages as written on the command line, the newest N kept,
// and both together.
#include "migrations/backup_prune.hpp"

#include "schemas/error.hpp"

#include <catch2/catch.hpp>

using namespace strata;
using namespace strata::migrations;
using namespace std::chrono_literals;

namespace {

dialects::BackupRecord record(const std::string& id, const std::string& created_at)
{
  dialects::BackupRecord out;
  out.id = id;
  out.created_at = created_at;
  return out;
}

std::vector<std::string> ids(const std::vector<dialects::BackupRecord>& records)
{
  std::vector<std::string> out;
  for (const auto& r : records) {
    out.push_back(r.id);
  }
  return out;
}

// Four backups a day apart, listed newest first (prunable sorts them itself).
const std::vector<dialects::BackupRecord> k_backups{
  record("d", "2026-11-24T12:00:00Z"), record("c", "2026-11-23T12:00:00Z"), record("b", "2026-11-22T12:00:00Z"),
  record("a", "2026-11-21T12:00:00Z")};

std::chrono::system_clock::time_point at(const std::string& iso)
{
  const auto parsed = parse_utc_iso(iso);
  REQUIRE(parsed);
  return *parsed;
}

} // namespace

TEST_CASE("parse_age reads a number and a unit and names a bad value", "[prune]")
{
  CHECK(parse_age("30d", "--older-than") == 30 * 24h);
  CHECK(parse_age("12h", "--older-than") == 12h);
  CHECK(parse_age("90m", "--older-than") == 90min);
  CHECK(parse_age("2w", "--older-than") == 14 * 24h);
  CHECK(parse_age("45s", "--older-than") == 45s);
  CHECK(parse_age("0d", "--older-than") == 0s);
  for (const std::string bad : {"", "d", "30", "30x", "-1d", "1.5d", "3 d", "d30", "9999999999d"}) {
    INFO(bad);
    try {
      parse_age(bad, "--older-than");
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::usage);
      CHECK_THAT(e.what(), Catch::Contains("--older-than '" + bad + "' is not an age"));
    }
  }
}

TEST_CASE("parse_utc_iso reads the catalog's timestamps and refuses other forms", "[prune]")
{
  CHECK(at("2026-11-22T12:00:00Z") - at("2026-11-21T12:00:00Z") == 24h);
  CHECK_FALSE(parse_utc_iso("2026-11-21 12:00:00"));
  CHECK_FALSE(parse_utc_iso("yesterday"));
}

TEST_CASE("prunable removes what is older than the age, oldest first", "[prune]")
{
  const auto now = at("2026-11-25T00:00:00Z");
  CHECK(ids(prunable(k_backups, PruneRule{48h, std::nullopt}, now)) == std::vector<std::string>{"a", "b"});
  CHECK(ids(prunable(k_backups, PruneRule{30 * 24h, std::nullopt}, now)).empty());
  CHECK(ids(prunable(k_backups, PruneRule{0s, std::nullopt}, now)) == std::vector<std::string>{"a", "b", "c", "d"});
}

TEST_CASE("prunable with --keep removes all but the newest N, and with an age never one of them", "[prune]")
{
  const auto now = at("2026-11-25T00:00:00Z");
  CHECK(ids(prunable(k_backups, PruneRule{std::nullopt, 1}, now)) == std::vector<std::string>{"a", "b", "c"});
  CHECK(ids(prunable(k_backups, PruneRule{std::nullopt, 0}, now)).size() == 4);
  CHECK(ids(prunable(k_backups, PruneRule{std::nullopt, 9}, now)).empty());
  // Older than a day would take a, b and c; the newest three stay, so only a goes.
  CHECK(ids(prunable(k_backups, PruneRule{24h, 3}, now)) == std::vector<std::string>{"a"});
  CHECK(ids(prunable(k_backups, PruneRule{std::nullopt, std::nullopt}, now)).empty());
}

TEST_CASE("prunable never removes a backup for its age when its time cannot be read", "[prune]")
{
  auto backups = k_backups;
  backups.push_back(record("odd", "not a time"));
  const auto now = at("2026-11-25T00:00:00Z");
  CHECK(ids(prunable(backups, PruneRule{0s, std::nullopt}, now)) == std::vector<std::string>{"a", "b", "c", "d"});
}
