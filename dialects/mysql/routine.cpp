// MySQL/MariaDB stored functions and procedures: header parsing and normal form (routine.hpp).
#include "dialects/mysql/routine.hpp"

#include "dialects/mysql/canonical.hpp"
#include "dialects/mysql/compound.hpp"
#include "dialects/mysql/internal.hpp"
#include "dialects/sql_tokenizer.hpp"
#include "schemas/error.hpp"

#include <algorithm>
#include <tuple>

namespace strata::dialects::mysql {

namespace {

std::optional<RoutineParts> routine_failure(std::string* problem, std::string message)
{
  if (problem != nullptr) {
    *problem = std::move(message);
  }
  return std::nullopt;
}

// The parameters of a parameter list's inner text: [IN|OUT|INOUT] name type, split at the
// commas outside parentheses (ENUM('a','b'), DECIMAL(5,2)). False with `problem` set when one has
// no type.
bool parse_parameters(std::string_view list, std::vector<RoutineParameter>& out, std::string* problem)
{
  const auto tokens = expr::tokenize(list);
  size_t start = 0;
  for (size_t i = 0; i <= tokens.size(); ++i) {
    if (i < tokens.size()) {
      if (tokens[i].kind == expr::TokenKind::open) {
        i = std::min(lex::matching_close(tokens, i), tokens.size() - 1); // a type's (...), whole
      }
      if (tokens[i].kind != expr::TokenKind::comma) {
        continue;
      }
    }
    if (i == start && i == tokens.size() && out.empty()) {
      return true; // ()
    }
    size_t at = start;
    RoutineParameter parameter;
    if (i - at >= 3 && tokens[at].kind == expr::TokenKind::word) {
      const std::string mode = expr::ascii_upper(tokens[at].text);
      if (mode == "IN" || mode == "OUT" || mode == "INOUT") {
        parameter.mode = mode;
        ++at;
      }
    }
    if (at >= i || (tokens[at].kind != expr::TokenKind::word && tokens[at].kind != expr::TokenKind::quoted_identifier)) {
      if (problem != nullptr) {
        *problem = "has a parameter without a name (parameter " + std::to_string(out.size() + 1) + ")";
      }
      return false;
    }
    parameter.name = expr::identifier_text(tokens[at]);
    if (at + 1 >= i) {
      if (problem != nullptr) {
        *problem = "has parameter " + parameter.name + " without a type";
      }
      return false;
    }
    const size_t from = tokens[at + 1].offset;
    parameter.type = std::string(list.substr(from, tokens[i - 1].end() - from));
    out.push_back(std::move(parameter));
    start = i + 1;
  }
  return true;
}

// RETURNS type: a type name (two words for DOUBLE PRECISION, CHARACTER VARYING, NATIONAL CHAR,
// LONG VARCHAR ...), its (parameters), then UNSIGNED, ZEROFILL, BINARY, CHARSET x, COLLATE y ...
// Returns the type's text, "" when there is none.
std::string read_type(StatementReader& in, std::string_view text)
{
  if (in.done() || in.peek().kind != expr::TokenKind::word) {
    return {};
  }
  const size_t from = in.offset();
  size_t end = in.peek().end();
  const std::string first = expr::ascii_upper(in.next().text);
  const bool two_words = (first == "DOUBLE" && in.at("PRECISION")) ||
                         ((first == "CHARACTER" || first == "CHAR") && in.at("VARYING")) || first == "NATIONAL" ||
                         (first == "LONG" && (in.at("VARCHAR") || in.at("VARBINARY")));
  if (two_words && !in.done()) {
    end = in.next().end();
    if (first == "NATIONAL" && in.at("VARYING")) {
      end = in.next().end();
    }
  }
  std::string inner;
  const size_t open = in.offset();
  if (in.group(inner)) {
    end = open + inner.size() + 2; // ( inner )
  }
  for (;;) {
    if (in.at("UNSIGNED") || in.at("SIGNED") || in.at("ZEROFILL") || in.at("BINARY") || in.at("ASCII") ||
        in.at("UNICODE")) {
      end = in.next().end();
      continue;
    }
    if (in.at("CHARSET") || in.at("COLLATE")) {
      in.next();
    } else if ((in.at("CHARACTER") || in.at("CHAR")) && in.at("SET", 1)) {
      in.next();
      in.next();
    } else {
      break;
    }
    if (in.done()) {
      break;
    }
    end = in.next().end(); // the character set's or collation's name
  }
  return std::string(text.substr(from, end - from));
}

} // namespace

std::optional<RoutineParts> parse_routine(std::string_view definition, std::string* problem)
{
  StatementReader in(definition);
  const std::string wanted = "does not start with CREATE FUNCTION or CREATE PROCEDURE";
  if (!in.keyword("CREATE")) {
    return routine_failure(problem, wanted);
  }
  if (in.keyword("OR") && !in.keyword("REPLACE")) {
    return routine_failure(problem, "has OR without REPLACE");
  }
  if (in.keyword("DEFINER") && in.skip_to({"FUNCTION", "PROCEDURE", "AGGREGATE"}).empty()) {
    return routine_failure(problem, "has no FUNCTION or PROCEDURE after DEFINER"); // DEFINER = user@host, CURRENT_USER[()]
  }
  RoutineParts parts;
  parts.aggregate = in.keyword("AGGREGATE");
  const std::string kind = in.one_of({"FUNCTION", "PROCEDURE"});
  if (kind.empty()) {
    return routine_failure(problem, parts.aggregate ? "has AGGREGATE without FUNCTION after it" : wanted);
  }
  parts.procedure = kind == "PROCEDURE";
  if (parts.aggregate && parts.procedure) {
    return routine_failure(problem, "is an AGGREGATE PROCEDURE (only a function aggregates)");
  }
  if (in.keyword("IF") && !(in.keyword("NOT") && in.keyword("EXISTS"))) {
    return routine_failure(problem, "has IF without NOT EXISTS");
  }
  parts.name = in.name();
  if (parts.name.empty()) {
    return routine_failure(problem, "names no routine after CREATE " + kind);
  }
  parts.name_end = in.offset();
  std::string list;
  if (in.done() || in.peek().kind != expr::TokenKind::open) {
    return routine_failure(problem, "has no parameter list after the name (write () for none)");
  }
  if (!in.group(list)) {
    return routine_failure(problem, "has a parameter list that is not closed");
  }
  if (!parse_parameters(list, parts.parameters, problem)) {
    return std::nullopt;
  }
  if (in.keyword("RETURNS")) {
    if (parts.procedure) {
      return routine_failure(problem, "is a PROCEDURE with a RETURNS clause (only a FUNCTION returns a value)");
    }
    parts.returns = read_type(in, definition);
    if (parts.returns.empty()) {
      return routine_failure(problem, "has no type after RETURNS");
    }
  } else if (!parts.procedure) {
    return routine_failure(problem, "has no RETURNS clause (a FUNCTION returns a value; a PROCEDURE does not)");
  }
  for (;;) {
    if (in.keyword("COMMENT")) {
      if (in.done() || in.peek().kind != expr::TokenKind::string) {
        return routine_failure(problem, "has COMMENT without a string after it");
      }
      parts.comment = string_value(in.next().text);
    } else if (in.keyword("LANGUAGE")) {
      if (!in.keyword("SQL")) {
        return routine_failure(problem, "has LANGUAGE other than SQL");
      }
    } else if (in.at("NOT") && in.at("DETERMINISTIC", 1)) {
      in.next();
      in.next();
      parts.deterministic = false;
    } else if (in.keyword("DETERMINISTIC")) {
      parts.deterministic = true;
    } else if ((in.at("CONTAINS") || in.at("NO")) && in.at("SQL", 1)) {
      parts.data_access = expr::ascii_upper(in.next().text) + " SQL";
      in.next();
    } else if ((in.at("READS") || in.at("MODIFIES")) && in.at("SQL", 1) && in.at("DATA", 2)) {
      parts.data_access = expr::ascii_upper(in.next().text) + " SQL DATA";
      in.next();
      in.next();
    } else if (in.at("SQL") && in.at("SECURITY", 1)) {
      in.next();
      in.next();
      parts.security = in.one_of({"DEFINER", "INVOKER"});
      if (parts.security.empty()) {
        return routine_failure(problem, "has SQL SECURITY without DEFINER or INVOKER");
      }
    } else {
      break;
    }
  }
  parts.body = in.rest();
  if (parts.body.empty()) {
    return routine_failure(problem, "has no body");
  }
  if (parts.aggregate != fetches_group_rows(parts.body)) {
    return routine_failure(problem, parts.aggregate ? "is an AGGREGATE FUNCTION without FETCH GROUP NEXT ROW in its body "
                                           "(MariaDB requires it there)"
                                         : "has FETCH GROUP NEXT ROW in its body, which only an AGGREGATE FUNCTION "
                                           "may hold");
  }
  return parts;
}

bool fetches_group_rows(std::string_view body)
{
  const auto tokens = expr::tokenize(body);
  const auto word = [&](size_t i, const char* upper) {
    return tokens[i].kind == expr::TokenKind::word && expr::ascii_upper(tokens[i].text) == upper;
  };
  for (size_t i = 0; i + 3 < tokens.size(); ++i) {
    if (word(i, "FETCH") && word(i + 1, "GROUP") && word(i + 2, "NEXT") && word(i + 3, "ROW")) {
      return true;
    }
  }
  return false;
}

std::string routine_statement(const RoutineParts& parts)
{
  std::string out = std::string("CREATE ") + (parts.aggregate ? "AGGREGATE " : "") + parts.kind() + " " +
                    quote_identifier(parts.name) + "(";
  for (size_t i = 0; i < parts.parameters.size(); ++i) {
    const auto& p = parts.parameters[i];
    out += (i > 0 ? ", " : "") + (p.mode.empty() || p.mode == "IN" ? std::string() : p.mode + " ") +
           quote_identifier(p.name) + " " + p.type;
  }
  out += ")";
  if (!parts.procedure) {
    out += " RETURNS " + parts.returns;
  }
  if (parts.deterministic) {
    out += "\n    DETERMINISTIC";
  }
  if (parts.data_access != "CONTAINS SQL") {
    out += "\n    " + parts.data_access;
  }
  if (parts.security != "DEFINER") {
    out += "\n    SQL SECURITY " + parts.security;
  }
  if (!parts.comment.empty()) {
    out += "\n    COMMENT " + quote_literal(parts.comment);
  }
  return out + "\n" + parts.body;
}

std::string canonical_routine_type(std::string_view type)
{
  const auto tokens = expr::tokenize(type);
  size_t cut = type.size();
  std::string charset;
  std::string collation;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].kind == expr::TokenKind::open) {
      i = std::min(lex::matching_close(tokens, i), tokens.size() - 1); // ENUM('a', 'b'): its values are no words here
      continue;
    }
    if (tokens[i].kind != expr::TokenKind::word) {
      continue;
    }
    const std::string word = expr::ascii_upper(tokens[i].text);
    const bool set = (word == "CHARACTER" || word == "CHAR") && i + 1 < tokens.size() &&
                     expr::ascii_upper(tokens[i + 1].text) == "SET";
    if (word != "CHARSET" && word != "COLLATE" && !set) {
      continue;
    }
    cut = std::min(cut, tokens[i].offset);
    const size_t value = i + (set ? 2 : 1);
    if (value < tokens.size()) {
      (word == "COLLATE" ? collation : charset) = expr::ascii_lower(expr::identifier_text(tokens[value]));
    }
    i = value;
  }
  std::string out = canonical_type_text(trim_body(type.substr(0, cut)));
  if (!charset.empty() && (collation.empty() || charset_of_collation(collation) != charset)) {
    out += " charset " + charset;
  }
  if (!collation.empty()) {
    out += " collate " + collation;
  }
  return out;
}

std::string catalog_routine_type(const std::string& dtd, const std::string& charset, const std::string& collation,
                                 const std::string& implied_collation, const std::string& database_charset)
{
  const std::string bare = canonical_routine_type(dtd); // MySQL 8 may spell the charset in it
  std::string out = bare.substr(0, std::min(bare.find(" charset "), bare.find(" collate ")));
  if (!charset.empty() && expr::ascii_lower(charset) != expr::ascii_lower(database_charset)) {
    out += " charset " + expr::ascii_lower(charset);
  }
  if (!collation.empty() && expr::ascii_lower(collation) != expr::ascii_lower(implied_collation)) {
    out += " collate " + expr::ascii_lower(collation);
  }
  return out;
}

std::string canonical_routine(std::string_view definition)
{
  auto parts = parse_routine(definition);
  if (!parts) {
    return std::string(definition);
  }
  parts->name = expr::ascii_lower(parts->name);
  for (auto& p : parts->parameters) {
    p.type = canonical_routine_type(p.type);
  }
  if (!parts->procedure) {
    parts->returns = canonical_routine_type(parts->returns);
  }
  parts->body = canonical_body(parts->body);
  return routine_statement(*parts);
}

std::string create_routine_sql(std::string_view definition, const std::string& quoted_name)
{
  const auto parts = parse_routine(definition);
  if (!parts) { // normalize refuses such definitions before any plan
    throw Error(ErrorKind::internal, "routine " + quoted_name + " has a definition that is not CREATE FUNCTION or "
                                     "CREATE PROCEDURE");
  }
  return std::string("CREATE ") + (parts->aggregate ? "AGGREGATE " : "") + parts->kind() + " " + quoted_name +
         trim_body(definition.substr(parts->name_end));
}

void normalize_routines(std::vector<schemas::Function>& functions)
{
  for (auto& function : functions) {
    const std::string where = "function " + function.name + ": ";
    if (!function.schema.empty()) {
      throw Error(ErrorKind::input,
                  where + "`schema` is PostgreSQL's; a MySQL/MariaDB routine lives in the database the URL names",
                  function.location);
    }
    if (!function.comment.empty()) {
      throw Error(ErrorKind::input,
                  where + "`comment` is PostgreSQL's COMMENT ON FUNCTION; a MySQL/MariaDB routine's comment is "
                          "its COMMENT characteristic: write COMMENT '...' in the definition",
                  function.location);
    }
    std::string problem;
    const auto parts = parse_routine(function.definition, &problem);
    if (!parts) {
      throw Error(ErrorKind::input, where + "its definition " + problem, function.location);
    }
    if (expr::ascii_lower(parts->name) != expr::ascii_lower(function.name)) {
      throw Error(ErrorKind::input, where + "its definition creates " + parts->name + ", not " + function.name,
                  function.location);
    }
    function.name = expr::ascii_lower(function.name);
    function.arguments.clear();
    function.kind = parts->procedure ? "procedure" : "";
    function.definition = canonical_routine(function.definition);
  }
  std::stable_sort(functions.begin(), functions.end(), [](const schemas::Function& a, const schemas::Function& b) {
    return std::tie(a.name, a.kind) < std::tie(b.name, b.kind);
  });
  for (size_t i = 1; i < functions.size(); ++i) {
    if (functions[i].same_identity(functions[i - 1])) {
      throw Error(ErrorKind::input,
                  (functions[i].kind.empty() ? "function " : "procedure ") + functions[i].name +
                      " is declared twice (MySQL/MariaDB routines are known by their name, one function and one "
                      "procedure of a name at most)",
                  functions[i].location);
    }
  }
}

} // namespace strata::dialects::mysql
