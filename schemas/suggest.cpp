#include "schemas/suggest.hpp"

#include <algorithm>
#include <cctype>

namespace strata::schemas {

namespace {

char folded(char c)
{
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

size_t limit_for(std::string_view word)
{
  return word.size() <= 4 ? 1 : word.size() <= 8 ? 2 : 3;
}

} // namespace

size_t edit_distance(std::string_view a, std::string_view b)
{
  // Three rows of the dynamic-programming table: the transposition looks two rows back.
  std::vector<size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) {
    previous[j] = j;
  }
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t cost = folded(a[i - 1]) == folded(b[j - 1]) ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && folded(a[i - 1]) == folded(b[j - 2]) && folded(a[i - 2]) == folded(b[j - 1])) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    before.swap(previous);
    previous.swap(current);
  }
  return previous[b.size()];
}

std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates)
{
  std::optional<std::string> best;
  size_t best_distance = limit_for(word) + 1;
  for (const auto& candidate : candidates) {
    const size_t distance = edit_distance(word, candidate);
    // Half the word or more changed is a different word ("-x" is not a typo of "-y").
    if (distance > 0 && distance < best_distance && distance * 2 < word.size()) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates)
{
  const auto match = closest_match(word, candidates);
  return match ? " (did you mean \"" + *match + "\"?)" : std::string{};
}

} // namespace strata::schemas
