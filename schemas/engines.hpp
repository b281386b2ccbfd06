#pragma once
// The engines of this build, one line each. An engine's name is its URL scheme, the key of its
// values in a schema file (`type: {postgres: jsonb, ...}`) and the namespace of its code:
// dialects/<engine>/ defines dialects::<engine>::dialect() (its roles, see dialects/dialect.hpp)
// and introspect/<engine>/ defines introspect::<engine>::read (its catalog reader). The dialect
// registry (dialects/registry.cpp), the reader lookup (introspect/reader.cpp) and the names below
// all expand this one list, so adding an engine is its two folders and one line here (plus their
// sources in the two CMakeLists.txt). A macro because the list spans layers: the model may know
// engines only by name, and dialects/ may not include introspect/.
#define STRATA_ENGINES(X) \
  X(sqlite)               \
  X(postgres)             \
  X(mysql)

#include <array>
#include <string>
#include <string_view>

namespace strata::schemas {

#define STRATA_ENGINE_NAME(engine) std::string_view{#engine},
inline constexpr std::array k_engine_names{STRATA_ENGINES(STRATA_ENGINE_NAME)};
#undef STRATA_ENGINE_NAME

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
inline std::string engine_list()
{
  std::string text;
  for (size_t i = 0; i < k_engine_names.size(); ++i) {
    text += i == 0 ? "" : i + 1 == k_engine_names.size() ? " or " : ", ";
    text += k_engine_names[i];
  }
  return text;
}

} // namespace strata::schemas
