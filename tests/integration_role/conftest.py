"""One simulator for the role's end-to-end tests, with the guide's prerequisites already made in it.

The tests here run the role the ways users do (ansible-runner as AWX does, an installed collection by FQCN), so
each gets a real `ansible-playbook` process pointed at this simulator through the environment. Each test names
its cluster after itself (aurora_mysql_name), so they can share the simulator without colliding.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = str(Path(sys.executable).parent)
# A test's whole cluster waits for AWS-like transitions this long (x the simulator's scale): short, but not instant,
# so the waits the role makes are really exercised.
SCALE = "0.002"
DEMO_PASSWORD = "test-only-Passw0rd"


@dataclass
class RoleSim:
    port: int
    env: dict[str, str]
    prereqs: dict = field(default_factory=dict)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def extra_vars(self, name: str) -> dict:
        """The guide's variables for a cluster named after `name`, as a user would pass them."""
        return dict(
            self.prereqs,
            aurora_mysql_name=name,
            aurora_mysql_master_user_password=DEMO_PASSWORD,
            aurora_mysql_wait_timeout=300,
        )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _ctl(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "tests.simulator.ctl", *args], cwd=REPO_ROOT, check=True)


@pytest.fixture(scope="session")
def role_sim(tmp_path_factory) -> Iterator[RoleSim]:
    out = tmp_path_factory.mktemp("role_sim")
    port = _free_port()
    env = dict(
        os.environ,
        AWS_ENDPOINT_URL=f"http://127.0.0.1:{port}",
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_REGION="us-east-1",
        # ansible-playbook and ansible-galaxy of this venv, whoever started pytest.
        PATH=os.pathsep.join([VENV_BIN, os.environ.get("PATH", "")]),
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_FORCE_COLOR="0",
    )
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "ANSIBLE_CONFIG"):
        env.pop(name, None)
    pidfile, logfile = out / "sim.pid", out / "sim.log"
    _ctl("start", "--port", str(port), "--scale", SCALE, "--pidfile", str(pidfile), "--logfile", str(logfile))
    try:
        prereqs_file = out / "prereqs.json"
        subprocess.run(
            [sys.executable, "scripts/demo_prereqs.py", "--output", str(prereqs_file)],
            cwd=REPO_ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        yield RoleSim(port=port, env=env, prereqs=json.loads(prereqs_file.read_text()))
    finally:
        _ctl("stop", "--port", str(port), "--pidfile", str(pidfile))
