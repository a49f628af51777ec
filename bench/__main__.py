"""python -m bench [--scale S] [--fleet 10,50,100] [--forks F] [--only converge,ready,fleet] [--amazon-venv DIR]

Runs every measurement against a simulator of its own (started on a free port, stopped at the end), prints the
tables and writes them, with the raw numbers, to tests/output/bench/. Run from the repository root.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

from bench import phases, report
from bench.simulator import REPO_ROOT, BenchSimulator

OUTPUT = REPO_ROOT / "tests" / "output" / "bench"


def machine() -> dict:
    def command(*argv: str) -> str:
        return subprocess.run(argv, capture_output=True, text=True, check=False).stdout.strip()

    ansible = command(str(Path(sys.executable).parent / "ansible"), "--version").splitlines()
    memory = next((line.split()[1] for line in command("free", "-g").splitlines() if line.startswith("Mem:")), "?")
    return {
        "nproc": command("nproc"),
        "memory (free -g, total GiB)": memory,
        "python": platform.python_version(),
        "ansible": ansible[0] if ansible else "",
        "platform": platform.platform(),
        # The machine is shared: the load says how much else was running while the numbers were taken.
        "load average 1/5/15 min at the end": " ".join(f"{load:.2f}" for load in os.getloadavg()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.05, help="time scale for time-to-ready (default 0.05)")
    parser.add_argument("--fleet", default="10,50,100", help="fleet sizes, comma-separated (default 10,50,100)")
    parser.add_argument("--forks", type=int, default=10, help="ansible forks for the fleet (default 10)")
    parser.add_argument(
        "--only", default="converge,ready,fleet", help="which measurements: converge, ready, fleet, compare"
    )
    parser.add_argument(
        "--amazon-venv", type=Path, help="a venv with the `ansible` package, for compare (make bench-compare makes one)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per tool and kind in compare; the median counts")
    args = parser.parse_args(argv)
    wanted = set(args.only.split(","))
    OUTPUT.mkdir(parents=True, exist_ok=True)
    workdir = OUTPUT / "runs"

    sections = []
    with BenchSimulator(OUTPUT) as sim:
        if "converge" in wanted:
            sections.append(("First converge and no-change rerun (scale 0)", phases.converge_and_rerun(sim, workdir)))
        if "ready" in wanted:
            sections.append((f"Time-to-ready (scale {args.scale})", phases.time_to_ready(sim, workdir, args.scale)))
        if "fleet" in wanted:
            sizes = [int(size) for size in args.fleet.split(",")]
            title = f"Fleet no-change rerun (scale 0, forks {args.forks})"
            sections.append((title, phases.fleet_rerun(sim, workdir, sizes, args.forks)))
        if "compare" in wanted:
            if not args.amazon_venv:
                parser.error("compare needs --amazon-venv (make bench-compare builds one)")
            title = f"aurora.mysql and amazon.aws on the guide (scale 0, median of {args.repeat})"
            sections.append((title, phases.compare_amazon_aws(sim, workdir, args.amazon_venv / "bin", args.repeat)))

    text = []
    for title, measurements in sections:
        text += [f"## {title}", "", report.summary(measurements), "", "API calls per action:", ""]
        text += [report.calls_per_action(measurements), ""]
    about = machine()
    text += ["## Machine", "", "\n".join(f"- {key}: {value}" for key, value in about.items()), ""]
    output = "\n".join(text)
    print(output)
    (OUTPUT / "results.md").write_text(output)
    raw = {"machine": about, "sections": {title: [m.as_dict() for m in ms] for title, ms in sections}}
    (OUTPUT / "results.json").write_text(json.dumps(raw, indent=1))
    print(f"written to {OUTPUT / 'results.md'} and results.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
