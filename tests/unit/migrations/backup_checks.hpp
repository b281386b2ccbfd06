#pragma once
// The backup scenarios the PostgreSQL and MySQL executor tests share: a file that drops users.bio
// with a `-- strata: backup users.bio` header, applied through the fixture's executor, rolled
// back and the backup restored; copies a killed backup left behind.

#include <catch2/catch.hpp>

#include <algorithm>

#include <optional>
#include <string>
#include <vector>

namespace strata::test {

// Writes 001_drop_bio (up and down), applies it and requires the one backup; returns the
// executor's list of backups.
template <class Fixture>
auto apply_drop_bio_with_backup(Fixture& fx)
{
  fx.file("001_drop_bio.up.sql", "-- strata: version 001\n-- strata: backup users.bio\n\n"
                                 "ALTER TABLE users DROP COLUMN bio;\n");
  fx.file("001_drop_bio.down.sql", "-- strata: version 001\n\nALTER TABLE users ADD COLUMN bio text;\n");
  fx.reload();
  const auto result = fx.executor().apply(std::nullopt, false);
  REQUIRE(result.backups == std::vector<std::string>{"001-users-bio"});
  auto backups = fx.executor().backups();
  REQUIRE(backups.size() == 1);
  return backups;
}

// users (id, bio) holds `rows` rows: drops bio with its backup at `location` (keyed by id and
// named in the history row), rolls back (bio comes back empty) and restores the backup, after
// which `bios_sql` (the bios by id, '-' for NULL) gives `bios` again.
template <class Fixture>
void check_drop_bio_backup_restored(Fixture& fx, const std::string& location, long long rows,
                                    const std::string& bios_sql, const std::string& bios)
{
  const auto backups = apply_drop_bio_with_backup(fx);
  CHECK(backups[0].location == location);
  CHECK(backups[0].rows == rows);
  CHECK(backups[0].target.key_columns == std::vector<std::string>{"id"});
  CHECK(fx.row("001").backup_ref == "001-users-bio");

  fx.executor().rollback(std::nullopt, 1, false);
  CHECK(fx.one("SELECT COUNT(*) FROM users WHERE bio IS NOT NULL") == "0");
  fx.executor().restore_backup("001-users-bio");
  CHECK(fx.one(bios_sql) == bios);
}

inline bool mentions(const std::vector<std::string>& lines, const std::string& text)
{
  return std::any_of(lines.begin(), lines.end(), [&](const auto& line) { return line.find(text) != std::string::npos; });
}

// users (id, bio) has rows. A backup killed after its copy was made but before its catalog row
// was written (the dialect's backup without the executor's recording) leaves a copy marked
// unrecorded: status lists it, and the next apply that takes a backup removes it, says so and
// takes another id. A copy that is not marked (a catalog row lost some other way) is only listed,
// never removed. Returns the location of the apply's own copy.
template <class Fixture>
std::string check_unrecorded_copy_removed(Fixture& fx)
{
  auto& connection = fx.db.connection();
  const auto killed = fx.dialect.backup(connection, {{"", "users"}, "bio", {}}, {}, "001-users-bio");
  auto unmarked = fx.dialect.backup(connection, {{"", "users"}, "", {}}, {}, "000-users");
  fx.dialect.backup_recorded(connection, unmarked);
  fx.file("001_drop_bio.up.sql", "-- strata: version 001\n-- strata: backup users.bio\n\n"
                                 "ALTER TABLE users DROP COLUMN bio;\n");
  fx.file("001_drop_bio.down.sql", "-- strata: version 001\n\nALTER TABLE users ADD COLUMN bio text;\n");
  fx.reload();

  const auto status = fx.executor().status();
  CHECK(status.ok());
  CHECK(status.leftover_backups.size() == 2);
  CHECK(mentions(status.leftover_backups,
                 killed.location + ": an unrecorded backup 001-users-bio left by an interrupted run; the next apply "
                                   "that takes a backup removes it"));
  CHECK(mentions(status.leftover_backups, unmarked.location + ": a copy (backup 000-users) that no catalog row names"));

  const auto result = fx.executor().apply(std::nullopt, false);
  CHECK(result.backups == std::vector<std::string>{"001-users-bio-2"});
  CHECK(mentions(fx.progress, "removed " + killed.location + ": an unrecorded backup 001-users-bio left by an "
                                                             "interrupted run"));
  std::vector<std::string> left;
  for (const auto& copy : fx.dialect.backup_copies(connection, {})) {
    CHECK_FALSE(copy.partial); // the apply's own copy lost its mark once recorded
    left.push_back(copy.id);
  }
  std::sort(left.begin(), left.end());
  CHECK(left == std::vector<std::string>{"000-users", "001-users-bio-2"});
  const auto after = fx.executor().status().leftover_backups;
  REQUIRE(after.size() == 1);
  CHECK(mentions(after, unmarked.location));
  const auto backups = fx.executor().backups();
  REQUIRE(backups.size() == 1);
  return backups[0].location;
}

} // namespace strata::test
