#pragma once
// Deterministic names for constraints and indexes the user (or the catalog) left unnamed. The YAML
// loader and every introspector use these, so both sides of a diff agree.

#include <string>
#include <vector>

namespace strata::schemas {

// "<table>_<col1>_<col2>_idx"
std::string default_index_name(const std::string& table, const std::vector<std::string>& columns);
// "<table>_<col1>_<col2>_key" (UNIQUE constraint)
std::string default_unique_name(const std::string& table, const std::vector<std::string>& columns);
// "<table>_<columns>_excl", PostgreSQL's name for an unnamed EXCLUDE constraint.
std::string default_exclusion_name(const std::string& table, const std::vector<std::string>& columns);
// "<table>_<col1>_<col2>_fkey"
std::string default_foreign_key_name(const std::string& table, const std::vector<std::string>& columns);
// "<table>_check" for the first unnamed check, then "<table>_check1", "<table>_check2", ... (ordinal
// counts unnamed checks of the table from 0)
std::string default_check_name(const std::string& table, int ordinal);
// "<table>_pkey"
std::string default_primary_key_name(const std::string& table);

} // namespace strata::schemas
