#pragma once
// Quoting shared by the engines: `quote` around the text, every `quote` inside doubled (the only
// escape SQLite needs, and PostgreSQL's with standard_conforming_strings on; MySQL's backticks
// work the same way).

#include <string>

namespace strata::dialects {

std::string quote_doubling(const std::string& text, char quote);

} // namespace strata::dialects
