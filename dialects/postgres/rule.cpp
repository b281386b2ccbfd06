// PostgreSQL rule headers (rule.hpp).

#include "dialects/postgres/rule.hpp"

#include "dialects/postgres/expr.hpp"
#include "dialects/postgres/internal.hpp"

namespace strata::dialects::postgres {

std::optional<RuleHeader> parse_rule(std::string_view definition, std::string* problem)
{
  const auto fail = [&](const std::string& why) -> std::optional<RuleHeader> {
    if (problem != nullptr) {
      *problem = why;
    }
    return std::nullopt;
  };
  const auto tokens = expr::tokenize(definition);
  size_t i = 0;
  const auto word = [&](std::string_view w) { return i < tokens.size() && expr::is_word(tokens[i], w); };
  if (!word("create")) {
    return fail("is not a CREATE RULE statement");
  }
  ++i;
  if (word("or") && i + 1 < tokens.size() && expr::is_word(tokens[i + 1], "replace")) {
    i += 2;
  }
  if (!word("rule")) {
    return fail("is not a CREATE RULE statement");
  }
  ++i;
  if (i >= tokens.size() || !expr::is_name(tokens[i])) {
    return fail("has no rule name");
  }
  RuleHeader header;
  header.name = expr::identifier_text(tokens[i]);
  header.name_begin = tokens[i].offset;
  ++i;
  if (!word("as") || (++i, !word("on"))) {
    return fail("has no AS ON event");
  }
  ++i;
  for (const char* event : {"select", "insert", "update", "delete"}) {
    if (word(event)) {
      header.event = event;
    }
  }
  if (header.event.empty()) {
    return fail("has no event (SELECT, INSERT, UPDATE or DELETE) after AS ON");
  }
  ++i;
  const auto relation = word("to") ? expr::qualified_name_at(tokens, i + 1) : std::nullopt;
  if (!relation) {
    return fail("has no TO table or view");
  }
  header.relation = relation->name;
  header.relation_begin = relation->begin;
  header.relation_end = relation->end;
  return header;
}

std::string rule_statement(std::string_view definition, const std::string& relation)
{
  const std::string_view text = expr::trim_statement(definition);
  const auto header = parse_rule(text);
  if (!header) {
    return std::string(text);
  }
  // From the name on, with the relation replaced; the words before the name are strata's.
  return "CREATE RULE " + std::string(text.substr(header->name_begin, header->relation_begin - header->name_begin)) +
         relation + std::string(text.substr(header->relation_end));
}

std::string canonical_rule(std::string_view definition, const std::string& relation)
{
  return expr::canonical(rule_statement(definition, relation));
}

std::string shown_relation(const schemas::QualifiedName& relation)
{
  return (relation.schema.empty() ? "" : shown_identifier(relation.schema) + ".") + shown_identifier(relation.name);
}

} // namespace strata::dialects::postgres
