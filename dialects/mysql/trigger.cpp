// Parsing a CREATE TRIGGER statement into the parts MySQL/MariaDB keep (trigger.hpp).
#include "dialects/mysql/trigger.hpp"

#include "dialects/mysql/compound.hpp"
#include "dialects/mysql/internal.hpp"

namespace strata::dialects::mysql {

namespace {

std::optional<TriggerParts> fail(std::string* problem, std::string message)
{
  if (problem != nullptr) {
    *problem = std::move(message);
  }
  return std::nullopt;
}

} // namespace

std::optional<TriggerParts> parse_trigger(std::string_view definition, std::string* problem)
{
  StatementReader in(definition);
  if (!in.keyword("CREATE")) {
    return fail(problem, "does not start with CREATE TRIGGER");
  }
  if (in.keyword("OR") && !in.keyword("REPLACE")) {
    return fail(problem, "has OR without REPLACE");
  }
  if (in.keyword("DEFINER") && in.skip_to({"TRIGGER"}).empty()) { // DEFINER = user@host, CURRENT_USER[()]
    return fail(problem, "has no TRIGGER after DEFINER");
  }
  if (!in.keyword("TRIGGER")) {
    return fail(problem, "does not start with CREATE TRIGGER");
  }
  if (in.keyword("IF") && !(in.keyword("NOT") && in.keyword("EXISTS"))) {
    return fail(problem, "has IF without NOT EXISTS");
  }
  TriggerParts parts;
  parts.name = in.name();
  if (parts.name.empty()) {
    return fail(problem, "names no trigger after CREATE TRIGGER");
  }
  parts.timing = in.one_of({"BEFORE", "AFTER"});
  if (parts.timing.empty()) {
    return fail(problem, "has no BEFORE or AFTER after the trigger's name");
  }
  parts.event = in.one_of({"INSERT", "UPDATE", "DELETE"});
  if (parts.event.empty()) {
    return fail(problem, "has no INSERT, UPDATE or DELETE after " + parts.timing);
  }
  if (!in.keyword("ON") || (parts.table = in.name()).empty()) {
    return fail(problem, "names no table (ON table) after " + parts.timing + " " + parts.event);
  }
  if (!(in.keyword("FOR") && in.keyword("EACH") && in.keyword("ROW"))) {
    return fail(problem, "has no FOR EACH ROW after its table");
  }
  if (!in.one_of({"FOLLOWS", "PRECEDES"}).empty() && in.name().empty()) {
    return fail(problem, "names no trigger after FOLLOWS/PRECEDES");
  }
  parts.body = in.rest();
  if (parts.body.empty()) {
    return fail(problem, "has no body after FOR EACH ROW");
  }
  return parts;
}

std::string trigger_statement(const TriggerParts& parts)
{
  return "CREATE TRIGGER " + quote_identifier(parts.name) + " " + parts.timing + " " + parts.event + " ON " +
         quote_identifier(parts.table) + " FOR EACH ROW " + parts.body;
}

std::string canonical_trigger(std::string_view definition)
{
  auto parts = parse_trigger(definition);
  if (!parts) {
    return std::string(definition);
  }
  parts->body = canonical_body(parts->body);
  return trigger_statement(*parts);
}

} // namespace strata::dialects::mysql
