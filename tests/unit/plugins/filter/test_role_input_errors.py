"""The role's pure input checks: the modules' rules under the role's variable names, no AWS."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from ansible.errors import AnsibleFilterError

from ansible_collections.aurora.mysql.plugins.filter import role_input_errors as plugin
from ansible_collections.aurora.mysql.plugins.filter.role_input_errors import role_input_errors
from ansible_collections.aurora.mysql.plugins.module_utils import cluster, instance, validate
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError

DEFAULTS = Path(__file__).resolve().parents[4] / "roles" / "aurora_mysql" / "defaults" / "main.yml"
PASSWORD = "Evid3nce-Qx7-Kp9-Zw4"


def guide_vars(**overrides):
    """The role's own defaults (the guide's values, named after `myapp`) with a password, then the overrides."""
    text = DEFAULTS.read_text().replace("{{ aurora_mysql_name }}", "myapp")
    role_vars = dict(yaml.safe_load(text), aurora_mysql_master_user_password=PASSWORD)
    role_vars.update(overrides)
    return role_vars


def readers(**reader):
    return [
        {"identifier": "myapp-aurora-writer", "instance_class": "db.r6g.large"},
        dict({"identifier": "myapp-aurora-reader-1", "instance_class": "db.r6g.large"}, **reader),
    ]


def alarm(**settings):
    guide = dict(
        name="aurora-myapp-deadlocks",
        metric_name="Deadlocks",
        statistic="Sum",
        period=300,
        evaluation_periods=1,
        threshold=5,
        comparison_operator="GreaterThanThreshold",
    )
    return [dict(guide, **settings)]


def test_the_guide_passes():
    assert role_input_errors(guide_vars()) == []


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (
            {"aurora_mysql_cluster_identifier": "myapp--cluster"},
            "aurora_mysql_cluster_identifier: 'myapp--cluster' must not contain two consecutive hyphens",
        ),
        ({"aurora_mysql_cluster_identifier": "a" * 64}, "aurora_mysql_cluster_identifier: '" + "a" * 64),
        ({"aurora_mysql_subnet_group_name": "default"}, "aurora_mysql_subnet_group_name: 'default' is reserved"),
        ({"aurora_mysql_subnet_group_name": "my/subnets"}, "aurora_mysql_subnet_group_name: 'my/subnets' must be"),
        ({"aurora_mysql_cluster_parameter_group_name": "1st"}, "aurora_mysql_cluster_parameter_group_name: '1st'"),
        ({"aurora_mysql_instance_parameter_group_name": "x-"}, "aurora_mysql_instance_parameter_group_name: 'x-'"),
        (
            {"aurora_mysql_backup_retention_period": 40},
            "aurora_mysql_backup_retention_period: 40 is out of range; it must be between 1 and 35",
        ),
        ({"aurora_mysql_backup_retention_period": "0"}, "aurora_mysql_backup_retention_period: 0 is out of range"),
        ({"aurora_mysql_backup_retention_period": "two"}, "aurora_mysql_backup_retention_period: 'two' is not a whole"),
        ({"aurora_mysql_port": 80}, "aurora_mysql_port: 80 is out of range"),
        (
            {"aurora_mysql_master_user_password": "Evid3nce@Qx7Kp9"},
            "aurora_mysql_master_user_password: must not contain '@'",
        ),
        ({"aurora_mysql_master_user_password": "short"}, "aurora_mysql_master_user_password: must be 8 to 41"),
        (
            {"aurora_mysql_preferred_backup_window": "2am"},
            "aurora_mysql_preferred_backup_window: '2am' is not a window",
        ),
        (
            {"aurora_mysql_preferred_maintenance_window": "sun:04:00-sun:04:20"},
            "aurora_mysql_preferred_maintenance_window: 'sun:04:00-sun:04:20' lasts 20 minutes",
        ),
        (
            {"aurora_mysql_preferred_backup_window": "04:00-05:00"},
            "aurora_mysql_preferred_backup_window: '04:00-05:00' overlaps aurora_mysql_preferred_maintenance_window"
            " 'sun:04:00-sun:05:00'; RDS requires them apart",
        ),
        ({"aurora_mysql_monitoring_interval": 7}, "aurora_mysql_monitoring_interval: 7 is not allowed"),
        (
            {"aurora_mysql_performance_insights_retention_period": 8},
            "aurora_mysql_performance_insights_retention_period: 8 is not allowed",
        ),
        ({"aurora_mysql_tags": {"aws:owner": "me"}}, "aurora_mysql_tags: tag key 'aws:owner' uses the reserved"),
        (
            {"aurora_mysql_instances": readers(promotion_tier=16)},
            "aurora_mysql_instances[1].promotion_tier: 16 is out of range; it must be between 0 and 15",
        ),
        ({"aurora_mysql_instances": readers(identifier="r-")}, "aurora_mysql_instances[1].identifier: 'r-' must not"),
        (
            {"aurora_mysql_instances": readers(monitoring_interval=7)},
            "aurora_mysql_instances[1].monitoring_interval: 7",
        ),
        (
            {"aurora_mysql_instances": readers(performance_insights_retention_period=8)},
            "aurora_mysql_instances[1].performance_insights_retention_period: 8 is not allowed",
        ),
        (
            {"aurora_mysql_instances": readers(db_parameter_group_name="my--params")},
            "aurora_mysql_instances[1].db_parameter_group_name: 'my--params'",
        ),
        (
            {"aurora_mysql_instances": readers(tags={"aws:x": "y"})},
            "aurora_mysql_instances[1].tags: tag key 'aws:x' uses the reserved",
        ),
        ({"aurora_mysql_alarms": alarm(name="")}, "aurora_mysql_alarms[0].name: must be 1 to 255 characters long"),
        ({"aurora_mysql_alarms": alarm(period=45)}, "aurora_mysql_alarms[0].period: 45 is not allowed"),
        ({"aurora_mysql_alarms": alarm(period="5m")}, "aurora_mysql_alarms[0].period: '5m' is not a whole number"),
        ({"aurora_mysql_alarms": alarm(statistic="Median")}, "aurora_mysql_alarms[0].statistic: Median is not"),
        (
            {"aurora_mysql_alarms": alarm(datapoints_to_alarm=3)},
            "aurora_mysql_alarms[0].datapoints_to_alarm: 3 is more than evaluation_periods (1)",
        ),
        ({"aurora_mysql_alarms": alarm(threshold="high")}, "aurora_mysql_alarms[0]: could not convert"),
        ({"aurora_mysql_alarms": alarm(tags={"aws:x": "y"})}, "aurora_mysql_alarms[0].tags: tag key 'aws:x'"),
    ],
)
def test_each_mistake_is_refused_under_the_role_variable(overrides, expected):
    errors = role_input_errors(guide_vars(**overrides))

    assert len(errors) == 1, errors
    assert errors[0].startswith(expected), errors


def test_every_mistake_is_reported_in_one_go():
    errors = role_input_errors(
        guide_vars(
            aurora_mysql_cluster_identifier="myapp--cluster",
            aurora_mysql_backup_retention_period=40,
            aurora_mysql_preferred_backup_window="04:00-05:00",
            aurora_mysql_instances=readers(promotion_tier=16, monitoring_interval=7),
        )
    )

    assert [error.split(":", maxsplit=1)[0] for error in errors] == [
        "aurora_mysql_cluster_identifier",
        "aurora_mysql_backup_retention_period",
        "aurora_mysql_preferred_backup_window",
        "aurora_mysql_instances[1].promotion_tier",
        "aurora_mysql_instances[1].monitoring_interval",
    ]


def test_a_bad_cluster_identifier_is_not_reported_again_for_each_alarm():
    errors = role_input_errors(guide_vars(aurora_mysql_cluster_identifier="myapp_cluster"))

    assert len(errors) == 1 and errors[0].startswith("aurora_mysql_cluster_identifier:"), errors


def test_the_password_is_never_in_a_message():
    bad = "Evid3nce@Qx7Kp9"

    errors = role_input_errors(guide_vars(aurora_mysql_master_user_password=bad))

    assert errors and not any(bad in error for error in errors)


@pytest.mark.parametrize("unset", [None, ""])
def test_an_unset_password_or_port_is_not_checked(unset):
    assert role_input_errors(guide_vars(aurora_mysql_master_user_password=unset, aurora_mysql_port=unset)) == []


def test_survey_strings_are_read_as_numbers():
    role_vars = guide_vars(aurora_mysql_backup_retention_period="14", aurora_mysql_port="3306")
    role_vars["aurora_mysql_instances"] = readers(promotion_tier="1", monitoring_interval="60")

    assert role_input_errors(role_vars) == []


def test_performance_insights_retention_is_checked_only_with_insights_on():
    off = guide_vars(aurora_mysql_performance_insights="false", aurora_mysql_performance_insights_retention_period=8)
    assert role_input_errors(off) == []
    on_for_one = dict(off, aurora_mysql_instances=readers(enable_performance_insights=True))
    assert role_input_errors(on_for_one) == []  # the reader inherits 8 from the role, checked under the role's name
    own = dict(
        off, aurora_mysql_instances=readers(enable_performance_insights=True, performance_insights_retention_period=8)
    )
    assert role_input_errors(own) == [
        "aurora_mysql_instances[1].performance_insights_retention_period: 8 is not allowed;"
        " choose one of " + ", ".join(str(days) for days in validate.PI_RETENTION_PERIODS)
    ]


def test_an_instance_is_held_to_the_tag_limit_with_the_role_tags_included():
    role_tags = {f"role-{n}": "x" for n in range(30)}
    role_vars = guide_vars(aurora_mysql_tags=role_tags)
    role_vars["aurora_mysql_instances"] = readers(tags={f"own-{n}": "x" for n in range(21)})

    assert role_input_errors(role_vars) == [
        "aurora_mysql_instances[1].tags: 51 tags given; AWS allows at most 50 per resource"
    ]


def test_a_teardown_checks_only_the_names_it_uses():
    role_vars = guide_vars(
        aurora_mysql_state="absent",
        aurora_mysql_backup_retention_period=40,
        aurora_mysql_instances=readers(identifier="reader--1", promotion_tier=16),
        aurora_mysql_final_snapshot_identifier="myapp-final-",
    )

    assert role_input_errors(role_vars) == [
        "aurora_mysql_instances[1].identifier: 'reader--1' must not contain two consecutive hyphens",
        "aurora_mysql_final_snapshot_identifier: 'myapp-final-' must not end with a hyphen",
    ]


def test_a_final_snapshot_name_with_skip_final_snapshot_is_refused():
    role_vars = guide_vars(
        aurora_mysql_state="absent",
        aurora_mysql_final_snapshot_identifier="keep-me",
        aurora_mysql_skip_final_snapshot="true",
    )

    assert role_input_errors(role_vars) == [
        "aurora_mysql_final_snapshot_identifier: cannot be used with aurora_mysql_skip_final_snapshot: true"
    ]


def test_only_a_dict_of_role_variables_is_accepted():
    with pytest.raises(AnsibleFilterError, match="expects a dict"):
        role_input_errors(["aurora_mysql_cluster_identifier"])


def test_the_filter_is_registered_under_its_documented_name():
    assert plugin.FilterModule().filters() == {"role_input_errors": role_input_errors}


# The copied ranges must say what the modules say: the filter and the module agree on every value around each limit.
def _module_refuses(build):
    try:
        build()
    except ValidationError:
        return True
    return False


NOW = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.mark.parametrize("days", range(-1, 38))
def test_backup_retention_agrees_with_aurora_cluster(days):
    module = _module_refuses(
        lambda: cluster.desired_from_params(dict(identifier="c", state="present", backup_retention_period=days), NOW)
    )
    assert bool(role_input_errors({"aurora_mysql_backup_retention_period": days})) == module


@pytest.mark.parametrize("port", [0, 80, 1149, 1150, 3306, 65535, 65536])
def test_port_agrees_with_aurora_cluster(port):
    module = _module_refuses(lambda: cluster.desired_from_params(dict(identifier="c", state="present", port=port), NOW))
    assert bool(role_input_errors({"aurora_mysql_port": port})) == module


@pytest.mark.parametrize("tier", range(-2, 18))
def test_promotion_tier_agrees_with_aurora_instance(tier):
    module = _module_refuses(
        lambda: instance.desired_from_params(dict(identifier="i", state="present", promotion_tier=tier))
    )
    entry = {"identifier": "i", "promotion_tier": tier}
    assert bool(role_input_errors({"aurora_mysql_instances": [entry]})) == module
