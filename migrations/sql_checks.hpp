#pragma once
// SCAFFOLD (being written this session): SQL-level checks of migration files.
