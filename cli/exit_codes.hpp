#pragma once
// The exit codes of every strata command (DESIGN.md "Command line"). Errors map through
// strata::exit_code_for(ErrorKind): usage -> usage, SafetyRefusal -> refused, everything else -> error.

namespace strata::cli::exit_codes {

inline constexpr int ok = 0;       // done; plan/drift: no changes, in sync
inline constexpr int error = 1;    // any error, including integrity problems found by status/validate
inline constexpr int changes = 2;  // plan: changes planned/written; drift: the database drifted
inline constexpr int refused = 3;  // refused for safety (destructive step without --yes, no terminal)
// apply, rollback: the files ran and stay applied, but a standby had not replayed them when
// --replica-wait ran out (or its position could not be read)
inline constexpr int replicas_behind = 4;
inline constexpr int usage = 64;   // EX_USAGE: unknown command or flag, missing or bad argument, conflicting flags

} // namespace strata::cli::exit_codes
