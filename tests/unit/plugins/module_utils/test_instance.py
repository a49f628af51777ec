"""The instance model: normalising DescribeDBInstances and validating params, without a network."""

import pytest

from ansible_collections.aurora.mysql.plugins.module_utils import instance
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError
from tests.unit.builders import KEY_ID, instance_desired, raw_instance


def test_normalise_gives_the_snake_case_view_the_module_returns():
    view = instance.normalise(raw_instance(), is_writer=True)
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
    assert instance.normalise(None) == {}


def test_normalise_reports_pending_values_in_snake_case():
    raw = raw_instance(PendingModifiedValues={"DBInstanceClass": "db.r6g.2xlarge", "EngineVersion": "8.0.x"})
    pending = instance.normalise(raw)["pending_modified_values"]
    assert pending == {"instance_class": "db.r6g.2xlarge", "engine_version": "8.0.x"}


def test_normalise_treats_missing_performance_insights_flag_as_off():
    raw = raw_instance()
    del raw["PerformanceInsightsEnabled"]
    assert instance.normalise(raw)["performance_insights_enabled"] is False


def test_requested_puts_queued_values_in_place():
    view = instance.normalise(raw_instance(PendingModifiedValues={"DBInstanceClass": "db.r6g.2xlarge"}))
    assert view["instance_class"] == "db.r6g.xlarge"
    assert instance.requested(view)["instance_class"] == "db.r6g.2xlarge"


def test_state_of_keeps_only_the_settings_desired_state_speaks_about():
    state = instance.state_of(instance.normalise(raw_instance()))
    assert "status" not in state and "endpoint" not in state and "arn" not in state
    assert state["instance_class"] == "db.r6g.xlarge"
    assert state["tags"] == {"env": "prod"}
    assert instance.state_of({}) == {}


def test_desired_lower_cases_what_rds_stores_lower_cased():
    desired = instance_desired(
        identifier="MyApp-Writer", cluster_identifier="MyApp-Cluster", instance_class="DB.R6G.XLARGE"
    )
    assert desired.identifier == "myapp-writer"
    assert desired.options["cluster_identifier"] == "myapp-cluster"
    assert desired.options["instance_class"] == "db.r6g.xlarge"


def test_desired_maps_enable_performance_insights_onto_the_view_key():
    desired = instance_desired(enable_performance_insights=False, performance_insights_retention_period=None)
    assert desired.options["performance_insights_enabled"] is False


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
        instance_desired(**overrides)
    assert err.value.option == option


@pytest.mark.parametrize("retention", [7, 31, 62, 713, 731])
def test_desired_accepts_every_retention_rds_allows(retention):
    desired = instance_desired(performance_insights_retention_period=retention)
    assert desired.options["performance_insights_retention_period"] == retention


def test_unset_options_stay_none_so_they_are_unmanaged():
    desired = instance_desired(
        instance_class=None,
        db_parameter_group_name=None,
        monitoring_interval=None,
        monitoring_role_arn=None,
        enable_performance_insights=None,
        performance_insights_retention_period=None,
        auto_minor_version_upgrade=None,
    )
    for key in (
        "instance_class",
        "db_parameter_group_name",
        "monitoring_interval",
        "performance_insights_enabled",
        "auto_minor_version_upgrade",
        "promotion_tier",
    ):
        assert desired.options[key] is None, key
    assert desired.tags is None


def test_the_field_table_gives_the_argument_spec_and_the_view():
    view = instance.normalise(raw_instance())
    for row in instance.FIELDS:
        assert row.option_name in instance.ARGUMENT_SPEC
        assert row.option in view
