#include "migrations/alter_merge.hpp"

namespace strata::migrations {

namespace {

bool mergeable(const OperationSql& op)
{
  return op.statements.size() == 1 && !op.statements[0].alter_table.empty() && !op.statements[0].clause.empty() &&
         !op.statements[0].no_transaction;
}

bool joins(const OperationSql& first, const OperationSql& next)
{
  return mergeable(first) && mergeable(next) && first.statements[0].alter_table == next.statements[0].alter_table;
}

std::string comment_line(const std::string& comment)
{
  return comment.empty() ? std::string() : "-- " + comment + "\n";
}

} // namespace

std::string operations_text(const std::vector<OperationSql>& operations, bool merge_alter_table)
{
  std::string out;
  for (size_t i = 0; i < operations.size();) {
    size_t end = i + 1;
    while (merge_alter_table && end < operations.size() && joins(operations[i], operations[end])) {
      ++end;
    }
    out += operations[i].number > 1 ? "\n" : "";
    for (size_t k = i; k < end; ++k) {
      out += "-- " + std::to_string(operations[k].number) + ". " + operations[k].description + "\n";
    }
    if (end - i == 1) {
      for (const auto& statement : operations[i].statements) {
        out += comment_line(statement.comment) + statement.sql + ";\n";
      }
    } else {
      // An ALGORITHM clause asserts how the server performs the statement: it stays only when
      // every part asserts the same (a part that copies makes the whole statement copy).
      const auto& first = operations[i].statements[0];
      std::string algorithm = first.algorithm;
      std::string clauses;
      for (size_t k = i; k < end; ++k) {
        const auto& statement = operations[k].statements[0];
        out += comment_line(statement.comment);
        clauses += (k == i ? "" : ",\n  ") + statement.clause;
        algorithm = statement.algorithm == algorithm ? algorithm : std::string();
      }
      out += "ALTER TABLE " + first.alter_table + "\n  " + clauses +
             (algorithm.empty() ? std::string() : ",\n  " + algorithm) + ";\n";
    }
    i = end;
  }
  return out;
}

} // namespace strata::migrations
