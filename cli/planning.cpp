#include "cli/planning.hpp"

#include "introspect/reader.hpp"
#include "schemas/yaml.hpp"

#include <spdlog/spdlog.h>

#include <charconv>
#include <optional>
#include <set>

namespace strata::cli {

namespace {

std::optional<long long> parse_count(const dialects::ResultSet& result)
{
  if (result.rows.empty() || result.rows.front().empty() || !result.rows.front().front()) {
    return std::nullopt;
  }
  const std::string& text = *result.rows.front().front();
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

} // namespace

introspect::ReadOptions read_options_for(const schemas::Schema& desired)
{
  introspect::ReadOptions options;
  std::set<std::string> schemas;
  auto note = [&](const std::string& schema) {
    if (!schema.empty() && schemas.insert(schema).second) {
      options.extra_schemas.push_back(schema);
    }
  };
  for (const auto& table : desired.tables) {
    note(table.schema);
  }
  for (const auto& view : desired.views) {
    note(view.schema);
  }
  for (const auto& e : desired.enums) {
    note(e.schema);
  }
  for (const auto& sequence : desired.sequences) {
    note(sequence.schema);
  }
  return options;
}

schemas::Schema load_desired(const std::filesystem::path& schema_path)
{
  spdlog::debug("loading {}", schema_path.string());
  return schemas::load_or_throw(schema_path);
}

Planned plan_against(Database& db, const schemas::Schema& desired)
{
  const auto& dialect = *db.dialect;
  spdlog::debug("reading the live schema of {}", db.connection->redacted_url());
  const schemas::Schema live = introspect::read_schema(*db.connection, dialect, read_options_for(desired));

  schemas::Schema canonical = dialect.normalize(desired);
  const schemas::Schema live_normal = dialect.normalize(live);
  dialect.canonicalize(*db.connection, canonical, live_normal);
  Planned out{live_normal, canonical, planner::plan(live, canonical, dialect)};
  auto& connection = *db.connection;
  planner::measure(out.plan, [&](const dialects::ProbeQuery& probe) -> std::optional<long long> {
    const std::string sql = dialect.probe_sql(probe);
    spdlog::debug("probe: {}", sql);
    try {
      return parse_count(connection.query(sql));
    } catch (const Error& e) {
      spdlog::debug("probe failed: {}", e.what());
      return std::nullopt;
    }
  });
  return out;
}

void warn_hints(const planner::Plan& plan)
{
  for (const auto& hint : plan.hints) {
    spdlog::warn("{}", hint);
  }
}

} // namespace strata::cli
