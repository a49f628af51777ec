"""The parameter groups' values carried from Aurora MySQL version 2 to version 3. Pure; the simulator's catalogue
of parameter changes (tests/simulator/catalog/aurora_mysql_parameter_changes.json, each row with its source) is the
oracle for the renames."""

import json
from pathlib import Path

import pytest

from ansible_collections.aurora.mysql.plugins.module_utils import param_translation

CHANGES = json.loads(
    (Path(__file__).resolve().parents[3] / "simulator" / "catalog" / "aurora_mysql_parameter_changes.json").read_text()
)
V3 = "aurora-mysql8.0"
V2 = "aurora-mysql5.7"


@pytest.mark.parametrize(
    "row", [row for row in CHANGES if row["Change"] in ("renamed", "replaced")], ids=lambda row: row["ParameterName"]
)
def test_every_rename_the_catalogue_lists_is_in_the_table(row):
    assert param_translation.renames_for(V2, V3)[row["ParameterName"]] == row["NewName"]


def test_only_version_2_to_3_renames_anything():
    assert param_translation.renames_for(V3, V3) == {}
    assert param_translation.renames_for(V2, V2) == {}


def test_renamed_values_move_and_are_reported():
    result = param_translation.translate(
        {"tx_isolation": "READ-COMMITTED", "slow_query_log": "1"},
        {"transaction_isolation", "slow_query_log"},
        param_translation.RENAMED_V2_TO_V3,
    )
    assert result == {
        "values": {"transaction_isolation": "READ-COMMITTED", "slow_query_log": "1"},
        "renamed": {"tx_isolation": "transaction_isolation"},
        "removed": [],
    }


def test_the_new_name_given_too_wins():
    result = param_translation.translate(
        {"tx_isolation": "READ-COMMITTED", "transaction_isolation": "SERIALIZABLE"},
        None,
        param_translation.RENAMED_V2_TO_V3,
    )
    assert result["values"] == {"transaction_isolation": "SERIALIZABLE"}
    assert result["renamed"] == {"tx_isolation": "transaction_isolation"}


def test_what_the_new_family_does_not_list_is_removed_sorted():
    result = param_translation.translate(
        {"query_cache_type": "0", "aurora_lab_mode": "0", "log_output": "FILE"},
        {"log_output"},
        param_translation.RENAMED_V2_TO_V3,
    )
    assert result["values"] == {"log_output": "FILE"}
    assert result["removed"] == ["aurora_lab_mode", "query_cache_type"]


def test_unknown_catalogue_removes_nothing():
    result = param_translation.translate({"query_cache_type": "0"}, None, {})
    assert result == {"values": {"query_cache_type": "0"}, "renamed": {}, "removed": []}


def test_binlog_is_added_unless_the_user_set_it():
    added = param_translation.translate({"character_set_server": "utf8mb4"}, None, {}, param_translation.BINLOG)
    assert added["values"] == {"character_set_server": "utf8mb4", "binlog_format": "ROW"}
    own = param_translation.translate({"binlog_format": "MIXED"}, None, {}, param_translation.BINLOG)
    assert own["values"] == {"binlog_format": "MIXED"}


def test_no_values():
    assert param_translation.translate(None, set(), {}) == {"values": {}, "renamed": {}, "removed": []}
