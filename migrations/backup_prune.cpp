#include "migrations/backup_prune.hpp"

#include "schemas/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <limits>

namespace strata::migrations {

std::chrono::seconds parse_age(const std::string& text, const std::string& flag)
{
  const auto bad = [&] {
    return Error(ErrorKind::usage, fmt::format("{} '{}' is not an age: use a whole number and a unit, e.g. 30d, "
                                               "12h, 90m, 2w (w weeks, d days, h hours, m minutes, s seconds)",
                                               flag, text));
  };
  const auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
  if (text.size() < 2 || !std::all_of(text.begin(), text.end() - 1, digit)) {
    throw bad();
  }
  long long unit = 0;
  switch (text.back()) {
  case 'w': unit = 7 * 24 * 3600; break;
  case 'd': unit = 24 * 3600; break;
  case 'h': unit = 3600; break;
  case 'm': unit = 60; break;
  case 's': unit = 1; break;
  default: throw bad();
  }
  const std::string digits = text.substr(0, text.size() - 1);
  if (digits.size() > 9) {
    throw bad(); // beyond any useful age, and it keeps the product in range
  }
  return std::chrono::seconds(std::stoll(digits) * unit);
}

std::optional<std::chrono::system_clock::time_point> parse_utc_iso(const std::string& text)
{
  std::tm utc{};
  char zone = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &utc.tm_year, &utc.tm_mon, &utc.tm_mday, &utc.tm_hour,
                  &utc.tm_min, &utc.tm_sec, &zone) != 7 ||
      zone != 'Z') {
    return std::nullopt;
  }
  utc.tm_year -= 1900;
  utc.tm_mon -= 1;
  const std::time_t seconds = timegm(&utc);
  if (seconds == static_cast<std::time_t>(-1)) {
    return std::nullopt;
  }
  return std::chrono::system_clock::from_time_t(seconds);
}

std::vector<dialects::BackupRecord> prunable(std::vector<dialects::BackupRecord> records, const PruneRule& rule,
                                             std::chrono::system_clock::time_point now)
{
  if (!rule.older_than && !rule.keep) {
    return {}; // a rule that says nothing removes nothing
  }
  std::sort(records.begin(), records.end(), [](const auto& a, const auto& b) {
    return a.created_at != b.created_at ? a.created_at < b.created_at : a.id < b.id;
  });
  const std::size_t kept = std::min(rule.keep.value_or(0), records.size());
  records.resize(records.size() - kept); // the newest `keep` are at the end
  if (rule.older_than) {
    const auto cutoff = now - *rule.older_than;
    std::erase_if(records, [&](const auto& record) {
      const auto created = parse_utc_iso(record.created_at);
      return !created || *created >= cutoff;
    });
  }
  return records;
}

} // namespace strata::migrations
