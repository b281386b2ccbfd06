#!/usr/bin/env python3
"""Prints the catalog of a SQLite database in a form independent of how it was reached: per table
its columns, keys, indexes (with their WHERE), foreign keys and checks, and per view its query,
each sorted by name. bench/run_peers.sh compares the output for the database strata's plan was
applied to with the one built from the target DDL.
Usage: sqlite_catalog.py DB
"""
import re
import sqlite3
import sys


def checks(sql: str) -> list:
    return sorted(re.findall(r"CONSTRAINT\s+(\S+)\s+CHECK\s*\((.*?)\)\s*(?:,|\n|\)$)", sql or "", re.S))


def main() -> None:
    db = sqlite3.connect(sys.argv[1])
    rows = db.execute("SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' "
                      "ORDER BY type, name").fetchall()
    for kind, name, table, sql in rows:
        if kind == "table":
            print("table", name)
            for column in db.execute(f'PRAGMA table_xinfo("{name}")'):
                print("  column", column[1:])
            for fk in sorted(db.execute(f'PRAGMA foreign_key_list("{name}")'), key=lambda r: (r[2], r[3])):
                print("  foreign key", fk[2:])
            for check in checks(sql):
                print("  check", check[0].strip('"`[]'), " ".join(check[1].split()))
        elif kind == "index":
            where = re.search(r"\bWHERE\b(.*)$", sql or "", re.S | re.I)
            columns = [c[2] for c in db.execute(f'PRAGMA index_info("{name}")')]
            unique = db.execute("SELECT \"unique\" FROM pragma_index_list(?) WHERE name = ?", (table, name)).fetchone()
            print("index", name, "on", table, columns, "unique" if unique and unique[0] else "",
                  " ".join(where.group(1).split()) if where else "")
        else:
            print(kind, name, " ".join((sql or "").split()))


if __name__ == "__main__":
    main()
