#include <CLI/CLI.hpp>

int main(int argc, char** argv)
{
  CLI::App app{"strata: declarative schema-diff planner"};
  app.set_version_flag("--version", "strata 0.1.0");
  CLI11_PARSE(app, argc, argv);
  return 0;
}
