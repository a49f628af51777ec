"""execution-environment.yml makes a build context with ansible-builder (building the image needs a container
runtime, which CI does not have)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_ansible_builder_create_makes_a_build_context(tmp_path):
    builder = shutil.which("ansible-builder", path=str(Path(sys.executable).parent))
    context = tmp_path / "context"
    created = subprocess.run(
        [
            builder,
            "create",
            "-f",
            "execution-environment.yml",
            "-c",
            str(context),
            "--output-filename",
            "Containerfile",
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert created.returncode == 0, created.stdout + created.stderr
    containerfile = (context / "Containerfile").read_text()
    # The modules' Python needs and the system packages travel into the image unchanged.
    assert (context / "_build" / "requirements.txt").read_text() == (REPO_ROOT / "requirements.txt").read_text()
    assert (context / "_build" / "bindep.txt").read_text() == (REPO_ROOT / "bindep.txt").read_text()
    assert "COPY _build/requirements.txt requirements.txt" in containerfile
    assert "COPY _build/bindep.txt bindep.txt" in containerfile
    # The interpreter and ansible versions `make test` runs.
    assert 'ARG PYCMD="/usr/bin/python3.11"' in containerfile
    assert "ansible-core==2.19.14" in containerfile
    assert "ansible-runner==2.4.3" in containerfile
