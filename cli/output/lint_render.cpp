// SCAFFOLD (being written this session): lint output formats.
#include "cli/output/render.hpp"
