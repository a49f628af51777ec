"""Failover: the target, the checks that come first, and the plan, on rds.topology() views."""

import pytest

from ansible_collections.aurora.mysql.plugins.module_utils import failover, rds
from ansible_collections.aurora.mysql.plugins.module_utils.errors import StuckError, ValidationError
from tests.unit.builders import shape


def topology(status="available", writer="w", members=("w", "r1", "r2"), tiers=None, classes=None, statuses=None):
    """A cluster of these members, every one db.r6g.large, tier 1 and available unless told otherwise."""
    tiers, classes, statuses = tiers or {}, classes or {}, statuses or {}
    specs = [
        (
            name,
            tiers.get(name, 1),
            classes.get(name, "db.r6g.large"),
            {"DBInstanceStatus": statuses.get(name, "available")},
        )
        for name in members
    ]
    return rds.topology(*shape(*specs, writer=writer, status=status))


def desired(target=None, wait=True):
    return failover.desired_from_params({"cluster_identifier": "c", "target_instance": target, "wait": wait})


@pytest.mark.parametrize(
    ("instance_class", "size"),
    [
        ("db.t3.medium", 1),
        ("db.r6g.large", 2),
        ("db.r6g.xlarge", 4),
        ("db.r6g.2xlarge", 8),
        ("db.r6g.16xlarge", 64),
        ("db.r6i.metal", 1000),
        ("db.serverless", 0),
        (None, 0),
    ],
)
def test_class_size_ranks_instance_sizes(instance_class, size):
    assert failover.class_size(instance_class) == size


def test_target_already_writer_plans_nothing():
    work = failover.plan(topology(), desired("w"))
    assert not work and work.wait is None
    assert work.details == {"previous_writer": "w", "target": "w"}


def test_target_already_writer_needs_no_available_cluster():
    # A rerun while the failover it asked for is still settling must not fail: the writer is already right.
    work = failover.plan(topology(status="failing-over", writer="r1"), desired("r1"))
    # Nothing to send, but the wait a wait=false run skipped is still owed.
    assert not work and work.wait == "failover_complete"


def test_named_target_is_promoted():
    work = failover.plan(topology(), desired("r2"))
    assert work.action == "failover" and work.changes == {"writer": "r2"} and work.wait == "failover_complete"
    assert work.request == {"DBClusterIdentifier": "c", "TargetDBInstanceIdentifier": "r2"}
    assert work.details == {"previous_writer": "w", "target": "r2"}


def test_default_target_is_lowest_tier_first():
    plan = failover.plan(topology(tiers={"r1": 2, "r2": 0}), desired())
    assert plan.details == {"previous_writer": "w", "target": "r2"}


def test_default_target_within_a_tier_is_the_largest_class():
    plan = failover.plan(topology(classes={"r1": "db.r6g.large", "r2": "db.r6g.2xlarge"}), desired())
    assert plan.details["target"] == "r2"


def test_default_target_tie_breaks_by_name_and_skips_unavailable_readers():
    assert failover.plan(topology(), desired()).details["target"] == "r1"
    assert failover.plan(topology(statuses={"r1": "rebooting"}), desired()).details["target"] == "r2"


def test_default_target_ignores_the_writer_even_with_the_best_tier():
    plan = failover.plan(topology(tiers={"w": 0, "r1": 5, "r2": 3}), desired())
    assert plan.details["target"] == "r2"


def test_missing_cluster_is_refused():
    with pytest.raises(ValidationError, match="cluster c does not exist"):
        failover.plan(None, desired())


def test_unavailable_cluster_is_refused():
    with pytest.raises(ValidationError, match="cluster c is modifying; a failover needs it available") as err:
        failover.plan(topology(status="modifying"), desired("r1"))
    assert err.value.option == "cluster_identifier"


def test_single_member_cluster_is_refused():
    one = ("w",)
    with pytest.raises(ValidationError, match="has 1 member"):
        failover.plan(topology(members=one), desired())


def test_target_not_a_member_is_refused_and_names_the_members():
    with pytest.raises(ValidationError, match=r"other is not a member of cluster c \(members: r1, r2, w\)") as err:
        failover.plan(topology(), desired("other"))
    assert err.value.option == "target_instance"


def test_unavailable_target_is_refused():
    with pytest.raises(ValidationError, match="r1 is rebooting; it must be available"):
        failover.plan(topology(statuses={"r1": "rebooting"}), desired("r1"))


def test_no_available_reader_is_refused_with_each_state():
    with pytest.raises(ValidationError, match="no available reader to promote .r1 is creating, r2 is rebooting."):
        failover.plan(topology(statuses={"r1": "creating", "r2": "rebooting"}), desired())


def test_invalid_identifiers_are_refused_before_any_call():
    with pytest.raises(ValidationError, match="target_instance"):
        failover.desired_from_params({"cluster_identifier": "c", "target_instance": "bad_name"})
    with pytest.raises(ValidationError, match="cluster_identifier"):
        failover.desired_from_params({"cluster_identifier": "9c", "target_instance": None})


def test_settled_needs_cluster_and_every_member_available():
    assert failover.settled(topology())
    assert not failover.settled(topology(status="failing-over"))
    assert not failover.settled(topology(statuses={"r2": "modifying"}))


def test_without_wait_the_plan_waits_for_nothing():
    assert failover.plan(topology(), desired("r1", wait=False)).wait is None
    assert failover.plan(topology(status="failing-over", writer="r1"), desired("r1", wait=False)).wait is None


def test_a_cluster_in_a_state_waiting_cannot_leave_is_refused_with_what_to_do():
    cluster, instances = shape(("w", 1, "db.r6g.large"), ("r", 1, "db.r6g.large"), status="stopped")
    with pytest.raises(StuckError, match="cluster c is stopped: start it"):
        failover.plan(rds.topology(cluster, instances), failover.Desired(cluster="c", target="r"))


def test_the_events_of_a_failed_failover_are_found_by_their_words():
    events = rds.events_view(
        [
            {"Message": "Started cross AZ failover to DB instance: r", "Date": "2025-01-01T00:00:01"},
            {
                "Message": "Cluster failover failed, check the health of your cluster instances and try again",
                "Date": "2025-01-01T00:00:31",
            },
            {"Message": "Promoting previous primary again: w.", "Date": "2025-01-01T00:00:32"},
        ]
    )
    failed = failover.failure_events(events)
    assert [event["message"][:22] for event in failed] == ["Cluster failover faile", "Promoting previous pri"]
    err = failover.FailoverFailedError("c", "r", "w", events)
    assert err.message.startswith("the failover of cluster c to r failed and w is still the writer; RDS said: Cluster")
    assert err.to_result() == {"writer": "w", "events": events}
