#pragma once
// What the engines' scratch.cpp files share (Dialect::create_scratch, list_objects).

#include "dialects/connection.hpp"
#include "dialects/url.hpp"

#include <string>
#include <vector>

namespace strata::dialects {

// The URL of database `name` on the server `server` points at: same credentials and parameters.
DbUrl with_database(const DbUrl& server, const std::string& name);

// "<kind> <name>" for each row whose first two columns are a kind and a name.
std::vector<std::string> object_names(const ResultSet& rows);

// Drops every object of `objects` (rows of kind and name: table, view, index, trigger,
// procedure, function, event) with DROP <KIND> IF EXISTS, the name quoted with `quote`, between
// `checks_off` and `checks_on` (the statements that switch foreign-key checks off and on).
void drop_objects(Connection& connection, const ResultSet& objects, char quote, const std::string& checks_off,
                  const std::string& checks_on);

} // namespace strata::dialects
