#include "schemas/naming.hpp"

namespace strata::schemas {

namespace {
std::string joined(const std::string& table, const std::vector<std::string>& columns, const char* suffix)
{
  std::string out = table;
  for (const auto& c : columns) {
    out += "_" + c;
  }
  return out + "_" + suffix;
}
} // namespace

std::string default_index_name(const std::string& table, const std::vector<std::string>& columns)
{
  return joined(table, columns, "idx");
}

std::string default_unique_name(const std::string& table, const std::vector<std::string>& columns)
{
  return joined(table, columns, "key");
}

std::string default_exclusion_name(const std::string& table, const std::vector<std::string>& columns)
{
  return joined(table, columns, "excl");
}

std::string default_foreign_key_name(const std::string& table, const std::vector<std::string>& columns)
{
  return joined(table, columns, "fkey");
}

std::string default_check_name(const std::string& table, int ordinal)
{
  return ordinal == 0 ? table + "_check" : table + "_check" + std::to_string(ordinal);
}

std::string default_primary_key_name(const std::string& table)
{
  return table + "_pkey";
}

} // namespace strata::schemas
