#pragma once
// plan's column check on the target itself (workflows/column_check.hpp), per engine: each of
// `tables` (one column each) created as a temporary table in a transaction that is rolled back,
// so nothing stays on the target and no scratch database is needed. The engine's message for each
// table it refuses, in order ("" for one it takes); nullopt when it cannot answer there: the
// engine has no such check (SQLite's scratch database is in memory already; MySQL/MariaDB commit
// DDL), or the target takes no temporary table (a read-only session, a hot standby, no TEMP
// privilege). The engines define dialects::<engine>::try_columns_on_target beside their scratch
// databases (dialects/<engine>/scratch.cpp).

#include "dialects/connection.hpp"
#include "schemas/model.hpp"

#include <optional>
#include <string>
#include <vector>

namespace strata::dialects {

std::optional<std::vector<std::string>> try_columns_on_target(const std::string& engine, Connection& target,
                                                              const std::vector<schemas::Table>& tables);

} // namespace strata::dialects
