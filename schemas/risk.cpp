#include "schemas/risk.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <utility>

namespace strata::schemas {

namespace {
constexpr std::array<std::pair<RiskKind, std::string_view>, 5> k_kinds{{
  {RiskKind::destructive, "destructive"},
  {RiskKind::data_dependent, "data-dependent"},
  {RiskKind::locking, "locking"},
  {RiskKind::backward_incompatible, "backward-incompatible"},
  {RiskKind::irreversible, "irreversible"},
}};
constexpr std::array<std::pair<RiskLevel, std::string_view>, 3> k_levels{{
  {RiskLevel::low, "low"}, {RiskLevel::medium, "medium"}, {RiskLevel::high, "high"},
}};
} // namespace

std::string_view to_string(RiskKind kind)
{
  for (const auto& [k, s] : k_kinds) {
    if (k == kind) {
      return s;
    }
  }
  return "unknown";
}

std::string_view to_string(RiskLevel level)
{
  for (const auto& [l, s] : k_levels) {
    if (l == level) {
      return s;
    }
  }
  return "unknown";
}

bool parse_risk_kind(std::string_view text, RiskKind& kind)
{
  for (const auto& [k, s] : k_kinds) {
    if (s == text) {
      kind = k;
      return true;
    }
  }
  return false;
}

bool parse_risk_level(std::string_view text, RiskLevel& level)
{
  for (const auto& [l, s] : k_levels) {
    if (s == text) {
      level = l;
      return true;
    }
  }
  return false;
}

namespace {

// `value` scaled by `unit`: one decimal below 10 ("1.2", "9.1"; "3" rather than "3.0"), else a
// whole number ("12", "350").
std::string scaled(double value)
{
  char text[32];
  if (value < 9.95) {
    std::snprintf(text, sizeof text, "%.1f", value);
    std::string out(text);
    if (out.size() > 2 && out.compare(out.size() - 2, 2, ".0") == 0) {
      out.resize(out.size() - 2);
    }
    return out;
  }
  std::snprintf(text, sizeof text, "%.0f", std::round(value));
  return text;
}

} // namespace

std::string format_bytes(long long bytes)
{
  static constexpr std::array<const char*, 5> k_units{"kB", "MB", "GB", "TB", "PB"};
  if (bytes < 1024) {
    return std::to_string(bytes < 0 ? 0 : bytes) + (bytes == 1 ? " byte" : " bytes");
  }
  double value = static_cast<double>(bytes) / 1024.0;
  size_t unit = 0;
  while (unit + 1 < k_units.size() && value >= 1023.95) {
    value /= 1024.0;
    ++unit;
  }
  return scaled(value) + " " + k_units[unit];
}

std::string format_row_estimate(long long rows)
{
  if (rows < 1000) {
    const long long n = rows < 0 ? 0 : rows;
    return "~" + std::to_string(n) + (n == 1 ? " row" : " rows");
  }
  static constexpr std::array<const char*, 4> k_units{"k", "M", "B", "T"};
  double value = static_cast<double>(rows) / 1000.0;
  size_t unit = 0;
  while (unit + 1 < k_units.size() && value >= 999.5) {
    value /= 1000.0;
    ++unit;
  }
  return "~" + scaled(value) + k_units[unit] + " rows";
}

std::string table_estimate_text(const std::string& table, const std::optional<long long>& bytes,
                                const std::optional<long long>& rows)
{
  if (!bytes && !rows) {
    return {};
  }
  std::string out = table + ": ";
  if (bytes) {
    out += format_bytes(*bytes);
  }
  if (rows) {
    out += (bytes ? ", " : "") + format_row_estimate(*rows);
  }
  return out;
}

void add_table_estimate(Risk& risk, const std::string& table, const std::optional<long long>& bytes,
                        const std::optional<long long>& rows)
{
  const auto text = table_estimate_text(table, bytes, rows);
  if (text.empty()) {
    return;
  }
  risk.table_bytes = bytes;
  risk.table_rows_estimate = rows;
  // One parenthesis at the end, never two in a row: a message that ends with one takes the
  // estimate inside it ("… lock (reads and writes wait; orders: 1.2 GB, ~9.1M rows)").
  if (!risk.message.empty() && risk.message.back() == ')') {
    risk.message.insert(risk.message.size() - 1, "; " + text);
  } else {
    risk.message += " (" + text + ")";
  }
}

} // namespace strata::schemas
