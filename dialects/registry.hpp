#pragma once
// URL scheme -> Dialect. register_builtin_dialects() lists the engines explicitly (no static
// self-registration: the linker would drop it from a static library).

#include "dialects/dialect.hpp"

#include <memory>
#include <string>
#include <vector>

namespace strata::dialects {

void register_builtin_dialects();
// Throws strata::Error(usage) for an unknown engine.
const Dialect& dialect_for(const std::string& engine);
const Dialect& dialect_for(const DbUrl& url);
std::vector<std::string> registered_engines();

} // namespace strata::dialects
