#!/usr/bin/env python3
"""Fails when a Catch2 TEST_CASE name holds a ';' or starts with '-'.

catch_discover_tests hands ctest a list, and CMake lists are ';'-separated: such a test becomes
two ctest entries whose names match no test case, so both "pass" and the test never runs. A name
starting with '-' reaches the test executable as an option, not a test name, and fails.
Usage: check_test_names.py TESTS_DIR
"""
import pathlib
import re
import sys

NAME = re.compile(r'TEST_CASE\(\s*"((?:[^"\\]|\\.)*)"')


def main() -> int:
    bad = []
    for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.cpp")):
        for match in NAME.finditer(path.read_text(encoding="utf-8")):
            if ";" in match.group(1) or match.group(1).startswith("-"):
                bad.append(f"{path}: {match.group(1)}")
    if bad:
        print("test names must not contain ';' (ctest would split them and run nothing) nor start with '-'"
              " (the test executable would read them as an option):")
        print("\n".join(bad))
        return 1
    print("test names ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
