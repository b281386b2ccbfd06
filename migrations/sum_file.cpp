// strata.sum: "h1:<sha256 over the lines below>" then "<file> h1:<sha256 of the file>" per file.
#include "migrations/directory.hpp"

#include "schemas/error.hpp"

#include <fmt/format.h>

#include <fstream>
#include <map>
#include <sstream>

namespace strata::migrations {

namespace fs = std::filesystem;

namespace {

constexpr const char* k_sum_file = "strata.sum";
constexpr const char* k_hint = "run `strata hash` if the change was a deliberate hand edit";

// The per-file lines, in order: by version, then up before down.
std::string file_lines(const std::vector<Migration>& migrations)
{
  std::string out;
  for (const auto& m : migrations) {
    out += fmt::format("{} h1:{}\n", m.up_path.filename().string(), sha256_hex(m.up_sql));
    if (!m.down_path.empty()) {
      out += fmt::format("{} h1:{}\n", m.down_path.filename().string(), sha256_hex(m.down_sql));
    }
  }
  return out;
}

struct SumFile {
  std::string total;                      // hex after "h1:" on the first line
  std::string body;                       // every line after the first, as written
  std::vector<std::pair<std::string, std::string>> entries; // file -> hex
  std::vector<std::pair<int, std::string>> malformed; // line, problem
};

SumFile parse_sum(const std::string& text)
{
  SumFile sum;
  std::istringstream in(text);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (number == 1) {
      if (line.rfind("h1:", 0) == 0) {
        sum.total = line.substr(3);
      } else {
        sum.malformed.emplace_back(1, "strata.sum:1: expected 'h1:<sha256>'");
      }
      continue;
    }
    sum.body += line + "\n";
    const auto space = line.rfind(' ');
    if (space == std::string::npos || line.compare(space + 1, 3, "h1:") != 0) {
      sum.malformed.emplace_back(number, fmt::format("strata.sum:{}: expected '<file> h1:<sha256>'", number));
      continue;
    }
    sum.entries.emplace_back(line.substr(0, space), line.substr(space + 4));
  }
  return sum;
}

} // namespace

std::vector<SumProblem> Directory::sum_problems() const
{
  std::vector<SumProblem> problems;
  const auto sum_path = m_path / k_sum_file;
  if (!fs::exists(sum_path)) {
    if (!m_migrations.empty()) {
      problems.push_back({k_sum_file, std::nullopt,
                          fmt::format("{} is missing but {} holds migration files; {}", sum_path.string(),
                                      m_path.string(), k_hint)});
    }
    return problems;
  }
  std::ifstream in(sum_path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const auto sum = parse_sum(buffer.str());
  for (const auto& [line, problem] : sum.malformed) {
    problems.push_back({k_sum_file, line, problem + "; " + k_hint});
  }

  std::map<std::string, std::string> on_disk; // file -> hex
  for (const auto& m : m_migrations) {
    on_disk[m.up_path.filename().string()] = sha256_hex(m.up_sql);
    if (!m.down_path.empty()) {
      on_disk[m.down_path.filename().string()] = sha256_hex(m.down_sql);
    }
  }
  std::map<std::string, std::string> recorded(sum.entries.begin(), sum.entries.end());
  for (const auto& [file, hex] : on_disk) {
    const auto it = recorded.find(file);
    if (it == recorded.end()) {
      problems.push_back(
        {file, std::nullopt, fmt::format("{} was added but is not in strata.sum; {}", (m_path / file).string(), k_hint)});
    } else if (it->second != hex) {
      problems.push_back({file, std::nullopt,
                          fmt::format("{} was edited: it no longer matches strata.sum; {}", (m_path / file).string(),
                                      k_hint)});
    }
  }
  for (const auto& [file, hex] : recorded) {
    if (!on_disk.contains(file)) {
      problems.push_back({file, std::nullopt,
                          fmt::format("{} is listed in strata.sum but was removed; {}", (m_path / file).string(),
                                      k_hint)});
    }
  }
  if (sum.malformed.empty() && sha256_hex(sum.body) != sum.total) {
    problems.push_back({k_sum_file, std::nullopt,
                        fmt::format("{}: the total checksum on the first line is wrong; {}", sum_path.string(),
                                    k_hint)});
  }
  return problems;
}

std::vector<std::string> Directory::verify_sum() const
{
  std::vector<std::string> out;
  for (auto& problem : sum_problems()) {
    out.push_back(std::move(problem.message));
  }
  return out;
}

void Directory::verify_sum_or_throw() const
{
  const auto problems = verify_sum();
  if (problems.empty()) {
    return;
  }
  std::string message = "migration folder " + m_path.string() + " does not match strata.sum:";
  for (const auto& p : problems) {
    message += "\n  " + p;
  }
  throw IntegrityError(message);
}

void Directory::write_sum() const
{
  fs::create_directories(m_path);
  const auto body = file_lines(m_migrations);
  write_file_atomic(m_path / k_sum_file, "h1:" + sha256_hex(body) + "\n" + body);
}

} // namespace strata::migrations
