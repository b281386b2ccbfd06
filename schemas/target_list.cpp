// The target list of a fleet run (`--targets FILE`, schemas/project.hpp): one URL per line,
// comments and blank lines skipped, ${env:NAME} references parsed as in the project file.
#include "schemas/project.hpp"

#include <sstream>

namespace strata::schemas {

namespace {

constexpr const char* k_blank = " \t\r";

// The line without its comment: a '#' at its start or after a blank (a '#' inside a URL, which
// would have to be percent-encoded anyway, is not one).
std::string without_comment(const std::string& line)
{
  for (size_t at = line.find('#'); at != std::string::npos; at = line.find('#', at + 1)) {
    if (at == 0 || line[at - 1] == ' ' || line[at - 1] == '\t') {
      return line.substr(0, at);
    }
  }
  return line;
}

} // namespace

std::vector<ProjectValue> parse_target_list(const std::string& text, const std::filesystem::path& file)
{
  std::vector<ProjectValue> out;
  std::vector<Diagnostic> diagnostics;
  std::istringstream in(text);
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    const std::string kept = without_comment(line);
    const auto first = kept.find_first_not_of(k_blank);
    if (first == std::string::npos) {
      continue;
    }
    const auto last = kept.find_last_not_of(k_blank);
    ProjectValue value{kept.substr(first, last + 1 - first), SourceLocation{file.string(), number, static_cast<int>(first) + 1}, {}};
    if (value.written.find_first_of(" \t") != std::string::npos) {
      diagnostics.push_back(Diagnostic{value.location, "one database URL per line (this line holds several words; "
                                                       "percent-encode a space in a URL as %20)"});
      continue;
    }
    size_t searched = first;
    scan_references(
      value,
      [&](const std::string& whole) {
        SourceLocation where = value.location;
        const auto at = line.find(whole, searched);
        if (at != std::string::npos) {
          where.column = static_cast<int>(at) + 1;
          searched = at + whole.size();
        }
        return where;
      },
      [&](const SourceLocation& where, const std::string& message) { diagnostics.push_back(Diagnostic{where, message}); });
    out.push_back(std::move(value));
  }
  if (diagnostics.empty() && out.empty()) {
    diagnostics.push_back(Diagnostic{SourceLocation{file.string(), 0, 0}, "the target list names no database"});
  }
  if (!diagnostics.empty()) {
    throw SchemaError(std::move(diagnostics));
  }
  return out;
}

std::vector<ProjectValue> load_target_list(const std::filesystem::path& file)
{
  return parse_target_list(read_settings_file(file, file, "target list"), file);
}

} // namespace strata::schemas
