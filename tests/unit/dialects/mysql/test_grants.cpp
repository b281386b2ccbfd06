// SHOW GRANTS lines read into privileges (dialects/mysql/grants.hpp), as `strata doctor` checks them.
#include "dialects/mysql/grants.hpp"

#include <catch2/catch.hpp>

using namespace strata::dialects::mysql;

TEST_CASE("mysql grants: global, database, wildcard and table levels", "[mysql_grants]")
{
  const auto grants = parse_grants({
    "GRANT USAGE ON *.* TO `app`@`%` IDENTIFIED BY PASSWORD '*5D86E96E4C45071D4A61C0F0448674343792ABB6'",
    "GRANT SELECT, SHOW VIEW, CREATE TEMPORARY TABLES ON `shop`.* TO `app`@`%`",
    "GRANT INSERT, UPDATE (`status`) ON `shop`.`orders` TO `app`@`%`",
    "GRANT CREATE, DROP ON `tenant\\_%`.* TO `app`@`%`",
    "GRANT `migrator` TO `app`@`%`",
    "GRANT EXECUTE ON PROCEDURE `shop`.`refresh` TO `app`@`%`",
  });
  REQUIRE(grants.size() == 4);
  CHECK(grants_allow(grants, "SELECT", "shop"));
  CHECK(grants_allow(grants, "SHOW VIEW", "shop"));
  CHECK(grants_allow(grants, "CREATE TEMPORARY TABLES", "shop"));
  CHECK_FALSE(grants_allow(grants, "SELECT", "other"));
  // A table-level grant counts for its table only; a column-level one not at all.
  CHECK(grants_allow(grants, "INSERT", "shop", "orders"));
  CHECK_FALSE(grants_allow(grants, "INSERT", "shop"));
  CHECK_FALSE(grants_allow(grants, "UPDATE", "shop", "orders"));
  // `tenant\_%`: an escaped _ is literal, % any run.
  CHECK(grants_allow(grants, "CREATE", "tenant_a"));
  CHECK(grants_allow(grants, "DROP", "tenant_"));
  CHECK_FALSE(grants_allow(grants, "CREATE", "tenantXa"));
  // USAGE gives nothing; EXECUTE on a routine is no database privilege.
  CHECK_FALSE(grants_allow(grants, "EXECUTE", "shop"));
}

TEST_CASE("mysql grants: ALL PRIVILEGES, roles' grants and unquoted names", "[mysql_grants]")
{
  const auto all = parse_grants({"GRANT ALL PRIVILEGES ON *.* TO `strata`@`127.0.0.1` WITH GRANT OPTION"});
  CHECK(grants_allow(all, "CREATE ROUTINE", "anything"));
  // MariaDB lists the enabled role's grants after the user's; MySQL may leave names unquoted.
  const auto role = parse_grants({"GRANT `doc_r` TO `doc_u`@`%`", "GRANT USAGE ON *.* TO `doc_r`",
                                  "GRANT CREATE ON `doc_t`.* TO `doc_r`", "GRANT ALTER ON shop.* TO app@'%'"});
  CHECK(grants_allow(role, "CREATE", "doc_t"));
  CHECK_FALSE(grants_allow(role, "CREATE", "doc_u"));
  CHECK(grants_allow(role, "ALTER", "shop"));
  // A name with a backquote and a dot inside its quotes.
  const auto odd = parse_grants({"GRANT SELECT ON `we``ird.db`.* TO `u`@`%`"});
  CHECK(grants_allow(odd, "SELECT", "we`ird.db"));
}
