#pragma once
// Engine name (URL scheme) -> Dialect, for the engines schemas/engines.hpp lists. An explicit list
// rather than static self-registration: the linker would drop that from a static library.

#include "dialects/dialect.hpp"

#include <string>
#include <vector>

namespace strata::dialects {

// Throws strata::Error(usage) for an unknown engine.
const Dialect& dialect_for(const std::string& engine);
const Dialect& dialect_for(const DbUrl& url);
std::vector<std::string> registered_engines();

} // namespace strata::dialects
