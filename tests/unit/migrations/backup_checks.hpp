#pragma once
// The backup scenario the PostgreSQL and MySQL executor tests share: a file that drops users.bio
// with a `-- strata: backup users.bio` header, applied through the fixture's executor, rolled
// back and the backup restored.

#include <catch2/catch.hpp>

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

} // namespace strata::test
