// The risk-code catalogue against the README: its "Risks" table documents the codes a plan
// raises, the table in "strata lint" those of lint's SQL checks (S6xx, plus L313 repeated with
// lint's own trigger). Both tables must say what the catalogue says, and list nothing else.

#include "schemas/risk_codes.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace strata::schemas;

struct Row {
  std::string section; // the README heading the table sits under
  std::string kind;
  std::string level;
  std::string title;
};

std::string trim(const std::string& text)
{
  const auto first = text.find_first_not_of(' ');
  const auto last = text.find_last_not_of(' ');
  return first == std::string::npos ? std::string{} : text.substr(first, last - first + 1);
}

// The cells of a markdown table row, trimmed, with backticks removed (titles are plain text).
std::vector<std::string> cells(const std::string& line)
{
  std::vector<std::string> out;
  std::string cell;
  for (size_t i = 1; i < line.size(); ++i) {
    if (line[i] == '|') {
      out.push_back(trim(cell));
      cell.clear();
    } else if (line[i] != '`') {
      cell += line[i];
    }
  }
  return out;
}

// code -> rows, from every README table headed `| code | kind | level | raised by | ...`.
std::multimap<std::string, Row> readme_rows()
{
  std::ifstream in(STRATA_SOURCE_DIR "/README.md");
  REQUIRE(in);
  std::multimap<std::string, Row> rows;
  std::string line;
  std::string section;
  bool in_table = false;
  while (std::getline(in, line)) {
    if (line.rfind("#", 0) == 0) {
      section = line;
    }
    if (line.rfind("|", 0) != 0) {
      in_table = false;
      continue;
    }
    const auto row = cells(line);
    if (row.size() >= 4 && row[0] == "code" && row[1] == "kind" && row[2] == "level" && row[3] == "raised by") {
      in_table = true;
    } else if (in_table && row.size() >= 4 && row[0].find("---") == std::string::npos) {
      rows.emplace(row[0], Row{section, row[1], row[2], row[3]});
    }
  }
  return rows;
}

bool lint_check_code(std::string_view code)
{
  return code.front() == 'S';
}

} // namespace

TEST_CASE("every catalogue code is documented in the README as the catalogue says", "[risk_codes]")
{
  const auto rows = readme_rows();
  REQUIRE(rows.size() >= risk_codes().size());
  for (const auto& info : risk_codes()) {
    INFO(info.code);
    // Its home table: lint's for the SQL checks, "Risks" for everything a plan raises.
    const std::string home = lint_check_code(info.code) ? "### `strata lint`" : "## Risks";
    const auto [first, last] = rows.equal_range(std::string(info.code));
    REQUIRE(first != last);
    bool documented = false;
    for (auto it = first; it != last; ++it) {
      // A plan code repeated in lint's table (L313) names lint's own trigger: kind and level agree.
      CHECK(it->second.kind == info.kind);
      CHECK(it->second.level == to_string(info.level));
      if (it->second.section == home) {
        CHECK(it->second.title == info.title);
        documented = true;
      }
    }
    CHECK(documented);
  }
}

TEST_CASE("every code in the README's risk tables is in the catalogue", "[risk_codes]")
{
  std::set<std::string> known;
  for (const auto& info : risk_codes()) {
    known.insert(std::string(info.code));
  }
  for (const auto& [code, row] : readme_rows()) {
    INFO(code << " under " << row.section);
    CHECK(known.count(code) == 1);
  }
}

TEST_CASE("codes are unique and each RiskCode finds its own entry", "[risk_codes]")
{
  std::set<std::string_view> seen;
  for (const auto& info : risk_codes()) {
    CHECK(seen.insert(info.code).second);
    CHECK(&risk_code(info.id) == &info);
  }
}

TEST_CASE("make_risk carries the catalogue's kind and level", "[risk_codes]")
{
  const Risk drop = make_risk(RiskCode::drop_table, "dropping table users destroys its rows");
  CHECK(drop.code == "D101");
  CHECK(drop.kind == RiskKind::destructive);
  CHECK(drop.level == RiskLevel::high);
  CHECK(drop.message == "dropping table users destroys its rows");
  CHECK_FALSE(drop.count);
  CHECK(make_risk(RiskCode::mysql_online_rebuild, "x").level == RiskLevel::low);
  // Every code but lint's own kinds can be a plan risk.
  for (const auto& info : risk_codes()) {
    INFO(info.code);
    if (info.kind == "transaction" || info.kind == "replay") {
      CHECK_THROWS_AS(make_risk(info.id, "x"), std::logic_error);
    } else {
      CHECK(make_risk(info.id, "x").code == info.code);
    }
  }
}
