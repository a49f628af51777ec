"""The rolling reboot's step runner: its replica lag wait, with a fake CloudWatch and a fake clock."""

import pytest

from ansible_collections.aurora.mysql.plugins.module_utils import rolling, rolling_api
from ansible_collections.aurora.mysql.plugins.module_utils.errors import AuroraError, WaitTimeoutError
from tests.unit.builders import IN_SYNC, RecordingClient, shape
from tests.unit.builders import rolling_desired as options


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
    runner = rolling_api.Runner(
        None, options(max_replica_lag_ms=limit, step_timeout=step_timeout), cloudwatch, clock, clock.sleep
    )
    return runner, cloudwatch, clock


def test_lag_wait_returns_once_the_lag_is_under_the_limit():
    runner, cloudwatch, clock = lag_runner([[{"Maximum": 350.0}], [{"Maximum": 99.0}]])
    runner._wait_for_lag("r", deadline=30)
    assert clock.now == rolling_api.LAG_POLL_DELAY and len(cloudwatch.calls) == 2
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


def test_a_reader_is_rebooted_and_its_step_done_once_it_is_back_in_sync():
    pending = shape(("w", 1, "db.r6g.large", IN_SYNC), ("r", 1, "db.r6g.large"))
    back = shape(("w", 1, "db.r6g.large", IN_SYNC), ("r", 1, "db.r6g.large", IN_SYNC))
    reads = []

    def clusters(**_kwargs):
        reads.append(1)
        return {"DBClusters": [(pending if len(reads) == 1 else back)[0]]}

    def instances(**_kwargs):
        return {"DBInstances": (pending if len(reads) == 1 else back)[1]}

    client = RecordingClient({"describe_db_clusters": clusters, "describe_db_instances": instances})
    clock = FakeClock()
    step = {"step": 1, "action": "reboot", "instance": "r", "role": "reader", "reasons": ["x"]}
    (done,) = rolling_api.Runner(client, options(), None, clock, clock.sleep).run([step])
    assert done["status"] == "done"
    assert ("reboot_db_instance", {"DBInstanceIdentifier": "r"}) in client.calls
    assert not [call for call in client.calls if call[0] == "failover_db_cluster"]


def test_a_failed_step_stops_the_run_and_says_which():
    one = shape(("w", 1, "db.r6g.large"), ("r", 1, "db.r6g.large"))
    client = RecordingClient(
        {"describe_db_clusters": {"DBClusters": [one[0]]}, "describe_db_instances": {"DBInstances": one[1]}}
    )
    steps = [
        {"step": 1, "action": "reboot", "instance": "w", "role": "writer", "reasons": ["x"]},
        {"step": 2, "action": "reboot", "instance": "r", "role": "reader", "reasons": ["x"]},
    ]
    with pytest.raises(rolling.StepFailedError) as err:
        rolling_api.Runner(client, options(), None, FakeClock()).run(steps)
    assert "w is the writer now" in err.value.message
    assert not [call for call in client.calls if call[0] == "reboot_db_instance"]


def applying_then(final):
    """A client whose cluster's reader shows `applying` on the first read, then `final`."""
    reads = []
    status = {"DBParameterGroups": [{"DBParameterGroupName": "g", "ParameterApplyStatus": "applying"}]}

    def current():
        return shape(("w", 1, "db.r6g.large", IN_SYNC), ("r", 1, "db.r6g.large", status if len(reads) < 2 else final))

    def clusters(**_kwargs):
        reads.append(1)
        return {"DBClusters": [current()[0]]}

    def instances(**_kwargs):
        return {"DBInstances": current()[1]}

    return RecordingClient({"describe_db_clusters": clusters, "describe_db_instances": instances}), reads


def test_the_plan_is_made_only_once_no_member_is_applying():
    pending = {"DBParameterGroups": [{"DBParameterGroupName": "g", "ParameterApplyStatus": "pending-reboot"}]}
    client, reads = applying_then(pending)
    clock = FakeClock()
    topology = rolling_api.read_settled(client, options(), clock, clock.sleep)
    assert len(reads) == 2 and clock.now == rolling_api.POLL_DELAY
    assert rolling.plan(topology, options()).details["steps"][0]["instance"] == "r"


def test_applying_past_the_step_timeout_is_a_timeout_naming_the_members():
    client, _reads = applying_then({"DBParameterGroups": [{"ParameterApplyStatus": "applying"}]})
    clock = FakeClock()
    with pytest.raises(WaitTimeoutError, match="finish applying; last seen: applying on r"):
        rolling_api.read_settled(client, options(step_timeout=5), clock, clock.sleep)


def test_on_a_writer_and_one_reader_a_writer_aws_failed_back_to_is_never_rebooted():
    """The failover step made r the writer; before the old writer's step AWS failed back on its own. With one
    reader, the guard still refuses to reboot the instance that writes: the run stops there."""
    writer_is = {"w": True}

    def topology(writer):
        cluster, instances = shape(("w", 1, "db.r6g.large"), ("r", 1, "db.r6g.large", IN_SYNC), writer=writer)
        return cluster, instances

    answers = iter(["w", "r", "w"])  # the failover step: before and after its call; then the reboot step

    def clusters(**_kwargs):
        current = next(answers, "w")
        writer_is["w"] = current == "w"
        return {"DBClusters": [topology(current)[0]]}

    def instances(**_kwargs):
        return {"DBInstances": topology("w" if writer_is["w"] else "r")[1]}

    client = RecordingClient({"describe_db_clusters": clusters, "describe_db_instances": instances})
    steps = [
        {"step": 1, "action": "failover", "instance": "r", "role": "reader", "reasons": ["x"]},
        {"step": 2, "action": "reboot", "instance": "w", "role": "writer", "reasons": ["x"]},
    ]
    clock = FakeClock()
    with pytest.raises(rolling.StepFailedError) as err:
        rolling_api.Runner(client, options(), None, clock, clock.sleep).run(steps)
    assert err.value.step["step"] == 2 and "w is the writer now" in err.value.message
    assert [call[0] for call in client.calls if not call[0].startswith("describe")] == ["failover_db_cluster"]
