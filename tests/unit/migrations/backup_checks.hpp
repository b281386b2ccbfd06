#pragma once
// The backup scenario the PostgreSQL and MySQL executor tests share: a file that drops users.bio
// with a `-- strata: backup users.bio` header, applied through the fixture's executor.

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

} // namespace strata::test
