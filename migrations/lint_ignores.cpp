#include "migrations/lint_ignores.hpp"

#include "schemas/error.hpp"
#include "schemas/risk_codes.hpp"
#include "schemas/suggest.hpp"
#include "migrations/input_error.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace strata::migrations {

namespace {

constexpr std::string_view k_marker = "strata:ignore";

std::string_view trimmed(std::string_view text)
{
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    return {};
  }
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// The line each statement ends on.
int last_line(const SqlStatement& statement)
{
  return statement.line + static_cast<int>(std::count(statement.sql.begin(), statement.sql.end(), '\n'));
}

// The statement a comment on `line` is about: the last one running over that line (the comment
// is inside it, or follows it on its last line), else the first starting after it.
size_t statement_of(const std::vector<SqlStatement>& statements, int line)
{
  size_t found = statements.size();
  for (size_t i = 0; i < statements.size(); ++i) {
    if (statements[i].line <= line && last_line(statements[i]) >= line) {
      found = i;
    }
  }
  if (found < statements.size()) {
    return found;
  }
  for (size_t i = 0; i < statements.size(); ++i) {
    if (statements[i].line > line) {
      return i;
    }
  }
  return statements.size();
}

} // namespace

std::vector<LintIgnore> find_ignores(const std::string& sql, const std::vector<SqlStatement>& statements,
                                     const dialects::lex::Syntax& syntax, const std::string& file)
{
  std::vector<std::string> known;
  for (const auto& info : schemas::risk_codes()) {
    known.emplace_back(info.code);
  }
  const auto& replay = schemas::risk_code(schemas::RiskCode::replay_failed).code;
  std::vector<LintIgnore> out;
  for (const auto& token : dialects::lex::tokenize(sql, syntax, {.trivia = true}).tokens) {
    if (token.kind != dialects::lex::TokenKind::comment || token.text.rfind("--", 0) != 0) {
      continue;
    }
    const auto text = trimmed(token.text.substr(2));
    if (text.rfind(k_marker, 0) != 0 || (text.size() > k_marker.size() && text[k_marker.size()] != ' ' &&
                                         text[k_marker.size()] != '\t')) {
      continue;
    }
    auto rest = trimmed(text.substr(k_marker.size()));
    const auto codes_end = std::min(rest.find_first_of(" \t"), rest.size());
    const std::string codes(rest.substr(0, codes_end));
    LintIgnore ignore;
    ignore.line = token.line;
    ignore.reason = std::string(trimmed(rest.substr(codes_end)));
    if (codes.empty()) {
      fail_at_line(file, token.line, "-- strata:ignore needs the codes it switches off and a reason: "
                             "-- strata:ignore D102 the column was never read");
    }
    for (size_t at = 0; at <= codes.size();) {
      const auto comma = std::min(codes.find(',', at), codes.size());
      const std::string code = codes.substr(at, comma - at);
      at = comma + 1;
      if (code.empty()) {
        continue;
      }
      if (std::find(known.begin(), known.end(), code) == known.end()) {
        fail_at_line(file, token.line,
             fmt::format("-- strata:ignore: unknown lint code \"{}\"{}", code, schemas::did_you_mean(code, known)));
      }
      if (code == replay) {
        fail_at_line(file, token.line, fmt::format("-- strata:ignore: {} (the file fails to replay) cannot be ignored", code));
      }
      ignore.codes.push_back(code);
    }
    if (ignore.reason.empty()) {
      fail_at_line(file, token.line,
           fmt::format("-- strata:ignore {} needs a reason after the codes (why the finding does not apply here)",
                       codes));
    }
    ignore.statement = statement_of(statements, token.line);
    ignore.statement_line = ignore.statement < statements.size() ? statements[ignore.statement].line : 0;
    out.push_back(std::move(ignore));
  }
  return out;
}

} // namespace strata::migrations
