"""Galaxy's own upload check on the collection tarball, offline: `make galaxy-importer`.

galaxy.ansible.com and Automation Hub run galaxy-importer on every uploaded tarball: it validates galaxy.yml and
MANIFEST.json, loads every plugin's documentation with ansible-doc and runs ansible-lint (production profile) over
the collection. This script builds the tarball as `make build` does, into a temporary directory, and runs the
importer on it with .ci/galaxy-importer.cfg. Run it with the importer venv's Python (the Makefile does):

    .venv-galaxy-importer/bin/python scripts/galaxy_importer.py

It fails unless the import succeeds with no WARNING or ERROR line (ansible-lint's findings and ansible-doc's
failures are reported as warnings, and an upload shows them to everyone) and every module's documentation loaded.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
CONFIG = REPO_ROOT / ".ci" / "galaxy-importer.cfg"
SUCCESS = "Importer processing completed successfully"
# How galaxy-importer's logger prefixes anything above INFO (galaxy_importer/main.py, CustomFormatter).
PROBLEM_PREFIXES = ("WARNING:", "ERROR:", "CRITICAL:")


def _env(ansible_home: Path) -> dict[str, str]:
    env = dict(os.environ)
    # Nothing from the caller's shell or the checkout's ansible.cfg may change what the importer sees.
    for name in ("ANSIBLE_CONFIG", "ANSIBLE_COLLECTIONS_PATH", "ANSIBLE_COLLECTIONS_PATHS", "ANSIBLE_ROLES_PATH"):
        env.pop(name, None)
    # The importer looks ansible-doc and ansible-lint up on PATH: this venv's, at the versions it pins.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["GALAXY_IMPORTER_CONFIG"] = str(CONFIG)
    # A stale aurora.mysql in the shared ~/.ansible must not stand in for the tarball's.
    env["ANSIBLE_HOME"] = str(ansible_home)
    return env


def main() -> int:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="galaxy-importer-") as tmp:
        work = Path(tmp)
        env = _env(work / "ansible-home")
        ansible_galaxy = str(Path(sys.executable).parent / "ansible-galaxy")
        build = subprocess.run(
            [ansible_galaxy, "collection", "build", "--output-path", str(work), str(REPO_ROOT)],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if build.returncode != 0:
            print(build.stdout + build.stderr, file=sys.stderr)
            return 1
        (tarball,) = work.glob("*.tar.gz")

        # It writes importer_result.json into its working directory, hence cwd.
        imported = subprocess.run(
            [sys.executable, "-m", "galaxy_importer.main", tarball.name],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        lines = (imported.stdout + imported.stderr).splitlines()
        # One "Loading <type> <name>" line per plugin is progress, not findings.
        print("\n".join(line for line in lines if not line.startswith("Loading ")))

        problems = [line for line in lines if line.startswith(PROBLEM_PREFIXES)]
        result_file = work / "importer_result.json"
        result = json.loads(result_file.read_text()) if result_file.is_file() else {}

    modules = sorted(path.stem for path in (REPO_ROOT / "plugins" / "modules").glob("*.py") if path.stem != "__init__")
    documented = sorted(
        item["content_name"]
        for item in result.get("docs_blob", {}).get("contents", [])
        if item["content_type"] == "module" and item.get("doc_strings")
    )
    verdicts = [
        (imported.returncode == 0, f"galaxy-importer exited {imported.returncode}"),
        (SUCCESS in lines, f"no '{SUCCESS}' line"),
        (not problems, f"{len(problems)} warning/error line(s)"),
        (documented == modules, f"ansible-doc loaded {documented}, the modules are {modules}"),
    ]
    failures = [message for ok, message in verdicts if not ok]
    elapsed = time.monotonic() - started
    if failures:
        print(f"galaxy-importer: {tarball.name} would be refused or flagged: {'; '.join(failures)}", file=sys.stderr)
        return 1
    print(
        f"galaxy-importer: {tarball.name} imports cleanly ({len(modules)} modules documented, "
        f"ansible-lint clean) in {elapsed:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
