// PostgreSQL trigger headers (trigger.hpp).

#include "dialects/postgres/trigger.hpp"

#include "dialects/postgres/expr.hpp"
#include "dialects/postgres/internal.hpp"
#include "dialects/postgres/rule.hpp"

namespace strata::dialects::postgres {

std::optional<TriggerHeader> parse_trigger(std::string_view definition, std::string* problem)
{
  const auto fail = [&](const std::string& why) -> std::optional<TriggerHeader> {
    if (problem != nullptr) {
      *problem = why;
    }
    return std::nullopt;
  };
  const auto tokens = expr::tokenize(definition);
  size_t i = 0;
  if (tokens.empty() || !expr::is_word(tokens[0], "create")) {
    return fail("is not a CREATE TRIGGER statement");
  }
  ++i;
  if (i + 1 < tokens.size() && expr::is_word(tokens[i], "or") && expr::is_word(tokens[i + 1], "replace")) {
    i += 2;
  }
  TriggerHeader header;
  if (i < tokens.size() && expr::is_word(tokens[i], "constraint")) {
    header.constraint = true;
    ++i;
  }
  if (i >= tokens.size() || !expr::is_word(tokens[i], "trigger")) {
    return fail("is not a CREATE TRIGGER statement");
  }
  ++i;
  if (i >= tokens.size() || !expr::is_name(tokens[i])) {
    return fail("has no trigger name");
  }
  header.name = expr::identifier_text(tokens[i]);
  header.name_end = tokens[i].end();
  for (++i; i < tokens.size() && !expr::is_word(tokens[i], "on"); ++i) {
  }
  const auto table = i < tokens.size() ? expr::qualified_name_at(tokens, i + 1) : std::nullopt;
  if (!table) {
    return fail("has no ON table");
  }
  header.table = table->name;
  header.table_begin = table->begin;
  header.table_end = table->end;
  return header;
}

std::string trigger_statement(std::string_view definition, const std::string& table)
{
  const std::string_view text = expr::trim_statement(definition);
  const auto header = parse_trigger(text);
  if (!header) {
    return std::string(text);
  }
  // From the name on, with the table replaced; the words before the name are strata's.
  const auto tokens = expr::tokenize(text);
  size_t name_begin = 0;
  for (const auto& token : tokens) {
    if (token.end() == header->name_end) {
      name_begin = token.offset;
      break;
    }
  }
  return std::string(header->constraint ? "CREATE CONSTRAINT TRIGGER " : "CREATE TRIGGER ") +
         std::string(text.substr(name_begin, header->table_begin - name_begin)) + table +
         std::string(text.substr(header->table_end));
}

std::string canonical_trigger(std::string_view definition, const std::string& table)
{
  return expr::canonical(trigger_statement(definition, table));
}

std::string shown_table(const schemas::Table& table)
{
  return shown_relation(table.qualified());
}

} // namespace strata::dialects::postgres
