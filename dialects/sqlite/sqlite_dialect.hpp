#pragma once
// The SQLite dialect. dialects/registry.cpp finds it through the engine list (schemas/engines.hpp);
// tests of SQLite-specific behaviour may include this header directly.

#include "dialects/dialect.hpp"

namespace strata::dialects::sqlite {

const Dialect& dialect();

} // namespace strata::dialects::sqlite
