// normalize_partitioning: the partitioning of a MySQL/MariaDB table in the form the reader gives
// it (information_schema.PARTITIONS), so that a YAML `partition` and the catalog compare equal.

#include "dialects/mysql/expr.hpp"
#include "dialects/mysql/normalize_parts.hpp"
#include "schemas/error.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace strata::dialects::mysql {

namespace {

constexpr std::array<std::string_view, 8> k_methods{"range", "list", "hash", "key", "linear hash", "linear key",
                                                     "range columns", "list columns"};
constexpr std::array<std::string_view, 4> k_sub_methods{"hash", "key", "linear hash", "linear key"};

// Lower case with single spaces ("RANGE  COLUMNS" -> "range columns").
std::string method_words(const std::string& text)
{
  std::string out;
  for (const char c : expr::ascii_lower(text)) {
    if (c == ' ' || c == '\t' || c == '\n') {
      if (!out.empty() && out.back() != ' ') {
        out += ' ';
      }
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  return out;
}

bool starts_with_word(const std::string& lower, std::string_view word)
{
  return lower.rfind(word, 0) == 0 && (lower.size() == word.size() || lower[word.size()] == ' ' ||
                                       lower[word.size()] == '(');
}

std::string trimmed(const std::string& text)
{
  const auto first = text.find_first_not_of(" \t\n");
  const auto last = text.find_last_not_of(" \t\n");
  return first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
}

// "less than (2023)" -> "LESS THAN (2023)", "LESS THAN MAXVALUE"; "in (1,2)" -> "IN (1, 2)".
std::string canonical_values(const std::string& table, const std::string& method, const schemas::Partition& p)
{
  const std::string text = trimmed(p.values);
  const std::string lower = method_words(text);
  const bool range = method.rfind("range", 0) == 0;
  const bool list = method.rfind("list", 0) == 0;
  const std::string where = "partition " + p.name + " of table " + table + ": ";
  if (!range && !list) {
    if (!text.empty()) {
      throw Error(ErrorKind::input, where + "a " + method + " partition takes no `values`", p.location);
    }
    return {};
  }
  const std::string_view prefix = range ? std::string_view("less than") : std::string_view("in");
  if (!starts_with_word(lower, prefix)) {
    throw Error(ErrorKind::input,
                where + "`values` of a " + method + " partition must start with " +
                  (range ? "LESS THAN (e.g. LESS THAN (2024) or LESS THAN MAXVALUE)" : "IN (e.g. IN (1, 2))"),
                p.location);
  }
  // The prefix's words in `text` (spacing may differ from `lower`'s).
  size_t at = 0;
  for (int words = range ? 2 : 1; words > 0; --words) {
    at = text.find_first_not_of(" \t\n", at);
    while (at < text.size() && text[at] != ' ' && text[at] != '\t' && text[at] != '\n' && text[at] != '(') {
      ++at;
    }
  }
  const std::string bound = trimmed(text.substr(at));
  // RANGE's top bound is bare MAXVALUE (parentheses allowed); RANGE COLUMNS lists one per column.
  if (method == "range" && (expr::ascii_lower(bound) == "maxvalue" || expr::ascii_lower(bound) == "(maxvalue)")) {
    return "LESS THAN MAXVALUE";
  }
  if (bound.size() < 2 || bound.front() != '(' || bound.back() != ')') {
    throw Error(ErrorKind::input, where + "the bound in `values` must be in parentheses", p.location);
  }
  return std::string(range ? "LESS THAN (" : "IN (") + expr::canonical(bound) + ")";
}

// HASH and KEY partitions the server named itself (p0, p1, …, no comment) are a count.
bool server_named(const schemas::Partitioning& p)
{
  for (size_t i = 0; i < p.partitions.size(); ++i) {
    if (p.partitions[i].name != "p" + std::to_string(i) || !p.partitions[i].comment.empty()) {
      return false;
    }
  }
  return !p.partitions.empty();
}

} // namespace

void normalize_partitioning(const schemas::Table& table, schemas::Partitioning& p)
{
  if (p.empty()) {
    return;
  }
  const std::string name = table.qualified().str();
  if (!p.columns.empty()) {
    throw Error(ErrorKind::input,
                "table " + name + ": `columns` is PostgreSQL's partition key; MySQL/MariaDB read `expression` "
                "(for RANGE COLUMNS / LIST COLUMNS, the column list)",
                p.location);
  }
  p.method = method_words(p.method);
  if (std::find(k_methods.begin(), k_methods.end(), p.method) == k_methods.end()) {
    throw Error(ErrorKind::input,
                "table " + name + ": unknown partitioning method \"" + p.method +
                  "\" (expected range, list, hash, key, linear hash, linear key, range columns or list columns)",
                p.location);
  }
  p.expression = expr::canonical(p.expression);
  p.sub_method = method_words(p.sub_method);
  p.sub_expression = expr::canonical(p.sub_expression);
  if (!p.sub_method.empty() && std::find(k_sub_methods.begin(), k_sub_methods.end(), p.sub_method) == k_sub_methods.end()) {
    throw Error(ErrorKind::input,
                "table " + name + ": unknown subpartitioning method \"" + p.sub_method +
                  "\" (expected hash, key, linear hash or linear key)",
                p.location);
  }
  if (p.sub_method.empty()) {
    p.sub_count = 0;
  }
  const bool bounded = p.method.rfind("range", 0) == 0 || p.method.rfind("list", 0) == 0;
  if (bounded && p.partitions.empty()) {
    throw Error(ErrorKind::input, "table " + name + ": " + p.method + " partitioning needs `partitions` with bounds",
                p.location);
  }
  if (p.count > 0 && !p.partitions.empty()) {
    throw Error(ErrorKind::input, "table " + name + ": give `count` or `partitions`, not both", p.location);
  }
  for (auto& partition : p.partitions) {
    partition.values = canonical_values(name, p.method, partition);
  }
  if (!bounded && server_named(p)) {
    p.count = static_cast<int>(p.partitions.size());
    p.partitions.clear();
  }
  if (!bounded && p.count == 0 && p.partitions.empty()) {
    p.count = 1; // PARTITION BY HASH (x) alone is one partition
  }
}

} // namespace strata::dialects::mysql
