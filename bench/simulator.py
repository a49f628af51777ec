"""A simulator of the benchmark's own: started on a free port, reset between measurements, always stopped."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import boto3

from tests.evidence.aws_state import REGION, load_demo_prereqs
from tests.simulator.client import SimClient

REPO_ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class BenchSimulator:
    def __init__(self, output_dir: Path) -> None:
        self.port = _free_port()
        self.output_dir = output_dir
        self.pidfile = output_dir / "simulator.pid"
        self.logfile = output_dir / "simulator.log"
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.client = SimClient(self.endpoint, timeout=60)
        self.env = {
            "AWS_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_REGION": REGION,
            "AWS_DEFAULT_REGION": REGION,
        }

    def _ctl(self, *args: str) -> None:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "tests.simulator.ctl",
                *args,
                "--port",
                str(self.port),
                "--pidfile",
                str(self.pidfile),
            ],
            cwd=REPO_ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def __enter__(self) -> BenchSimulator:
        self.output_dir.mkdir(parents=True, exist_ok=True)
        self._ctl("start", "--logfile", str(self.logfile))
        return self

    def __exit__(self, *exc: object) -> None:
        self._ctl("stop")

    def fresh(self, scale: float) -> dict:
        """Forget every resource, set the time scale, make the guide's prerequisites; returns their role vars."""
        self.client.reset()
        self.client.set_scale(scale)
        saved = {name: os.environ.get(name) for name in self.env}
        os.environ.update(self.env)
        try:
            made = load_demo_prereqs().create_prerequisites(boto3.session.Session(region_name=REGION), "myapp")
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
        self.client.reset_counts()
        return made
