// SCAFFOLD (being written this session): SQL-level checks of migration files.
#include "migrations/sql_checks.hpp"
