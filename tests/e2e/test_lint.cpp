// SCAFFOLD (being written this session): e2e tests of lint on SQLite.
