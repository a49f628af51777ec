import pytest

from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError
from tests.unit.plugins.module_utils.test_cluster import GUIDE_KMS_KEY, PASSWORD, desired


def test_guide_values_are_kept_and_normalised():
    wanted = desired(
        identifier="MyApp-Aurora-Cluster",
        db_subnet_group_name="MyApp-Aurora-Subnets",
        preferred_maintenance_window="Sun:04:00-Sun:05:00",
        enable_cloudwatch_logs_exports=["slowquery", "audit", "error", "general", "audit"],
    )
    assert wanted.identifier == "myapp-aurora-cluster"
    assert wanted.options["db_subnet_group_name"] == "myapp-aurora-subnets"
    assert wanted.options["preferred_maintenance_window"] == "sun:04:00-sun:05:00"
    assert wanted.options["enable_cloudwatch_logs_exports"] == ["audit", "error", "general", "slowquery"]
    assert wanted.options["kms_key_id"] == GUIDE_KMS_KEY
    assert wanted.options["engine"] == "aurora-mysql"
    assert wanted.password == PASSWORD


def test_unset_options_stay_unmanaged():
    wanted = desired(guide=False)
    unmanaged = {name for name, value in wanted.options.items() if value is None}
    assert unmanaged == set(wanted.options) - {"engine"}
    assert wanted.tags is None


def test_the_password_is_not_in_the_repr():
    assert PASSWORD not in repr(desired())


def test_default_final_snapshot_is_derived_from_identifier_and_time():
    assert desired().final_snapshot_identifier == "myapp-aurora-cluster-final-20250102030405"
    assert desired(final_snapshot_identifier="keep-me").final_snapshot_identifier == "keep-me"
    assert desired(skip_final_snapshot=True).final_snapshot_identifier is None


@pytest.mark.parametrize(
    ("overrides", "option"),
    [
        (dict(identifier="1bad"), "identifier"),
        (dict(engine_version="8.0"), "engine_version"),
        (dict(master_username="1admin"), "master_username"),
        (dict(master_user_password="short"), "master_user_password"),
        (dict(master_user_password="has space in it"), "master_user_password"),
        (dict(port=80), "port"),
        (dict(vpc_security_group_ids=["default"]), "vpc_security_group_ids"),
        (dict(backup_retention_period=0), "backup_retention_period"),
        (dict(backup_retention_period=36), "backup_retention_period"),
        (dict(preferred_backup_window="2-3"), "preferred_backup_window"),
        (dict(preferred_backup_window="04:00-04:45"), "preferred_backup_window"),  # overlaps sun 04:00-05:00
        (dict(preferred_maintenance_window="sun:04:00-sun:04:10"), "preferred_maintenance_window"),
        (dict(backtrack_window=259201), "backtrack_window"),
        (dict(serverless_v2_scaling=dict(min_capacity=0.3, max_capacity=4)), "serverless_v2_scaling.min_capacity"),
        (dict(serverless_v2_scaling=dict(min_capacity=8, max_capacity=4)), "serverless_v2_scaling"),
        (dict(serverless_v2_scaling=dict(min_capacity=1, max_capacity=300)), "serverless_v2_scaling.max_capacity"),
        (dict(manage_master_user_password=True), "master_user_password"),
        (dict(master_user_secret_kms_key_id="alias/x"), "master_user_secret_kms_key_id"),
        (dict(storage_encrypted=False), "kms_key_id"),
        (dict(tags={"aws:reserved": "x"}), "tags"),
        (dict(skip_final_snapshot=True, final_snapshot_identifier="snap"), "final_snapshot_identifier"),
        (dict(final_snapshot_identifier="bad--snap"), "final_snapshot_identifier"),
    ],
)
def test_bad_input_is_refused_naming_the_option(overrides, option):
    with pytest.raises(ValidationError) as err:
        desired(**overrides)
    assert err.value.option == option
    assert PASSWORD not in err.value.message


def test_serverless_scaling_is_kept_as_floats():
    wanted = desired(serverless_v2_scaling=dict(min_capacity=0.5, max_capacity=16))
    assert wanted.options["serverless_v2_scaling"] == {"min_capacity": 0.5, "max_capacity": 16.0}
