"""The benchmark's measurements, each from a fresh simulator: converge and rerun, time-to-ready, fleet."""

from __future__ import annotations

import json
from pathlib import Path

from bench.measure import PASSWORD, Measurement, run
from bench.simulator import BenchSimulator
from tests.evidence.ansible_run import SITE

PLAYBOOKS = Path(__file__).resolve().parent / "playbooks"
SEQUENTIAL = PLAYBOOKS / "sequential.yml"
FLEET = PLAYBOOKS / "fleet.yml"
AMAZON_AWS = PLAYBOOKS / "amazon_aws_guide.yml"


def guide_vars(prereqs: dict, name: str = "myapp") -> dict:
    return dict(
        prereqs, aurora_mysql_name=name, aurora_mysql_master_user_password=PASSWORD, aurora_mysql_wait_timeout=3600
    )


def converge_and_rerun(sim: BenchSimulator, workdir: Path) -> list[Measurement]:
    """The guide's topology at scale 0: the first converge, then a rerun that must change nothing."""
    extra_vars = guide_vars(sim.fresh(0))
    first = run(sim, "first converge", SITE, extra_vars, workdir)
    rerun = run(sim, "no-change rerun", SITE, extra_vars, workdir)
    return [first, rerun]


def time_to_ready(sim: BenchSimulator, workdir: Path, scale: float) -> list[Measurement]:
    """The role and the one-at-a-time baseline, each at scale 0 (the tool's own time) and at `scale`.

    The simulator stretches every AWS transition by `scale`; the tool's own work is not stretched. So the AWS
    part of a run is (wall at scale - wall at 0) / scale, in AWS seconds, and time-to-ready on AWS is that plus
    the tool's own time.
    """
    results = []
    for label, playbook, extra in (
        ("role", SITE, {}),
        ("sequential baseline", SEQUENTIAL, {}),
    ):
        instant = run(sim, f"{label} at scale 0", playbook, dict(guide_vars(sim.fresh(0)), **extra), workdir)
        scaled = run(sim, f"{label} at scale {scale}", playbook, dict(guide_vars(sim.fresh(scale)), **extra), workdir)
        aws_seconds = max(0.0, scaled.seconds - instant.seconds) / scale
        scaled.notes = {
            "scale": scale,
            "tool_seconds": round(instant.seconds, 1),
            "aws_wait_minutes": round(aws_seconds / 60, 1),
            "time_to_ready_minutes": round((aws_seconds + instant.seconds) / 60, 1),
        }
        results += [instant, scaled]
    return results


def write_inventory(path: Path, count: int, prereqs: dict) -> None:
    hosts = {
        f"fleet-{index:02d}": {"aurora_mysql_name": f"fleet{index:02d}", "ansible_connection": "local"}
        for index in range(1, count + 1)
    }
    group_vars = dict(guide_vars(prereqs), ansible_python_interpreter="{{ ansible_playbook_python }}")
    group_vars.pop("aurora_mysql_name")
    path.write_text(json.dumps({"all": {"children": {"fleet": {"hosts": hosts, "vars": group_vars}}}}, indent=1))


def fleet_rerun(sim: BenchSimulator, workdir: Path, sizes: list[int], forks: int) -> list[Measurement]:
    """The fleet's scheduled drift check: N clusters built once, then a run that must change nothing, measured."""
    results = []
    for count in sizes:
        inventory = workdir / f"fleet-{count}.json"
        write_inventory(inventory, count, sim.fresh(0))
        flags = ("-i", str(inventory), "--forks", str(forks))
        build = run(sim, f"fleet of {count}, build", FLEET, {}, workdir, *flags)
        rerun = run(sim, f"fleet of {count}, no-change rerun", FLEET, {}, workdir, *flags)
        if rerun.changed:
            raise SystemExit(f"bench: the no-change rerun of a fleet of {count} changed {rerun.changed} task(s)")
        for measured in (build, rerun):
            measured.notes = {
                "clusters": count,
                "forks": forks,
                "seconds_per_cluster": round(measured.seconds / count, 2),
                "cpu_seconds_per_cluster": round(measured.cpu_seconds / count, 2),
            }
        results += [build, rerun]
    return results


def _median(runs: list[Measurement], name: str) -> Measurement:
    """The run of median wall time, renamed; the notes keep every run's wall time (the machine is shared)."""
    chosen = sorted(runs, key=lambda m: m.seconds)[len(runs) // 2]
    chosen.name = name
    chosen.notes = dict(chosen.notes, runs_s="/".join(f"{m.seconds:.1f}" for m in runs))
    return chosen


def compare_amazon_aws(sim: BenchSimulator, workdir: Path, amazon_bin: Path, repeat: int) -> list[Measurement]:
    """The role and amazon.aws on the same guide, back to back: first converge, then no-change reruns.

    Each tool's first converge runs `repeat` times on a fresh account, and its rerun `repeat` times after one of
    them; the median wall time of each is reported, with the ratio of the role's to amazon.aws's.
    """
    measured = {}
    for tool, playbook, venv_bin in (("aurora.mysql", SITE, None), ("amazon.aws", AMAZON_AWS, amazon_bin)):
        firsts, reruns = [], []
        for index in range(repeat):
            extra_vars = guide_vars(sim.fresh(0))
            firsts.append(run(sim, f"{tool} first {index}", playbook, extra_vars, workdir, venv_bin=venv_bin))
            reruns.append(run(sim, f"{tool} rerun {index}", playbook, extra_vars, workdir, venv_bin=venv_bin))
        measured[tool] = (
            _median(firsts, f"{tool}: first converge"),
            _median(reruns, f"{tool}: no-change rerun"),
        )
    ours, theirs = measured["aurora.mysql"], measured["amazon.aws"]
    for mine, other in zip(ours, theirs, strict=True):
        mine.notes["x amazon.aws wall"] = round(mine.seconds / other.seconds, 2)
        mine.notes["x amazon.aws cpu"] = round(mine.cpu_seconds / other.cpu_seconds, 2)
    return [*ours, *theirs]
