"""The role's variable check: one short line per problem, the same acceptance as Ansible's own spec check."""

from __future__ import annotations

from pathlib import Path

import pytest

from ansible_collections.aurora.mysql.plugins.action.aurora_role_inputs import load_options, problems

SPEC = Path(__file__).resolve().parents[4] / "roles" / "aurora_mysql" / "meta" / "argument_specs.yml"
PREFIX = "aurora_mysql_"


@pytest.fixture(scope="module")
def options():
    return load_options(str(SPEC))


def test_every_default_of_the_role_passes(options):
    defaults = {name: spec.get("default") for name, spec in options.items()}
    # Defaults are templates of aurora_mysql_name; the check sees them templated.
    defaults = {name: value for name, value in defaults.items() if not (isinstance(value, str) and "{{" in value)}
    assert problems(defaults, options, PREFIX) == []


def test_a_misspelt_variable_names_the_nearest_one(options):
    assert problems({"aurora_mysql_instance": []}, options, PREFIX) == [
        "aurora_mysql_instance: not a variable of this role; did you mean aurora_mysql_instances?"
    ]


def test_known_names_and_other_prefixes_pass(options):
    found = problems(
        {"aurora_mysql_endpoints": {}, "other_var": 1, "_aurora_mysql_internal": 2},
        options,
        PREFIX,
        {"aurora_mysql_endpoints"},
    )
    assert found == []


def test_every_type_error_at_once_with_value_and_expectation(options):
    found = problems(
        {
            "aurora_mysql_port": "abc",
            "aurora_mysql_deletion_protection": "maybe",
            "aurora_mysql_state": "gone",
            "aurora_mysql_backup_retention_period": [14],
        },
        options,
        PREFIX,
    )
    assert found == [
        "aurora_mysql_backup_retention_period: [14] is not an integer",
        "aurora_mysql_deletion_protection: 'maybe' is not a boolean (true or false)",
        "aurora_mysql_port: 'abc' is not an integer",
        "aurora_mysql_state: 'gone' is not a string, one of present, absent",
    ]


def test_list_entries_are_checked_one_by_one(options):
    found = problems(
        {
            "aurora_mysql_instances": [
                {"identifier": "w", "instance_class": "db.r6g.large", "reboot_if_pending": True},
                {"identifier": "r", "promotion_tier": "first"},
            ]
        },
        options,
        PREFIX,
    )
    assert found == [
        "aurora_mysql_instances[0].reboot_if_pending: not an option of this entry",
        "aurora_mysql_instances[1].instance_class: is required",
        "aurora_mysql_instances[1].promotion_tier: 'first' is not an integer",
    ]


def test_a_misspelt_entry_option_names_the_nearest_one(options):
    found = problems({"aurora_mysql_alarms": [{"name": "a", "treshold": 5}]}, options, PREFIX)
    assert found == ["aurora_mysql_alarms[0].treshold: not an option of this entry; did you mean threshold?"]


def test_strings_that_ansible_converts_are_accepted(options):
    # -e and AWX surveys pass strings: Ansible's check converts these, so this one must not refuse them.
    assert problems({"aurora_mysql_port": "3306", "aurora_mysql_deletion_protection": "false"}, options, PREFIX) == []


def test_a_secret_value_is_never_shown():
    options = {"x_pin": {"type": "int", "no_log": True}}
    assert problems({"x_pin": "s3cret"}, options, "x_") == ["x_pin: (hidden) is not an integer"]
