#pragma once
// A dialect: an engine's two roles together. Callers take the role they use — the planner, the
// renderers and the readers a `const Rendering&` (rendering.hpp), code that only administers a
// database a `const Administration&` (administration.hpp) — and a `const Dialect&` only when they
// need both (the executor, the history table, scratch databases, the workflows). A Dialect
// converts to either role. dialects/registry.hpp finds an engine's dialect by name.

#include "dialects/administration.hpp"
#include "dialects/rendering.hpp"

namespace strata::dialects {

// Each engine defines one in dialects/<engine>/<engine>_dialect.cpp:
//   Dialect{Rendering{.name = ..., ...}, Administration{.connect = ..., ...}}
struct Dialect : Rendering, Administration {};

} // namespace strata::dialects
