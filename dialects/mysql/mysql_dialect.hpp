#pragma once
// The MySQL/MariaDB dialect. Only dialects/registry.cpp and MySQL-specific code include this.

#include "dialects/dialect.hpp"

#include <memory>

namespace strata::dialects::mysql {

std::unique_ptr<Dialect> make_dialect();

} // namespace strata::dialects::mysql
