#include "schemas/error.hpp"

#include <fmt/format.h>

#include <mutex>
#include <unordered_set>

namespace strata {

namespace schemas {
FileName::FileName(std::string_view name)
{
  if (name.empty()) {
    return;
  }
  // Never freed: a process reads a handful of files. Set nodes stay where they are on rehash.
  static std::mutex guard;
  static std::unordered_set<std::string> names;
  const std::lock_guard<std::mutex> lock(guard);
  m_name = &*names.emplace(name).first;
}

const std::string& FileName::str() const
{
  static const std::string none;
  return m_name == nullptr ? none : *m_name;
}

std::string SourceLocation::str() const
{
  if (file.empty()) {
    return {};
  }
  if (line <= 0) {
    return file.str();
  }
  if (column <= 0) {
    return fmt::format("{}:{}", file.str(), line);
  }
  return fmt::format("{}:{}:{}", file.str(), line, column);
}
} // namespace schemas

int exit_code_for(ErrorKind kind)
{
  return kind == ErrorKind::safety ? 3 : kind == ErrorKind::usage ? 64 : 1;
}

Error::Error(ErrorKind kind, const std::string& message, schemas::SourceLocation location)
  : std::runtime_error(message), m_kind(kind), m_location(std::move(location))
{
}

std::string Diagnostic::str() const
{
  const auto where = location.str();
  return where.empty() ? message : fmt::format("{}: {}", where, message);
}

static std::string join_diagnostics(const std::vector<Diagnostic>& diagnostics)
{
  std::string out;
  for (const auto& d : diagnostics) {
    if (!out.empty()) {
      out += '\n';
    }
    out += d.str();
  }
  return out;
}

SchemaError::SchemaError(std::vector<Diagnostic> diagnostics)
  : Error(ErrorKind::input, join_diagnostics(diagnostics),
          diagnostics.empty() ? schemas::SourceLocation{} : diagnostics.front().location),
    m_diagnostics(std::move(diagnostics))
{
}

DatabaseError::DatabaseError(const std::string& engine, const std::string& message, std::string code)
  : Error(ErrorKind::database, fmt::format("{}: {}", engine, message)),
    m_engine(engine),
    m_code(std::move(code))
{
}

StatementError::StatementError(std::string file, int statement_number, int line, std::string db_message)
  : Error(ErrorKind::database,
          fmt::format("{}: statement {} (line {}) failed: {}", file, statement_number, line, db_message),
          schemas::SourceLocation{file, line, 0}),
    m_file(std::move(file)),
    m_statement(statement_number),
    m_line(line),
    m_db_message(std::move(db_message))
{
}

} // namespace strata
