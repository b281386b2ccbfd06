#pragma once
// The duration spelling of migration files and the project file (a batch's sleep= and timeout=,
// `-- strata: statement-timeout`, `apply: statement_timeout`): digits and a unit, "250ms", "5s",
// "10min", "2h". One grammar for every layer that reads it.

#include <chrono>
#include <optional>
#include <string_view>

namespace strata::schemas {

// nullopt when `text` is not digits (at most 9) followed by ms, s, min or h.
std::optional<std::chrono::milliseconds> parse_written_duration(std::string_view text);

} // namespace strata::schemas
