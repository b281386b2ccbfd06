#include "tests/e2e/support/pg_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

namespace strata::e2e {

long long PgWorkspace::count(const std::string& table)
{
  return std::stoll(scalar("SELECT count(*) FROM " + table).value_or("0"));
}

bool PgWorkspace::relation_exists(const std::string& name, const std::string& schema)
{
  return scalar("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '" +
                schema + "' AND c.relname = '" + name + "'") != "0";
}

std::vector<std::string> PgWorkspace::columns(const std::string& table)
{
  std::vector<std::string> names;
  for (const auto& r : rows("SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
                            "AND table_name = '" + table + "' ORDER BY ordinal_position")) {
    names.push_back(r.front().value_or(""));
  }
  return names;
}

std::vector<std::string> PgWorkspace::history()
{
  std::vector<std::string> out;
  if (scalar("SELECT to_regclass('strata_schema_history') IS NOT NULL") != "t") {
    return out;
  }
  for (const auto& r : rows("SELECT version, status FROM strata_schema_history ORDER BY version::numeric")) {
    out.push_back(r[0].value_or("") + "|" + r[1].value_or(""));
  }
  return out;
}

std::string PgWorkspace::schema_dump()
{
  const char* const sql = R"sql(
SELECT 'column ' || table_schema || '.' || table_name || '.' || column_name || ' ' || data_type || ' ' ||
       coalesce(character_maximum_length::text, '') || ' ' || is_nullable || ' ' || coalesce(column_default, '') ||
       ' ' || is_identity
  FROM information_schema.columns WHERE table_schema IN ('public', 'audit') AND table_name NOT LIKE 'strata\_%'
UNION ALL
SELECT 'constraint ' || n.nspname || '.' || c.conname || ' ' || pg_get_constraintdef(c.oid)
  FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
 WHERE n.nspname IN ('public', 'audit') AND c.conrelid <> 0
   AND c.conrelid::regclass::text NOT LIKE 'strata\_%'
UNION ALL
SELECT 'index ' || schemaname || '.' || indexname || ' ' || indexdef FROM pg_indexes
 WHERE schemaname IN ('public', 'audit') AND tablename NOT LIKE 'strata\_%'
UNION ALL
SELECT 'view ' || schemaname || '.' || viewname || ' ' || definition FROM pg_views WHERE schemaname IN ('public', 'audit')
UNION ALL
SELECT 'materialized view ' || schemaname || '.' || matviewname || ' ' || ispopulated::text || ' ' || definition
  FROM pg_matviews WHERE schemaname IN ('public', 'audit')
UNION ALL
SELECT 'sequence ' || schemaname || '.' || sequencename || ' ' || data_type::text || ' ' || max_value
  FROM pg_sequences WHERE schemaname IN ('public', 'audit')
UNION ALL
SELECT 'function ' || n.nspname || '.' || p.proname || '(' || oidvectortypes(p.proargtypes) || ') ' || pg_get_functiondef(p.oid)
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname IN ('public', 'audit')
  AND p.prokind IN ('f', 'p')
UNION ALL
SELECT 'extension ' || e.extname || ' ' || e.extnamespace::regnamespace::text || ' ' || e.extversion FROM pg_extension e
UNION ALL
SELECT 'trigger ' || pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('public', 'audit') AND NOT t.tgisinternal
UNION ALL
SELECT 'enum ' || t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
  FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname
UNION ALL
SELECT 'schema ' || nspname || ' ' || coalesce(obj_description(oid, 'pg_namespace'), '') FROM pg_namespace
 WHERE nspname NOT LIKE 'pg\_%' AND nspname NOT IN ('information_schema', 'strata_backup')
ORDER BY 1
)sql";
  std::ostringstream out;
  for (const auto& r : rows(sql)) {
    out << r.front().value_or("") << "\n";
  }
  return out.str();
}

bool PgWorkspace::database_exists(const std::string& name)
{
  return scalar("SELECT count(*) FROM pg_database WHERE datname = '" + name + "'").value_or("0") != "0";
}

} // namespace strata::e2e
