"""Time-scaled status transitions: the scheduler on a fake clock, then live statuses at small scales."""

from __future__ import annotations

import pytest

from tests.simulator.tests import builders
from tests.simulator.transitions import DURATIONS, Scheduler


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return FakeClock()


def test_steps_follow_aws_durations_times_the_scale(clock):
    scheduler = Scheduler(clock)
    scheduler.scale = 0.5
    shown, done = [], []
    scheduler.start(
        "c",
        [("creating", "cluster.creating"), ("backing-up", "cluster.backing-up")],
        shown.append,
        lambda: done.append(1),
    )
    assert shown == ["creating"]
    clock.now += DURATIONS["cluster.creating"] * 0.5 - 0.01
    scheduler.tick()
    assert shown == ["creating"] and not done
    clock.now += 0.02
    scheduler.tick()
    assert shown == ["creating", "backing-up"] and not done
    clock.now += DURATIONS["cluster.backing-up"] * 0.5
    scheduler.tick()
    assert done == [1] and not scheduler.pending("c")


def test_scale_zero_finishes_at_the_next_tick(clock):
    scheduler = Scheduler(clock)
    shown, done = [], []
    scheduler.start("i", [("creating", "instance.creating")], shown.append, lambda: done.append(1))
    assert shown == ["creating"] and not done
    scheduler.tick()
    assert done == [1]


def test_a_new_job_for_the_same_resource_replaces_the_old(clock):
    scheduler = Scheduler(clock)
    scheduler.scale = 1
    finished = []
    scheduler.start("i", [("creating", "instance.creating")], lambda _: None, lambda: finished.append("created"))
    scheduler.start("i", [("deleting", "instance.deleting")], lambda _: None, lambda: finished.append("deleted"))
    clock.now += 10_000
    scheduler.tick()
    assert finished == ["deleted"]


def test_a_job_that_is_not_ready_waits_on_its_last_status(clock):
    scheduler = Scheduler(clock)
    ready = []
    scheduler.start("c", [("deleting", "cluster.deleting")], lambda _: None, lambda: bool(ready))
    scheduler.tick()
    assert scheduler.pending("c")
    ready.append(True)
    scheduler.tick()
    assert not scheduler.pending("c")


def test_cluster_and_instance_creation_at_scale_zero_is_instant_after_the_response(sim):
    rds = sim.boto3("rds")
    assert builders.cluster(rds)["Status"] == "creating"
    assert builders.instance(rds, "writer")["DBInstanceStatus"] == "creating"
    assert builders.describe_cluster(rds)["Status"] == "available"
    assert builders.describe_instance(rds, "writer")["DBInstanceStatus"] == "available"


def test_cluster_goes_creating_backing_up_available(sim):
    rds = sim.boto3("rds")
    sim.client.set_scale(0.025)  # creating 2.25 s, backing-up 0.75 s
    builders.cluster(rds)
    seen = builders.watch(lambda: builders.describe_cluster(rds)["Status"], lambda status: status == "available")
    assert seen == ["creating", "backing-up", "available"]


def test_instance_goes_creating_available(sim):
    rds = sim.boto3("rds")
    builders.cluster(rds)
    sim.client.set_scale(0.005)  # creating 2.4 s
    builders.instance(rds, "writer")
    seen = builders.watch(
        lambda: builders.describe_instance(rds, "writer")["DBInstanceStatus"], lambda s: s == "available"
    )
    assert seen == ["creating", "available"]


def test_class_change_applied_immediately_goes_through_modifying(sim):
    rds = sim.boto3("rds")
    builders.cluster(rds)
    builders.instance(rds, "writer")
    sim.client.set_scale(0.015)  # modifying 1.8 s
    rds.modify_db_instance(DBInstanceIdentifier="writer", DBInstanceClass="db.r6g.xlarge", ApplyImmediately=True)
    during = builders.describe_instance(rds, "writer")
    assert during["DBInstanceStatus"] == "modifying"
    assert during["DBInstanceClass"] == builders.INSTANCE_CLASS
    assert during["PendingModifiedValues"] == {"DBInstanceClass": "db.r6g.xlarge"}
    builders.watch(lambda: builders.describe_instance(rds, "writer")["DBInstanceStatus"], lambda s: s == "available")
    after = builders.describe_instance(rds, "writer")
    assert (after["DBInstanceClass"], after["PendingModifiedValues"]) == ("db.r6g.xlarge", {})


def test_engine_upgrade_applied_immediately_goes_through_upgrading(sim):
    rds = sim.boto3("rds")
    builders.cluster(rds)
    builders.instance(rds, "writer")
    sim.client.set_scale(0.0025)  # a few moments available (0.075 s), then upgrading 1.5 s
    answer = rds.modify_db_cluster(
        DBClusterIdentifier=builders.CLUSTER, EngineVersion="8.0.mysql_aurora.3.08.0", ApplyImmediately=True
    )["DBCluster"]
    assert (answer["Status"], answer["EngineVersion"]) == ("available", builders.VERSION)

    def state():
        cluster = builders.describe_cluster(rds)
        return cluster["Status"], cluster["EngineVersion"]

    seen = builders.watch(state, lambda value: value[1] != builders.VERSION)
    assert ("upgrading", builders.VERSION) in seen
    after = builders.describe_cluster(rds)
    assert (after["Status"], after["EngineVersion"]) == ("available", "8.0.mysql_aurora.3.08.0")
    assert "PendingModifiedValues" not in after


def test_reboot_goes_rebooting_available(sim):
    rds = sim.boto3("rds")
    builders.cluster(rds)
    builders.instance(rds, "writer")
    sim.client.set_scale(0.025)  # rebooting 1.5 s
    assert rds.reboot_db_instance(DBInstanceIdentifier="writer")["DBInstance"]["DBInstanceStatus"] == "rebooting"
    seen = builders.watch(
        lambda: builders.describe_instance(rds, "writer")["DBInstanceStatus"], lambda s: s == "available"
    )
    assert seen == ["rebooting", "available"]


def test_deleting_then_gone(sim):
    rds = sim.boto3("rds")
    builders.cluster(rds)
    builders.instance(rds, "writer")
    sim.client.set_scale(0.01)  # instance deleting 3 s, cluster deleting 1.2 s once the instance is gone
    rds.delete_db_instance(DBInstanceIdentifier="writer")
    rds.delete_db_cluster(DBClusterIdentifier=builders.CLUSTER, SkipFinalSnapshot=True)

    def statuses():
        clusters = {c["DBClusterIdentifier"]: c["Status"] for c in rds.describe_db_clusters()["DBClusters"]}
        instances = {
            i["DBInstanceIdentifier"]: i["DBInstanceStatus"] for i in rds.describe_db_instances()["DBInstances"]
        }
        return clusters.get(builders.CLUSTER, "gone"), instances.get("writer", "gone")

    seen = builders.watch(statuses, lambda pair: pair == ("gone", "gone"))
    # The cluster stays "deleting" until its last instance is gone, although its own deletion is shorter.
    assert seen == [("deleting", "deleting"), ("deleting", "gone"), ("gone", "gone")]
