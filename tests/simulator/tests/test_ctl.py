"""``python -m tests.simulator.ctl``: start a detached simulator, steer it, stop it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import boto3
import pytest

from tests.conftest import REPO_ROOT, _free_port
from tests.simulator.client import SimClient

# These start and stop simulator processes of their own rather than use the session's.
pytestmark = pytest.mark.simulator


def ctl(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tests.simulator.ctl", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=90,
    )


@pytest.fixture
def port(tmp_path):
    chosen = _free_port()
    yield chosen
    ctl("stop", "--port", str(chosen), "--pidfile", str(tmp_path / "sim.pid"))  # never leave one running


def test_start_steer_and_stop(port, tmp_path):
    pidfile, logfile = tmp_path / "sim.pid", tmp_path / "sim.log"
    where = ["--port", str(port)]
    started = ctl("start", *where, "--scale", "0.5", "--pidfile", str(pidfile), "--logfile", str(logfile))
    assert started.returncode == 0, started.stderr
    pid = int(pidfile.read_text())
    client = SimClient(f"http://127.0.0.1:{port}")
    assert client.health() == {"ok": True, "scale": 0.5}

    again = ctl("start", *where, "--pidfile", str(pidfile), "--logfile", str(logfile))
    assert (again.returncode, int(pidfile.read_text())) == (0, pid)
    assert "already running" in again.stdout

    assert json.loads(ctl("config", *where, "--scale", "0").stdout) == {"scale": 0.0}
    faults = json.loads(ctl("faults", *where, "--throttle-rate", "1", "--actions", "DescribeDBClusters").stdout)
    assert faults["config"]["actions"] == ["DescribeDBClusters"]
    assert json.loads(ctl("faults", *where, "--clear").stdout)["active"] is False

    client.reset_counts()
    boto3.client(
        "rds",
        endpoint_url=f"http://127.0.0.1:{port}",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    ).describe_db_clusters()
    assert json.loads(ctl("counts", *where).stdout) == {"DescribeDBClusters": 1}
    assert ctl("reset-counts", *where).returncode == 0
    assert json.loads(ctl("counts", *where).stdout) == {}

    stopped = ctl("stop", *where, "--pidfile", str(pidfile))
    assert stopped.returncode == 0, stopped.stderr
    assert not pidfile.exists()
    assert not client.is_healthy()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_stop_without_a_simulator_is_a_no_op(port, tmp_path):
    result = ctl("stop", "--port", str(port), "--pidfile", str(tmp_path / "none.pid"))
    assert result.returncode == 0
    assert "no simulator running" in result.stdout
