#include "migrations/input_error.hpp"

#include "schemas/error.hpp"

namespace strata::migrations {

void fail_at_line(const std::string& file, int line, const std::string& message)
{
  throw Error(ErrorKind::input,
              (file.empty() ? "" : file + ":" + std::to_string(line) + ": ") + message,
              schemas::SourceLocation{file, line, 0});
}

} // namespace strata::migrations
