"""README's settings for pointing an AWS client at the simulator work for plain boto3, exactly as written."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
README_PORT = "5055"
PROBE = """
import boto3
session = boto3.session.Session()
session.client("rds").describe_db_clusters()
print(session.region_name, len(session.client("ec2").describe_vpcs()["Vpcs"]) > 0)
"""


def _readme_settings() -> dict[str, str]:
    """The variables of README's `export` lines in the section on the simulator."""
    section = (REPO_ROOT / "README.md").read_text().split("### The simulator", 1)[1]
    (block,) = re.findall(r"```bash\n(.*?)```", section.split("\n## ", 1)[0], flags=re.DOTALL)
    settings = {}
    for line in block.splitlines():
        words = shlex.split(line, comments=True)
        assert words[0] == "export", line
        settings.update(word.split("=", 1) for word in words[1:])
    return settings


def test_plain_boto3_reaches_the_simulator_with_exactly_the_readme_settings(role_sim):
    settings = _readme_settings()
    assert settings["AWS_ENDPOINT_URL"] == f"http://127.0.0.1:{README_PORT}"
    settings["AWS_ENDPOINT_URL"] = role_sim.endpoint
    # Nothing else from this machine: no AWS config files, profiles or region of the shell running pytest.
    env = dict(settings, PATH=os.environ["PATH"], HOME=os.devnull)

    probe = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=False)

    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.split() == ["us-east-1", "True"]
