"""The instance view and desired state: normalising DescribeDBInstances and validating params, without a network."""

import pytest

from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError
from ansible_collections.aurora.mysql.plugins.module_utils.instance import (
    desired_from_params,
    kms_key_id,
    normalise,
    requested,
    snake,
    state_of,
)

KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab"
KEY_ARN = f"arn:aws:kms:us-east-1:123456789012:key/{KEY_ID}"


def raw_instance(**overrides):
    raw = {
        "DBInstanceIdentifier": "myapp-aurora-writer",
        "DBInstanceArn": "arn:aws:rds:us-east-1:123456789012:db:myapp-aurora-writer",
        "DBInstanceStatus": "available",
        "DBInstanceClass": "db.r6g.xlarge",
        "Engine": "aurora-mysql",
        "DBClusterIdentifier": "myapp-aurora-cluster",
        "AvailabilityZone": "us-east-1a",
        "Endpoint": {"Address": "myapp-aurora-writer.abc.us-east-1.rds.amazonaws.com", "Port": 3306},
        "DBParameterGroups": [
            {"DBParameterGroupName": "myapp-aurora-mysql8-instance", "ParameterApplyStatus": "in-sync"}
        ],
        "PendingModifiedValues": {},
        "PubliclyAccessible": False,
        "MonitoringInterval": 10,
        "MonitoringRoleArn": "arn:aws:iam::123456789012:role/rds-enhanced-monitoring-role",
        "PerformanceInsightsEnabled": True,
        "PerformanceInsightsRetentionPeriod": 7,
        "PerformanceInsightsKMSKeyId": KEY_ARN,
        "AutoMinorVersionUpgrade": True,
        "PromotionTier": 1,
        "CACertificateIdentifier": "rds-ca-rsa2048-g1",
        "TagList": [{"Key": "env", "Value": "prod"}],
    }
    raw.update(overrides)
    return raw


def params(**overrides):
    result = {
        "identifier": "myapp-aurora-writer",
        "state": "present",
        "cluster_identifier": "myapp-aurora-cluster",
        "engine": "aurora-mysql",
        "availability_zone": None,
        "instance_class": "db.r6g.xlarge",
        "db_parameter_group_name": "myapp-aurora-mysql8-instance",
        "publicly_accessible": None,
        "monitoring_interval": 10,
        "monitoring_role_arn": "arn:aws:iam::123456789012:role/rds-enhanced-monitoring-role",
        "enable_performance_insights": True,
        "performance_insights_retention_period": 7,
        "performance_insights_kms_key_id": None,
        "auto_minor_version_upgrade": True,
        "promotion_tier": None,
        "ca_certificate_identifier": None,
        "tags": None,
        "purge_tags": True,
        "apply_immediately": False,
        "reboot_if_pending": False,
        "wait": True,
    }
    result.update(overrides)
    return result


def test_normalise_gives_the_snake_case_view_the_module_returns():
    view = normalise(raw_instance(), is_writer=True)
    assert view["identifier"] == "myapp-aurora-writer"
    assert view["status"] == "available"
    assert view["endpoint"] == {"address": "myapp-aurora-writer.abc.us-east-1.rds.amazonaws.com", "port": 3306}
    assert view["is_writer"] is True
    assert view["db_parameter_group_name"] == "myapp-aurora-mysql8-instance"
    assert view["parameter_apply_status"] == "in-sync"
    assert view["performance_insights_enabled"] is True
    assert view["monitoring_interval"] == 10
    assert view["promotion_tier"] == 1
    assert view["cluster_identifier"] == "myapp-aurora-cluster"
    assert view["tags"] == {"env": "prod"}
    assert view["pending_modified_values"] == {}


def test_normalise_of_a_missing_instance_is_empty():
    assert normalise(None) == {}


def test_normalise_reports_pending_values_in_snake_case():
    raw = raw_instance(PendingModifiedValues={"DBInstanceClass": "db.r6g.2xlarge", "EngineVersion": "8.0.x"})
    assert normalise(raw)["pending_modified_values"] == {"instance_class": "db.r6g.2xlarge", "engine_version": "8.0.x"}


def test_normalise_treats_missing_performance_insights_flag_as_off():
    raw = raw_instance()
    del raw["PerformanceInsightsEnabled"]
    assert normalise(raw)["performance_insights_enabled"] is False


def test_requested_puts_queued_values_in_place():
    view = normalise(raw_instance(PendingModifiedValues={"DBInstanceClass": "db.r6g.2xlarge"}))
    assert view["instance_class"] == "db.r6g.xlarge"
    assert requested(view)["instance_class"] == "db.r6g.2xlarge"


def test_state_of_keeps_only_the_settings_desired_state_speaks_about():
    state = state_of(normalise(raw_instance()))
    assert "status" not in state and "endpoint" not in state and "arn" not in state
    assert state["instance_class"] == "db.r6g.xlarge"
    assert state["tags"] == {"env": "prod"}
    assert state_of({}) == {}


@pytest.mark.parametrize(
    ("name", "expected"),
    [("DBInstanceClass", "db_instance_class"), ("EngineVersion", "engine_version"), ("MultiAZ", "multi_az")],
)
def test_snake(name, expected):
    assert snake(name) == expected


def test_kms_key_arn_and_id_compare_equal():
    assert kms_key_id(KEY_ARN) == kms_key_id(KEY_ID) == KEY_ID
    assert kms_key_id(None) is None


def test_desired_lower_cases_what_rds_stores_lower_cased():
    desired = desired_from_params(
        params(identifier="MyApp-Writer", cluster_identifier="MyApp-Cluster", instance_class="DB.R6G.XLARGE")
    )
    assert desired["identifier"] == "myapp-writer"
    assert desired["cluster_identifier"] == "myapp-cluster"
    assert desired["instance_class"] == "db.r6g.xlarge"


def test_desired_maps_enable_performance_insights_onto_the_view_key():
    assert (
        desired_from_params(params(enable_performance_insights=False, performance_insights_retention_period=None))[
            "performance_insights_enabled"
        ]
        is False
    )


@pytest.mark.parametrize(
    ("overrides", "option"),
    [
        ({"identifier": "1-starts-with-a-digit"}, "identifier"),
        ({"cluster_identifier": "bad--name"}, "cluster_identifier"),
        ({"promotion_tier": 16}, "promotion_tier"),
        ({"promotion_tier": -1}, "promotion_tier"),
        ({"monitoring_interval": 7}, "monitoring_interval"),
        ({"monitoring_role_arn": None}, "monitoring_role_arn"),
        ({"monitoring_interval": 0}, "monitoring_role_arn"),
        ({"performance_insights_retention_period": 30}, "performance_insights_retention_period"),
        ({"performance_insights_retention_period": 732}, "performance_insights_retention_period"),
        ({"enable_performance_insights": False}, "performance_insights_retention_period"),
        (
            {
                "enable_performance_insights": False,
                "performance_insights_retention_period": None,
                "performance_insights_kms_key_id": KEY_ID,
            },
            "performance_insights_kms_key_id",
        ),
        ({"tags": {"aws:reserved": "x"}}, "tags"),
    ],
)
def test_desired_refuses_bad_input_naming_the_option(overrides, option):
    with pytest.raises(ValidationError) as err:
        desired_from_params(params(**overrides))
    assert err.value.option == option


@pytest.mark.parametrize("retention", [7, 31, 62, 713, 731])
def test_desired_accepts_every_retention_rds_allows(retention):
    assert (
        desired_from_params(params(performance_insights_retention_period=retention))[
            "performance_insights_retention_period"
        ]
        == retention
    )


def test_unset_options_stay_none_so_they_are_unmanaged():
    desired = desired_from_params(
        params(
            instance_class=None,
            db_parameter_group_name=None,
            monitoring_interval=None,
            monitoring_role_arn=None,
            enable_performance_insights=None,
            performance_insights_retention_period=None,
            auto_minor_version_upgrade=None,
        )
    )
    for key in (
        "instance_class",
        "db_parameter_group_name",
        "monitoring_interval",
        "performance_insights_enabled",
        "auto_minor_version_upgrade",
        "promotion_tier",
        "tags",
    ):
        assert desired[key] is None, key
