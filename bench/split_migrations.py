#!/usr/bin/env python3
"""Cuts the SQL of bench/gen_schema.py (read from stdin) into a migration folder of N files, in
order: each file creates its share of the tables (with their indexes) and views, and its down file
drops them again. For bench/run_review.sh's folder of many files over one schema.

Usage: python3 bench/gen_schema.py 1000 --mixed | python3 bench/split_migrations.py DIR N
"""
import os
import re
import sys


def units(sql):
    """Statements grouped by the object they belong to: a table with its indexes, or a view."""
    out = []
    for statement in (s.strip() for s in sql.split(";\n")):
        statement = statement.rstrip(";").strip()
        if not statement or statement in ("BEGIN", "COMMIT"):
            continue
        table = re.match(r"CREATE TABLE (\S+)", statement)
        view = re.match(r"CREATE VIEW (\S+)", statement)
        if table or view:
            out.append({"kind": "TABLE" if table else "VIEW", "name": (table or view).group(1), "sql": [statement]})
        elif re.match(r"CREATE (UNIQUE )?INDEX", statement) and out:
            out[-1]["sql"].append(statement)
        else:
            raise SystemExit(f"split_migrations.py: unexpected statement: {statement[:80]}")
    return out


def main():
    folder, count = sys.argv[1], int(sys.argv[2])
    objects = units(sys.stdin.read())
    os.makedirs(folder, exist_ok=True)
    per_file = -(-len(objects) // count)
    for number in range(count):
        part = objects[number * per_file:(number + 1) * per_file]
        if not part:
            break
        stem = os.path.join(folder, f"{number + 1:04d}_part")
        with open(stem + ".up.sql", "w") as up:
            up.write("".join(statement + ";\n" for unit in part for statement in unit["sql"]))
        with open(stem + ".down.sql", "w") as down:
            down.write("".join(f"DROP {unit['kind']} {unit['name']};\n" for unit in reversed(part)))


if __name__ == "__main__":
    main()
