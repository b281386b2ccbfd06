#pragma once
// Which backups `strata backup prune` removes: those older than an age, all but the newest N, or
// those older than an age except the newest N. Pure selection; Executor::prune_backups removes
// them under the migration lock.

#include "dialects/dialect.hpp"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace strata::migrations {

struct PruneRule {
  std::optional<std::chrono::seconds> older_than; // created more than this long ago
  std::optional<std::size_t> keep;                // the newest `keep` always stay
};

// "30d", "12h", "90m", "2w", "45s": a whole number and one unit (w, d, h, m, s). Error(usage)
// naming `flag` and the value otherwise.
std::chrono::seconds parse_age(const std::string& text, const std::string& flag);

// "2026-11-21T19:30:00Z" as a time point; nullopt when it is not in that form.
std::optional<std::chrono::system_clock::time_point> parse_utc_iso(const std::string& text);

// The records `rule` removes at `now`, oldest first. Newest means latest created_at (then id).
// A record whose created_at cannot be read is never removed for its age. A rule with neither an
// age nor a count removes nothing.
std::vector<dialects::BackupRecord> prunable(std::vector<dialects::BackupRecord> records, const PruneRule& rule,
                                             std::chrono::system_clock::time_point now);

} // namespace strata::migrations
