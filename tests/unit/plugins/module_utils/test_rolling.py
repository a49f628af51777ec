"""rolling: what needs a reboot, the order, the guards and the replica lag wait, without any network."""

import pytest

from ansible_collections.aurora.mysql.plugins.module_utils import rolling
from ansible_collections.aurora.mysql.plugins.module_utils.errors import AuroraError, ValidationError

PG = "myapp-aurora-mysql8-instance"


def shape(*specs, writer=None, status="available", cluster_pending=()):
    """(cluster, instances) from (identifier, tier, class[, {overrides}]) specs; the first is the writer by default."""
    writer = writer or specs[0][0]
    cluster = {
        "DBClusterIdentifier": "c",
        "Status": status,
        "DBClusterMembers": [
            {
                "DBInstanceIdentifier": spec[0],
                "IsClusterWriter": spec[0] == writer,
                "PromotionTier": spec[1],
                "DBClusterParameterGroupStatus": "pending-reboot" if spec[0] in cluster_pending else "in-sync",
            }
            for spec in specs
        ],
    }
    instances = []
    for spec in specs:
        overrides = spec[3] if len(spec) > 3 else {}
        instance = {
            "DBInstanceIdentifier": spec[0],
            "DBInstanceClass": spec[2],
            "DBInstanceStatus": "available",
            "DBParameterGroups": [{"DBParameterGroupName": PG, "ParameterApplyStatus": "pending-reboot"}],
            "PendingModifiedValues": {},
        }
        instance.update(overrides)
        instances.append(instance)
    return cluster, instances


IN_SYNC = {"DBParameterGroups": [{"DBParameterGroupName": PG, "ParameterApplyStatus": "in-sync"}]}


def options(**overrides):
    params = {
        "cluster_identifier": "c",
        "preserve_writer": True,
        "allow_downtime": False,
        "include_queued_changes": True,
        "max_replica_lag_ms": None,
        "step_timeout": 1800,
    }
    params.update(overrides)
    return rolling.desired_from_params(params)


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
        rolling.plan(cluster, instances, options())
    assert excinfo.value.option == "allow_downtime"
    assert "single instance (w)" in excinfo.value.message and "allow_downtime=true" in excinfo.value.message


def test_single_instance_with_allow_downtime_reboots_the_writer():
    cluster, instances = shape(("w", 1, "db.r6g.large"))
    steps = rolling.plan(cluster, instances, options(allow_downtime=True))
    assert order(steps) == [(1, "reboot", "w", "writer")]
    assert steps[0]["reasons"] == [f"parameter group {PG} is pending-reboot"]


def test_single_instance_in_sync_is_nothing_to_do_even_without_allow_downtime():
    cluster, instances = shape(("w", 1, "db.r6g.large", IN_SYNC))
    assert rolling.plan(cluster, instances, options()) == []


def test_two_members_reader_then_failover_writer_failback():
    cluster, instances = shape(("w", 1, "db.r6g.large"), ("r", 1, "db.r6g.large"))
    assert order(rolling.plan(cluster, instances, options())) == [
        (1, "reboot", "r", "reader"),
        (2, "failover", "r", "reader"),
        (3, "reboot", "w", "writer"),
        (4, "failover", "w", "writer"),
    ]


def test_two_members_without_preserve_writer_stays_on_the_reader():
    cluster, instances = shape(("w", 1, "db.r6g.large"), ("r", 1, "db.r6g.large"))
    steps = rolling.plan(cluster, instances, options(preserve_writer=False))
    assert order(steps) == [(1, "reboot", "r", "reader"), (2, "failover", "r", "reader"), (3, "reboot", "w", "writer")]
    assert rolling.final_writer(steps, "w") == "r"


def test_two_members_only_the_reader_pending_needs_no_failover():
    cluster, instances = shape(("w", 1, "db.r6g.large", IN_SYNC), ("r", 1, "db.r6g.large"))
    steps = rolling.plan(cluster, instances, options())
    assert order(steps) == [(1, "reboot", "r", "reader")]
    assert rolling.final_writer(steps, "w") == "w"


def test_two_members_only_the_writer_pending_fails_over_to_the_in_sync_reader():
    cluster, instances = shape(("w", 1, "db.r6g.large"), ("r", 1, "db.r6g.large", IN_SYNC))
    assert order(rolling.plan(cluster, instances, options())) == [
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
    steps = rolling.plan(cluster, instances, options())
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
    assert [step["instance"] for step in rolling.plan(cluster, instances, options())][:3] == ["r-1", "r-2", "r-0"]


def test_four_members_the_failover_target_may_be_a_reader_that_needed_no_reboot():
    # r-a (the best reader) is already in-sync: it is not rebooted, and it is still where the writer goes.
    specs = (FOUR[0], ("r-a", 0, "db.r6g.xlarge", IN_SYNC), FOUR[2], FOUR[3])
    cluster, instances = shape(*specs)
    assert order(rolling.plan(cluster, instances, options())) == [
        (1, "reboot", "r-c", "reader"),
        (2, "reboot", "r-b", "reader"),
        (3, "failover", "r-a", "reader"),
        (4, "reboot", "w", "writer"),
        (5, "failover", "w", "writer"),
    ]


def test_a_writer_that_is_not_the_first_member_is_found():
    cluster, instances = shape(*FOUR, writer="r-b")
    steps = rolling.plan(cluster, instances, options())
    assert order(steps)[-3:] == [
        (4, "failover", "r-a", "reader"),
        (5, "reboot", "r-b", "writer"),
        (6, "failover", "r-b", "writer"),
    ]
    assert [step["instance"] for step in steps[:3]] == ["r-c", "w", "r-a"]


def test_nothing_pending_is_an_empty_plan():
    cluster, instances = shape(*(spec + (IN_SYNC,) for spec in FOUR))
    assert rolling.plan(cluster, instances, options()) == []


# --- what needs a reboot ---


def test_cluster_parameter_group_pending_reboot_counts():
    specs = [spec + (IN_SYNC,) for spec in FOUR]
    cluster, instances = shape(*specs, cluster_pending=("r-b",))
    steps = rolling.plan(cluster, instances, options())
    assert order(steps) == [(1, "reboot", "r-b", "reader")]
    assert steps[0]["reasons"] == ["cluster parameter group is pending-reboot"]


def test_queued_class_change_counts_only_with_include_queued_changes():
    queued = dict(IN_SYNC, PendingModifiedValues={"DBInstanceClass": "db.r6g.2xlarge"})
    cluster, instances = shape(("w", 1, "db.r6g.large", IN_SYNC), ("r", 1, "db.r6g.large", queued))
    steps = rolling.plan(cluster, instances, options())
    assert order(steps) == [(1, "reboot", "r", "reader")]
    assert steps[0]["reasons"] == ["queued DBInstanceClass change to db.r6g.2xlarge"]
    assert rolling.plan(cluster, instances, options(include_queued_changes=False)) == []


def test_members_separate_parameter_reasons_from_queued_changes():
    queued = {"PendingModifiedValues": {"CACertificateIdentifier": "rds-ca-rsa2048-g1", "MasterUserPassword": "****"}}
    cluster, instances = shape(("w", 1, "db.r6g.large", queued))
    (member,) = rolling.members(cluster, instances, include_queued=True)
    assert member["queued"] == {"CACertificateIdentifier": "rds-ca-rsa2048-g1"}
    assert member["parameters_pending"] is True
    assert member["reasons"] == [
        f"parameter group {PG} is pending-reboot",
        "queued CACertificateIdentifier change to rds-ca-rsa2048-g1",
    ]
    (member,) = rolling.members(cluster, instances, include_queued=False)
    assert member["queued"] == {} and member["reasons"] == [f"parameter group {PG} is pending-reboot"]


def test_a_queued_rename_with_a_restart_change_is_refused():
    queued = {"PendingModifiedValues": {"DBInstanceClass": "db.r6g.2xlarge", "DBInstanceIdentifier": "r-new"}}
    cluster, instances = shape(("w", 1, "db.r6g.large"), ("r", 1, "db.r6g.large", queued))
    with pytest.raises(ValidationError) as excinfo:
        rolling.plan(cluster, instances, options())
    assert excinfo.value.option == "include_queued_changes" and "r -> r-new" in excinfo.value.message
    # Without the queue the rename stays queued and only the parameters are applied.
    assert len(rolling.plan(cluster, instances, options(include_queued_changes=False))) == 4


# --- preconditions ---


def test_missing_cluster_is_refused():
    with pytest.raises(ValidationError, match="cluster c does not exist"):
        rolling.plan(None, [], options())


def test_a_check_run_plans_nothing_for_a_cluster_not_made_yet():
    assert rolling.plan(None, [], options(), check_mode=True) == []


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
        rolling.plan(cluster, instances, options())
    assert expected in excinfo.value.message and "no more than one instance is ever down" in excinfo.value.message


# --- the predicates the runner waits on, and its guards ---


def test_reboot_complete_needs_the_instance_in_sync_and_every_member_available():
    cluster, instances = shape(("w", 1, "db.r6g.large", IN_SYNC), ("r", 1, "db.r6g.large"))
    assert rolling.reboot_complete(cluster, instances, "r", True) is False
    instances[1].update(IN_SYNC)
    assert rolling.reboot_complete(cluster, instances, "r", True) is True
    instances[0]["DBInstanceStatus"] = "rebooting"
    assert rolling.reboot_complete(cluster, instances, "r", True) is False


def test_failover_complete_needs_the_target_as_writer_and_the_cluster_available():
    cluster, instances = shape(("w", 1, "db.r6g.large"), ("r", 1, "db.r6g.large"))
    assert rolling.failover_complete(cluster, instances, "r") is False
    cluster, instances = shape(("w", 1, "db.r6g.large"), ("r", 1, "db.r6g.large"), writer="r", status="failing-over")
    assert rolling.failover_complete(cluster, instances, "r") is False
    cluster["Status"] = "available"
    assert rolling.failover_complete(cluster, instances, "r") is True


def test_the_runtime_guard_refuses_the_writer_and_a_second_member_down():
    cluster, instances = shape(("w", 1, "db.r6g.large"), ("r", 1, "db.r6g.large"), ("r2", 1, "db.r6g.large"))
    with pytest.raises(AuroraError, match="w is the writer now"):
        rolling.refuse_unsafe_reboot(cluster, instances, "w")
    instances[2]["DBInstanceStatus"] = "rebooting"
    with pytest.raises(AuroraError, match=r"another member is down \(r2 is rebooting\)"):
        rolling.refuse_unsafe_reboot(cluster, instances, "r")
    instances[2]["DBInstanceStatus"] = "available"
    rolling.refuse_unsafe_reboot(cluster, instances, "r")
    # A single-instance cluster (allow_downtime) may reboot its writer.
    cluster, instances = shape(("w", 1, "db.r6g.large"))
    rolling.refuse_unsafe_reboot(cluster, instances, "w")


def test_broken_members_are_reported():
    cluster, instances = shape(
        ("w", 1, "db.r6g.large"), ("r", 1, "db.r6g.large", {"DBInstanceStatus": "incompatible-parameters"})
    )
    assert rolling.broken_members(cluster, instances) == ["r is incompatible-parameters"]


def test_planned_and_pending_members():
    cluster, instances = shape(("w", 1, "db.r6g.large", IN_SYNC), ("r", 1, "db.r6g.large"))
    assert rolling.pending_members(cluster, instances, True) == ["r"]
    (step,) = rolling.planned(rolling.plan(cluster, instances, options()))
    assert step["status"] == "planned" and step["duration_seconds"] == 0.0


# --- replica lag ---


def test_max_lag_is_the_highest_maximum_or_unknown():
    assert rolling.max_lag([]) is None
    assert rolling.max_lag([{"Maximum": 12.5}, {"Maximum": 40.0}, {"Average": 3}]) == 40.0


class FakeCloudWatch:
    """Answers GetMetricStatistics from a list of datapoint lists, the last one repeating."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.calls = []

    def call(self, method, **kwargs):
        self.calls.append((method, kwargs))
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        return {"Datapoints": answer}


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def lag_runner(answers, limit=100, step_timeout=30):
    clock = FakeClock()
    cloudwatch = FakeCloudWatch(answers)
    runner = rolling.Runner(
        None, options(max_replica_lag_ms=limit, step_timeout=step_timeout), cloudwatch, clock, clock.sleep
    )
    return runner, cloudwatch, clock


def test_lag_wait_returns_once_the_lag_is_under_the_limit():
    runner, cloudwatch, clock = lag_runner([[{"Maximum": 350.0}], [{"Maximum": 99.0}]])
    runner._wait_for_lag("r", deadline=30)
    assert clock.now == rolling.LAG_POLL_DELAY and len(cloudwatch.calls) == 2
    method, kwargs = cloudwatch.calls[0]
    assert method == "get_metric_statistics"
    assert kwargs["MetricName"] == "AuroraReplicaLag" and kwargs["Statistics"] == ["Maximum"]
    assert kwargs["Dimensions"] == [{"Name": "DBInstanceIdentifier", "Value": "r"}]
    assert (kwargs["EndTime"] - kwargs["StartTime"]).total_seconds() == 60
    assert runner.warnings == []


def test_lag_without_datapoints_is_waited_for_until_the_deadline_then_a_warning():
    runner, cloudwatch, clock = lag_runner([[]], step_timeout=25)
    runner._wait_for_lag("r", deadline=25)
    assert clock.now == 25 and len(cloudwatch.calls) == 4  # at 0, 10, 20 and 25 s
    assert runner.warnings == [
        "r: no AuroraReplicaLag datapoints within step_timeout (25 s); went on without knowing its replica lag"
    ]


def test_lag_still_too_high_at_the_deadline_fails():
    runner = lag_runner([[{"Maximum": 500.0}]], limit=100, step_timeout=15)[0]
    with pytest.raises(
        AuroraError,
        match="still 500.0 ms over the last minute after step_timeout \\(15 s\\); max_replica_lag_ms is 100",
    ):
        runner._wait_for_lag("r", deadline=15)


def test_step_failed_error_names_the_step_and_keeps_what_was_done():
    cluster, instances = shape(("w", 1, "db.r6g.large"), ("r", 1, "db.r6g.large"))
    steps = rolling.plan(cluster, instances, options())
    done = [dict(steps[0], status="done", duration_seconds=3.2)]
    error = rolling.StepFailedError(steps[1], done, steps, rolling.StepTimeoutError("r to be the writer", 5, "x"))
    assert error.message.startswith("Step 2 of 4 (failover r) failed: Timed out after 5 s (step_timeout) waiting for r")
    result = error.to_result()
    assert result["failed_step"] == {"step": 2, "action": "failover", "instance": "r", "role": "reader"}
    assert result["steps"] == done and [s["status"] for s in result["plan"]] == ["planned"] * 4
    assert result["wait"] == {"what": "r to be the writer", "timeout": 5}
