#pragma once
// The small typed error hierarchy. Exceptions end a command; everything routine is a return value.

#include "schemas/source_location.hpp"

#include <stdexcept>
#include <string>
#include <vector>

namespace strata {

enum class ErrorKind { usage, input, database, integrity, safety, internal };

// Exit code of a command that ends with this kind of error (DESIGN.md: 1 error, 3 refused, 64 usage).
int exit_code_for(ErrorKind kind);

class Error : public std::runtime_error {
public:
  Error(ErrorKind kind, const std::string& message, schemas::SourceLocation location = {});
  ErrorKind kind() const { return m_kind; }
  const schemas::SourceLocation& location() const { return m_location; }

private:
  ErrorKind m_kind;
  schemas::SourceLocation m_location;
};

struct Diagnostic {
  schemas::SourceLocation location;
  std::string message;
  // "file:line:col: message"
  std::string str() const;
  friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
};

// Bad YAML or a schema that does not validate. Carries every diagnostic found, not just the first.
class SchemaError : public Error {
public:
  explicit SchemaError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const { return m_diagnostics; }

private:
  std::vector<Diagnostic> m_diagnostics;
};

// A database call failed. The URL in the message is always redacted by the caller's connection.
class DatabaseError : public Error {
public:
  DatabaseError(const std::string& engine, const std::string& message, std::string code = {});
  const std::string& engine() const { return m_engine; }
  const std::string& code() const { return m_code; }

private:
  std::string m_engine;
  std::string m_code;
};

// strata.sum mismatch, edited applied file, dirty database.
class IntegrityError : public Error {
public:
  explicit IntegrityError(const std::string& message) : Error(ErrorKind::integrity, message) {}
};

// Refused for safety: destructive step without --yes and without a terminal (exit 3).
class SafetyRefusal : public Error {
public:
  explicit SafetyRefusal(const std::string& message) : Error(ErrorKind::safety, message) {}
};

// A statement of a migration file failed: names file, statement number and line.
class StatementError : public Error {
public:
  StatementError(std::string file, int statement_number, int line, std::string db_message);
  const std::string& file() const { return m_file; }
  int statement_number() const { return m_statement; }
  int line() const { return m_line; }
  const std::string& db_message() const { return m_db_message; }

private:
  std::string m_file;
  int m_statement;
  int m_line;
  std::string m_db_message;
};

} // namespace strata
