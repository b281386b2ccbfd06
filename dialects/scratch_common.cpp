#include "dialects/scratch_common.hpp"

#include "dialects/quoting.hpp"
#include "dialects/sql_tokenizer.hpp"

namespace strata::dialects {

DbUrl with_database(const DbUrl& server, const std::string& name)
{
  DbUrl url = server;
  url.database = name;
  url.original.clear(); // never used to connect; redacted() is built from the fields
  url.read_only = false; // strata fills the scratch database
  return url;
}

std::vector<std::string> object_names(const ResultSet& rows)
{
  std::vector<std::string> out;
  for (const auto& row : rows.rows) {
    out.push_back(row.at(0).value_or("") + " " + row.at(1).value_or(""));
  }
  return out;
}

void drop_objects(Connection& connection, const ResultSet& objects, char quote, const std::string& checks_off,
                  const std::string& checks_on)
{
  connection.execute(checks_off);
  for (const auto& row : objects.rows) {
    connection.execute("DROP " + lex::ascii_upper(row.at(0).value_or("")) + " IF EXISTS " +
                       quote_doubling(row.at(1).value_or(""), quote));
  }
  connection.execute(checks_on);
}

} // namespace strata::dialects
