#pragma once
// Renders a VerifyReport: text, json (stable: README "strata verify") and GitHub annotations.

#include "workflows/verify.hpp"

#include <filesystem>
#include <string>

namespace strata::cli {

using workflows::VerifyReport;

// "verify: 3 migrations replayed, 2 round trips checked, 1 problem", then "file[:line]: kind:
// message" per problem and "note: ..." per note.
std::string render_verify_text(const VerifyReport& report);
std::string render_verify_json(const VerifyReport& report);
// One error annotation per problem on its file (migration files under `dir`, a missing migration
// on `schema`), a notice per note.
std::string render_verify_github(const VerifyReport& report, const std::filesystem::path& dir,
                                 const std::filesystem::path& schema);

} // namespace strata::cli
