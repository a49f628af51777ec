"""A no-change rerun of the guide is one module process (aurora_plan) and at most 12 AWS calls, every one a read
(issue 16): each resource is described once, and nothing else is asked when nothing changes.

Module processes are counted the way the benchmark counts them (bench/count_python.sh): the interpreter Ansible
runs modules with is a wrapper that notes each run, then is the real Python. Action plugins run on the controller
and start none.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.evidence.ansible_run import SITE
from tests.evidence.guide import RERUN_READS

COUNTING_PYTHON = Path(__file__).resolve().parents[2] / "bench" / "count_python.sh"


def counted(playbook, path, extra_vars, count_file, label):
    """The run, and how many module processes it started."""
    count_file.write_text("")
    env = {"BENCH_MODULE_COUNT_FILE": str(count_file), "BENCH_PYTHON": sys.executable}
    run = playbook(path, dict(extra_vars, ansible_python_interpreter=str(COUNTING_PYTHON)), label=label, env=env)
    return run, len(count_file.read_text().splitlines())


def test_a_no_change_rerun_is_one_module_process_and_at_most_12_reads(sim, guide_vars, playbook, tmp_path):
    first, _modules = counted(playbook, SITE, guide_vars, tmp_path / "first.txt", "converge")
    assert first.ok, first.describe()

    sim.client.reset_counts()
    again, modules = counted(playbook, SITE, guide_vars, tmp_path / "rerun.txt", "rerun")

    assert again.ok, again.describe()
    assert again.changed() == []
    assert modules == 1, again.describe()
    counts = sim.client.counts()
    assert counts == RERUN_READS, counts
    assert sum(counts.values()) <= 12


def test_a_changed_parameter_runs_only_its_step(sim, guide_vars, playbook, clients, tmp_path):
    first = playbook(SITE, guide_vars, label="converge")
    assert first.ok, first.describe()
    changed_vars = dict(
        guide_vars,
        aurora_mysql_instance_parameters={"slow_query_log": "1", "long_query_time": "5", "log_output": "FILE"},
    )
    again, modules = counted(playbook, SITE, changed_vars, tmp_path / "modify.txt", "modify")
    assert again.ok, again.describe()
    assert again.changed() == [("aurora_mysql : Step 2: instance parameter group myapp-aurora-mysql8-instance", None)]
    # The plan, and the one step that changes.
    assert modules == 2
    rows = clients["rds"].describe_db_parameters(DBParameterGroupName="myapp-aurora-mysql8-instance", Source="user")
    assert {p["ParameterName"]: p["ParameterValue"] for p in rows["Parameters"]}["long_query_time"] == "5"
