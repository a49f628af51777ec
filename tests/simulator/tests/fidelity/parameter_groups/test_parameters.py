"""DescribeEngineDefault*Parameters and DescribeDB(Cluster)Parameters: the catalogue, user values, Source, pages."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.simulator.catalog import CLUSTER, INSTANCE, engine_default_parameters
from tests.simulator.tests import builders


def _all_engine_defaults(rds, method):
    pages = rds.get_paginator(method).paginate(DBParameterGroupFamily=builders.FAMILY)
    return [row for page in pages for row in page["EngineDefaults"]["Parameters"]]


def test_engine_default_describes_answer_from_the_catalogue(rds):
    catalogue = engine_default_parameters(builders.FAMILY, CLUSTER)
    first = rds.describe_engine_default_cluster_parameters(DBParameterGroupFamily=builders.FAMILY)["EngineDefaults"]
    cluster = _all_engine_defaults(rds, "describe_engine_default_cluster_parameters")
    instance = _all_engine_defaults(rds, "describe_engine_default_parameters")
    assert first["DBParameterGroupFamily"] == builders.FAMILY
    assert [row["ParameterName"] for row in cluster] == [row["ParameterName"] for row in catalogue]
    assert "character_set_server" in {row["ParameterName"] for row in cluster}
    assert "slow_query_log" in {row["ParameterName"] for row in instance}
    # The default page holds 100 rows, as on RDS; the catalogue decides whether a second page follows.
    assert len(first["Parameters"]) == min(100, len(catalogue))
    assert ("Marker" in first) == (len(catalogue) > 100)


def test_engine_defaults_paginate_with_marker_and_max_records(rds):
    paginator = rds.get_paginator("describe_engine_default_parameters")
    pages = list(paginator.paginate(DBParameterGroupFamily=builders.FAMILY, PaginationConfig={"PageSize": 20}))
    names = [row["ParameterName"] for page in pages for row in page["EngineDefaults"]["Parameters"]]
    assert len(pages) > 1 and all(len(page["EngineDefaults"]["Parameters"]) <= 20 for page in pages)
    assert names == [row["ParameterName"] for row in engine_default_parameters(builders.FAMILY, INSTANCE)]
    first = rds.describe_engine_default_parameters(DBParameterGroupFamily=builders.FAMILY, MaxRecords=20)[
        "EngineDefaults"
    ]
    assert first["Marker"]
    with pytest.raises(ClientError) as excinfo:
        rds.describe_engine_default_parameters(DBParameterGroupFamily=builders.FAMILY, MaxRecords=5)
    assert builders.code_and_status(excinfo)[0] == "InvalidParameterValue"


def test_engine_defaults_of_an_unknown_family_are_refused(rds):
    with pytest.raises(ClientError) as excinfo:
        rds.describe_engine_default_cluster_parameters(DBParameterGroupFamily="aurora-mysql9.9")
    assert builders.code_and_status(excinfo)[0] == "InvalidParameterValue"


def test_group_parameters_merge_user_values_over_the_catalogue(rds):
    group = builders.instance_group(rds)
    rds.modify_db_parameter_group(DBParameterGroupName=group, Parameters=builders.GUIDE_INSTANCE_PARAMETERS)
    paginator = rds.get_paginator("describe_db_parameters")
    rows = [row for page in paginator.paginate(DBParameterGroupName=group) for row in page["Parameters"]]
    assert len(rows) == len(engine_default_parameters(builders.FAMILY, INSTANCE))
    by_name = {row["ParameterName"]: row for row in rows}
    assert by_name["long_query_time"]["ParameterValue"] == "1"
    assert by_name["long_query_time"]["Source"] == "user"
    assert by_name["long_query_time"]["DataType"] == "float"
    assert by_name["innodb_buffer_pool_size"]["Source"] == "system"
    assert by_name["wait_timeout"]["Source"] == "engine-default"


def test_source_filter_splits_the_group_parameters(rds):
    group = builders.cluster_group(rds)
    rds.modify_db_cluster_parameter_group(
        DBClusterParameterGroupName=group, Parameters=builders.GUIDE_CLUSTER_PARAMETERS
    )
    paginator = rds.get_paginator("describe_db_cluster_parameters")

    def rows(**filters):
        return [
            row
            for page in paginator.paginate(DBClusterParameterGroupName=group, **filters)
            for row in page["Parameters"]
        ]

    every = rows()
    by_source = {source: rows(Source=source) for source in ("user", "engine-default", "system")}
    assert {row["ParameterName"] for row in by_source["user"]} == {
        "character_set_server",
        "collation_server",
        "require_secure_transport",
    }
    assert all(row["Source"] == source for source, rows in by_source.items() for row in rows)
    assert sum(len(rows) for rows in by_source.values()) == len(every)
    assert "binlog_format" in {row["ParameterName"] for row in by_source["system"]}


def test_cluster_group_parameters_paginate_like_rds(rds):
    group = builders.cluster_group(rds)
    rds.modify_db_cluster_parameter_group(
        DBClusterParameterGroupName=group, Parameters=builders.GUIDE_CLUSTER_PARAMETERS
    )
    paginator = rds.get_paginator("describe_db_cluster_parameters")
    pages = list(paginator.paginate(DBClusterParameterGroupName=group, PaginationConfig={"PageSize": 20}))
    rows = [row for page in pages for row in page["Parameters"]]
    assert len(pages) == -(-len(engine_default_parameters(builders.FAMILY, CLUSTER)) // 20)
    assert [row["ParameterName"] for row in rows] == [
        row["ParameterName"] for row in engine_default_parameters(builders.FAMILY, CLUSTER)
    ]
    assert {row["ParameterName"] for row in rows if row["Source"] == "user"} == {
        "character_set_server",
        "collation_server",
        "require_secure_transport",
    }
