"""The one RDS read layer: the member view, who uses a group, events, and the members wait."""

import datetime

from ansible_collections.aurora.mysql.plugins.module_utils import rds
from tests.unit.builders import IN_SYNC, RecordingClient, cluster_members, raw_cluster, raw_instance, shape


def test_pending_values_are_snake_case_and_every_queued_password_masked():
    pending = {"MasterUserPassword": "hunter2", "NewMasterUserPassword": "x", "DBInstanceClass": "db.r6g.large"}
    assert rds.pending_values(pending) == {
        "master_user_password": "********",
        "new_master_user_password": "********",
        "db_instance_class": "db.r6g.large",
    }
    assert rds.pending_values(None) == {}


def test_the_member_view_completes_the_cluster_entry_from_the_instance():
    (entry,) = cluster_members(("myapp-aurora-writer", 0))
    view = rds.member_view(entry, raw_instance(PendingModifiedValues={"DBInstanceClass": "db.r6g.2xlarge"}))
    assert view == {
        "instance_identifier": "myapp-aurora-writer",
        "is_writer": True,
        "promotion_tier": 0,
        "status": "available",
        "instance_class": "db.r6g.xlarge",
        "availability_zone": "us-east-1a",
        "address": "myapp-aurora-writer.abc.us-east-1.rds.amazonaws.com",
        "db_parameter_group_name": "myapp-aurora-mysql8-instance",
        "parameter_apply_status": "in-sync",
        "cluster_parameter_apply_status": None,
        "pending_modified_values": {"db_instance_class": "db.r6g.2xlarge"},
    }


def test_a_member_not_read_yet_has_what_the_cluster_says_and_rds_default_tier():
    view = rds.member_view({"DBInstanceIdentifier": "r", "IsClusterWriter": False})
    assert (view["instance_identifier"], view["is_writer"], view["promotion_tier"]) == ("r", False, 1)
    assert view["status"] is None and view["pending_modified_values"] == {}


def test_topology_names_the_writer_and_sorts_the_members():
    cluster, instances = shape(("w", 1, "db.r6g.large"), ("b", 0, "db.r6g.large"), ("a", 2, "db.r6g.large"), writer="b")
    topology = rds.topology(cluster, instances)
    assert (topology["identifier"], topology["status"], topology["writer"]) == ("c", "available", "b")
    assert [m["instance_identifier"] for m in topology["members"]] == ["a", "b", "w"]
    assert rds.topology(None) is None
    assert rds.writer_of(None) is None


def _listing(clusters, instances):
    return RecordingClient(
        {"describe_db_clusters": {"DBClusters": clusters}, "describe_db_instances": {"DBInstances": instances}}
    )


def test_a_subnet_group_is_used_by_clusters_of_any_engine_and_by_instances_outside_a_cluster():
    clusters = [
        raw_cluster(DBSubnetGroup="MyApp-Aurora-Subnets"),
        raw_cluster(DBClusterIdentifier="other-postgres", Engine="aurora-postgresql"),
        raw_cluster(DBClusterIdentifier="elsewhere", DBSubnetGroup="other"),
    ]
    instances = [
        raw_instance(DBSubnetGroup={"DBSubnetGroupName": "myapp-aurora-subnets"}),  # a member: counts as its cluster
        raw_instance(
            DBInstanceIdentifier="other-mysql",
            Engine="mysql",
            DBClusterIdentifier=None,
            DBSubnetGroup={"DBSubnetGroupName": "myapp-aurora-subnets"},
        ),
    ]
    users = rds.subnet_group_users(_listing(clusters, instances), "myapp-aurora-subnets")
    assert [(user["kind"], user["identifier"]) for user in users] == [
        ("cluster", "myapp-aurora-cluster"),
        ("cluster", "other-postgres"),
        ("instance", "other-mysql"),
    ]
    assert rds.users_named(users) == "cluster myapp-aurora-cluster, cluster other-postgres, instance other-mysql"


def test_an_instance_parameter_group_is_used_by_instances_and_knows_who_waits_for_a_reboot():
    pending = [{"DBParameterGroupName": "pg", "ParameterApplyStatus": "pending-reboot"}]
    instances = [
        raw_instance(
            DBInstanceIdentifier="w",
            DBParameterGroups=[{"DBParameterGroupName": "PG", "ParameterApplyStatus": "in-sync"}],
        ),
        raw_instance(DBInstanceIdentifier="r", DBParameterGroups=pending),
        raw_instance(DBInstanceIdentifier="x", **IN_SYNC),
    ]
    users = rds.parameter_group_users(_listing([], instances), "instance", "pg")
    assert users == [
        dict(kind="instance", identifier="w", cluster="myapp-aurora-cluster", instances=["w"], pending_reboot=[]),
        dict(kind="instance", identifier="r", cluster="myapp-aurora-cluster", instances=["r"], pending_reboot=["r"]),
    ]


def test_a_cluster_parameter_group_is_used_by_clusters_and_reaches_their_members():
    members = [
        dict(member, DBClusterParameterGroupStatus=status)
        for member, status in zip(cluster_members(("w", 1), ("r", 1)), ("in-sync", "pending-reboot"), strict=True)
    ]
    clusters = [raw_cluster(DBClusterMembers=members), raw_cluster(DBClusterIdentifier="empty")]
    users = rds.parameter_group_users(_listing(clusters, []), "cluster", "myapp-aurora-mysql8-cluster")
    assert users == [
        dict(
            kind="cluster", identifier="myapp-aurora-cluster", cluster=None, instances=["r", "w"], pending_reboot=["r"]
        ),
        dict(kind="cluster", identifier="empty", cluster=None, instances=[], pending_reboot=[]),
    ]


def test_users_an_earlier_task_deletes_are_gone_with_the_instances_of_a_cluster_it_deletes():
    users = [
        dict(kind="cluster", identifier="gone-cluster", cluster=None, instances=[], pending_reboot=[]),
        dict(kind="instance", identifier="member", cluster="Gone-Cluster", instances=[], pending_reboot=[]),
        dict(kind="instance", identifier="gone-instance", cluster=None, instances=[], pending_reboot=[]),
        dict(kind="instance", identifier="kept", cluster="other", instances=[], pending_reboot=[]),
    ]
    left = rds.still_in_use(users, ("gone-cluster", "gone-instance"))
    assert [user["identifier"] for user in left] == ["kept"]
    assert rds.still_in_use(users) == users


def test_events_are_oldest_first_with_iso_dates():
    utc = datetime.UTC
    events = [
        {"Date": datetime.datetime(2024, 5, 1, 10, 0, 9, tzinfo=utc), "Message": "Completed", "SourceIdentifier": "c"},
        {"Date": datetime.datetime(2024, 5, 1, 10, 0, 1, tzinfo=utc), "Message": "Started", "SourceIdentifier": "c"},
    ]
    assert rds.events_view(events) == [
        {"date": "2024-05-01T10:00:01+00:00", "message": "Started", "source_identifier": "c"},
        {"date": "2024-05-01T10:00:09+00:00", "message": "Completed", "source_identifier": "c"},
    ]
    client = RecordingClient({"describe_events": {"Events": events}})
    assert rds.read_events(client, "c", minutes=5) == events
    assert client.calls == [("describe_events", {"SourceType": "db-cluster", "SourceIdentifier": "c", "Duration": 5})]


def test_the_members_wait_is_skipped_when_the_listing_shows_every_member_available():
    instances = [raw_instance(), raw_instance(DBInstanceIdentifier="r")]

    class Listing(RecordingClient):
        def wait(self, name, timeout, **kwargs):
            self.calls.append(("wait", name))

    ready = Listing({"describe_db_instances": {"DBInstances": instances}})
    assert rds.wait_members_available(ready, "myapp-aurora-cluster", 30) == instances
    assert [call[0] for call in ready.calls] == ["describe_db_instances"]
    busy = Listing({"describe_db_instances": {"DBInstances": [raw_instance(DBInstanceStatus="creating")]}})
    assert rds.wait_members_available(busy, "myapp-aurora-cluster", 30) is None
    assert busy.calls[-1] == ("wait", "members_available")
