#pragma once
// The PostgreSQL dialect. dialects/registry.cpp finds it through the engine list (schemas/engines.hpp);
// tests of PostgreSQL-specific behaviour may include this header directly.

#include "dialects/dialect.hpp"

namespace strata::dialects::postgres {

const Dialect& dialect();

} // namespace strata::dialects::postgres
