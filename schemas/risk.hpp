#pragma once
// Risk records attached to operations: plain data. Codes are stable strings documented in the
// README (e.g. "D101" drop table), defined once in risk_codes.hpp; the planner and the dialects
// assign them.

#include <optional>
#include <string>
#include <string_view>

namespace strata::schemas {

enum class RiskKind { destructive, data_dependent, locking, backward_incompatible, irreversible };
enum class RiskLevel { low, medium, high };

struct Risk {
  RiskKind kind = RiskKind::destructive;
  RiskLevel level = RiskLevel::low;
  std::string code;    // stable, e.g. "D101"
  std::string message; // human sentence naming the object
  // With a live database: how many rows are affected / would violate (rows lost, NULLs, duplicate
  // groups, orphans). Empty when not measured.
  std::optional<long long> count;
  std::string count_label; // what count counts: "rows", "non-null values", "NULL rows", ...
  // Locking risks of a live table: its size and row estimate from the catalog (the message ends
  // with them, as with_table_estimate writes them). Empty when unknown or not a table's.
  std::optional<long long> table_bytes{};
  std::optional<long long> table_rows_estimate{};

  friend bool operator==(const Risk&, const Risk&) = default;
};

// "destructive", "data-dependent", "locking", "backward-incompatible", "irreversible"
std::string_view to_string(RiskKind kind);
// "low", "medium", "high"
std::string_view to_string(RiskLevel level);
// "16 kB", "1.2 GB", "350 MB" (1024-based, one decimal below 10 units); "812 bytes" below 1 kB.
std::string format_bytes(long long bytes);
// "~0 rows", "~1 row", "~950 rows", "~9.1k rows", "~12M rows", "~3.4B rows".
std::string format_row_estimate(long long rows);
// "orders: 1.2 GB, ~9.1M rows" (unknown parts left out); empty when both are unknown.
std::string table_estimate_text(const std::string& table, const std::optional<long long>& bytes,
                                const std::optional<long long>& rows);
// `risk` with the estimate of `table` recorded and appended to its message as " (<estimate text>)";
// unchanged when both parts are unknown.
void add_table_estimate(Risk& risk, const std::string& table, const std::optional<long long>& bytes,
                        const std::optional<long long>& rows);

bool parse_risk_kind(std::string_view text, RiskKind& kind);
bool parse_risk_level(std::string_view text, RiskLevel& level);

} // namespace strata::schemas
