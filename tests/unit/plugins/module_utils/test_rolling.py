"""The rolling reboot, pure: what needs a reboot, the order, the guards, on rds.topology() views."""

import pytest

from ansible_collections.aurora.mysql.plugins.module_utils import rds, rolling
from ansible_collections.aurora.mysql.plugins.module_utils.errors import AuroraError, StuckError, ValidationError
from tests.unit.builders import IN_SYNC, shape
from tests.unit.builders import INSTANCE_GROUP as PG
from tests.unit.builders import rolling_desired as options


def steps_of(cluster, instances, desired, check_mode=False):
    """The ordered steps the plan holds for this cluster ([] when it plans nothing)."""
    topology = None if cluster is None else rds.topology(cluster, instances)
    plan = rolling.plan(topology, desired, check_mode=check_mode)
    assert bool(plan) == bool(plan.details.get("steps"))
    return plan.details.get("steps", [])


def order(steps):
    return [(step["step"], step["action"], step["instance"], step["role"]) for step in steps]


# --- desired_from_params ---


@pytest.mark.parametrize(
    ("overrides", "option"),
    [
        ({"step_timeout": 0}, "step_timeout"),
        ({"step_timeout": 24 * 3600 + 1}, "step_timeout"),
        ({"max_replica_lag_ms": 0}, "max_replica_lag_ms"),
        ({"cluster_identifier": "bad--name"}, "cluster_identifier"),
    ],
)
def test_options_are_validated(overrides, option):
    with pytest.raises(ValidationError) as excinfo:
        options(**overrides)
    assert excinfo.value.option == option


# --- the order, on 1, 2 and 4 members ---


def test_single_instance_is_refused_without_allow_downtime():
    cluster, instances = shape(("w", 1, "db.r6g.large"))
    with pytest.raises(ValidationError) as excinfo:
        steps_of(cluster, instances, options())
    assert excinfo.value.option == "allow_downtime"
    assert "single instance (w)" in excinfo.value.message and "allow_downtime=true" in excinfo.value.message


def test_single_instance_with_allow_downtime_reboots_the_writer():
    cluster, instances = shape(("w", 1, "db.r6g.large"))
    steps = steps_of(cluster, instances, options(allow_downtime=True))
    assert order(steps) == [(1, "reboot", "w", "writer")]
    assert steps[0]["reasons"] == [f"parameter group {PG} is pending-reboot"]


def test_single_instance_in_sync_is_nothing_to_do_even_without_allow_downtime():
    cluster, instances = shape(("w", 1, "db.r6g.large", IN_SYNC))
    assert steps_of(cluster, instances, options()) == []


def test_two_members_reader_then_failover_writer_failback():
    cluster, instances = shape(("w", 1, "db.r6g.large"), ("r", 1, "db.r6g.large"))
    assert order(steps_of(cluster, instances, options())) == [
        (1, "reboot", "r", "reader"),
        (2, "failover", "r", "reader"),
        (3, "reboot", "w", "writer"),
        (4, "failover", "w", "writer"),
    ]


def test_two_members_without_preserve_writer_stays_on_the_reader():
    cluster, instances = shape(("w", 1, "db.r6g.large"), ("r", 1, "db.r6g.large"))
    steps = steps_of(cluster, instances, options(preserve_writer=False))
    assert order(steps) == [(1, "reboot", "r", "reader"), (2, "failover", "r", "reader"), (3, "reboot", "w", "writer")]
    assert rolling.final_writer(steps, "w") == "r"


def test_two_members_only_the_reader_pending_needs_no_failover():
    cluster, instances = shape(("w", 1, "db.r6g.large", IN_SYNC), ("r", 1, "db.r6g.large"))
    steps = steps_of(cluster, instances, options())
    assert order(steps) == [(1, "reboot", "r", "reader")]
    assert rolling.final_writer(steps, "w") == "w"


def test_two_members_only_the_writer_pending_fails_over_to_the_in_sync_reader():
    cluster, instances = shape(("w", 1, "db.r6g.large"), ("r", 1, "db.r6g.large", IN_SYNC))
    assert order(steps_of(cluster, instances, options())) == [
        (1, "failover", "r", "reader"),
        (2, "reboot", "w", "writer"),
        (3, "failover", "w", "writer"),
    ]


FOUR = (
    ("w", 1, "db.r6g.xlarge"),
    ("r-a", 0, "db.r6g.xlarge"),  # what Aurora promotes first: tier 0, the larger class
    ("r-b", 0, "db.r6g.large"),  # tier 0 but smaller: less important than r-a
    ("r-c", 15, "db.r6g.4xlarge"),  # the highest tier goes first whatever its size
)


def test_four_members_mixed_tiers_least_important_reader_first_then_the_best_reader_takes_over():
    cluster, instances = shape(*FOUR)
    steps = steps_of(cluster, instances, options())
    assert order(steps) == [
        (1, "reboot", "r-c", "reader"),
        (2, "reboot", "r-b", "reader"),
        (3, "reboot", "r-a", "reader"),
        (4, "failover", "r-a", "reader"),
        (5, "reboot", "w", "writer"),
        (6, "failover", "w", "writer"),
    ]
    assert steps[3]["reasons"] == ["move the writer off w before it reboots"]
    assert rolling.final_writer(steps, "w") == "w"


def test_four_members_tier_ties_on_class_and_name_are_stable():
    cluster, instances = shape(
        ("w", 1, "db.r6g.large"), ("r-2", 2, "db.r6g.large"), ("r-1", 2, "db.r6g.large"), ("r-0", 2, "db.r6g.xlarge")
    )
    assert [step["instance"] for step in steps_of(cluster, instances, options())][:3] == ["r-1", "r-2", "r-0"]


def test_four_members_the_failover_target_may_be_a_reader_that_needed_no_reboot():
    # r-a (the best reader) is already in-sync: it is not rebooted, and it is still where the writer goes.
    specs = (FOUR[0], ("r-a", 0, "db.r6g.xlarge", IN_SYNC), FOUR[2], FOUR[3])
    cluster, instances = shape(*specs)
    assert order(steps_of(cluster, instances, options())) == [
        (1, "reboot", "r-c", "reader"),
        (2, "reboot", "r-b", "reader"),
        (3, "failover", "r-a", "reader"),
        (4, "reboot", "w", "writer"),
        (5, "failover", "w", "writer"),
    ]


def test_a_writer_that_is_not_the_first_member_is_found():
    cluster, instances = shape(*FOUR, writer="r-b")
    steps = steps_of(cluster, instances, options())
    assert order(steps)[-3:] == [
        (4, "failover", "r-a", "reader"),
        (5, "reboot", "r-b", "writer"),
        (6, "failover", "r-b", "writer"),
    ]
    assert [step["instance"] for step in steps[:3]] == ["r-c", "w", "r-a"]


def test_nothing_pending_is_an_empty_plan():
    cluster, instances = shape(*(spec + (IN_SYNC,) for spec in FOUR))
    assert steps_of(cluster, instances, options()) == []


# --- what needs a reboot ---


def test_cluster_parameter_group_pending_reboot_counts():
    specs = [spec + (IN_SYNC,) for spec in FOUR]
    cluster, instances = shape(*specs, cluster_pending=("r-b",))
    steps = steps_of(cluster, instances, options())
    assert order(steps) == [(1, "reboot", "r-b", "reader")]
    assert steps[0]["reasons"] == ["cluster parameter group is pending-reboot"]


def test_queued_class_change_counts_only_with_include_queued_changes():
    queued = dict(IN_SYNC, PendingModifiedValues={"DBInstanceClass": "db.r6g.2xlarge"})
    cluster, instances = shape(("w", 1, "db.r6g.large", IN_SYNC), ("r", 1, "db.r6g.large", queued))
    steps = steps_of(cluster, instances, options())
    assert order(steps) == [(1, "reboot", "r", "reader")]
    assert steps[0]["reasons"] == ["queued DBInstanceClass change to db.r6g.2xlarge"]
    assert steps_of(cluster, instances, options(include_queued_changes=False)) == []


def test_members_separate_parameter_reasons_from_queued_changes():
    queued = {"PendingModifiedValues": {"CACertificateIdentifier": "rds-ca-rsa2048-g1", "MasterUserPassword": "****"}}
    cluster, instances = shape(("w", 1, "db.r6g.large", queued))
    (member,) = rolling.members(rds.topology(cluster, instances), include_queued=True)
    assert member["queued"] == {"CACertificateIdentifier": "rds-ca-rsa2048-g1"}
    assert member["parameters_pending"] is True
    assert member["reasons"] == [
        f"parameter group {PG} is pending-reboot",
        "queued CACertificateIdentifier change to rds-ca-rsa2048-g1",
    ]
    (member,) = rolling.members(rds.topology(cluster, instances), include_queued=False)
    assert member["queued"] == {} and member["reasons"] == [f"parameter group {PG} is pending-reboot"]


def test_a_queued_rename_with_a_restart_change_is_refused():
    queued = {"PendingModifiedValues": {"DBInstanceClass": "db.r6g.2xlarge", "DBInstanceIdentifier": "r-new"}}
    cluster, instances = shape(("w", 1, "db.r6g.large"), ("r", 1, "db.r6g.large", queued))
    with pytest.raises(ValidationError) as excinfo:
        steps_of(cluster, instances, options())
    assert excinfo.value.option == "include_queued_changes" and "r -> r-new" in excinfo.value.message
    # Without the queue the rename stays queued and only the parameters are applied.
    assert len(steps_of(cluster, instances, options(include_queued_changes=False))) == 4


# --- preconditions ---


def test_missing_cluster_is_refused():
    with pytest.raises(ValidationError, match="cluster c does not exist"):
        steps_of(None, [], options())
    assert rolling.state(None, True) == {"writer": None, "pending_reboot": []}


def test_a_check_run_plans_nothing_for_a_cluster_not_made_yet():
    assert steps_of(None, [], options(), check_mode=True) == []


@pytest.mark.parametrize(
    ("cluster_status", "member_status", "expected"),
    [
        ("modifying", "available", "the cluster is modifying"),
        ("available", "rebooting", "r-b is rebooting"),
    ],
)
def test_nothing_starts_unless_every_member_is_available(cluster_status, member_status, expected):
    specs = list(FOUR)
    specs[2] = specs[2] + ({"DBInstanceStatus": member_status},)
    cluster, instances = shape(*specs, status=cluster_status)
    with pytest.raises(ValidationError) as excinfo:
        steps_of(cluster, instances, options())
    assert expected in excinfo.value.message and "no more than one instance is ever down" in excinfo.value.message


# --- the predicates the runner waits on, and its guards ---


def test_reboot_complete_needs_the_instance_in_sync_and_every_member_available():
    cluster, instances = shape(("w", 1, "db.r6g.large", IN_SYNC), ("r", 1, "db.r6g.large"))
    assert rolling.reboot_complete(rds.topology(cluster, instances), "r", True) is False
    instances[1].update(IN_SYNC)
    assert rolling.reboot_complete(rds.topology(cluster, instances), "r", True) is True
    instances[0]["DBInstanceStatus"] = "rebooting"
    assert rolling.reboot_complete(rds.topology(cluster, instances), "r", True) is False


def test_failover_complete_needs_the_target_as_writer_and_the_cluster_available():
    cluster, instances = shape(("w", 1, "db.r6g.large"), ("r", 1, "db.r6g.large"))
    assert rolling.failover_complete(rds.topology(cluster, instances), "r") is False
    cluster, instances = shape(("w", 1, "db.r6g.large"), ("r", 1, "db.r6g.large"), writer="r", status="failing-over")
    assert rolling.failover_complete(rds.topology(cluster, instances), "r") is False
    cluster["Status"] = "available"
    assert rolling.failover_complete(rds.topology(cluster, instances), "r") is True


def test_the_runtime_guard_refuses_the_writer_and_a_second_member_down():
    cluster, instances = shape(("w", 1, "db.r6g.large"), ("r", 1, "db.r6g.large"), ("r2", 1, "db.r6g.large"))
    with pytest.raises(AuroraError, match="w is the writer now"):
        rolling.refuse_unsafe_reboot(rds.topology(cluster, instances), "w")
    instances[2]["DBInstanceStatus"] = "rebooting"
    with pytest.raises(AuroraError, match=r"another member is down \(r2 is rebooting\)"):
        rolling.refuse_unsafe_reboot(rds.topology(cluster, instances), "r")
    instances[2]["DBInstanceStatus"] = "available"
    rolling.refuse_unsafe_reboot(rds.topology(cluster, instances), "r")
    # A single-instance cluster (allow_downtime) may reboot its writer.
    cluster, instances = shape(("w", 1, "db.r6g.large"))
    rolling.refuse_unsafe_reboot(rds.topology(cluster, instances), "w")


@pytest.mark.parametrize(
    ("cluster_status", "member", "message"),
    [
        ("stopped", {}, "cluster c is stopped: start it (aurora.mysql.aurora_cluster state: started), then rerun"),
        ("available", {"DBInstanceStatus": "incompatible-parameters"}, "instance r is incompatible-parameters: its"),
        (
            "available",
            {"DBParameterGroups": [{"DBParameterGroupName": "g", "ParameterApplyStatus": "failed-to-apply"}]},
            "parameter group of instance r is failed-to-apply: RDS reports the group in an invalid state",
        ),
    ],
)
def test_a_state_waiting_cannot_leave_stops_the_plan_and_every_wait(cluster_status, member, message):
    cluster, instances = shape(("w", 1, "db.r6g.large"), ("r", 1, "db.r6g.large", member), status=cluster_status)
    topology = rds.topology(cluster, instances)
    with pytest.raises(StuckError) as err:
        rolling.refuse_stuck(topology)
    assert err.value.message.startswith(message)
    with pytest.raises(StuckError):
        rolling.plan(topology, options())


def test_planned_and_pending_members():
    cluster, instances = shape(("w", 1, "db.r6g.large", IN_SYNC), ("r", 1, "db.r6g.large"))
    assert rolling.state(rds.topology(cluster, instances), True)["pending_reboot"] == ["r"]
    (step,) = rolling.planned(steps_of(cluster, instances, options()))
    assert step["status"] == "planned" and step["duration_seconds"] == 0.0


# --- replica lag ---


def test_max_lag_is_the_highest_maximum_or_unknown():
    assert rolling.max_lag([]) is None
    assert rolling.max_lag([{"Maximum": 12.5}, {"Maximum": 40.0}, {"Average": 3}]) == 40.0


def test_step_failed_error_names_the_step_and_keeps_what_was_done():
    cluster, instances = shape(("w", 1, "db.r6g.large"), ("r", 1, "db.r6g.large"))
    steps = steps_of(cluster, instances, options())
    done = [dict(steps[0], status="done", duration_seconds=3.2)]
    error = rolling.StepFailedError(steps[1], done, steps, rolling.StepTimeoutError("r to be the writer", 5, "x"))
    assert error.message.startswith("Step 2 of 4 (failover r) failed: Timed out after 5 s (step_timeout) waiting for r")
    result = error.to_result()
    assert result["failed_step"] == {"step": 2, "action": "failover", "instance": "r", "role": "reader"}
    assert result["steps"] == done and [s["status"] for s in result["plan"]] == ["planned"] * 4
    assert result["wait"] == {"what": "r to be the writer", "timeout": 5}


def test_the_plan_says_who_writes_afterwards_and_that_nothing_stays_pending():
    cluster, instances = shape(("w", 1, "db.r6g.large"), ("r", 1, "db.r6g.large"))
    plan = rolling.plan(rds.topology(cluster, instances), options(preserve_writer=False))
    assert plan.action == "reboot"
    assert plan.changes == {"writer": "r", "pending_reboot": []}
