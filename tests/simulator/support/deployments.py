"""Blue/green deployments as the rest of the layer meets them: the deployment record, which clusters a deployment
holds and what that forbids, the read-only previous production cluster, and the switchover controls.

fidelity/blue_green.py creates and runs the deployments (kept in moto's ``backend.blue_green_deployments``, so a reset
forgets them); clusters.py and instances.py call the guards here, so neither needs blue_green.py, which calls theirs.
Statuses and their meanings: service model, BlueGreenDeployment.Status, SwitchoverDetail.Status,
BlueGreenDeploymentTask.Status.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from datetime import datetime

from moto.core.utils import utcnow
from moto.rds.exceptions import InvalidDBClusterStateFault, InvalidParameterCombination

from tests.simulator.support import validation

PROVISIONING = "PROVISIONING"
AVAILABLE = "AVAILABLE"
SWITCHOVER_IN_PROGRESS = "SWITCHOVER_IN_PROGRESS"
SWITCHOVER_COMPLETED = "SWITCHOVER_COMPLETED"
SWITCHOVER_FAILED = "SWITCHOVER_FAILED"
DELETING = "DELETING"


def new_identifier() -> str:
    """``bgd-`` and 16 lowercase letters or digits: the AWS CLI examples' ``bgd-wi89nwzglccsfake`` (aws/aws-cli,
    awscli/examples/rds/create-blue-green-deployment.rst)."""
    return "bgd-" + "".join(random.choices(string.ascii_lowercase + string.digits, k=16))


@dataclass
class Pair:
    """A blue resource and its green copy (a DBCluster, or a DBInstanceClustered); objects, not names, so a rename
    never loses track (Aurora User Guide, blue-green-deployments-overview.md: RDS tracks them by resource id)."""

    blue: object
    green: object


@dataclass
class Deployment:
    identifier: str
    name: str
    pairs: list[Pair]  # the cluster first, then its instances, writer first
    tasks: dict[str, str]  # task name -> PENDING | IN_PROGRESS | COMPLETED | FAILED
    tags: list[dict]
    status: str = PROVISIONING
    member_status: str = PROVISIONING  # every SwitchoverDetails row's status while both members exist
    status_details: str | None = None
    create_time: datetime = field(default_factory=utcnow)
    delete_time: datetime | None = None

    @property
    def blue(self):
        return self.pairs[0].blue

    @property
    def green(self):
        return self.pairs[0].green

    def holds(self, cluster) -> bool:
        return cluster is self.blue or cluster is self.green


def holding(backend, cluster) -> list[Deployment]:
    """The deployments a cluster is part of, blue or green (DELETING ones included until they are gone)."""
    return [deployment for deployment in backend.blue_green_deployments.values() if deployment.holds(cluster)]


def check_modify(backend, cluster, kwargs) -> None:
    """ModifyDBCluster on a cluster in a deployment (clusters.py calls this before anything changes).

    - Aurora User Guide, blue-green-deployments-switching.md: "During a switchover, you can't modify any DB cluster
      included in the switchover." The code InvalidDBClusterStateFault is the service model's state fault of
      ModifyDBCluster; the wording: no AWS source found.
    - blue-green-deployments-overview.md, limitations: "You can't change a blue environment DB cluster to a higher
      engine version than its corresponding green environment DB cluster." Code and wording: no AWS source found.
    """
    version = kwargs.get("engine_version")
    for deployment in holding(backend, cluster):
        if deployment.status == SWITCHOVER_IN_PROGRESS:
            raise InvalidDBClusterStateFault(
                f"DB cluster {cluster.db_cluster_identifier} can't be modified during the switchover of blue/green "
                f"deployment {deployment.identifier}."
            )
        before_switchover = deployment.status not in (SWITCHOVER_COMPLETED, DELETING)
        green_version = deployment.green.engine_version
        if (
            before_switchover
            and cluster is deployment.blue
            and version
            and validation.version_key(version) > validation.version_key(green_version)
        ):
            raise InvalidParameterCombination(
                f"You can't upgrade the blue DB cluster {cluster.db_cluster_identifier} of blue/green deployment "
                f"{deployment.identifier} to a higher engine version ({version}) than its green DB cluster "
                f"({green_version})."
            )


def check_stop(backend, cluster) -> None:
    """StopDBCluster: "You can't stop and start a cluster that is part of a blue/green deployment." (newer Aurora User
    Guide, https://docs.amazonaws.cn/en_us/AmazonRDS/latest/AuroraUserGuide/blue-green-deployments-considerations.html).
    The code is the service model's state fault of StopDBCluster; the wording: no AWS source found."""
    deployment = next(iter(holding(backend, cluster)), None)
    if deployment is not None:
        raise InvalidDBClusterStateFault(
            f"DB cluster {cluster.db_cluster_identifier} is part of blue/green deployment {deployment.identifier} "
            "and can't be stopped."
        )


# The previous production clusters that still refuse writes, by id() (the object outlives its renames).
_READ_ONLY: dict[int, object] = {}


def mark_read_only(cluster) -> None:
    """Aurora User Guide, blue-green-deployments-switching.md: "After switchover, the previous production DB cluster
    only allows read operations until the writer instance is rebooted." Not visible through the RDS API (it is the
    database's read_only); the control API shows it (GET /_sim/blue-green)."""
    _READ_ONLY[id(cluster)] = cluster


def writes_allowed_again(cluster) -> None:
    """The read-only period ends: the writer rebooted (as above), or the deployment deleted ("After you delete a
    blue/green deployment, RDS removes read-only protections from the previous production DB cluster", newer Aurora
    User Guide, https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/blue-green-deployments-deleting.html)."""
    _READ_ONLY.pop(id(cluster), None)


def restarted(instance) -> None:
    """An instance came back from a reboot (instances.py calls this): a writer's reboot ends its cluster's read-only
    period."""
    cluster = getattr(instance, "cluster", None)
    if cluster is not None and instance.is_cluster_writer:
        writes_allowed_again(cluster)


def read_only_clusters() -> list[str]:
    return sorted(cluster.db_cluster_identifier for cluster in _READ_ONLY.values())


class SwitchoverControl:
    """What switchovers meet from now on, set through POST /_sim/blue-green (docs/design.md, control API).

    ``fail_switchover``: every switchover is canceled after its first step with this reason. ``replica_lag``: seconds
    the green environment is behind; a switchover waits that long for replication to catch up, and is rolled back
    when that is longer than its SwitchoverTimeout. What RDS leaves afterwards: fidelity/blue_green.py.
    """

    def __init__(self) -> None:
        self.fail_switchover: str | None = None
        self.replica_lag: float = 0.0

    def configure(self, payload: dict) -> None:
        unknown = set(payload) - {"fail_switchover", "replica_lag"}
        if unknown:
            raise ValueError(f"unknown blue/green settings: {sorted(unknown)}")
        if "fail_switchover" in payload:
            reason = payload["fail_switchover"]
            if reason is not None and (not isinstance(reason, str) or not reason.strip()):
                raise ValueError("fail_switchover must be a non-empty reason or null")
            self.fail_switchover = reason
        if "replica_lag" in payload:
            lag = payload["replica_lag"]
            if isinstance(lag, bool) or not isinstance(lag, (int, float)) or lag < 0:
                raise ValueError("replica_lag must be a number of seconds >= 0")
            self.replica_lag = float(lag)

    def state(self) -> dict:
        return {
            "fail_switchover": self.fail_switchover,
            "replica_lag": self.replica_lag,
            "read_only": read_only_clusters(),
        }


CONTROL = SwitchoverControl()


def reset() -> None:
    """POST /_sim/reset: no controls, no read-only clusters."""
    CONTROL.__init__()
    _READ_ONLY.clear()
