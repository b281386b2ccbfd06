#include "schemas/text.hpp"

#include <algorithm>

namespace strata::schemas {

namespace {

// ASCII case folding without the C library's per-byte call (the C locale's tolower and toupper
// change ASCII letters only).
char fold_lower(unsigned char c)
{
  return static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
}

bool space(char c)
{
  return c == ' ' || (c >= '\t' && c <= '\r');
}

char fold_upper(unsigned char c)
{
  return static_cast<char>(c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c);
}

template <typename Map> std::string mapped(std::string_view text, Map map)
{
  std::string out(text);
  for (auto& c : out) {
    c = map(static_cast<unsigned char>(c));
  }
  return out;
}

} // namespace

char ascii_lower(char c)
{
  return fold_lower(static_cast<unsigned char>(c));
}

std::string_view trim_space(std::string_view text)
{
  while (!text.empty() && space(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && space(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

std::string ascii_lower(std::string_view text)
{
  return mapped(text, fold_lower);
}

std::string ascii_upper(std::string_view text)
{
  return mapped(text, fold_upper);
}

bool ascii_iequal(std::string_view a, std::string_view b)
{
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return x == y || fold_lower(static_cast<unsigned char>(x)) == fold_lower(static_cast<unsigned char>(y));
         });
}

size_t AsciiCaseHash::operator()(std::string_view text) const
{
  size_t hash = 14695981039346656037ULL; // FNV-1a over the folded bytes
  for (const char c : text) {
    hash = (hash ^ static_cast<unsigned char>(fold_lower(static_cast<unsigned char>(c)))) * 1099511628211ULL;
  }
  return hash;
}

std::string first_line(const std::string& text)
{
  return text.substr(0, text.find('\n'));
}

} // namespace strata::schemas
