"""One measurement: run a playbook against the bench simulator, time it, and read the API calls it made."""

from __future__ import annotations

import re
import resource
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bench.simulator import BenchSimulator
from tests.evidence import ansible_run
from tests.evidence.aws_state import mutating_calls

PASSWORD = "bench-only-Passw0rd"
COUNTING_PYTHON = Path(__file__).resolve().parent / "count_python.sh"


@dataclass
class Measurement:
    name: str
    seconds: float
    calls: dict[str, int]
    changed: int
    modules: int = 0  # module processes Ansible started (each costs an interpreter, boto3 and its models)
    cpu_seconds: float = 0.0  # user + system CPU of ansible-playbook and every process it started
    notes: dict = field(default_factory=dict)

    @property
    def total_calls(self) -> int:
        return sum(self.calls.values())

    @property
    def mutating(self) -> int:
        return sum(mutating_calls(self.calls).values())

    @property
    def describes(self) -> int:
        return sum(count for action, count in self.calls.items() if action.startswith(("Describe", "List", "Get")))

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "seconds": round(self.seconds, 2),
            "total_calls": self.total_calls,
            "mutating_calls": self.mutating,
            "describe_calls": self.describes,
            "changed_tasks": self.changed,
            "module_processes": self.modules,
            "controller_cpu_seconds": round(self.cpu_seconds, 2),
            "calls": self.calls,
            "notes": self.notes,
        }


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(
    sim: BenchSimulator,
    name: str,
    playbook: Path,
    extra_vars: dict,
    workdir: Path,
    *flags: str,
    venv_bin: Path | None = None,
) -> Measurement:
    """Run `playbook` once; fails loudly when the run fails, since a failed run measures nothing.

    `venv_bin` runs another installation's ansible-playbook and Python (the amazon.aws comparison). The CPU time
    is what the run's processes used once reaped: ansible-playbook, its workers and every module process.
    """
    sim.client.reset_counts()
    label = re.sub(r"[^a-z0-9]+", "-", name.lower())
    python = (venv_bin / "python") if venv_bin else Path(sys.executable)
    count_file = workdir / f"{label}-modules.txt"
    workdir.mkdir(parents=True, exist_ok=True)
    count_file.write_text("")
    extra_vars = dict(extra_vars, ansible_python_interpreter=str(COUNTING_PYTHON))
    env = {"BENCH_MODULE_COUNT_FILE": str(count_file), "BENCH_PYTHON": str(python)}
    cpu_before = _children_cpu()
    result = ansible_run.run_playbook(
        playbook, sim.env, workdir, extra_vars, *flags, label=label, env=env, timeout=3600, venv_bin=venv_bin
    )
    cpu = _children_cpu() - cpu_before
    if not result.ok:
        raise SystemExit(f"bench: {name} failed:\n{result.describe()}")
    # Every host's changes count: a fleet run changes the same tasks on every cluster.
    changed = sum(1 for record in result.records if record["changed"] and record["status"] != "failed")
    modules = len(count_file.read_text().splitlines())
    return Measurement(name, result.seconds, sim.client.counts(), changed, modules=modules, cpu_seconds=cpu)
