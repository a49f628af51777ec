"""aurora_cluster state started / stopped: the plan, its prediction and its refusals, without a network."""

import pytest

from ansible_collections.aurora.mysql.plugins.module_utils import cluster_plan
from ansible_collections.aurora.mysql.plugins.module_utils.errors import MissingError, StuckError, ValidationError
from tests.unit.builders import cluster_desired, cluster_view


def desired(state, **overrides):
    return cluster_desired(guide=False, state=state, **overrides)


@pytest.mark.parametrize(
    ("state", "status", "action", "wait", "first", "after"),
    [
        ("started", "stopped", "start", "cluster_started", None, "available"),
        ("started", "inaccessible-encryption-credentials-recoverable", "start", "cluster_started", None, "available"),
        # RDS starts only a stopped cluster: the run waits until it is, then starts it.
        ("started", "stopping", "start", "cluster_started", "cluster_stopped", "available"),
        ("started", "available", "", None, None, "available"),
        ("started", "modifying", "", "cluster_available", None, "available"),
        ("stopped", "available", "stop", "cluster_stopped", None, "stopped"),
        # RDS stops only an available cluster: the run waits until it is, then stops it.
        ("stopped", "backing-up", "stop", "cluster_stopped", "cluster_available", "stopped"),
        ("stopped", "stopping", "", "cluster_stopped", None, "stopped"),
        ("stopped", "stopped", "", None, None, "stopped"),
    ],
)
def test_start_and_stop_plans(state, status, action, wait, first, after):
    current = cluster_view(Status=status)
    wanted = desired(state)
    result = cluster_plan.plan(current, wanted)
    assert (result.action, result.wait, result.details.get("first")) == (action, wait, first)
    assert bool(result) is bool(action)
    if action:
        assert result.request == {"DBClusterIdentifier": "myapp-aurora-cluster"}
    assert cluster_plan.predict(current, result, wanted)["status"] == after
    assert cluster_plan.diff(current, result, wanted) == {"before": {"status": status}, "after": {"status": after}}


def test_without_wait_the_prediction_is_where_the_call_leaves_the_cluster():
    current = cluster_view(Status="stopped")
    wanted = desired("started", wait=False)
    result = cluster_plan.plan(current, wanted)
    assert result.action == "start" and result.wait is None
    assert cluster_plan.predict(current, result, wanted)["status"] == "starting"


@pytest.mark.parametrize("state", ["started", "stopped"])
def test_a_cluster_in_a_state_it_cannot_leave_is_refused(state):
    with pytest.raises(StuckError, match="cluster myapp-aurora-cluster is inaccessible-encryption-credentials: "):
        cluster_plan.plan(cluster_view(Status="inaccessible-encryption-credentials"), desired(state))


def test_a_missing_cluster_cannot_be_started():
    with pytest.raises(MissingError, match="cluster myapp-aurora-cluster does not exist; create it"):
        cluster_plan.plan(None, desired("started"))


def test_settings_beside_started_or_stopped_are_refused():
    with pytest.raises(ValidationError) as err:
        desired("stopped", backup_retention_period=7)
    assert err.value.option == "backup_retention_period"
    assert "state: stopped only stops the cluster" in err.value.message


@pytest.mark.parametrize("status", ["stopped", "stopping", "incompatible-network"])
def test_present_refuses_to_change_or_wait_for_a_cluster_that_cannot_run(status):
    with pytest.raises(StuckError) as err:
        cluster_plan.plan(cluster_view(Status=status), cluster_desired(backup_retention_period=21))
    assert err.value.state == status
    # Asked nothing and told not to wait, the task has nothing to refuse.
    assert not cluster_plan.plan(cluster_view(Status=status), cluster_desired(guide=False, wait=False))
