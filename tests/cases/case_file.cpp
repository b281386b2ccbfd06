#include "tests/cases/case_file.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <sstream>

namespace strata::cases {

namespace {

std::string trim(const std::string& text)
{
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) {
    return {};
  }
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::vector<std::string> non_blank_lines(const std::string& text)
{
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!trim(line).empty()) {
      lines.push_back(trim(line));
    }
  }
  return lines;
}

} // namespace

std::string lower(std::string text)
{
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string read_text(const std::filesystem::path& path)
{
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

CaseFile parse_case(const std::string& text)
{
  CaseFile result;
  std::map<std::string, std::string> sections;
  std::string current;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    const std::string stripped = trim(line);
    if (stripped.rfind("-- name:", 0) == 0) {
      result.name = trim(stripped.substr(8));
      current.clear();
    } else if (stripped == "-- expect-empty") {
      result.expect_empty = true;
      current.clear();
    } else if (stripped == "-- expect-irreversible") {
      result.expect_irreversible = true;
      current.clear();
    } else if (stripped == "-- initial:" || stripped == "-- desired:" || stripped == "-- expect-ops:" ||
               stripped == "-- expect-risks:" || stripped == "-- catalog:" || stripped == "-- catalog-after-apply:" ||
               stripped == "-- catalog-after-rollback:") {
      current = stripped.substr(3, stripped.size() - 4);
      sections[current];
    } else if (!current.empty()) {
      sections[current] += line + "\n";
    }
  }
  result.initial_sql = sections["initial"];
  result.desired_yaml = sections["desired"];
  if (sections.count("expect-ops") != 0) {
    result.expect_ops = non_blank_lines(sections["expect-ops"]);
  }
  if (sections.count("expect-risks") != 0) {
    result.expect_risks = non_blank_lines(sections["expect-risks"]);
  }
  result.catalog_sql = trim(sections["catalog"]);
  if (sections.count("catalog-after-apply") != 0) {
    result.catalog_after_apply = non_blank_lines(sections["catalog-after-apply"]);
  }
  if (sections.count("catalog-after-rollback") != 0) {
    result.catalog_after_rollback = non_blank_lines(sections["catalog-after-rollback"]);
  }
  return result;
}

std::vector<std::filesystem::path> case_files(const std::filesystem::path& dir)
{
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".case") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

} // namespace strata::cases
