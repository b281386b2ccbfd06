#pragma once

#include "introspect/reader.hpp"

namespace strata::introspect::postgres {

schemas::Schema read(dialects::Connection& connection, const dialects::Rendering& dialect,
                     const ReadOptions& options);
std::optional<Fingerprint> fingerprint(dialects::Connection& connection, const dialects::Rendering& dialect,
                                       const ReadOptions& options, const Fingerprint* previous);

} // namespace strata::introspect::postgres
