#include "workflows/interrupted.hpp"

#include "migrations/sql_checks.hpp"
#include "schemas/error.hpp"
#include "workflows/scratch.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <set>

namespace strata::workflows {

namespace {

using migrations::StatementVerdict;
using Kind = StatementVerdict::Kind;

// Where the live catalog stands on the objects one statement changes.
struct Match {
  std::vector<std::string> touched; // "table users", ...: the objects the statement changes
  bool before = true;               // live equals the catalog before the statement on every one
  bool after = true;                // ... after it
};

template <class Object>
const Object* find(const std::vector<Object>& objects, const schemas::QualifiedName& name)
{
  for (const auto& object : objects) {
    if (object.qualified() == name) {
      return &object;
    }
  }
  return nullptr;
}

template <class Object>
bool same(const Object* a, const Object* b)
{
  return a == nullptr ? b == nullptr : b != nullptr && *a == *b;
}

template <class Object>
void compare(const char* kind, const std::vector<Object>& before, const std::vector<Object>& after,
             const std::vector<Object>& live, Match& match)
{
  std::set<schemas::QualifiedName> names;
  for (const auto* list : {&before, &after}) {
    for (const auto& object : *list) {
      names.insert(object.qualified());
    }
  }
  for (const auto& name : names) {
    const auto* was = find(before, name);
    const auto* is = find(after, name);
    if (same(was, is)) {
      continue;
    }
    match.touched.push_back(fmt::format("{} {}", kind, name.str()));
    const auto* now = find(live, name);
    match.before = match.before && same(now, was);
    match.after = match.after && same(now, is);
  }
}

Match match_live(const schemas::Schema& before, const schemas::Schema& after, const schemas::Schema& live)
{
  Match match;
  compare("table", before.tables, after.tables, live.tables, match);
  compare("view", before.views, after.views, live.views, match);
  compare("enum", before.enums, after.enums, live.enums, match);
  compare("sequence", before.sequences, after.sequences, live.sequences, match);
  return match;
}

std::string join(const std::vector<std::string>& items)
{
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : ", ") + item;
  }
  return out;
}

// The version just before `version` in the folder (nullopt: it is the first).
std::optional<std::string> previous_version(const migrations::Directory& directory, const std::string& version)
{
  std::optional<std::string> previous;
  for (const auto& migration : directory.migrations()) {
    if (migration.version == version) {
      break;
    }
    previous = migration.version;
  }
  return previous;
}

bool is_keyword(const migrations::SqlToken& token, const std::string& keyword)
{
  return token.word && !token.quoted && token.text.size() == keyword.size() &&
         std::equal(keyword.begin(), keyword.end(), token.text.begin(),
                    [](char k, char c) { return k == std::toupper(static_cast<unsigned char>(c)); });
}

// A plain SELECT (no INTO): it leaves nothing behind, so running it again is harmless.
bool only_reads(const std::string& sql)
{
  const auto tokens = migrations::tokenize_sql(sql);
  return !tokens.empty() && is_keyword(tokens.front(), "SELECT") &&
         std::none_of(tokens.begin(), tokens.end(),
                      [](const migrations::SqlToken& token) { return is_keyword(token, "INTO"); });
}

} // namespace

StatementVerdict check_interrupted(Database& live, const migrations::Directory& directory,
                                   const migrations::HistoryRow& row, const migrations::Migration& migration,
                                   int number)
{
  const bool down = row.direction == "down";
  const auto& sql = down ? migration.down_sql : migration.up_sql;
  const auto statements = migrations::split_statements(sql, *live.dialect);
  if (number < 1 || number > static_cast<int>(statements.size())) {
    return {Kind::unknown, fmt::format("the file has {} statements now", statements.size())};
  }
  if (only_reads(statements[static_cast<size_t>(number - 1)].sql)) {
    return {Kind::not_run, "it only reads (a SELECT): running it again changes nothing"};
  }
  try {
    auto scratch = open_scratch(std::nullopt, live.url);
    // The database as it was before the file ran: the files before it (a rollback: up to it).
    const auto base = down ? std::optional<std::string>(row.version) : previous_version(directory, row.version);
    if (base) {
      replay_folder(*scratch, directory, base, "replaying the migrations before it");
    }
    for (int i = 1; i < number; ++i) {
      scratch->connection().execute(statements[static_cast<size_t>(i - 1)].sql);
    }
    const auto before = snapshot(*scratch);
    scratch->connection().execute(statements[static_cast<size_t>(number - 1)].sql);
    const auto after = snapshot(*scratch);
    const auto match = match_live(before, after, snapshot(*live.connection, *live.dialect));
    if (match.touched.empty()) {
      return {Kind::unknown, "it changes nothing the catalog shows (a statement on data, or one without a lasting "
                             "effect), so the catalog cannot tell"};
    }
    const auto objects = join(match.touched);
    if (match.after && !match.before) {
      return {Kind::took_effect, fmt::format("the live catalog has what it makes of {}", objects)};
    }
    if (match.before && !match.after) {
      return {Kind::not_run, fmt::format("the live catalog has {} as before it", objects)};
    }
    return {Kind::unknown, fmt::format("the live catalog matches neither what it makes of {} nor how they were "
                                       "before it (changed by hand since?)",
                                       objects)};
  } catch (const Error& e) {
    spdlog::debug("checking statement {} of version {} on a scratch database failed: {}", number, row.version,
                  e.what());
    return {Kind::unknown, fmt::format("replaying the file up to it on a scratch database failed: {}", e.what())};
  }
}

} // namespace strata::workflows
