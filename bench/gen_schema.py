#!/usr/bin/env python3
"""Writes a synthetic but realistic SQLite schema of N tables to stdout (DDL).

Each table has 8 columns of mixed types, a primary key, a foreign key to the previous table,
a unique index, a partial index and a check: the shapes introspection has to handle.
Usage: gen_schema.py N [--rows R]
"""
import argparse


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("tables", type=int)
    parser.add_argument("--rows", type=int, default=0, help="rows inserted per table")
    args = parser.parse_args()
    print("BEGIN;")
    for i in range(args.tables):
        t = f"t{i:05d}"
        fk = f",\n  CONSTRAINT {t}_parent_fk FOREIGN KEY (parent_id) REFERENCES t{i - 1:05d}(id) ON DELETE SET NULL" if i else ""
        print(f"""CREATE TABLE {t} (
  id integer PRIMARY KEY AUTOINCREMENT,
  parent_id integer,
  code varchar(40) NOT NULL,
  name text NOT NULL DEFAULT '',
  amount numeric(12,2) NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT 1,
  created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  deleted_at timestamp,
  CONSTRAINT {t}_amount_check CHECK (amount >= 0){fk}
);""")
        print(f"CREATE UNIQUE INDEX {t}_code_uq ON {t} (code);")
        print(f"CREATE INDEX {t}_live_idx ON {t} (created_at) WHERE deleted_at IS NULL;")
        for r in range(args.rows):
            print(f"INSERT INTO {t} (code, name) VALUES ('c{r}', 'row {r}');")
    print("COMMIT;")


if __name__ == "__main__":
    main()
