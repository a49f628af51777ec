"""`--check` predicts exactly what the real run that follows then changes: for a create, for a modify of
several settings, and for a teardown. The role's plan (aurora_plan) says the same: its changed steps are the module
tasks that change in the real run, with the same diffs.

What a run changes is read from the modules themselves: every aurora.mysql module result that reported a change,
by module and resource, with the action and the diff it planned (the evidence_record callback keeps each result).
The check run must plan the same actions on the same resources with the same diffs as the real run; only values
AWS assigns when it creates something (an ARN, a status) may be unknown (null) in the check run's diff. After each
real run a further check run must plan nothing: the real run left nothing undone.
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


def agrees(predicted: dict, made: dict) -> bool:
    """The check run's diff says what the real run's does; a value AWS assigns at create may be unknown there."""
    before_ok = predicted["before"] == made["before"]
    after, real = predicted["after"], made["after"]
    return before_ok and set(after) == set(real) and all(after[key] in (None, real[key]) for key in real)


def assert_same_changes(predicted, made):
    assert sorted(predicted) == sorted(made)
    for resource, change in made.items():
        assert predicted[resource]["action"] == change["action"], resource
        assert agrees(predicted[resource]["diff"], change["diff"]), (resource, predicted[resource], change)


def assert_predicted(check, real):
    assert_same_changes(check.module_changes(), real.module_changes())


def assert_planned(check, real):
    """The plan of the check run names exactly the module tasks that changed in the real run, with their diffs."""
    assert_same_changes(check.planned_changes(), real.module_changes())


def check_then_apply(playbook, path, extra_vars, label):
    """The real run's module changes, after asserting that --check planned them exactly and a rerun plans none."""
    check = playbook(path, extra_vars, "--check", "--diff", label=f"{label}-check")
    assert check.ok, check.describe()
    apply = playbook(path, extra_vars, "--diff", label=f"{label}-apply")
    assert apply.ok, apply.describe()
    assert_predicted(check, apply)
    if path == SITE:
        assert_planned(check, apply)
    again = playbook(path, extra_vars, "--check", "--diff", label=f"{label}-again")
    assert again.ok, again.describe()
    assert again.module_changes() == {}, f"the real run left changes undone: {again.module_changes()}"
    return apply.module_changes()


def actions(changes):
    return sorted((module, change["action"]) for (module, _resource), change in changes.items())


def test_check_mode_predicts_create_modify_and_teardown(guide_vars, playbook):
    made = check_then_apply(playbook, SITE, guide_vars, "create")
    # Subnet group, 2 parameter groups, the cluster, 3 instances, 2 alarms.
    assert actions(made) == sorted(
        [("aurora_subnet_group", "create"), ("aurora_cluster", "create")]
        + [("aurora_param_group", "create")] * 2
        + [("aurora_instance", "create")] * 3
        + [("aurora_alarm", "create")] * 2
    )

    modified = dict(guide_vars, **MODIFY)
    made = check_then_apply(playbook, SITE, modified, "modify")
    # New tags on all 9 (and the other settings on the cluster, a parameter group, reader-2 and an alarm),
    # plus reader-3 created.
    assert len(made) == 10, made
    assert made[("aurora_instance", "myapp-aurora-reader-3")]["action"] == "create"
    assert made[("aurora_cluster", "myapp-aurora-cluster")]["diff"]["after"]["backup_retention_period"] == 7

    made = check_then_apply(playbook, TEARDOWN, dict(modified, **DESTROY), "teardown")
    # 2 alarms, 4 instances, the cluster, 2 parameter groups, the subnet group.
    assert actions(made) == sorted(
        [("aurora_subnet_group", "delete"), ("aurora_cluster", "delete")]
        + [("aurora_param_group", "delete")] * 2
        + [("aurora_instance", "delete")] * 4
        + [("aurora_alarm", "delete")] * 2
    )


def teardown_both_ways(sim, playbook, destroy):
    """The check run and the real run of the teardown, after asserting both fail, the check run without a change."""
    sim.client.reset_counts()
    check = playbook(TEARDOWN, destroy, "--check", "--diff", label="teardown-check")
    assert not check.ok, check.describe()
    assert not any(action.startswith(("Create", "Modify", "Delete")) for action in sim.client.counts())
    real = playbook(TEARDOWN, destroy, "--diff", label="teardown")
    assert not real.ok, real.describe()
    assert_predicted(check, real)
    assert check.failed_module() == real.failed_module()
    assert check.failure_message() == real.failure_message()
    return real


def test_check_mode_teardown_fails_where_the_real_one_does_when_another_cluster_shares_a_group(
    sim, guide_vars, playbook, clients
):
    """Check mode may take the guide's own cluster as gone, but not one that no earlier task deletes."""
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
    real = teardown_both_ways(sim, playbook, dict(guide_vars, **DESTROY))
    assert real.failed_module() == ("aurora_param_group", "cluster myapp-aurora-mysql8-cluster")
    assert real.failure_message() == (
        "state: parameter group 'myapp-aurora-mysql8-cluster' is in use by cluster other-aurora-cluster; move them to "
        "another group before deleting it"
    )


def test_check_mode_teardown_fails_where_the_real_one_does_when_other_engines_share_the_subnet_group(
    sim, guide_vars, playbook, clients
):
    """An aurora-postgresql cluster and a plain RDS instance keep the subnet group in use, in both runs alike."""
    created = playbook(SITE, guide_vars, label="create")
    assert created.ok, created.describe()
    clients["rds"].create_db_cluster(
        DBClusterIdentifier="other-postgres",
        Engine="aurora-postgresql",
        MasterUsername="master",
        MasterUserPassword="Other-Passw0rd1",
        DBSubnetGroupName="myapp-aurora-subnets",
    )
    clients["rds"].create_db_instance(
        DBInstanceIdentifier="other-mysql",
        Engine="mysql",
        DBInstanceClass="db.t3.micro",
        AllocatedStorage=20,
        MasterUsername="admin",
        MasterUserPassword="Other-Passw0rd1",
        DBSubnetGroupName="myapp-aurora-subnets",
    )
    real = teardown_both_ways(sim, playbook, dict(guide_vars, **DESTROY))
    assert real.failed_module() == ("aurora_subnet_group", "myapp-aurora-subnets")
    assert real.failure_message() == (
        "state: subnet group 'myapp-aurora-subnets' is in use by cluster other-postgres, instance other-mysql; "
        "delete them or move them to another group first"
    )
    # Everything before the subnet group went, in both runs: the cluster and both parameter groups included.
    assert ("aurora_cluster", "myapp-aurora-cluster") in real.module_changes()
    assert ("aurora_param_group", "instance myapp-aurora-mysql8-instance") in real.module_changes()
