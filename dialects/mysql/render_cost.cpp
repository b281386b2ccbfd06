// What a column change costs on InnoDB, the same on MariaDB 10.11 and MySQL 8.0: which changes
// are metadata only (instant), which rebuild the table online, which copy it (ALGORITHM=COPY:
// writes blocked for the whole copy). The renderers take the clause from here, engine_risks the
// risk, so that the two never disagree.
#include "dialects/mysql/render_parts.hpp"
#include "dialects/sql_tokenizer.hpp"

#include <algorithm>
#include <cctype>

namespace strata::dialects::mysql {

namespace {

struct ParsedType {
  std::string base;                // "varchar", "enum", "int unsigned" -> "int"
  std::string rest;                // text after the parameters ("unsigned", "zerofill")
  std::vector<std::string> params; // "255" / "'a'", "'b'" (enum and set values kept quoted)
};

// "varchar(20)" -> {varchar, {20}}; "enum('a','b,c')" -> {enum, {'a', 'b,c'}}.
ParsedType parse_type(const std::string& text)
{
  ParsedType out;
  const std::string t = lex::ascii_lower(text);
  const auto open = t.find('(');
  out.base = t.substr(0, open);
  while (!out.base.empty() && std::isspace(static_cast<unsigned char>(out.base.back()))) {
    out.base.pop_back();
  }
  if (open == std::string::npos) {
    const auto space = out.base.find(' ');
    if (space != std::string::npos) {
      out.rest = out.base.substr(space + 1);
      out.base.resize(space);
    }
    return out;
  }
  std::string current;
  bool quoted = false;
  size_t i = open + 1;
  for (; i < text.size(); ++i) {
    const char c = text[i]; // original case: enum values are case-sensitive text
    if (quoted) {
      current += c;
      if (c == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        current += text[++i];
      } else if (c == '\'') {
        quoted = false;
      }
    } else if (c == '\'') {
      quoted = true;
      current += c;
    } else if (c == ',' || c == ')') {
      out.params.push_back(current);
      current.clear();
      if (c == ')') {
        break;
      }
    } else if (!std::isspace(static_cast<unsigned char>(c))) {
      current += c;
    }
  }
  out.rest = i + 1 < t.size() ? t.substr(i + 1) : std::string();
  while (!out.rest.empty() && std::isspace(static_cast<unsigned char>(out.rest.front()))) {
    out.rest.erase(0, 1);
  }
  return out;
}

long long number(const std::string& text)
{
  return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); })
           ? std::stoll(text)
           : -1;
}

// VARCHAR(n) -> VARCHAR(m >= n) keeps its length prefix (1 byte below 256 bytes, else 2) whatever
// the character set (1 to 4 bytes a character): then InnoDB changes it in place.
bool varchar_widens_in_place(const ParsedType& before, const ParsedType& after)
{
  if (before.base != "varchar" || after.base != "varchar" || before.params.size() != 1 ||
      after.params.size() != 1 || before.rest != after.rest) {
    return false;
  }
  const long long from = number(before.params[0]);
  const long long to = number(after.params[0]);
  return from > 0 && to >= from && (to * 4 < 256 || from >= 256);
}

// Bytes a SET of n members takes.
int set_bytes(size_t members)
{
  return members <= 8 ? 1 : members <= 16 ? 2 : members <= 24 ? 3 : members <= 32 ? 4 : 8;
}

// ENUM/SET members appended at the end, storage size unchanged: instant on both servers.
bool members_appended(const ParsedType& before, const ParsedType& after)
{
  if (before.base != after.base || (before.base != "enum" && before.base != "set") ||
      after.params.size() < before.params.size() || before.rest != after.rest) {
    return false;
  }
  if (!std::equal(before.params.begin(), before.params.end(), after.params.begin())) {
    return false;
  }
  if (before.base == "enum") {
    return (before.params.size() <= 255) == (after.params.size() <= 255);
  }
  return set_bytes(before.params.size()) == set_bytes(after.params.size());
}

} // namespace

bool instant_capable(const schemas::Table& table)
{
  const auto engine = table.options.find("engine");
  if (engine != table.options.end() && lex::ascii_lower(engine->second) != "innodb") {
    return false;
  }
  return std::none_of(table.indexes.begin(), table.indexes.end(),
                      [](const schemas::Index& index) { return lex::ascii_lower(index.method.str()) == "fulltext"; });
}

bool add_column_is_instant(const schemas::AddColumn& op, const schemas::Table* live)
{
  const auto& c = op.column;
  return live != nullptr && instant_capable(*live) && !c.identity && !(c.generated && c.generated->stored);
}

ColumnChangeCost alter_column_cost(const schemas::AlterColumn& op)
{
  const auto& changes = op.changes;
  ColumnChangeCost cost;
  const auto note = [&](const std::string& why) { cost.why += (cost.why.empty() ? "" : ", ") + why; };
  if (changes.type) {
    const ParsedType before = parse_type(type_sql(op.before.type));
    const ParsedType after = parse_type(type_sql(op.after.type));
    if (varchar_widens_in_place(before, after)) {
      cost.algorithm = k_online;
    } else if (members_appended(before, after)) {
      cost.algorithm = k_instant;
    } else {
      cost.copies = true;
      note("type " + type_sql(op.before.type) + " -> " + type_sql(op.after.type));
    }
  }
  if (changes.collation) {
    cost.copies = true;
    note("collation " + (op.before.collation.empty() ? std::string("default") : op.before.collation.str()) + " -> " +
         (op.after.collation.empty() ? std::string("default") : op.after.collation.str()));
  }
  if (changes.identity) {
    cost.copies = true;
    note(op.after.identity ? "AUTO_INCREMENT added" : "AUTO_INCREMENT removed");
  }
  if (changes.generated) {
    cost.copies = true;
    note("generation expression changes");
  }
  if (changes.nullability) {
    cost.rebuilds = true;
    note(op.after.nullable ? "made nullable" : "made NOT NULL");
  }
  schemas::ColumnChanges type_only;
  type_only.type = true;
  if (changes != type_only) {
    cost.algorithm.clear(); // one clause for the whole MODIFY: it is asserted only for a bare retype
  }
  return cost;
}

} // namespace strata::dialects::mysql
