"""DescribeOrderableDBInstanceOptions for aurora-mysql, and the classes CreateDBInstance/ModifyDBInstance refuse."""

from __future__ import annotations

import pytest

from tests.simulator.catalog import orderable_instance_classes
from tests.simulator.tests import builders

V2_VERSION = "5.7.mysql_aurora.2.12.4"


def orderable(rds, **request) -> list[dict]:
    pages = rds.get_paginator("describe_orderable_db_instance_options").paginate(Engine="aurora-mysql", **request)
    return [row for page in pages for row in page["OrderableDBInstanceOptions"]]


def test_one_version_lists_the_catalogues_classes_in_rds_shape(rds):
    rows = orderable(rds, EngineVersion=builders.VERSION)
    assert [row["DBInstanceClass"] for row in rows] == orderable_instance_classes(builders.VERSION)
    row = next(row for row in rows if row["DBInstanceClass"] == builders.INSTANCE_CLASS)
    assert row["Engine"] == "aurora-mysql"
    assert row["EngineVersion"] == builders.VERSION
    assert row["LicenseModel"] == "general-public-license"
    assert row["StorageType"] == "aurora"
    assert row["Vpc"] is True
    assert row["SupportedEngineModes"] == ["provisioned"]
    assert row["SupportedActivityStreamModes"] == ["async"]
    assert [zone["Name"] for zone in row["AvailabilityZones"]][:2] == ["us-east-1a", "us-east-1b"]
    assert "db.t3.small" not in [row["DBInstanceClass"] for row in rows]


def test_class_and_version_filters(rds):
    rows = orderable(rds, DBInstanceClass="db.t3.small")
    assert rows and {row["EngineVersion"].split(".mysql_aurora.")[0] for row in rows} == {"5.7"}
    assert orderable(rds, EngineVersion=builders.VERSION, DBInstanceClass="db.t3.small") == []
    assert orderable(rds, EngineVersion="8.0.mysql_aurora.9.99.9") == []
    assert orderable(rds, EngineVersion=builders.VERSION, Vpc=False) == []
    assert len(orderable(rds, EngineVersion=builders.VERSION, Vpc=True)) == len(
        orderable_instance_classes(builders.VERSION)
    )
    assert orderable(rds, EngineVersion=builders.VERSION, LicenseModel="license-included") == []


def test_pages_of_max_records_follow_each_other(rds):
    everything = orderable(rds)
    first = rds.describe_orderable_db_instance_options(Engine="aurora-mysql", MaxRecords=20)
    assert len(first["OrderableDBInstanceOptions"]) == 20
    second = rds.describe_orderable_db_instance_options(Engine="aurora-mysql", MaxRecords=20, Marker=first["Marker"])
    assert first["OrderableDBInstanceOptions"] + second["OrderableDBInstanceOptions"] == everything[:40]
    assert len(everything) > 100  # the default page is 100; the paginator went on
    large = rds.describe_orderable_db_instance_options(Engine="aurora-mysql", MaxRecords=1000)
    assert large["OrderableDBInstanceOptions"] == everything and "Marker" not in large
    builders.fails(
        "InvalidParameterValue", rds.describe_orderable_db_instance_options, Engine="aurora-mysql", MaxRecords=1001
    )


def test_other_engines_keep_motos_answer(rds):
    rows = rds.describe_orderable_db_instance_options(Engine="aurora-postgresql", MaxRecords=20)
    assert {row["Engine"] for row in rows["OrderableDBInstanceOptions"]} == {"aurora-postgresql"}


@pytest.mark.parametrize("instance_class", ["db.t2.small", "db.t3.small", "db.t3.2xlarge", "db.r4.large"])
def test_a_class_aurora_mysql_3_does_not_offer_is_refused_before_anything_is_created(rds, instance_class):
    builders.cluster(rds)
    message = builders.fails(
        "InvalidParameterCombination", builders.instance, rds, "writer", DBInstanceClass=instance_class
    )
    assert message == (
        "RDS does not support creating a DB instance with the following combination: "
        f"DBInstanceClass={instance_class}, Engine=aurora-mysql, EngineVersion={builders.VERSION}, "
        "LicenseModel=general-public-license. For supported combinations of instance class and database engine "
        "version, see the documentation."
    )
    assert rds.describe_db_instances()["DBInstances"] == []


@pytest.mark.parametrize("instance_class", ["db.r7g.huge", "r7g.large"])
def test_a_class_that_does_not_exist_is_an_invalid_value(rds, instance_class):
    builders.cluster(rds)
    message = builders.fails("InvalidParameterValue", builders.instance, rds, "writer", DBInstanceClass=instance_class)
    assert message == f"Invalid DB Instance class: {instance_class}"


def test_the_clusters_version_decides(rds):
    builders.cluster(rds, "old", EngineVersion=V2_VERSION)
    assert builders.instance(rds, "old-writer", cluster_identifier="old", DBInstanceClass="db.t3.small")
    builders.cluster(rds)
    builders.fails("InvalidParameterCombination", builders.instance, rds, "writer", DBInstanceClass="db.t3.small")


def test_a_class_change_is_refused_alike_and_nothing_is_queued(rds):
    builders.cluster(rds)
    builders.instance(rds, "writer")
    message = builders.fails(
        "InvalidParameterCombination",
        rds.modify_db_instance,
        DBInstanceIdentifier="writer",
        DBInstanceClass="db.t3.small",
    )
    assert "DBInstanceClass=db.t3.small, Engine=aurora-mysql" in message
    builders.fails(
        "InvalidParameterValue", rds.modify_db_instance, DBInstanceIdentifier="writer", DBInstanceClass="db.r7g.huge"
    )
    assert builders.describe_instance(rds, "writer")["PendingModifiedValues"] == {}
