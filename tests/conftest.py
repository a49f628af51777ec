"""Shared pytest fixtures: the collection on sys.path and a simulator for the test session.

``sim`` starts ``python -m tests.simulator`` on a free port (scale 0) once per session. Every test that uses
it starts from a fresh simulator: no resources, no counts, no faults, scale 0.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
COLLECTIONS = REPO_ROOT / "collections"
for path in (str(COLLECTIONS), str(REPO_ROOT)):
    if path not in sys.path:
        sys.path.insert(0, path)

from tests.simulator.client import SimClient  # noqa: E402 - needs the repository root on sys.path first

REGION = "us-east-1"


@dataclass
class Simulator:
    endpoint: str
    client: SimClient
    env: dict[str, str] = field(default_factory=dict)
    log_path: str = ""  # the server's output, for reading when a test fails

    _clients: dict = field(default_factory=dict, repr=False)
    _session: object = field(default=None, repr=False)

    def boto3(self, service: str, **config: object):
        """A boto3 client for the simulator; ``config`` goes to botocore's Config (retries=..., etc.).

        Clients are cached per service and config: building one costs far more than a simulator call.
        """
        key = (service, repr(sorted(config.items())))
        if key not in self._clients:
            import boto3
            from botocore.config import Config

            if self._session is None:
                self._session = boto3.session.Session()
            self._clients[key] = self._session.client(
                service,
                endpoint_url=self.endpoint,
                region_name=REGION,
                aws_access_key_id="testing",
                aws_secret_access_key="testing",
                config=Config(**config) if config else None,
            )
        return self._clients[key]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def sim():
    port = _free_port()
    endpoint = f"http://127.0.0.1:{port}"
    log_path = Path(tempfile.gettempdir()) / f"aurora-sim-pytest-{port}.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.simulator", "--port", str(port), "--scale", "0"],
            cwd=REPO_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            yield _started(process, endpoint, log_path)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    log_path.unlink(missing_ok=True)


def _started(process: subprocess.Popen, endpoint: str, log_path: Path) -> Simulator:
    client = SimClient(endpoint)
    deadline = time.monotonic() + 60
    while not client.is_healthy():
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"simulator did not start; log: {log_path.read_text()[-2000:]}")
        time.sleep(0.1)
    env = {
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_REGION": REGION,
        "AWS_DEFAULT_REGION": REGION,
    }
    return Simulator(endpoint, client, env, str(log_path))


@pytest.fixture(autouse=True)
def _fresh_simulator(request):
    """Tests that use ``sim`` never see what an earlier test left behind."""
    if "sim" in request.fixturenames:
        simulator = request.getfixturevalue("sim")
        simulator.client.reset()
        simulator.client.set_scale(0)
    yield
