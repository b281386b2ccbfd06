#pragma once
// The body of a migration file: each operation under its numbered comment, its statements ending
// with ';'. On engines that combine ALTER TABLE clauses (capability merge_alter_table),
// consecutive operations that each render one mergeable ALTER TABLE of the same table become
// one statement under all their comments (MySQL copies a table at most once per statement
// instead of once per change). Their ALGORITHM clause stays only when all of them share it.

#include "migrations/rendered_plan.hpp"

#include <string>
#include <vector>

namespace strata::migrations {

struct OperationSql {
  int number = 0; // 1-based position in the file
  const RenderedOperation* operation = nullptr;
};

struct OperationsText {
  std::string text;
  // Per operation, the line of `text` (1-based) where its SQL starts: its first statement, or
  // the merged ALTER TABLE it is part of. For an operation without statements, the line after
  // its comment (0 when that is past the end of `text`).
  std::vector<int> lines;
};

OperationsText operations_text(const std::vector<OperationSql>& operations, bool merge_alter_table);

} // namespace strata::migrations
