#pragma once
// SQL words of constraints shared by the engines' renderers.

#include <string>

namespace strata::dialects {

// "NO ACTION", "RESTRICT", "CASCADE", "SET NULL" or "SET DEFAULT" for a model action (any case,
// surrounding blanks ignored). Throws strata::Error(input) naming `owner` (e.g. "foreign key
// books_author_fk") for anything else.
std::string foreign_key_action(const std::string& action, const std::string& owner);

} // namespace strata::dialects
