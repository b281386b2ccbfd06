// Capabilities, in-place ALTER questions, engine risks and probe SQL for MySQL/MariaDB.
// SCAFFOLD (groundwork): capabilities are real; the rest belongs to the write-side owner.

#include "dialects/mysql/internal.hpp"
#include "dialects/probe_sql.hpp"
#include "schemas/error.hpp"

namespace strata::dialects::mysql {

Capabilities capabilities()
{
  Capabilities c;
  c.transactional_ddl = false; // every DDL statement commits implicitly
  c.comments = true;
  c.schemas = false;           // one database per connection
  c.enum_types = false;        // ENUM is a column type, not a named type
  c.sequences = false;         // MariaDB has CREATE SEQUENCE, MySQL does not: not managed
  c.concurrent_index = false;  // ALGORITHM=INPLACE, LOCK=NONE instead
  c.table_rebuild = false;
  c.case_insensitive_names = true; // column, index and constraint names
  c.server_side_backups = true;    // the strata_backup database
  return c;
}

bool can_alter_in_place(const AlterQuestion& /*question*/)
{
  return true;
}

std::vector<schemas::Risk> engine_risks(const schemas::Operation& /*op*/, const RiskContext& /*context*/)
{
  return {};
}

std::string probe_sql(const ProbeQuery& probe)
{
  return render_probe_sql(probe, ProbeSyntax{quote_identifier, quote_name,
                                            [](const std::string& column) { return "CHAR_LENGTH(" + column + ")"; }});
}

} // namespace strata::dialects::mysql
