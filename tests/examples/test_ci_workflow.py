#!/usr/bin/env python3
"""Issue 16: the GitHub Actions example (examples/ci/strata.yml) works.

Runs the workflow's `strata` steps (those named "strata ...") verbatim with bash, as Actions
runs them (`bash -e`), with the job's env, on a local git repository laid out as a pull request
checkout: a bare origin with the base branch, a clone whose branch adds a migration. The
strata binary under test is first on PATH (the workflow's install step is not run). Checks that
each step passes on a good pull request, that the plan preview lands in the job summary, that
lint saw only the pull request's file, and that verify fails a pull request whose schema.yaml
has no migration.
Usage: test_ci_workflow.py STRATA_BINARY SOURCE_DIR
"""
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

import yaml

ADDED_COLUMN = "      - { name: nickname, type: text }\n"


def run(args, cwd, env, check=True):
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise SystemExit(f"FAILED: {args} exited {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result


def add_column(schema: pathlib.Path) -> None:
    """Adds a nullable column to the first table of the example schema."""
    text = schema.read_text()
    marker = "    columns:\n"
    at = text.index(marker) + len(marker)
    schema.write_text(text[:at] + ADDED_COLUMN + text[at:])


def main() -> int:
    strata = pathlib.Path(sys.argv[1]).resolve()
    source = pathlib.Path(sys.argv[2]).resolve()
    workflow = yaml.safe_load((source / "examples/ci/strata.yml").read_text())
    job = workflow["jobs"]["strata"]
    steps = [step for step in job["steps"] if str(step.get("name", "")).startswith("strata ")]
    assert [s["name"] for s in steps] == ["strata verify", "strata lint", "strata plan"], steps

    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        bin_dir = tmp / "bin"
        bin_dir.mkdir()
        (bin_dir / "strata").symlink_to(strata)
        env = {k: v for k, v in os.environ.items() if not k.startswith("STRATA_") and not k.startswith("GIT_")}
        env.update({"HOME": str(tmp / "home"), "PATH": f"{bin_dir}:{env.get('PATH', '/usr/bin:/bin')}",
                    "NO_COLOR": "1", "GIT_AUTHOR_NAME": "ci", "GIT_AUTHOR_EMAIL": "ci@example.invalid",
                    "GIT_COMMITTER_NAME": "ci", "GIT_COMMITTER_EMAIL": "ci@example.invalid"})
        (tmp / "home").mkdir()

        # The base branch on origin: the example project with its migration.
        origin = tmp / "origin.git"
        run(["git", "init", "-q", "--bare", "-b", "main", str(origin)], tmp, env)
        work = tmp / "work"
        run(["git", "clone", "-q", str(origin), str(work)], tmp, env)
        shutil.copy(source / "examples/schema.yaml", work / "schema.yaml")
        shutil.copytree(source / "examples/migrations", work / "migrations")
        run(["git", "add", "-A"], work, env)
        run(["git", "commit", "-q", "-m", "base"], work, env)
        run(["git", "push", "-q", "origin", "HEAD:main"], work, env)
        run(["git", "fetch", "-q", "origin"], work, env)

        # The pull request: a new column and the migration strata plans for it.
        run(["git", "checkout", "-q", "-b", "feature"], work, env)
        add_column(work / "schema.yaml")
        run(["strata", "plan", "--from", "migrations", "--dev-db", "sqlite::memory:", "--name", "nickname"], work, env,
            check=False)
        run(["git", "add", "-A"], work, env)
        run(["git", "commit", "-q", "-m", "nickname"], work, env)

        summary = tmp / "summary.md"
        summary.write_text("")
        step_env = dict(env)
        step_env.update({k: str(v) for k, v in job.get("env", {}).items() if "${{" not in str(v)})
        step_env.update({"GITHUB_BASE_REF": "main", "GITHUB_WORKSPACE": str(work),
                         "GITHUB_STEP_SUMMARY": str(summary)})
        outputs = {}
        for step in steps:
            result = run(["bash", "-e", "-c", step["run"]], work, step_env, check=False)
            print(f"--- {step['name']}: exit {result.returncode}\n{result.stdout}{result.stderr}")
            if result.returncode != 0:
                raise SystemExit(f"FAILED: step {step['name']!r} exited {result.returncode}")
            outputs[step["name"]] = result.stdout
        assert outputs["strata verify"].startswith("verify: 2 migrations replayed"), outputs["strata verify"]
        assert "::notice title=strata lint::1 file, 0 findings" in outputs["strata lint"], outputs["strata lint"]
        text = summary.read_text()
        assert text.startswith("## strata plan "), text
        assert "**No changes**" in text, text

        # A pull request whose schema.yaml changes without a migration fails at verify, and the
        # plan preview shows the missing step.
        schema = work / "schema.yaml"
        schema.write_text(schema.read_text().replace(ADDED_COLUMN, ADDED_COLUMN + "      - { name: motto, type: text }\n"))
        failed = run(["bash", "-e", "-c", steps[0]["run"]], work, step_env, check=False)
        assert failed.returncode == 1, failed
        assert "::error" in failed.stdout and "missing-migration" in failed.stdout, failed.stdout
        summary.write_text("")
        preview = run(["bash", "-e", "-c", steps[2]["run"]], work, step_env, check=False)
        assert preview.returncode == 0, preview
        assert "add column" in summary.read_text() and "motto" in summary.read_text(), summary.read_text()
    print("ci example ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
