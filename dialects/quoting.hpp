#pragma once
// Quoting shared by the engines: `quote` around the text, every `quote` inside doubled (the only
// escape SQLite needs, and PostgreSQL's with standard_conforming_strings on; MySQL's backticks
// work the same way).

#include "schemas/model.hpp"

#include <string>
#include <vector>

namespace strata::dialects {

std::string quote_doubling(const std::string& text, char quote);
// "schema"."name", or "name" when the schema is empty, each part quoted with `quote`.
std::string quote_qualified(const schemas::QualifiedName& name, char quote);
// "a", "b", "c" (each quoted with `quote`), for column lists in any statement.
std::string quote_list(const std::vector<std::string>& names, char quote);

} // namespace strata::dialects
