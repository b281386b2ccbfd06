#include "dialects/backfill_sql.hpp"

#include "dialects/quoting.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace strata::dialects {

std::string directive_name(const std::string& key)
{
  const bool plain = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
  });
  return plain ? key : "\"" + key + "\""; // the planner refuses a key holding '"'
}

Statement backfill_statement(const schemas::BackfillColumn& op, char quote)
{
  const std::string column = quote_doubling(op.column, quote);
  Statement out;
  out.sql = fmt::format("UPDATE {} SET {} = ({}) WHERE {} IS NULL", quote_qualified(op.table, quote), column,
                        op.expression, column);
  std::string keys;
  for (const auto& key : op.keys) {
    keys += (keys.empty() ? "" : ",") + directive_name(key);
  }
  out.comment = fmt::format("strata: batch key={} size={}", keys, op.batch);
  out.batched = true;
  return out;
}

} // namespace strata::dialects
