#pragma once
// The engine names a schema file may key per-engine values by (`type: {postgres: jsonb, ...}`).
// The model knows engines only by name; tests/unit/dialects checks this list against the
// dialect registry, so an engine is added in one more place: here.

#include <array>
#include <string_view>

namespace strata::schemas {

inline constexpr std::array<std::string_view, 3> k_engine_names{"sqlite", "postgres", "mysql"};

inline bool is_engine_name(std::string_view name)
{
  for (const auto known : k_engine_names) {
    if (known == name) {
      return true;
    }
  }
  return false;
}

// "sqlite, postgres or mysql", for messages.
inline constexpr std::string_view k_engine_list = "sqlite, postgres or mysql";

} // namespace strata::schemas
