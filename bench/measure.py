"""One measurement: run a playbook against the bench simulator, time it, and read the API calls it made."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from bench.simulator import BenchSimulator
from tests.evidence import ansible_run
from tests.evidence.aws_state import mutating_calls

PASSWORD = "bench-only-Passw0rd"


@dataclass
class Measurement:
    name: str
    seconds: float
    calls: dict[str, int]
    changed: int
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
            "calls": self.calls,
            "notes": self.notes,
        }


def run(
    sim: BenchSimulator,
    name: str,
    playbook: Path,
    extra_vars: dict,
    workdir: Path,
    *flags: str,
) -> Measurement:
    """Run `playbook` once; fails loudly when the run fails, since a failed run measures nothing."""
    sim.client.reset_counts()
    label = re.sub(r"[^a-z0-9]+", "-", name.lower())
    result = ansible_run.run_playbook(playbook, sim.env, workdir, extra_vars, *flags, label=label, timeout=3600)
    if not result.ok:
        raise SystemExit(f"bench: {name} failed:\n{result.describe()}")
    # Every host's changes count: a fleet run changes the same tasks on every cluster.
    changed = sum(1 for record in result.records if record["changed"] and record["status"] != "failed")
    return Measurement(name, result.seconds, sim.client.counts(), changed)
