"""Engine versions: their order, the nearest offered ones, and the refusals' words. Pure."""

import pytest

from ansible_collections.aurora.mysql.plugins.module_utils import engine_version
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError

OFFERED = [
    "5.7.mysql_aurora.2.11.2",
    "5.7.mysql_aurora.2.12.4",
    "8.0.mysql_aurora.3.04.3",
    "8.0.mysql_aurora.3.07.0",
    "8.0.mysql_aurora.3.07.1",
    "8.0.mysql_aurora.3.08.0",
    "8.0.mysql_aurora.3.08.2",
    "8.0.mysql_aurora.3.10.0",
]


def test_same_minor_first_then_nearest_minor_newest_first():
    assert engine_version.closest_versions("8.0.mysql_aurora.3.07.9", OFFERED, count=4) == [
        "8.0.mysql_aurora.3.07.1",
        "8.0.mysql_aurora.3.07.0",
        "8.0.mysql_aurora.3.08.2",
        "8.0.mysql_aurora.3.08.0",
    ]


def test_a_version_beyond_the_newest_suggests_the_newest_of_its_major():
    assert engine_version.closest_versions("8.0.mysql_aurora.3.99.9", OFFERED, count=2) == [
        "8.0.mysql_aurora.3.10.0",
        "8.0.mysql_aurora.3.08.2",
    ]


def test_an_unknown_major_suggests_the_nearest_major():
    assert engine_version.closest_versions("5.6.mysql_aurora.1.23.4", OFFERED, count=2) == [
        "5.7.mysql_aurora.2.12.4",
        "5.7.mysql_aurora.2.11.2",
    ]


def test_at_most_five_and_no_duplicates():
    found = engine_version.closest_versions("8.0.mysql_aurora.3.07.9", OFFERED + OFFERED)
    assert len(found) == 5 and len(set(found)) == 5


def test_messages_name_the_version_and_the_suggestions():
    message = engine_version.unknown_version_message("8.0.mysql_aurora.3.99.9", "aurora-mysql", OFFERED)
    assert message.startswith("'8.0.mysql_aurora.3.99.9' is not an aurora-mysql version this region offers;")
    assert "8.0.mysql_aurora.3.10.0, 8.0.mysql_aurora.3.08.2" in message
    assert "lists none" in engine_version.unknown_version_message("8.0.mysql_aurora.3.99.9", "aurora-mysql", [])


def test_version_key_orders_versions_and_names_the_major_version():
    assert engine_version.version_key("8.0.mysql_aurora.3.07.1") == (8, 0, 3, 7, 1)
    assert engine_version.version_key("8.0.mysql_aurora.3.10.0") > engine_version.version_key("8.0.mysql_aurora.3.07.1")
    assert engine_version.major_of("5.7.mysql_aurora.2.12.4") == (5, 7)


@pytest.mark.parametrize(
    ("have", "want", "ahead", "older_major", "major"),
    [
        # AWS's automatic minor upgrade moved the cluster past the task's version.
        ("8.0.mysql_aurora.3.08.2", "8.0.mysql_aurora.3.07.1", True, False, False),
        ("8.0.mysql_aurora.3.07.1", "8.0.mysql_aurora.3.08.0", False, False, False),
        ("8.0.mysql_aurora.3.07.1", "8.0.mysql_aurora.3.07.1", False, False, False),
        ("8.0.mysql_aurora.3.07.1", "5.7.mysql_aurora.2.12.4", False, True, True),
        ("5.7.mysql_aurora.2.12.4", "8.0.mysql_aurora.3.04.0", False, False, True),
    ],
)
def test_how_two_versions_relate(have, want, ahead, older_major, major):
    assert engine_version.is_ahead(have, want) is ahead
    assert engine_version.is_older_major(have, want) is older_major
    assert engine_version.is_major_upgrade(have, want) is major


def test_full_version_refuses_a_bare_major_version():
    assert engine_version.full_version("engine_version", None) is None
    assert engine_version.full_version("x", "8.0.mysql_aurora.3.07.1") == "8.0.mysql_aurora.3.07.1"
    with pytest.raises(ValidationError) as err:
        engine_version.full_version("target_engine_version", "8.0")
    assert err.value.option == "target_engine_version"


def test_not_a_target_lists_the_targets_and_says_never_downgrade():
    targets = ["8.0.mysql_aurora.3.10.0", "8.0.mysql_aurora.3.08.2"]
    lower = engine_version.not_a_target_message("8.0.mysql_aurora.3.07.1", "8.0.mysql_aurora.3.06.0", targets)
    assert "never downgrades" in lower
    assert "8.0.mysql_aurora.3.08.2, 8.0.mysql_aurora.3.10.0" in lower
    sideways = engine_version.not_a_target_message("5.7.mysql_aurora.2.12.4", "8.0.mysql_aurora.3.04.0", [])
    assert "is not an upgrade target of '5.7.mysql_aurora.2.12.4'" in sideways and "offers no upgrade" in sideways
