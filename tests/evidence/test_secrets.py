"""The master password appears nowhere: not in output at -vvvv, not in --diff or --check output, not in any
returned value, not in Ansible's log file, the module temp files or the simulator's logs.

The runs cover every path the password takes: a check run that would create the cluster, the real create
(CreateDBCluster carries it), and update_password=always in check mode and for real (ModifyDBCluster carries it).
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.evidence.ansible_run import SITE
from tests.evidence.guide import PASSWORD

# What aurora_cluster's diff shows instead of a password it is about to send.
PASSWORD_MARKER = "(hidden; a new value is sent)"


def files_under(directory: Path) -> list[Path]:
    return sorted(path for path in directory.rglob("*") if path.is_file()) if directory.exists() else []


def leaks(text: str) -> bool:
    return PASSWORD in text


def test_password_never_shown(sim, guide_vars, playbook, tmp_path):
    ansible_log = tmp_path / "ansible.log"
    env = {"ANSIBLE_LOG_PATH": str(ansible_log)}
    always = dict(guide_vars, aurora_mysql_update_password="always")
    steps = [
        ("check-create", guide_vars, ("--check", "--diff")),
        ("create", guide_vars, ("--diff",)),
        ("check-reset-password", always, ("--check", "--diff")),
        ("reset-password", always, ("--diff",)),
    ]
    runs, counts = {}, {}
    for label, extra_vars, flags in steps:
        sim.client.reset_counts()
        runs[label] = playbook(SITE, extra_vars, "-vvvv", *flags, label=label, env=env)
        assert runs[label].ok, runs[label].describe()
        counts[label] = sim.client.counts()

    # The password really travelled: in the create, and again in the reset, which diff mode announces.
    assert counts["create"].get("CreateDBCluster") == 1
    assert counts["reset-password"].get("ModifyDBCluster", 0) >= 1
    assert PASSWORD_MARKER in runs["check-reset-password"].stdout
    assert PASSWORD_MARKER in runs["reset-password"].stdout

    for label, run in runs.items():
        assert not leaks(run.stdout), f"{label}: password in stdout"
        assert not leaks(run.stderr), f"{label}: password in stderr"
        assert run.records, f"{label}: no task results recorded"
        assert not leaks(json.dumps(run.records, default=str)), f"{label}: password in a returned value"
    assert ansible_log.stat().st_size > 0
    assert not leaks(ansible_log.read_text(errors="replace")), "password in Ansible's log file"
    for path in files_under(tmp_path / "ansible-local") + files_under(tmp_path / "ansible-remote"):
        assert not leaks(path.read_text(errors="replace")), f"password left in {path}"
    assert not leaks(Path(sim.log_path).read_text(errors="replace")), "password in the simulator's log"
    assert not leaks(json.dumps(sim.client.log())), "password in the simulator's request log"
