"""The upgrade's classification from what AWS shows: the running version, the wanted one, the deployment. Pure."""

import pytest

from ansible_collections.aurora.mysql.plugins.module_utils import upgrade
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError

V2_OLD = "5.7.mysql_aurora.2.12.3"
V2_NEW = "5.7.mysql_aurora.2.12.4"
V3 = "8.0.mysql_aurora.3.07.1"
V3_NEWER = "8.0.mysql_aurora.3.08.0"


def deployment(status):
    return {"name": "myapp-to-v3", "status": status}


@pytest.mark.parametrize(
    ("running", "wanted", "method", "expected"),
    [
        (V2_OLD, V2_NEW, "auto", ("in_place", False, None)),
        (V2_OLD, V3, "auto", ("blue_green", True, "create")),
        (V2_OLD, V2_NEW, "blue_green", ("blue_green", False, "create")),
        (V3, V3, "auto", ("none", False, None)),
        # AWS's automatic minor upgrade left the cluster ahead: nothing to do, never a downgrade.
        (V3_NEWER, V3, "auto", ("none", False, None)),
        # No cluster yet: the build creates it at the wanted version.
        (None, V3, "auto", ("none", False, None)),
    ],
)
def test_without_a_deployment(running, wanted, method, expected):
    facts = upgrade.classify(running, wanted, None, method, False)
    assert (facts["kind"], facts["major"], facts["phase"]) == expected


def test_major_in_place_needs_permission():
    with pytest.raises(ValidationError) as err:
        upgrade.classify(V2_OLD, V3, None, "in_place", False)
    assert err.value.option == "allow_major_version_upgrade"
    assert upgrade.classify(V2_OLD, V3, None, "in_place", True)["kind"] == "in_place"


def test_older_major_is_refused():
    with pytest.raises(ValidationError) as err:
        upgrade.classify(V3, V2_NEW, None, "auto", False)
    assert err.value.option == "engine_version"
    assert "never downgrades" in err.value.message


@pytest.mark.parametrize(
    ("status", "phase"),
    [
        ("PROVISIONING", "create"),
        ("AVAILABLE", "switchover"),
        ("SWITCHOVER_IN_PROGRESS", "switchover"),
        ("SWITCHOVER_COMPLETED", "cleanup"),
    ],
)
def test_a_deployment_is_resumed_whatever_the_versions_say(status, phase):
    # After the switchover the cluster runs the wanted version: still resumed, never classified none.
    facts = upgrade.classify(V3, V3, deployment(status), "auto", False)
    assert (facts["kind"], facts["phase"]) == ("blue_green", phase)


@pytest.mark.parametrize("status", ["INVALID_CONFIGURATION", "SWITCHOVER_FAILED", "DELETING"])
def test_a_deployment_a_rerun_cannot_resume_is_refused_with_the_remedy(status):
    with pytest.raises(ValidationError) as err:
        upgrade.classify(V2_OLD, V3, deployment(status), "auto", False)
    assert err.value.option == "deployment_name"
    assert "delete_target: true" in err.value.message


def _facts(**extra):
    facts = {
        "kind": "blue_green",
        "major": True,
        "phase": "create",
        "cluster": "c",
        "from": V2_OLD,
        "to": V3,
        "family": "aurora-mysql8.0",
        "deployment_name": "c-to-v3",
        "source_cluster_parameter_group": "c-57",
        "binlog_change": True,
        "writer_reboot": False,
        "renamed": {"tx_isolation": "transaction_isolation"},
        "removed": [],
        "verify_tasks": ["check.yml"],
        "switchover_timeout": 300,
    }
    return dict(facts, **extra)


def test_steps_list_the_whole_path():
    assert upgrade.steps(_facts()) == [
        "set binlog_format ROW in c-57 and reboot the members one at a time (rolling apply)",
        "create or update the aurora-mysql8.0 parameter groups"
        " (translated: renamed tx_isolation->transaction_isolation)",
        f"create blue/green deployment c-to-v3 ({V2_OLD} -> {V3})",
        "verify the green cluster (check.yml)",
        "switch over (timeout 300 s)",
        "protect the old (-old1) cluster with deletion protection",
        "delete deployment c-to-v3 (keep the old cluster)",
    ]


def test_steps_after_the_switchover_are_the_cleanup_only():
    assert upgrade.steps(_facts(phase="cleanup")) == [
        "protect the old (-old1) cluster with deletion protection",
        "delete deployment c-to-v3 (keep the old cluster)",
    ]


def test_no_steps_when_nothing_to_upgrade():
    assert upgrade.steps(_facts(kind="none", phase=None)) == []
