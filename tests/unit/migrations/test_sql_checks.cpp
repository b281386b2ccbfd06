// SCAFFOLD (being written this session): unit tests of the SQL-level checks.
