#pragma once

#include "introspect/reader.hpp"

namespace strata::introspect::postgres {

schemas::Schema read(dialects::Connection& connection, const dialects::Rendering& dialect,
                     const ReadOptions& options);
std::optional<Fingerprint> fingerprint(dialects::Connection& connection, const dialects::Rendering& dialect,
                                       const ReadOptions& options, const Fingerprint* previous,
                                       FingerprintDepth depth);
// What introspect::read_changed asks of the engine for fingerprints that are not per object.
bool read_changed(dialects::Connection& connection, const dialects::Rendering& dialect, const ReadOptions& options,
                  schemas::Schema& last, const Fingerprint& was, const Fingerprint& now);

} // namespace strata::introspect::postgres
