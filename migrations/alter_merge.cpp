#include "migrations/alter_merge.hpp"

#include <algorithm>

namespace strata::migrations {

namespace {

bool mergeable(const OperationSql& op)
{
  const auto& statements = op.operation->statements;
  return statements.size() == 1 && !statements[0].alter_table.empty() && !statements[0].clause.empty() &&
         !statements[0].no_transaction;
}

bool joins(const OperationSql& first, const OperationSql& next)
{
  return mergeable(first) && mergeable(next) &&
         first.operation->statements[0].alter_table == next.operation->statements[0].alter_table &&
         first.operation->statements[0].prefix == next.operation->statements[0].prefix;
}

std::string comment_line(const std::string& comment)
{
  return comment.empty() ? std::string() : "-- " + comment + "\n";
}

// Appends to a text while counting its lines, so each operation's line is known as it is written.
class Body {
public:
  void add(const std::string& text)
  {
    m_text += text;
    m_newlines += static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  }
  int next_line() const { return m_newlines + 1; } // the line the next text starts on
  std::string& text() { return m_text; }

private:
  std::string m_text;
  int m_newlines = 0;
};

} // namespace

OperationsText operations_text(const std::vector<OperationSql>& operations, bool merge_alter_table)
{
  Body out;
  std::vector<int> lines(operations.size(), 0);
  for (size_t i = 0; i < operations.size();) {
    size_t end = i + 1;
    while (merge_alter_table && end < operations.size() && joins(operations[i], operations[end])) {
      ++end;
    }
    out.add(operations[i].number > 1 ? "\n" : "");
    for (size_t k = i; k < end; ++k) {
      out.add("-- " + std::to_string(operations[k].number) + ". " + operations[k].operation->description + "\n");
    }
    if (end - i == 1) {
      const auto& statements = operations[i].operation->statements;
      for (size_t s = 0; s < statements.size(); ++s) {
        out.add(comment_line(statements[s].comment));
        lines[i] = s == 0 ? out.next_line() : lines[i];
        out.add(statements[s].sql + ";\n");
      }
      // Nothing rendered: the line after the comment (the blank one before the next operation).
      lines[i] = statements.empty() && end < operations.size() ? out.next_line() : lines[i];
    } else {
      // An ALGORITHM clause asserts how the server performs the statement: it stays only when
      // every part asserts the same (a part that copies makes the whole statement copy).
      const auto& first = operations[i].operation->statements[0];
      std::string algorithm = first.algorithm;
      std::string clauses;
      for (size_t k = i; k < end; ++k) {
        const auto& statement = operations[k].operation->statements[0];
        out.add(comment_line(statement.comment));
        clauses += (k == i ? "" : ",\n  ") + statement.clause;
        algorithm = statement.algorithm == algorithm ? algorithm : std::string();
      }
      std::fill(lines.begin() + static_cast<long>(i), lines.begin() + static_cast<long>(end), out.next_line());
      out.add(first.prefix + "ALTER TABLE " + first.alter_table + "\n  " + clauses +
              (algorithm.empty() ? std::string() : ",\n  " + algorithm) + ";\n");
    }
    i = end;
  }
  return OperationsText{std::move(out.text()), std::move(lines)};
}

} // namespace strata::migrations
