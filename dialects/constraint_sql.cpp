#include "dialects/constraint_sql.hpp"

#include "dialects/quoting.hpp"
#include "schemas/error.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace strata::dialects {

std::string foreign_key_action(const std::string& action, const std::string& owner)
{
  static constexpr std::array<std::string_view, 5> k_actions = {"NO ACTION", "RESTRICT", "CASCADE", "SET NULL",
                                                                "SET DEFAULT"};
  const auto first = action.find_first_not_of(" \t\n");
  const auto last = action.find_last_not_of(" \t\n");
  std::string word = first == std::string::npos ? std::string() : action.substr(first, last - first + 1);
  std::transform(word.begin(), word.end(), word.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (std::find(k_actions.begin(), k_actions.end(), word) == k_actions.end()) {
    throw Error(ErrorKind::input, owner + ": unknown action '" + action + "'");
  }
  return word;
}

std::string constraint_prefix(const std::string& name, char quote)
{
  return name.empty() ? std::string() : "CONSTRAINT " + quote_doubling(name, quote) + " ";
}

std::string exclusion_operator(const std::string& text, const std::string& owner, char quote)
{
  const auto dot = text.rfind('.');
  const std::string op = dot == std::string::npos ? text : text.substr(dot + 1);
  static constexpr std::string_view k_operator_chars = "+-*/<>=~!@#%^&|`?";
  if (op.empty() || op.find_first_not_of(k_operator_chars) != std::string::npos) {
    throw Error(ErrorKind::input, owner + ": \"" + text + "\" is not an operator (e.g. =, &&, <>)");
  }
  if (dot == std::string::npos) {
    return op;
  }
  return "OPERATOR(" + quote_doubling(text.substr(0, dot), quote) + "." + op + ")";
}

std::string index_key_list(const schemas::Index& index, char quote)
{
  std::string out;
  for (const auto& key : index.keys) {
    out += out.empty() ? "" : ", ";
    out += key.is_expression() ? "(" + key.expression + ")" : quote_doubling(key.column, quote);
    if (!key.collation.empty()) {
      out += " COLLATE " + quote_doubling(key.collation, quote);
    }
    if (!key.opclass.empty()) { // PostgreSQL operator class, "schema.name" or "name"
      const std::string& opclass = key.opclass;
      const auto dot = opclass.find('.');
      out += " " + quote_qualified(dot == std::string::npos ? schemas::QualifiedName{{}, opclass}
                                                            : schemas::QualifiedName{opclass.substr(0, dot),
                                                                                     opclass.substr(dot + 1)},
                                   quote);
    }
    if (key.descending) {
      out += " DESC";
    }
    if (!key.nulls.empty()) { // PostgreSQL NULLS FIRST / LAST
      out += key.nulls == "first" ? " NULLS FIRST" : " NULLS LAST";
    }
    if (!key.with.empty()) { // PostgreSQL EXCLUDE constraint
      out += " WITH " + exclusion_operator(key.with, "exclude constraint " + index.name, quote);
    }
  }
  return out;
}

std::string sequence_options(const schemas::SequenceOptions& sequence)
{
  std::string out;
  const auto option = [&](const char* keyword, const std::optional<long long>& value) {
    if (value) {
      out += std::string(" ") + keyword + " " + std::to_string(*value);
    }
  };
  option("INCREMENT BY", sequence.increment);
  option("MINVALUE", sequence.min_value);
  option("MAXVALUE", sequence.max_value);
  option("START WITH", sequence.start);
  option("CACHE", sequence.cache);
  if (sequence.cycle) {
    out += " CYCLE";
  }
  return out;
}

bool restarts(const std::optional<schemas::SequenceProgress>& progress)
{
  return progress && !progress->called;
}

std::string sequence_options_change(const schemas::SequenceOptions& o, const std::string& prefix, SequenceWords words,
                                    bool restart)
{
  const long long increment = o.increment.value_or(1);
  std::string sql = prefix + "INCREMENT BY " + std::to_string(increment);
  sql += prefix + (o.min_value ? "MINVALUE " + std::to_string(*o.min_value) : std::string("NO MINVALUE"));
  sql += prefix + (o.max_value ? "MAXVALUE " + std::to_string(*o.max_value) : std::string("NO MAXVALUE"));
  const long long start = o.start ? *o.start : increment > 0 ? o.min_value.value_or(1) : o.max_value.value_or(-1);
  sql += prefix + "START WITH " + std::to_string(start);
  if (words.cache) {
    sql += prefix + "CACHE " + std::to_string(o.cache.value_or(1));
  }
  sql += prefix + (o.cycle ? std::string("CYCLE") : std::string(words.no_cycle));
  if (restart) { // RESTART in the same statement starts from the new START, checked against the new bounds
    sql += " RESTART";
  }
  return sql;
}

} // namespace strata::dialects
