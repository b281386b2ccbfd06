// SCAFFOLD (being written this session): e2e tests of drift on PostgreSQL.
