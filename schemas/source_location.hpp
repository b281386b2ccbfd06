#pragma once
// Where a schema object came from: a YAML file position, or the live database.

#include <compare>
#include <string>
#include <string_view>

namespace strata::schemas {

// A file name kept once per process: every object of a schema file carries its name (tens of
// thousands of columns in a large schema), so each holds one pointer to the one copy instead of
// a string of its own. Reads as the std::string it was; empty is the null pointer.
class FileName {
public:
  FileName() = default;
  FileName(std::string_view name);
  FileName(const std::string& name) : FileName(std::string_view(name)) {}
  FileName(const char* name) : FileName(std::string_view(name)) {}

  const std::string& str() const;
  operator const std::string&() const { return str(); }
  bool empty() const { return m_name == nullptr; }
  const char* c_str() const { return str().c_str(); }
  size_t size() const { return str().size(); }

  // One copy per name: equal names are the same pointer.
  friend bool operator==(const FileName& a, const FileName& b) { return a.m_name == b.m_name; }
  friend bool operator==(const FileName& a, const std::string& b) { return a.str() == b; }
  friend bool operator==(const FileName& a, const char* b) { return a.str() == b; }
  friend std::strong_ordering operator<=>(const FileName& a, const FileName& b) { return a.str() <=> b.str(); }

private:
  const std::string* m_name = nullptr;
};

struct SourceLocation {
  FileName file;           // empty when the object came from a database or was built in code
  int line = 0;            // 1-based; 0 when unknown
  int column = 0;          // 1-based; 0 when unknown

  // "schema.yaml:12:7", "schema.yaml" or "" (nothing known: from a database or built in code).
  std::string str() const;
  bool known() const { return !file.empty(); }
  friend bool operator==(const SourceLocation&, const SourceLocation&) = default;
};

} // namespace strata::schemas
