#pragma once
// The differences that make `strata baseline` and `strata apply --baseline` refuse: the live
// schema against the folder replayed up to the baseline version, printed as `drift` prints them.

#include "workflows/baseline.hpp"

#include <string>

namespace strata::cli {

// drift's text report (summary line, then each difference with expected/actual and its fix).
std::string render_baseline_mismatch(const workflows::BaselineProof& proof, bool colour);

} // namespace strata::cli
