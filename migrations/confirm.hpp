#pragma once
// The one confirmation rule of every command that changes a database (apply and rollback of
// destructive files, repair, backup restore and prune, accepting an edited file): go on with
// options.yes; else ask options.confirm; no way to ask (no terminal) or a "no" is a SafetyRefusal
// (exit 3) and nothing changes.

#include "migrations/executor.hpp"

#include <string>

namespace strata::migrations {

// Returns when the change is approved; otherwise throws SafetyRefusal with `without_terminal`
// (confirm is null) or `declined` (the answer was no).
void confirm_or_refuse(const ExecutorOptions& options, const std::string& question,
                       const std::string& without_terminal, const std::string& declined);

} // namespace strata::migrations
