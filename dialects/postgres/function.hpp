#pragma once
// PostgreSQL functions, procedures and aggregates: the parts of a CREATE [OR REPLACE]
// FUNCTION|PROCEDURE|AGGREGATE statement strata needs (its name, kind, argument list and result) and the normal form it
// compares. The server's own form is pg_get_functiondef(); a declared definition reaches it
// through canonicalize.cpp (created as a temporary function and read back), so only what
// names and places the function is handled here.

#include "schemas/model.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace strata::dialects::postgres {

struct FunctionHeader {
  bool procedure = false;
  bool aggregate = false;  // CREATE AGGREGATE name (arguments) (SFUNC = ..., STYPE = ..., ...)
  std::string schema;      // unquoted; empty when the name is not qualified
  std::string name;        // unquoted (a bare name folded to lower case)
  size_t name_begin = 0;   // the (qualified) name's text in the definition
  size_t name_end = 0;
  std::string arguments;   // the text between the argument list's parentheses
  std::string result;      // what follows RETURNS (a function), in expr::canonical form; empty for a procedure;
                           // an aggregate's STYPE and FINALFUNC (what its result type comes from)

  // "FUNCTION", "PROCEDURE" or "AGGREGATE" (the word after CREATE [OR REPLACE] and DROP).
  const char* kind() const { return aggregate ? "AGGREGATE" : procedure ? "PROCEDURE" : "FUNCTION"; }
};

// The header of `definition`, or nullopt with `problem` saying what is missing when the text is
// not one CREATE [OR REPLACE] FUNCTION|PROCEDURE|AGGREGATE statement.
std::optional<FunctionHeader> parse_function(std::string_view definition, std::string* problem = nullptr);

// The types of the input arguments of an argument list (IN, INOUT and VARIADIC ones; an
// ordered-set aggregate's direct and aggregated ones, either side of ORDER BY), as format_type()
// prints them without modifiers, joined by ", ": what oidvectortypes(proargtypes) reads in the
// catalog and what tells overloads apart.
std::string argument_types(std::string_view arguments);

// `definition` as strata compares and renders it: CREATE OR REPLACE FUNCTION|PROCEDURE|AGGREGATE, the name
// written `name` (quoted, qualified or not), no trailing ';' or blank. Text that is not a
// function definition is returned trimmed.
std::string function_statement(std::string_view definition, const std::string& name);

// The normal form of a function (normalize): function_statement() under its model name and the
// argument types derived when not set.
void normalize_function(schemas::Function& function);

// Rendering::replaces_function: CREATE OR REPLACE keeps a function's kind, argument list (names,
// types, defaults) and result; anything else is dropped and created.
bool replaces_function(const schemas::Function& before, const schemas::Function& after);

// The SQL expression of the definition of the function, procedure or aggregate whose pg_proc row
// is aliased `p`: pg_get_functiondef, or for an aggregate (PostgreSQL has no pg_get_aggregatedef)
// a CREATE OR REPLACE AGGREGATE text built from pg_aggregate, its options in a fixed order,
// defaults left out. The reader and the canonical probe both read definitions through it.
std::string function_definition_sql();

} // namespace strata::dialects::postgres
