// MariaDB system-versioned tables: the period of the explicit form, adding and removing
// versioning (ADD / DROP SYSTEM VERSIONING), and the ALTER TABLE statements MariaDB runs on a
// versioned table only under system_versioning_alter_history=KEEP.
#include "dialects/mysql/render_parts.hpp"

#include <variant>

namespace strata::dialects::mysql {

namespace {

// For this statement alone (SET STATEMENT … FOR): the session's own setting is untouched.
const std::string k_keep_history = "SET STATEMENT system_versioning_alter_history=KEEP FOR ";

bool versioned(const schemas::Table* table)
{
  return table != nullptr && table->versioning->enabled;
}

} // namespace

std::string period_clause(const schemas::SystemVersioning& versioning)
{
  if (!versioning.enabled || !versioning.explicit_period()) {
    return {};
  }
  return "PERIOD FOR SYSTEM_TIME (" + quote_identifier(versioning.row_start) + ", " +
         quote_identifier(versioning.row_end) + ")";
}

// Removing the explicit form drops its period columns in the same statement (the server refuses
// DROP SYSTEM VERSIONING while they exist, and dropping them needs KEEP); adding it adds them
// with the period. A change of form removes, then adds.
Statements render_set_system_versioning(const schemas::SetSystemVersioning& op)
{
  const std::string alter = "ALTER TABLE " + quote_name(op.table) + " ";
  Statements out;
  if (op.before.enabled) {
    std::string clauses;
    for (const auto& column : op.period_before) {
      clauses += "DROP COLUMN " + quote_identifier(column.name) + ", ";
    }
    out.push_back(statement((op.period_before.empty() ? std::string() : k_keep_history) + alter + clauses +
                              "DROP SYSTEM VERSIONING",
                            "the history rows of " + op.table.str() + " are deleted"));
  }
  if (op.after.enabled) {
    std::string clauses;
    for (const auto& column : op.period_after) {
      clauses += "ADD COLUMN " + period_column_definition(column, op.after) + ", ";
    }
    if (const auto period = period_clause(op.after); !period.empty()) {
      clauses += "ADD " + period + ", ";
    }
    out.push_back(statement(alter + clauses + "ADD SYSTEM VERSIONING"));
  }
  return out;
}

void keep_history(const schemas::Operation& op, const RenderContext& ctx, Statements& statements)
{
  const schemas::QualifiedName table = table_of(op);
  if (table.name.empty() || std::holds_alternative<schemas::SetSystemVersioning>(op) ||
      (!versioned(live_table(ctx, table)) && !versioned(ctx.desired_table(table)))) {
    return;
  }
  for (auto& s : statements) {
    if (s.sql.rfind("ALTER TABLE ", 0) == 0) {
      s.sql = k_keep_history + s.sql;
      s.prefix = k_keep_history;
    }
  }
}

} // namespace strata::dialects::mysql
