#pragma once
// A fresh MariaDB/MySQL database and a migrations folder, for executor tests on the real server.

#include "tests/support/message_of.hpp"
#include "tests/support/mysql_database.hpp"
#include "tests/unit/migrations/server_executor_fixture.hpp"

#include <string>

namespace strata::test {

struct MyExecutorFixture : ServerExecutorFixture<MysqlDatabase> {
  bool table_exists(const std::string& name)
  {
    return one("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '" +
               name + "'") == "1";
  }
};

} // namespace strata::test
