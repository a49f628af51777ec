import datetime

import pytest

from ansible_collections.aurora.mysql.plugins.module_utils import cluster, cluster_info
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError

UTC = datetime.UTC

CLUSTER = {
    "DBClusterIdentifier": "myapp-aurora-cluster",
    "DBClusterArn": "arn:aws:rds:us-east-1:123456789012:cluster:myapp-aurora-cluster",
    "Status": "available",
    "Engine": "aurora-mysql",
    "EngineVersion": "8.0.mysql_aurora.3.07.1",
    "Endpoint": "myapp-aurora-cluster.cluster-abc123.us-east-1.rds.amazonaws.com",
    "ReaderEndpoint": "myapp-aurora-cluster.cluster-ro-abc123.us-east-1.rds.amazonaws.com",
    "Port": 3306,
    "AvailabilityZones": ["us-east-1c", "us-east-1a"],
    "VpcSecurityGroups": [{"VpcSecurityGroupId": "sg-2"}, {"VpcSecurityGroupId": "sg-1"}],
    "ClusterCreateTime": datetime.datetime(2024, 5, 1, 9, 0, tzinfo=UTC),
    "TagList": [{"Key": "app", "Value": "myapp"}],
    "PendingModifiedValues": {"MasterUserPassword": "****", "EngineVersion": "8.0.mysql_aurora.3.08.0"},
    "DBClusterMembers": [
        {"DBInstanceIdentifier": "reader-2", "IsClusterWriter": False, "PromotionTier": 1},
        {"DBInstanceIdentifier": "writer", "IsClusterWriter": True, "PromotionTier": 1},
        {
            "DBInstanceIdentifier": "reader-1",
            "IsClusterWriter": False,
            "PromotionTier": 0,
            "DBClusterParameterGroupStatus": "pending-reboot",
        },
    ],
}


def instance(identifier, status="available", instance_class="db.r6g.xlarge", apply_status="in-sync"):
    return {
        "DBInstanceIdentifier": identifier,
        "DBClusterIdentifier": "myapp-aurora-cluster",
        "DBInstanceStatus": status,
        "DBInstanceClass": instance_class,
        "AvailabilityZone": "us-east-1a",
        "Endpoint": {"Address": f"{identifier}.abc123.us-east-1.rds.amazonaws.com", "Port": 3306},
        "DBParameterGroups": [{"DBParameterGroupName": "pg", "ParameterApplyStatus": apply_status}],
        "PendingModifiedValues": {"DBInstanceClass": "db.r6g.2xlarge"} if identifier == "reader-2" else {},
    }


INSTANCES = [instance("writer"), instance("reader-1", apply_status="pending-reboot"), instance("reader-2")]


def test_endpoints_are_what_the_write_and_read_pools_need():
    result = cluster_info.normalise(CLUSTER, INSTANCES)
    assert result["endpoints"] == {
        "writer": "myapp-aurora-cluster.cluster-abc123.us-east-1.rds.amazonaws.com",
        "reader": "myapp-aurora-cluster.cluster-ro-abc123.us-east-1.rds.amazonaws.com",
        "port": 3306,
        "instances": {
            "writer": "writer.abc123.us-east-1.rds.amazonaws.com",
            "reader-1": "reader-1.abc123.us-east-1.rds.amazonaws.com",
            "reader-2": "reader-2.abc123.us-east-1.rds.amazonaws.com",
        },
    }


def test_writer_and_readers_in_promotion_order():
    result = cluster_info.normalise(CLUSTER, INSTANCES)
    assert result["writer"] == "writer"
    assert result["readers"] == ["reader-1", "reader-2"]
    assert [m["instance_identifier"] for m in result["members"]] == ["writer", "reader-1", "reader-2"]
    assert [m["is_writer"] for m in result["members"]] == [True, False, False]


def test_readers_in_one_tier_put_the_largest_class_first():
    members = [dict(m, PromotionTier=1) for m in CLUSTER["DBClusterMembers"]]
    bigger = [instance("writer"), instance("reader-1"), instance("reader-2", instance_class="db.r6g.4xlarge")]
    result = cluster_info.normalise(dict(CLUSTER, DBClusterMembers=members), bigger)
    assert result["readers"] == ["reader-2", "reader-1"]


def test_members_carry_status_class_tier_and_apply_status():
    reader_1 = cluster_info.normalise(CLUSTER, INSTANCES)["members"][1]
    assert reader_1 == {
        "instance_identifier": "reader-1",
        "is_writer": False,
        "status": "available",
        "instance_class": "db.r6g.xlarge",
        "promotion_tier": 0,
        "availability_zone": "us-east-1a",
        "address": "reader-1.abc123.us-east-1.rds.amazonaws.com",
        "db_parameter_group_name": "pg",
        "parameter_apply_status": "pending-reboot",
        "cluster_parameter_apply_status": "pending-reboot",
        "pending_modified_values": {},
    }


def test_a_member_still_being_created_has_no_address_yet():
    creating = dict(instance("reader-2", status="creating"))
    del creating["Endpoint"]
    result = cluster_info.normalise(CLUSTER, [instance("writer"), instance("reader-1"), creating])
    assert result["endpoints"]["instances"]["reader-2"] is None
    assert result["members"][2]["status"] == "creating"


def test_cluster_fields_are_snake_case_sorted_and_stable():
    result = cluster_info.normalise(CLUSTER, INSTANCES)
    assert result["identifier"] == "myapp-aurora-cluster"
    assert result["status"] == "available" and result["port"] == 3306
    # Every field aurora_cluster returns, under the same name.
    shared = cluster.normalise(CLUSTER)
    assert {key: result[key] for key in shared if key != "members"} == {
        k: v for k, v in shared.items() if k != "members"
    }
    assert result["engine_version"] == "8.0.mysql_aurora.3.07.1"
    assert result["availability_zones"] == ["us-east-1a", "us-east-1c"]
    assert result["vpc_security_group_ids"] == ["sg-1", "sg-2"]
    assert result["cluster_create_time"] == "2024-05-01T09:00:00+00:00"
    assert result["tags"] == {"app": "myapp"}
    assert "events" not in result


def test_pending_values_are_snake_case_and_mask_a_queued_password():
    result = cluster_info.normalise(CLUSTER, INSTANCES)
    assert result["pending_modified_values"] == {
        "master_user_password": "********",
        "engine_version": "8.0.mysql_aurora.3.08.0",
    }
    assert result["members"][2]["pending_modified_values"] == {"db_instance_class": "db.r6g.2xlarge"}


def test_events_are_oldest_first_with_iso_dates():
    events = [
        {"Date": datetime.datetime(2024, 5, 1, 10, 0, 9, tzinfo=UTC), "Message": "Completed", "SourceIdentifier": "c"},
        {"Date": datetime.datetime(2024, 5, 1, 10, 0, 1, tzinfo=UTC), "Message": "Started", "SourceIdentifier": "c"},
    ]
    result = cluster_info.normalise(CLUSTER, INSTANCES, events)
    assert result["events"] == [
        {"date": "2024-05-01T10:00:01+00:00", "message": "Started", "source_identifier": "c"},
        {"date": "2024-05-01T10:00:09+00:00", "message": "Completed", "source_identifier": "c"},
    ]
    assert cluster_info.normalise(CLUSTER, INSTANCES, [])["events"] == []


def test_query_is_validated_before_any_call():
    query = cluster_info.desired_from_params({"cluster_identifier": None, "events_since_minutes": 30})
    assert (query.cluster, query.events_since_minutes, query.wait_for_members) == (None, 30, False)
    with pytest.raises(ValidationError, match="events_since_minutes: 20161 is out of range"):
        cluster_info.desired_from_params({"cluster_identifier": "c", "events_since_minutes": 20161})
    with pytest.raises(ValidationError, match="cluster_identifier"):
        cluster_info.desired_from_params({"cluster_identifier": "bad_id", "events_since_minutes": None})
