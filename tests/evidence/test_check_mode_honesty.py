"""`--check` predicts exactly what the real run that follows then changes: for a create, for a modify of
several settings, and for a teardown.

The changed set of a run is every (task name, loop item) that reported changed, recorded by the evidence_record
callback. After each real run a further check run must predict nothing: the real run left nothing undone.
"""

from __future__ import annotations

from tests.evidence.ansible_run import SITE, TEARDOWN

MODIFY = {
    "aurora_mysql_tags": {"team": "data"},
    "aurora_mysql_apply_immediately": True,
    "aurora_mysql_backup_retention_period": 7,
    "aurora_mysql_preferred_maintenance_window": "mon:05:00-mon:06:00",
    "aurora_mysql_instance_parameters": {"slow_query_log": "1", "long_query_time": "2", "log_output": "FILE"},
    "aurora_mysql_instances": [
        {"identifier": "myapp-aurora-writer", "instance_class": "db.r6g.xlarge"},
        {"identifier": "myapp-aurora-reader-1", "instance_class": "db.r6g.xlarge", "promotion_tier": 0},
        {"identifier": "myapp-aurora-reader-2", "instance_class": "db.r6g.large", "promotion_tier": 2},
        {"identifier": "myapp-aurora-reader-3", "instance_class": "db.r6g.large", "promotion_tier": 3},
    ],
    "aurora_mysql_alarms": [
        {
            "name": "aurora-myapp-deadlocks",
            "metric_name": "Deadlocks",
            "statistic": "Sum",
            "period": 300,
            "evaluation_periods": 1,
            "threshold": 10,
            "comparison_operator": "GreaterThanThreshold",
        },
        {
            "name": "aurora-myapp-replica-lag",
            "metric_name": "AuroraReplicaLag",
            "statistic": "Maximum",
            "period": 60,
            "evaluation_periods": 5,
            "threshold": 100,
            "comparison_operator": "GreaterThanThreshold",
        },
    ],
}
DESTROY = {"aurora_mysql_allow_destroy": True, "aurora_mysql_skip_final_snapshot": True}


def check_then_apply(playbook, path, extra_vars, label):
    """(changed set predicted by --check, changed set of the real run), after asserting both runs passed."""
    check = playbook(path, extra_vars, "--check", label=f"{label}-check")
    assert check.ok, check.describe()
    apply = playbook(path, extra_vars, label=f"{label}-apply")
    assert apply.ok, apply.describe()
    again = playbook(path, extra_vars, "--check", label=f"{label}-again")
    assert again.ok, again.describe()
    assert again.changed() == [], f"the real run left changes undone: {again.changed()}"
    return check.changed(), apply.changed()


def test_check_mode_predicts_create_modify_and_teardown(guide_vars, playbook):
    predicted, made = check_then_apply(playbook, SITE, guide_vars, "create")
    # Subnet group, 2 parameter groups, the cluster, 3 instances, 2 alarms.
    assert len(made) == 9, made
    assert predicted == made

    modified = dict(guide_vars, **MODIFY)
    predicted, made = check_then_apply(playbook, SITE, modified, "modify")
    # New tags on all 9 (and the other settings on the cluster, a parameter group, reader-2 and an alarm),
    # plus reader-3 created.
    assert len(made) == 10, made
    assert predicted == made

    predicted, made = check_then_apply(playbook, TEARDOWN, dict(modified, **DESTROY), "teardown")
    # 2 alarms, 4 instances, the cluster, 2 parameter groups, the subnet group.
    assert len(made) == 10, made
    assert predicted == made


def test_check_mode_teardown_fails_where_the_real_one_does_when_another_cluster_shares_a_group(
    sim, guide_vars, playbook, clients
):
    """The check run may not stand in for deleting a group that another cluster keeps in use."""
    created = playbook(SITE, guide_vars, label="create")
    assert created.ok, created.describe()
    clients["rds"].create_db_cluster(
        DBClusterIdentifier="other-aurora-cluster",
        Engine="aurora-mysql",
        MasterUsername="admin",
        MasterUserPassword="Other-Passw0rd1",
        DBClusterParameterGroupName="myapp-aurora-mysql8-cluster",
        DBSubnetGroupName="myapp-aurora-subnets",
    )
    destroy = dict(guide_vars, **DESTROY)

    sim.client.reset_counts()
    check = playbook(TEARDOWN, destroy, "--check", label="teardown-check")
    assert not check.ok, check.describe()
    assert not any(action.startswith(("Create", "Modify", "Delete")) for action in sim.client.counts())
    real = playbook(TEARDOWN, destroy, label="teardown")
    assert not real.ok, real.describe()

    predicted, failed = check.failures()[-1], real.failures()[-1]
    assert (
        predicted["task"]
        == failed["task"]
        == "aurora_mysql : Teardown: delete cluster parameter group myapp-aurora-mysql8-cluster"
    )
    for message in (check.failure_message(), real.failure_message()):
        # The check run also names the guide's cluster, which it only predicted deleted.
        assert "'myapp-aurora-mysql8-cluster' is in use by" in message and "cluster other-aurora-cluster" in message
    assert check.changed() == real.changed()
