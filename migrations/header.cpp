// `-- strata:` header lines of a migration file, and the `backup` target notation.
#include "migrations/directory.hpp"

#include "dialects/quoting.hpp"
#include "schemas/duration.hpp"
#include "schemas/error.hpp"
#include "migrations/input_error.hpp"

#include <cctype>
#include <string_view>

namespace strata::migrations {

namespace {

constexpr std::string_view k_prefix = "-- strata:";

std::string_view trim(std::string_view text)
{
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

// Splits off the first whitespace-separated word of `text`.
std::string_view next_word(std::string_view& text)
{
  text = trim(text);
  const auto end = text.find_first_of(" \t");
  const auto word = text.substr(0, end);
  text = end == std::string_view::npos ? std::string_view{} : trim(text.substr(end));
  return word;
}

// "drop column users.bio (3 non-null values)" -> count 3, label "non-null values".
void split_count(schemas::Risk& risk)
{
  auto& message = risk.message;
  if (message.empty() || message.back() != ')') {
    return;
  }
  const auto open = message.rfind('(');
  if (open == std::string::npos) {
    return;
  }
  const std::string inner = message.substr(open + 1, message.size() - open - 2);
  size_t digits = 0;
  while (digits < inner.size() && std::isdigit(static_cast<unsigned char>(inner[digits]))) {
    ++digits;
  }
  if (digits == 0 || digits > 18 || digits + 1 >= inner.size() || inner[digits] != ' ') {
    return;
  }
  risk.count = std::stoll(inner.substr(0, digits));
  risk.count_label = inner.substr(digits + 1);
  message = std::string(trim(std::string_view(message).substr(0, open)));
}

schemas::Risk parse_risk(std::string_view rest, const std::string& file, int line)
{
  schemas::Risk risk;
  const auto level = next_word(rest);
  const auto kind = next_word(rest);
  const auto code = next_word(rest);
  if (!schemas::parse_risk_level(level, risk.level)) {
    fail_at_line(file, line, "unknown risk level '" + std::string(level) + "' (expected low, medium or high)");
  }
  if (!schemas::parse_risk_kind(kind, risk.kind)) {
    fail_at_line(file, line, "unknown risk kind '" + std::string(kind) + "'");
  }
  if (code.empty()) {
    fail_at_line(file, line, "risk line needs: risk <level> <kind> <code> <message>");
  }
  risk.code = std::string(code);
  risk.message = std::string(rest);
  split_count(risk);
  return risk;
}

bool needs_quotes(const std::string& part)
{
  if (part.empty() || part.find("->") != std::string::npos) {
    return true;
  }
  for (const char c : part) {
    if (c == '.' || c == '"' || c == '(' || c == ')' || c == ',' || c == '\'' || std::isspace(static_cast<unsigned char>(c))) {
      return true;
    }
  }
  return false;
}

} // namespace

std::optional<std::chrono::milliseconds> parse_file_duration(std::string_view text)
{
  return schemas::parse_written_duration(text);
}

std::string format_file_duration(std::chrono::milliseconds ms)
{
  const long long n = ms.count();
  if (n != 0 && n % 3600000 == 0) {
    return std::to_string(n / 3600000) + "h";
  }
  if (n != 0 && n % 60000 == 0) {
    return std::to_string(n / 60000) + "min";
  }
  if (n % 1000 == 0) {
    return std::to_string(n / 1000) + "s";
  }
  return std::to_string(n) + "ms";
}

std::string quote_header_name(const std::string& part)
{
  return needs_quotes(part) ? dialects::quote_doubling(part, '"') : part;
}

Header parse_header(const std::string& sql, const std::string& file)
{
  Header header;
  size_t pos = 0;
  int line = 0;
  while (pos < sql.size()) {
    const auto end = sql.find('\n', pos);
    const std::string_view raw(sql.data() + pos, (end == std::string::npos ? sql.size() : end) - pos);
    pos = end == std::string::npos ? sql.size() : end + 1;
    ++line;
    const auto text = trim(raw);
    if (text.empty()) {
      continue;
    }
    if (text.substr(0, 2) != "--") {
      break; // the header ends at the first SQL line
    }
    if (text.substr(0, k_prefix.size()) != k_prefix) {
      continue; // an ordinary comment
    }
    auto rest = text.substr(k_prefix.size());
    const auto key = next_word(rest);
    if (key == "version") {
      header.version = std::string(rest);
    } else if (key == "summary") {
      header.summary = std::string(rest);
    } else if (key == "risk") {
      header.risks.push_back(parse_risk(rest, file, line));
    } else if (key == "backup") {
      if (rest.empty()) {
        fail_at_line(file, line, "backup line needs a table or table.column");
      }
      try {
        parse_backup_target(std::string(rest));
      } catch (const Error& e) {
        fail_at_line(file, line, e.what());
      }
      header.backups.emplace_back(rest);
    } else if (key == "part-of") {
      if (rest.empty() || rest.find_first_not_of("0123456789") != std::string_view::npos) {
        fail_at_line(file, line, "part-of needs the version this file belongs to");
      }
      header.part_of = std::string(rest);
    } else if (key == "preflight") {
      try {
        header.preflights.push_back(PreflightCheck{std::string(rest), line, parse_preflight(std::string(rest))});
      } catch (const Error& e) {
        fail_at_line(file, line, e.what());
      }
    } else if (key == "statement-timeout") {
      if (header.statement_timeout) {
        fail_at_line(file, line, "statement-timeout is given twice");
      }
      const auto value = rest == "none" ? std::optional<std::chrono::milliseconds>(0) : parse_file_duration(rest);
      if (!value || (rest != "none" && value->count() == 0)) {
        fail_at_line(file, line,
                     "statement-timeout '" + std::string(rest) +
                       "' is no duration (expected e.g. 500ms, 30s, 10min or 2h, or none for no bound)");
      }
      header.statement_timeout = value;
    } else if (key == "galera-osu") {
      if (header.rolling_line != 0) {
        fail_at_line(file, line, "galera-osu is given twice (first on line " + std::to_string(header.rolling_line) + ")");
      }
      if (rest != "rsu" && rest != "RSU") {
        fail_at_line(file, line,
                     "galera-osu '" + std::string(rest) +
                       "' is no schema upgrade method strata offers (expected rsu: the file runs on one Galera node "
                       "after the other; leave the line out for total order isolation, the default)");
      }
      header.rolling_line = line;
    } else if (key == "no-transaction") {
      header.no_transaction = true;
    } else if (key == "baseline") {
      header.baseline = true;
    } else if (key == "batched") {
      header.batched = true;
    } else if (key == "batch") {
      // a batched step's settings (migrations/batch_step.hpp): they belong to the next statement
    } else if (key == "ignore") {
      // lint's per-statement switch (migrations/lint_ignores.hpp): not a header line, read by lint
    } else if (key == "irreversible") {
      header.irreversible = true;
      header.irreversible_reasons.emplace_back(rest);
    } else {
      fail_at_line(file, line,
           "unknown '-- strata:' key '" + std::string(key) +
             "' (expected version, summary, risk, backup, preflight, no-transaction, batched, batch, part-of, "
             "statement-timeout, galera-osu, irreversible, baseline or ignore)");
    }
  }
  return header;
}

dialects::BackupTarget parse_backup_target(const std::string& text)
{
  std::vector<std::string> parts;
  std::string current;
  bool quoted_part = false;
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '"' && current.empty() && !quoted_part) {
      quoted_part = true;
      ++i;
      bool closed = false;
      while (i < text.size()) {
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            current += '"';
            i += 2;
            continue;
          }
          closed = true;
          ++i;
          break;
        }
        current += text[i++];
      }
      if (!closed) {
        throw Error(ErrorKind::input, "unterminated quote in backup target '" + text + "'");
      }
      continue;
    }
    if (c == '.') {
      parts.push_back(current);
      current.clear();
      quoted_part = false;
      ++i;
      continue;
    }
    if (quoted_part || std::isspace(static_cast<unsigned char>(c))) {
      throw Error(ErrorKind::input, "malformed backup target '" + text + "' (quote names with dots or spaces)");
    }
    current += c;
    ++i;
  }
  parts.push_back(current);
  for (const auto& part : parts) {
    if (part.empty()) {
      throw Error(ErrorKind::input, "empty name in backup target '" + text + "'");
    }
  }
  dialects::BackupTarget target;
  if (parts.size() == 1) {
    target.table.name = parts[0];
  } else if (parts.size() == 2) {
    target.table.name = parts[0];
    target.column = parts[1];
  } else if (parts.size() == 3) {
    target.table = {parts[0], parts[1]};
    target.column = parts[2] == "*" ? std::string{} : parts[2];
  } else {
    throw Error(ErrorKind::input, "backup target '" + text + "' has too many parts");
  }
  return target;
}

std::string format_backup_target(const dialects::BackupTarget& target)
{
  if (!target.table.schema.empty()) {
    return quote_header_name(target.table.schema) + "." + quote_header_name(target.table.name) + "." +
           (target.column.empty() ? std::string("*") : quote_header_name(target.column));
  }
  auto out = quote_header_name(target.table.name);
  if (!target.column.empty()) {
    out += "." + quote_header_name(target.column);
  }
  return out;
}

} // namespace strata::migrations
