// SCAFFOLD (being written this session): e2e tests of verify on MySQL/MariaDB.
