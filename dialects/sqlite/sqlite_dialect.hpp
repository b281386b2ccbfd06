#pragma once
// The SQLite dialect. Only dialects/registry.cpp and SQLite-specific code include this.

#include "dialects/dialect.hpp"

#include <memory>

namespace strata::dialects::sqlite {

std::unique_ptr<Dialect> make_dialect();

} // namespace strata::dialects::sqlite
