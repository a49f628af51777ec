"""DescribeDBEngineVersions from the catalogue, and CreateDBCluster / ModifyDBCluster refusing versions it lacks."""

from __future__ import annotations

from tests.simulator.catalog import aurora_mysql_versions, default_aurora_mysql_version, valid_upgrade_targets
from tests.simulator.fidelity.engine_versions import select
from tests.simulator.tests import builders

UNKNOWN = "8.0.mysql_aurora.9.99.9"
ALL_VERSIONS = [row["EngineVersion"] for row in aurora_mysql_versions()]
V2 = [version for version in ALL_VERSIONS if version.startswith("5.7.")]
V3 = [version for version in ALL_VERSIONS if version.startswith("8.0.")]


def versions(answer: dict) -> list[str]:
    return [row["EngineVersion"] for row in answer["DBEngineVersions"]]


def test_one_version_with_the_fields_rds_gives(rds):
    answer = rds.describe_db_engine_versions(Engine="aurora-mysql", EngineVersion=builders.VERSION)
    [row] = answer["DBEngineVersions"]
    assert "Marker" not in answer
    assert row["Engine"] == "aurora-mysql"
    assert row["EngineVersion"] == builders.VERSION
    assert row["MajorEngineVersion"] == "8.0"
    assert row["DBParameterGroupFamily"] == "aurora-mysql8.0"
    assert row["DBEngineDescription"] == "Aurora MySQL"
    assert row["DBEngineVersionDescription"] == "Aurora MySQL 3.07.1 (compatible with MySQL 8.0.36)"
    assert row["Status"] == "available"
    assert row["SupportsLogExportsToCloudwatchLogs"] is True
    assert {"audit", "error", "general", "slowquery"} <= set(row["ExportableLogTypes"])


def test_upgrade_targets_are_the_newer_versions_modify_accepts(rds):
    [row] = rds.describe_db_engine_versions(Engine="aurora-mysql", EngineVersion=builders.VERSION)["DBEngineVersions"]
    targets = row["ValidUpgradeTarget"]
    assert [target["EngineVersion"] for target in targets] == V3[V3.index(builders.VERSION) + 1 :]
    assert not any(target["IsMajorVersionUpgrade"] for target in targets)

    [old] = rds.describe_db_engine_versions(Engine="aurora-mysql", EngineVersion=V2[-1])["DBEngineVersions"]
    majors = [target["EngineVersion"] for target in old["ValidUpgradeTarget"] if target["IsMajorVersionUpgrade"]]
    assert majors == V3
    # What is listed is what a modify takes: the first major target is accepted with the flag.
    builders.cluster(rds, "old", EngineVersion=V2[-1])
    builders.instance(rds, "old-writer", cluster_identifier="old")
    queued = rds.modify_db_cluster(DBClusterIdentifier="old", EngineVersion=majors[0], AllowMajorVersionUpgrade=True)
    assert queued["DBCluster"]["PendingModifiedValues"] == {"EngineVersion": majors[0]}

    [newest] = rds.describe_db_engine_versions(Engine="aurora-mysql", EngineVersion=V3[-1])["DBEngineVersions"]
    assert newest["ValidUpgradeTarget"] == []


def test_upgrade_targets_are_the_catalogues_with_the_fields_of_the_guides_example(rds):
    [row] = rds.describe_db_engine_versions(Engine="aurora-mysql", EngineVersion=V2[-1])["DBEngineVersions"]
    expected = valid_upgrade_targets(V2[-1])
    assert [target["EngineVersion"] for target in row["ValidUpgradeTarget"]] == [t["EngineVersion"] for t in expected]
    first_major = next(target for target in row["ValidUpgradeTarget"] if target["IsMajorVersionUpgrade"])
    # Aurora User Guide, AuroraMySQL.Updates.MajorVersionUpgrade.md shows one such entry, from 2.10.2 to 3.02.0.
    assert first_major == {
        "Engine": "aurora-mysql",
        "EngineVersion": V3[0],
        "Description": next(
            r["DBEngineVersionDescription"] for r in aurora_mysql_versions() if r["EngineVersion"] == V3[0]
        ),
        "AutoUpgrade": False,
        "IsMajorVersionUpgrade": True,
        "SupportedEngineModes": ["provisioned"],
        "SupportsParallelQuery": True,
        "SupportsGlobalDatabases": True,
        "SupportsBabelfish": False,
    }
    # "Auto minor version upgrades are performed to the default minor version" (AuroraMySQL.Updates.Patching.md).
    [v3] = rds.describe_db_engine_versions(Engine="aurora-mysql", EngineVersion=builders.VERSION)["DBEngineVersions"]
    auto = [target["EngineVersion"] for target in v3["ValidUpgradeTarget"] if target["AutoUpgrade"]]
    assert auto == [default_aurora_mysql_version()]


def test_an_unknown_version_is_an_empty_list_not_an_error(rds):
    assert rds.describe_db_engine_versions(Engine="aurora-mysql", EngineVersion=UNKNOWN)["DBEngineVersions"] == []


def test_engine_alone_lists_every_version_oldest_first(rds):
    assert versions(rds.describe_db_engine_versions(Engine="aurora-mysql")) == ALL_VERSIONS
    assert versions(rds.describe_db_engine_versions()) == ALL_VERSIONS


def test_major_version_family_and_default_only(rds):
    assert versions(rds.describe_db_engine_versions(Engine="aurora-mysql", EngineVersion="5.7")) == V2
    assert versions(rds.describe_db_engine_versions(DBParameterGroupFamily="aurora-mysql8.0")) == V3
    assert versions(rds.describe_db_engine_versions(Engine="aurora-mysql", DefaultOnly=True)) == [
        default_aurora_mysql_version()
    ]
    message = builders.fails(
        "InvalidParameterValue", rds.describe_db_engine_versions, DBParameterGroupFamily="aurora-mysql9.9"
    )
    assert "aurora-mysql9.9" in message


def test_filters(rds):
    by_family = rds.describe_db_engine_versions(
        Filters=[{"Name": "db-parameter-group-family", "Values": ["aurora-mysql5.7"]}]
    )
    assert versions(by_family) == V2
    by_version = rds.describe_db_engine_versions(
        Engine="aurora-mysql", Filters=[{"Name": "engine-version", "Values": [builders.VERSION, UNKNOWN]}]
    )
    assert versions(by_version) == [builders.VERSION]
    assert versions(rds.describe_db_engine_versions(Filters=[{"Name": "status", "Values": ["deprecated"]}])) == []
    builders.fails(
        "InvalidParameterValue",
        rds.describe_db_engine_versions,
        Filters=[{"Name": "nonsense", "Values": ["x"]}],
    )


def test_pages_follow_the_marker_and_the_paginator_joins_them(rds):
    first = rds.describe_db_engine_versions(Engine="aurora-mysql", MaxRecords=20)
    assert versions(first) == ALL_VERSIONS[:20] and first["Marker"]
    second = rds.describe_db_engine_versions(Engine="aurora-mysql", MaxRecords=20, Marker=first["Marker"])
    assert versions(second) == ALL_VERSIONS[20:] and "Marker" not in second
    pages = rds.get_paginator("describe_db_engine_versions").paginate(
        Engine="aurora-mysql", PaginationConfig={"PageSize": 20}
    )
    assert versions(pages.build_full_result()) == ALL_VERSIONS
    builders.fails("InvalidParameterValue", rds.describe_db_engine_versions, MaxRecords=19)
    builders.fails("InvalidParameterValue", rds.describe_db_engine_versions, Marker="not-a-marker")


def test_include_all_adds_versions_that_are_not_available():
    rows = [dict(row) for row in aurora_mysql_versions()]
    rows[0]["Status"] = "deprecated"
    default = [row["EngineVersion"] for row in select(rows, {"Engine": "aurora-mysql"})]
    everything = [row["EngineVersion"] for row in select(rows, {"Engine": "aurora-mysql", "IncludeAll": True})]
    assert default == ALL_VERSIONS[1:]
    assert everything == ALL_VERSIONS


def test_create_refuses_a_version_the_catalogue_lacks(rds):
    message = builders.fails("InvalidParameterCombination", builders.cluster, rds, EngineVersion=UNKNOWN)
    assert message == f"Cannot find version {UNKNOWN} for aurora-mysql"
    assert rds.describe_db_clusters()["DBClusters"] == []


def test_modify_refuses_a_version_the_catalogue_lacks(rds):
    builders.cluster(rds)
    message = builders.fails(
        "InvalidParameterCombination",
        rds.modify_db_cluster,
        DBClusterIdentifier=builders.CLUSTER,
        EngineVersion=UNKNOWN,
        ApplyImmediately=True,
    )
    # Not an upgrade target of the cluster's version, like a downgrade (support/validation.upgrade).
    assert message == f"Cannot find upgrade target from {builders.VERSION} with requested version {UNKNOWN}."
    kept = builders.describe_cluster(rds)
    assert kept["EngineVersion"] == builders.VERSION
    assert kept.get("PendingModifiedValues", {}) == {}
