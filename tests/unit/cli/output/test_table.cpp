#include "cli/output/table.hpp"

#include <catch2/catch.hpp>

using namespace strata::cli;

TEST_CASE("tables pad columns to the widest cell and trim the last")
{
  const auto text = render_table({"version", "name", "status"},
                                 {{"1", "001_init.up.sql", "applied"}, {"20261121193000", "x.up.sql", "dirty"}});
  CHECK(text == "version         name             status\n"
                "1               001_init.up.sql  applied\n"
                "20261121193000  x.up.sql         dirty\n");
}

TEST_CASE("tables measure UTF-8 by characters and render nothing without rows")
{
  CHECK(render_table({"a", "b"}, {}).empty());
  CHECK(render_table({"name", "n"}, {{"café", "1"}}) == "name  n\ncafé  1\n");
}
