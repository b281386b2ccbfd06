#pragma once
// The results of a pure function of a text, remembered: for the canonical spellings that thousands
// of columns share (a type, a default), each of which takes a tokenizer pass to make. The caller
// keeps the memory, thread_local (the schema file loads on a thread of its own); it holds at most
// k_remembered_spellings, and is emptied whole when full.

#include <cstddef>
#include <string>
#include <unordered_map>

namespace strata::dialects {

inline constexpr std::size_t k_remembered_spellings = 4096;

template <typename Value, typename Spell>
const Value& remembered(std::unordered_map<std::string, Value>& memory, const std::string& key, Spell&& spell)
{
  if (const auto it = memory.find(key); it != memory.end()) {
    return it->second;
  }
  if (memory.size() >= k_remembered_spellings) {
    memory.clear();
  }
  Value value = spell();
  return memory.emplace(key, std::move(value)).first->second; // the key copied only when kept
}

// An expression's canonical text (a check, an index predicate), remembered as above when it is
// short: thousands of tables share a few (`amount >= 0`, `deleted_at IS NULL`). A long one (a
// view's query) is spelled each time and not kept. Each caller's `spell` (a lambda, a type of its
// own) has a memory of its own: one engine's spellings are never another's.
inline constexpr std::size_t k_remembered_expression_length = 256;

template <typename Spell>
std::string remembered_expression(const std::string& text, Spell&& spell)
{
  if (text.size() > k_remembered_expression_length) {
    return spell();
  }
  thread_local std::unordered_map<std::string, std::string> memory;
  return remembered(memory, text, spell);
}

} // namespace strata::dialects
