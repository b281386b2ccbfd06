// SCAFFOLD (being written this session): the lint replay.
#include "cli/lint_run.hpp"
