#pragma once
// The body of a migration file: each operation under its numbered comment, its statements ending
// with ';'. On engines that combine ALTER TABLE clauses (capability merge_alter_table),
// consecutive operations that each render one mergeable ALTER TABLE of the same table become
// one statement under all their comments (MySQL copies a table at most once per statement
// instead of once per change). Their ALGORITHM clause stays only when all of them share it.

#include "dialects/dialect.hpp"

#include <string>
#include <vector>

namespace strata::migrations {

struct OperationSql {
  int number = 0;          // 1-based position in the file
  std::string description; // one line
  std::vector<dialects::Statement> statements;
};

std::string operations_text(const std::vector<OperationSql>& operations, bool merge_alter_table);

} // namespace strata::migrations
