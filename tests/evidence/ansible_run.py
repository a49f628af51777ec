"""Run ansible-playbook against a simulator the way a user would, and read back what every task did.

Each run gets the checkout's ansible.cfg, the simulator's environment and the evidence_record callback, which
writes every task result to a JSON file; tests read that instead of parsing screen output.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
CALLBACKS = Path(__file__).resolve().parent / "callbacks"
SITE = REPO_ROOT / "site.yml"
TEARDOWN = REPO_ROOT / "playbooks" / "teardown.yml"

# Settings a caller's shell could leak into a run and point it somewhere else.
_FOREIGN = ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "ANSIBLE_CONFIG", "ANSIBLE_STDOUT_CALLBACK")


@dataclass
class PlaybookRun:
    command: list[str]
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    records: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def changed(self) -> list[tuple[str, str | None]]:
        """(task name, loop item) of every result that reported a change, sorted: the run's changed set."""
        entries = {(r["task"], r["item"]) for r in self.records if r["changed"] and r["status"] != "failed"}
        return sorted(entries, key=lambda entry: (entry[0], entry[1] or ""))

    def module_changes(self) -> dict[tuple[str, str], dict]:
        """What each aurora.mysql module reported changing (or, in check mode, planned to change), by module and
        resource: {(module, resource): {"action": create|modify|delete, "diff": {before, after}}}. Needs --diff."""
        return {
            (record["action"].rsplit(".", 1)[-1], resource_of(record)): planned_change(record)
            for record in self.records
            if record["action"].startswith(MODULES) and record["changed"] and record["status"] != "failed"
        }

    def plan(self) -> dict:
        """The result of the run's first aurora_plan task (the role's plan), or {} when none ran."""
        found = [r["result"] for r in self.records if r["action"].endswith("aurora_plan") and r["status"] == "ok"]
        return found[0] if found else {}

    def planned_changes(self) -> dict[tuple[str, str], dict]:
        """What the role's plan said each step would do, keyed as module_changes() keys what the modules did:
        {(module, resource): {"action": create|modify|delete, "diff": {before, after}}}. Needs --diff."""
        plan = self.plan()
        diffs = {entry["before_header"].rsplit(" (", 1)[0]: entry for entry in plan.get("diff", [])}
        found = {}
        for name in plan.get("changed_steps", []):
            step = plan["steps"][name]
            module, resource = STEP_MODULES[name.split(" ")[0]], step["resource"]
            if module == "aurora_param_group":
                resource = f"{name.split('_')[0]} {resource}"
            diff = {key: diffs[name][key] for key in ("before", "after")} if name in diffs else {}
            action = step["action"] if step["action"] in ("create", "delete") else "modify"
            found[(module, resource)] = {"action": action, "diff": diff}
        return found

    def failed_module(self) -> tuple[str, str] | None:
        """(module, resource) of the module task whose failure stopped the run, or None."""
        failures = [r for r in self.failures() if r["action"].startswith(MODULES)]
        return (failures[-1]["action"].rsplit(".", 1)[-1], resource_of(failures[-1])) if failures else None

    def failures(self) -> list[dict]:
        return [r for r in self.records if r["status"] == "failed" and not r["ignored"]]

    def failure_message(self) -> str:
        """The message of the failure that stopped the run, or '' when nothing failed."""
        failures = self.failures()
        return str(failures[-1].get("msg") or "") if failures else ""

    def describe(self) -> str:
        """Enough of the run to understand a failed assertion."""
        return f"$ {' '.join(self.command)}\nrc={self.returncode}\n{self.stdout[-4000:]}\n{self.stderr[-2000:]}"


MODULES = "aurora.mysql."
# The module of each of aurora_plan's steps, by the first word of the step's name.
STEP_MODULES = {
    "subnet_group": "aurora_subnet_group",
    "cluster_parameter_group": "aurora_param_group",
    "instance_parameter_group": "aurora_param_group",
    "cluster": "aurora_cluster",
    "instance": "aurora_instance",
    "alarm": "aurora_alarm",
}


def resource_of(record: dict) -> str:
    """The resource a module task acted on, from the arguments it ran with: identifier or name (with the scope of a
    parameter group)."""
    args = record["result"].get("invocation", {}).get("module_args", {})
    name = args.get("identifier") or args.get("name") or args.get("cluster_identifier")
    return f"{args['scope']} {name}" if args.get("scope") else str(name)


def planned_change(record: dict) -> dict:
    """A module result's change: its action (a changed task with state absent deletes; one whose diff starts from
    nothing creates; any other modifies), and its diff."""
    args = record["result"].get("invocation", {}).get("module_args", {})
    diff = record["result"].get("diff") or {}
    action = "delete" if args.get("state") == "absent" else "modify" if diff.get("before") else "create"
    return {"action": action, "diff": diff}


def environment(
    sim_env: dict[str, str], workdir: Path, record_file: Path, extra: dict | None = None, venv_bin: Path = VENV_BIN
) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in _FOREIGN}
    env.update(sim_env)
    env.update(
        PATH=os.pathsep.join([str(venv_bin), env.get("PATH", "")]),
        ANSIBLE_CONFIG=str(REPO_ROOT / "ansible.cfg"),
        ANSIBLE_CALLBACK_PLUGINS=str(CALLBACKS),
        ANSIBLE_CALLBACKS_ENABLED="evidence_record",
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_FORCE_COLOR="0",
        # Module payloads and their temporary files stay where the test can inspect (and later delete) them.
        ANSIBLE_LOCAL_TEMP=str(workdir / "ansible-local"),
        ANSIBLE_REMOTE_TEMP=str(workdir / "ansible-remote"),
        EVIDENCE_RECORD_FILE=str(record_file),
    )
    env.update(extra or {})
    return env


def start_playbook(
    playbook: Path,
    sim_env: dict[str, str],
    workdir: Path,
    extra_vars: dict,
    *flags: str,
    label: str = "run",
    env: dict | None = None,
    venv_bin: Path | None = None,
) -> tuple[subprocess.Popen, list[str], Path, float]:
    """Start ansible-playbook without waiting; finish_playbook() collects it. Lets two runs overlap.

    `venv_bin` runs another installation's ansible-playbook (the benchmark's amazon.aws comparison).
    """
    venv_bin = venv_bin or VENV_BIN
    workdir.mkdir(parents=True, exist_ok=True)
    vars_file = workdir / f"{label}-vars.json"
    vars_file.write_text(json.dumps(extra_vars))
    record_file = workdir / f"{label}-record.json"
    record_file.unlink(missing_ok=True)
    command = [str(venv_bin / "ansible-playbook"), str(playbook), "-e", f"@{vars_file}", *flags]
    process = subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        env=environment(sim_env, workdir, record_file, env, venv_bin),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    return process, command, record_file, time.monotonic()


def finish_playbook(started: tuple[subprocess.Popen, list[str], Path, float], timeout: float = 600) -> PlaybookRun:
    process, command, record_file, began = started
    stdout, stderr = process.communicate(timeout=timeout)
    seconds = time.monotonic() - began
    records = json.loads(record_file.read_text()) if record_file.exists() else []
    return PlaybookRun(command, process.returncode, stdout, stderr, seconds, records)


def run_playbook(
    playbook: Path,
    sim_env: dict[str, str],
    workdir: Path,
    extra_vars: dict,
    *flags: str,
    label: str = "run",
    env: dict | None = None,
    timeout: float = 600,
    venv_bin: Path | None = None,
) -> PlaybookRun:
    started = start_playbook(playbook, sim_env, workdir, extra_vars, *flags, label=label, env=env, venv_bin=venv_bin)
    return finish_playbook(started, timeout=timeout)
