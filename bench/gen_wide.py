#!/usr/bin/env python3
"""Writes a strata schema YAML to stdout for the planning benchmark (bench/run_plan.sh).

  gen_wide.py columns N   one table `wide` with N columns (plus its key) and an index every
                          1,000 columns
  gen_wide.py tables N    N tables of 8 columns each, a primary key, a unique index, an index and a
                          foreign key to the previous table (the shape of gen_schema.py)
"""
import sys


def wide(n: int) -> None:
    print("version: 1\ntables:\n  - name: wide\n    columns:")
    print("      - { name: id, type: integer, nullable: false }")
    for i in range(n):
        kind = ("integer", "text", "real")[i % 3]
        print(f"      - {{ name: c{i:06d}, type: {kind} }}")
    print("    primary_key: [id]\n    indexes:")
    for i in range(0, n, 1000):
        print(f"      - {{ name: wide_c{i:06d}_idx, columns: [c{i:06d}] }}")


def tables(n: int) -> None:
    print("version: 1\ntables:")
    for i in range(n):
        t = f"t{i:05d}"
        print(f"""  - name: {t}
    columns:
      - {{ name: id, type: integer, nullable: false }}
      - {{ name: parent_id, type: integer }}
      - {{ name: code, type: varchar(40), nullable: false }}
      - {{ name: name, type: text, nullable: false, default: "''" }}
      - {{ name: amount, type: "numeric(12,2)", nullable: false, default: "0" }}
      - {{ name: active, type: boolean, nullable: false, default: "1" }}
      - {{ name: created_at, type: timestamp, nullable: false, default: CURRENT_TIMESTAMP }}
      - {{ name: deleted_at, type: timestamp }}
    primary_key: [id]
    indexes:
      - {{ name: {t}_code_uq, columns: [code], unique: true }}
      - {{ name: {t}_live_idx, columns: [created_at], where: "deleted_at IS NULL" }}
    checks:
      - {{ name: {t}_amount_check, expression: "amount >= 0" }}""")
        if i:
            print(f"""    foreign_keys:
      - name: {t}_parent_fk
        columns: [parent_id]
        references: {{ table: t{i - 1:05d}, columns: [id] }}
        on_delete: set null""")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("columns", "tables"):
        sys.exit(__doc__)
    (wide if sys.argv[1] == "columns" else tables)(int(sys.argv[2]))
