#pragma once
// The PostgreSQL dialect. Only dialects/registry.cpp and PostgreSQL-specific code include this.

#include "dialects/dialect.hpp"

#include <memory>

namespace strata::dialects::postgres {

std::unique_ptr<Dialect> make_dialect();

} // namespace strata::dialects::postgres
