import pytest

from ansible_collections.aurora.mysql.plugins.module_utils import failover
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError


def cluster(status="available", writer="w", members=("w", "r1", "r2"), tiers=None):
    tiers = tiers or {}
    return {
        "DBClusterIdentifier": "c",
        "Status": status,
        "DBClusterMembers": [
            {"DBInstanceIdentifier": m, "IsClusterWriter": m == writer, "PromotionTier": tiers.get(m, 1)}
            for m in members
        ],
    }


def instances(classes=None, statuses=None, members=("w", "r1", "r2")):
    classes, statuses = classes or {}, statuses or {}
    return [
        {
            "DBInstanceIdentifier": m,
            "DBInstanceClass": classes.get(m, "db.r6g.large"),
            "DBInstanceStatus": statuses.get(m, "available"),
        }
        for m in members
    ]


def desired(target=None):
    return failover.desired_from_params({"cluster_identifier": "c", "target_instance": target})


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
    assert failover.plan(cluster(), instances(), desired("w")) is None


def test_target_already_writer_needs_no_available_cluster():
    # A rerun while the failover it asked for is still settling must not fail: the writer is already right.
    assert failover.plan(cluster(status="failing-over", writer="r1"), instances(), desired("r1")) is None


def test_named_target_is_promoted():
    assert failover.plan(cluster(), instances(), desired("r2")) == {"previous_writer": "w", "target": "r2"}


def test_default_target_is_lowest_tier_first():
    plan = failover.plan(cluster(tiers={"r1": 2, "r2": 0}), instances(), desired())
    assert plan == {"previous_writer": "w", "target": "r2"}


def test_default_target_within_a_tier_is_the_largest_class():
    plan = failover.plan(cluster(), instances(classes={"r1": "db.r6g.large", "r2": "db.r6g.2xlarge"}), desired())
    assert plan["target"] == "r2"


def test_default_target_tie_breaks_by_name_and_skips_unavailable_readers():
    assert failover.plan(cluster(), instances(), desired())["target"] == "r1"
    assert failover.plan(cluster(), instances(statuses={"r1": "rebooting"}), desired())["target"] == "r2"


def test_default_target_ignores_the_writer_even_with_the_best_tier():
    plan = failover.plan(cluster(tiers={"w": 0, "r1": 5, "r2": 3}), instances(), desired())
    assert plan["target"] == "r2"


def test_missing_cluster_is_refused():
    with pytest.raises(ValidationError, match="cluster c does not exist"):
        failover.plan(None, [], desired())


def test_unavailable_cluster_is_refused():
    with pytest.raises(ValidationError, match="cluster c is modifying; a failover needs it available") as err:
        failover.plan(cluster(status="modifying"), instances(), desired("r1"))
    assert err.value.option == "cluster_identifier"


def test_single_member_cluster_is_refused():
    one = ("w",)
    with pytest.raises(ValidationError, match="has 1 member"):
        failover.plan(cluster(members=one), instances(members=one), desired())


def test_target_not_a_member_is_refused_and_names_the_members():
    with pytest.raises(ValidationError, match=r"other is not a member of cluster c \(members: r1, r2, w\)") as err:
        failover.plan(cluster(), instances(), desired("other"))
    assert err.value.option == "target_instance"


def test_unavailable_target_is_refused():
    with pytest.raises(ValidationError, match="r1 is rebooting; it must be available"):
        failover.plan(cluster(), instances(statuses={"r1": "rebooting"}), desired("r1"))


def test_no_available_reader_is_refused_with_each_state():
    with pytest.raises(ValidationError, match="no available reader to promote .r1 is creating, r2 is rebooting."):
        failover.plan(cluster(), instances(statuses={"r1": "creating", "r2": "rebooting"}), desired())


def test_invalid_identifiers_are_refused_before_any_call():
    with pytest.raises(ValidationError, match="target_instance"):
        failover.desired_from_params({"cluster_identifier": "c", "target_instance": "bad_name"})
    with pytest.raises(ValidationError, match="cluster_identifier"):
        failover.desired_from_params({"cluster_identifier": "9c", "target_instance": None})


def test_settled_needs_cluster_and_every_member_available():
    assert failover.settled(cluster(), instances())
    assert not failover.settled(cluster(status="failing-over"), instances())
    assert not failover.settled(cluster(), instances(statuses={"r2": "modifying"}))
