#pragma once
// "Did you mean ...?" for a word that is not one of the words allowed where it stands: command
// and flag names (cli) and the keys of a schema file (the YAML reader).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::schemas {

// Edits (insert, delete, replace one character, or swap two adjacent ones) that turn `a` into
// `b`: the optimal string alignment distance, case-insensitive.
size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word` when it is close enough to be what was meant (1 edit for words
// of up to 4 characters, 2 up to 8, else 3, and fewer than half its characters; never `word`
// itself); the first of equally close ones. nullopt when none is.
std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean \"columns\"?)" for the closest match, else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

} // namespace strata::schemas
