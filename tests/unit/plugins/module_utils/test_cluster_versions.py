"""The versions suggested for an engine version RDS does not offer: nearest first."""

from ansible_collections.aurora.mysql.plugins.module_utils.cluster_versions import (
    closest_versions,
    unknown_version_message,
)

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
    assert closest_versions("8.0.mysql_aurora.3.07.9", OFFERED, count=4) == [
        "8.0.mysql_aurora.3.07.1",
        "8.0.mysql_aurora.3.07.0",
        "8.0.mysql_aurora.3.08.2",
        "8.0.mysql_aurora.3.08.0",
    ]


def test_a_version_beyond_the_newest_suggests_the_newest_of_its_major():
    assert closest_versions("8.0.mysql_aurora.3.99.9", OFFERED, count=2) == [
        "8.0.mysql_aurora.3.10.0",
        "8.0.mysql_aurora.3.08.2",
    ]


def test_an_unknown_major_suggests_the_nearest_major():
    assert closest_versions("5.6.mysql_aurora.1.23.4", OFFERED, count=2) == [
        "5.7.mysql_aurora.2.12.4",
        "5.7.mysql_aurora.2.11.2",
    ]


def test_at_most_five_and_no_duplicates():
    found = closest_versions("8.0.mysql_aurora.3.07.9", OFFERED + OFFERED)
    assert len(found) == 5 and len(set(found)) == 5


def test_messages_name_the_version_and_the_suggestions():
    message = unknown_version_message("8.0.mysql_aurora.3.99.9", "aurora-mysql", OFFERED)
    assert message.startswith("'8.0.mysql_aurora.3.99.9' is not an aurora-mysql version this region offers;")
    assert "8.0.mysql_aurora.3.10.0, 8.0.mysql_aurora.3.08.2" in message
    assert "lists none" in unknown_version_message("8.0.mysql_aurora.3.99.9", "aurora-mysql", [])
