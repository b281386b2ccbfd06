#pragma once
// The error for a bad line of a migration file: "file:line: message" (just the message when the
// text has no file), carrying the file and line as its location.

#include <string>

namespace strata::migrations {

[[noreturn]] void fail_at_line(const std::string& file, int line, const std::string& message);

} // namespace strata::migrations
