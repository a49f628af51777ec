import pytest

from ansible_collections.aurora.mysql.plugins.module_utils import validate
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError


@pytest.mark.parametrize("value", ["a", "myapp-aurora-cluster", "A1-b2", "x" * 63])
def test_identifier_accepts_rds_names(value):
    assert validate.identifier("identifier", value) == value


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("", "non-empty"),
        ("x" * 64, "64 characters"),
        ("1abc", "start with a letter"),
        ("my_app", "start with a letter and contain only"),
        ("my.app", "only ASCII letters"),
        ("myapp-", "end with a hyphen"),
        ("my--app", "two consecutive hyphens"),
    ],
)
def test_identifier_refuses_with_option_named(value, fragment):
    with pytest.raises(ValidationError) as err:
        validate.identifier("cluster_identifier", value)
    assert err.value.option == "cluster_identifier"
    assert fragment in str(err.value)
    assert str(err.value).startswith("cluster_identifier: ")


def test_windows_of_the_guide_pass_and_maintenance_is_lower_cased():
    assert validate.windows("02:00-03:00", "Sun:04:00-SUN:05:00") == ("02:00-03:00", "sun:04:00-sun:05:00")


@pytest.mark.parametrize("value", ["2:00-03:00", "02:00-3:00", "24:00-01:00", "02:00", "02:60-03:00"])
def test_malformed_daily_window(value):
    with pytest.raises(ValidationError, match="hh24:mi-hh24:mi"):
        validate.daily_window("preferred_backup_window", value)


@pytest.mark.parametrize("value", ["sun:04:00", "xyz:04:00-sun:05:00", "sun-04:00-sun:05:00", "sunday:04:00-sun:05:00"])
def test_malformed_weekly_window(value):
    with pytest.raises(ValidationError, match="ddd:hh24:mi-ddd:hh24:mi"):
        validate.weekly_window("preferred_maintenance_window", value)


def test_windows_shorter_than_thirty_minutes_are_refused():
    with pytest.raises(ValidationError, match="lasts 29 minutes"):
        validate.daily_window("preferred_backup_window", "02:00-02:29")
    with pytest.raises(ValidationError, match="lasts 20 minutes"):
        validate.weekly_window("preferred_maintenance_window", "sun:04:00-sun:04:20")


def test_windows_may_wrap_midnight_and_the_week():
    assert validate.daily_window("w", "23:30-00:30") == (23 * 60 + 30, 30)
    assert validate.weekly_window("w", "sun:23:00-mon:01:00") == "sun:23:00-mon:01:00"


@pytest.mark.parametrize(
    ("backup", "maintenance", "overlap"),
    [
        ("02:00-03:00", "sun:04:00-sun:05:00", False),
        ("02:00-03:00", "sun:03:00-sun:04:00", False),
        ("02:00-03:00", "wed:02:30-wed:03:30", True),
        ("02:00-03:00", "sat:01:00-sat:02:01", True),
        ("23:30-00:30", "mon:00:00-mon:00:30", True),
        ("23:30-00:30", "sun:23:45-mon:00:15", True),
        ("10:00-11:00", "sun:23:00-mon:01:00", False),
    ],
)
def test_window_overlap(backup, maintenance, overlap):
    assert validate.windows_overlap(backup, maintenance) is overlap


def test_overlapping_windows_are_refused_naming_both():
    with pytest.raises(ValidationError) as err:
        validate.windows("04:00-05:00", "sun:04:30-sun:05:30")
    assert "preferred_maintenance_window" in str(err.value)
    assert err.value.option == "preferred_backup_window"


@pytest.mark.parametrize("value", ["Secr3t-Passw0rd!", "a" * 8, "b" * 41])
def test_password_accepts(value):
    assert validate.password("master_user_password", value) == value


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("short", "8 to 41"),
        ("c" * 42, "8 to 41"),
        ("has@sign1", "'@'"),
        ("has space1", "space"),
        ('quote"abc', "'\"'"),
        ("slash/abcd", "'/'"),
        ("naïve-password", "printable ASCII"),
    ],
)
def test_password_refuses_without_echoing_it(value, fragment):
    with pytest.raises(ValidationError) as err:
        validate.password("master_user_password", value)
    assert fragment in str(err.value)
    assert value not in str(err.value)


def test_ranges_and_choices():
    assert validate.int_range("promotion_tier", 15, 0, 15) == 15
    assert validate.int_range("promotion_tier", None, 0, 15) is None
    with pytest.raises(ValidationError, match="promotion_tier: 16 is out of range"):
        validate.int_range("promotion_tier", 16, 0, 15)
    with pytest.raises(ValidationError, match="monitoring_interval: 7 is not allowed"):
        validate.one_of("monitoring_interval", 7, validate.MONITORING_INTERVALS)


def test_performance_insights_retention_periods_follow_rds():
    assert validate.PI_RETENTION_PERIODS[:3] == (7, 31, 62)
    assert 713 in validate.PI_RETENTION_PERIODS and 731 in validate.PI_RETENTION_PERIODS
    assert 744 not in validate.PI_RETENTION_PERIODS and 30 not in validate.PI_RETENTION_PERIODS


def test_tags():
    assert validate.tags("tags", {"env": "prod", "n": 3, "empty": None}) == {"env": "prod", "n": "3", "empty": ""}
    assert validate.tags("tags", None) is None
    with pytest.raises(ValidationError, match="reserved aws: prefix"):
        validate.tags("tags", {"aws:cloudformation": "x"})
    with pytest.raises(ValidationError, match="1 to 128"):
        validate.tags("tags", {"k" * 129: "x"})
    with pytest.raises(ValidationError, match="longer than 256"):
        validate.tags("tags", {"k": "v" * 257})
    with pytest.raises(ValidationError, match="at most 50"):
        validate.tags("tags", {f"k{i}": "v" for i in range(51)})


def test_assume_deleted_names_identifiers_for_state_absent_only():
    assert validate.assume_deleted({"state": "absent", "assume_deleted": ["B-Writer", "a-cluster", "b-writer"]}) == (
        "a-cluster",
        "b-writer",
    )
    assert validate.assume_deleted({"state": "present", "assume_deleted": []}) == ()
    assert validate.assume_deleted({"state": "present"}) == ()
    with pytest.raises(ValidationError) as err:
        validate.assume_deleted({"state": "present", "assume_deleted": ["a"]})
    assert err.value.option == "assume_deleted"
    with pytest.raises(ValidationError) as err:
        validate.assume_deleted({"state": "absent", "assume_deleted": ["bad--name"]})
    assert err.value.option == "assume_deleted"
