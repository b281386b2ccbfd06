#pragma once
// The live status line of long statements on stderr (ExecutorOptions::live).

#include <functional>
#include <string>

namespace strata::cli {

// Draws the executor's status text in place on stderr ("\r", the text, erase to the end of the
// line; "" erases it). Null — no live status — with --quiet, and unless stderr is a terminal;
// STRATA_PROGRESS=always draws it on any stderr (for tests and CI logs), STRATA_PROGRESS=never
// turns it off. When it is on, SIGINT and SIGTERM end a drawn line
// before the process ends as the signal says.
std::function<void(const std::string& text)> live_status();

} // namespace strata::cli
