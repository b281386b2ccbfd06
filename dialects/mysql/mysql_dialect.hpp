#pragma once
// The MySQL/MariaDB dialect. dialects/registry.cpp finds it through the engine list (schemas/engines.hpp);
// tests of MySQL/MariaDB-specific behaviour may include this header directly.

#include "dialects/dialect.hpp"

namespace strata::dialects::mysql {

const Dialect& dialect();

} // namespace strata::dialects::mysql
