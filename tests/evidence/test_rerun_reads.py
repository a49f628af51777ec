"""A no-change rerun of site.yml only reads, and reads each thing once where the role can reuse an earlier read.

The preflight's check of each parameter group (diff mode) stands in for step 2 when it found nothing to change,
step 3's cluster lists the members for steps 4-5, and the members wait's read gives step 6 its endpoints.
docs/benchmarks.md has the whole per-action table.
"""

from __future__ import annotations

from tests.evidence.ansible_run import SITE

# Each parameter group: its description, its user-set values (who uses it and its tags are read besides).
ONCE_PER_GROUP = (
    "DescribeDBClusterParameterGroups",
    "DescribeDBClusterParameters",
    "DescribeDBParameterGroups",
    "DescribeDBParameters",
)
ROLE = "aurora_mysql : "
STEP_2 = {
    ROLE + "Step 2: cluster parameter group myapp-aurora-mysql8-cluster",
    ROLE + "Step 2: instance parameter group myapp-aurora-mysql8-instance",
}
SKIPPED_ON_RERUN = STEP_2 | {
    ROLE + "Steps 4-5: list the members of cluster myapp-aurora-cluster",
    ROLE + "Step 6: read the endpoints of myapp-aurora-cluster",
}


def skipped(run) -> set[str]:
    return {record["task"] for record in run.records if record["status"] == "skipped"}


def test_a_no_change_rerun_reads_each_group_once_and_reuses_earlier_reads(sim, guide_vars, playbook):
    first = playbook(SITE, guide_vars, label="converge")
    assert first.ok, first.describe()
    # The reads are reused on every run; step 2 is skipped only when its preflight found nothing to change.
    assert SKIPPED_ON_RERUN - skipped(first) == STEP_2, skipped(first)

    sim.client.reset_counts()
    again = playbook(SITE, guide_vars, label="rerun")
    assert again.ok, again.describe()
    assert again.changed() == []
    counts = sim.client.counts()
    assert all(action.startswith(("Describe", "List")) for action in counts), counts
    assert {action: counts.get(action) for action in ONCE_PER_GROUP} == dict.fromkeys(ONCE_PER_GROUP, 1), counts
    assert skipped(again) >= SKIPPED_ON_RERUN, skipped(again)
    # 36 before these reuses (docs/benchmarks.md); 24 with them.
    assert sum(counts.values()) <= 24, counts


def test_a_changed_parameter_still_reaches_step_2(sim, guide_vars, playbook, clients):
    first = playbook(SITE, guide_vars, label="converge")
    assert first.ok, first.describe()
    changed_vars = dict(
        guide_vars,
        aurora_mysql_instance_parameters={"slow_query_log": "1", "long_query_time": "5", "log_output": "FILE"},
    )
    again = playbook(SITE, changed_vars, label="modify")
    assert again.ok, again.describe()
    assert again.changed() == [(ROLE + "Step 2: instance parameter group myapp-aurora-mysql8-instance", None)]
    rows = clients["rds"].describe_db_parameters(DBParameterGroupName="myapp-aurora-mysql8-instance", Source="user")
    assert {p["ParameterName"]: p["ParameterValue"] for p in rows["Parameters"]}["long_query_time"] == "5"
