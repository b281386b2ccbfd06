#pragma once
// MySQL/MariaDB stored functions and procedures (`functions:` on MySQL): the parts of a
// CREATE [DEFINER = ...] FUNCTION|PROCEDURE statement and the form strata compares. The server
// keeps a routine as its parts (information_schema ROUTINES and PARAMETERS: parameter types in
// its own spelling, characteristics as flags, the body as written), so a definition is compared
// as the statement those parts make: parameter and result types in canonical_type_text spelling,
// the characteristics that differ from the defaults (NOT DETERMINISTIC, CONTAINS SQL, SQL
// SECURITY DEFINER) in a fixed order, the body in canonical_body form. DEFINER, OR REPLACE,
// IF NOT EXISTS, LANGUAGE SQL and a database qualifier are not part of it.
//
// A routine is known by its kind and name (MySQL has no overloads, and a function and a procedure
// may share a name; names are case-insensitive): the model's `arguments` stays empty, its `kind`
// is "procedure" for a procedure, and the name is compared lower case. A MariaDB aggregate function
// is a function (DROP FUNCTION drops it) whose statement says CREATE AGGREGATE FUNCTION.

#include "schemas/model.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::dialects::mysql {

struct RoutineParameter {
  std::string mode; // IN, OUT or INOUT as written (upper case); empty when not written (IN)
  std::string name; // unquoted
  std::string type; // as written
};

struct RoutineParts {
  bool procedure = false;
  bool aggregate = false; // a MariaDB CREATE AGGREGATE FUNCTION (its body has FETCH GROUP NEXT ROW)
  std::string name; // unquoted, without a database qualifier
  std::vector<RoutineParameter> parameters;
  std::string returns;     // a function's result type as written; empty for a procedure
  bool deterministic = false;
  std::string data_access = "CONTAINS SQL"; // or NO SQL, READS SQL DATA, MODIFIES SQL DATA
  std::string security = "DEFINER";         // SQL SECURITY: DEFINER or INVOKER
  std::string comment;                      // the COMMENT's text; empty when none
  std::string body;                         // the rest, trimmed, without a final ';'
  size_t name_end = 0;                      // where the (qualified) name ends in the definition

  const char* kind() const { return procedure ? "PROCEDURE" : "FUNCTION"; }
};

// The parts of `definition`, or nullopt with `problem` saying what is wrong when the text is not
// one CREATE [AGGREGATE] FUNCTION or CREATE PROCEDURE statement.
std::optional<RoutineParts> parse_routine(std::string_view definition, std::string* problem = nullptr);

// Whether a routine body holds FETCH GROUP NEXT ROW, which MariaDB takes in an aggregate function
// only and requires there: the catalog's ROUTINES says FUNCTION for both kinds, so the reader
// tells an aggregate by its body.
bool fetches_group_rows(std::string_view body);

// CREATE [AGGREGATE] FUNCTION|PROCEDURE `name`(params) [RETURNS type] [characteristics] body: the statement
// the parts make, as inspect writes it and as it is compared (characteristics one a line, only
// those that differ from the defaults).
std::string routine_statement(const RoutineParts& parts);

// A parameter's or result's type in the form compared: canonical_type_text spelling, then
// `charset x` (left out when a `collate` names its collation) and `collate y`, lower case.
std::string canonical_routine_type(std::string_view type);

// A type as the reader builds it from the catalog: DTD_IDENTIFIER without any character set it
// holds, then `charset x` when not the database's and `collate y` when not `implied_collation`,
// the one a string type without COLLATE gets (the database's when the character set is the
// database's, else the character set's default).
std::string catalog_routine_type(const std::string& dtd, const std::string& charset, const std::string& collation,
                                 const std::string& implied_collation, const std::string& database_charset);

// The definition in the form strata compares (see above). Text that does not parse is returned
// as is (normalize reports it).
std::string canonical_routine(std::string_view definition);

// The statement that creates the routine `definition` defines, under `quoted_name`: CREATE
// FUNCTION|PROCEDURE, the name, then the definition's text after its name as written (no DEFINER,
// OR REPLACE or IF NOT EXISTS: the applying user becomes the definer).
std::string create_routine_sql(std::string_view definition, const std::string& quoted_name);

// The normal form of the routines of a schema (normalize): each definition parsed, named as its
// entry and compared in canonical_routine form, sorted by name. A definition that does not parse,
// names another routine, or an entry with a `schema`, or two routines of one name, is an error at
// the entry's line.
void normalize_routines(std::vector<schemas::Function>& functions);

} // namespace strata::dialects::mysql
