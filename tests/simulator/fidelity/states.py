"""Which cluster and instance states accept a change, and the ``modifying`` an immediate ModifyDBCluster shows.

Stock moto 5.2.5 never refuses a change because of state (everything is always ``available``) and answers
ModifyDBCluster with the cluster ``available`` at once. RDS:
- refuses ModifyDBCluster unless the cluster is available: InvalidDBClusterStateFault "DB cluster is not available for
  modification with status modifying" (https://github.com/aws-controllers-k8s/community/issues/1107); "Db Cluster is
  not available for modifcation with status backing-up" (2017, https://github.com/hashicorp/terraform-provider-aws/pull/18).
  The text for ``upgrading``, ``stopped`` or ``creating``: no AWS source found; the same template is used;
- refuses ModifyDBInstance unless the instance is available: InvalidDBInstanceState "Database instance is not in
  available state." (an Aurora cluster instance, https://github.com/hashicorp/terraform-provider-aws/issues/30637);
- while the cluster is stopped (or stopping, starting) refuses adding or removing instances: Aurora User Guide,
  aurora-cluster-stop-start.md ("You can't modify the configuration of an Aurora DB cluster, or any of its DB
  instances, while the cluster is stopped. You also can't add or remove DB instances from the cluster"); the code
  (InvalidDBClusterStateFault, in the service model's CreateDBInstance and DeleteDBInstance errors) and the text: no
  AWS source found;
- after an immediate ModifyDBCluster shows the cluster ``modifying`` (Aurora User Guide, Aurora.Status.md: "The DB
  cluster is being modified because of a customer request"; which changes cause it: no AWS source found, here every
  change applied now), first staying ``available`` a few moments (AuroraMySQL.Updates.MajorVersionUpgrade.md: "It
  takes a few moments for the status of the cluster ... to change to upgrading"), while PendingModifiedValues still
  shows what is being applied: "available with changes still queued" (AWS's own CloudFormation handler waits after an
  immediate modify until masterUserPassword, iamDatabaseAuthenticationEnabled, engineVersion ... are null in
  PendingModifiedValues: aws-cloudformation-resource-providers-rds, aws-rds-dbcluster BaseHandlerStd.isNoPendingChanges,
  and https://github.com/aws-cloudformation/aws-cloudformation-resource-providers-rds/pull/327).
"""

from __future__ import annotations

from collections.abc import Callable

from moto.rds.exceptions import InvalidDBClusterStateFault, RDSClientError
from moto.rds.models import DBCluster

from tests.simulator.support import lifecycle

AVAILABLE = "available"
# Aurora User Guide, aurora-cluster-stop-start.md (above).
MEMBERSHIP_FROZEN = frozenset({"stopped", "stopping", "starting"})
_FINISHERS = "_sim_modify_finishers"


def cluster_not_available(cluster: DBCluster) -> InvalidDBClusterStateFault:
    return InvalidDBClusterStateFault(f"DB cluster is not available for modification with status {cluster.status}")


def instance_not_available() -> RDSClientError:
    """Service model, InvalidDBInstanceStateFault: code InvalidDBInstanceState, HTTP 400."""
    return RDSClientError("InvalidDBInstanceState", "Database instance is not in available state.")


def check_cluster_modifiable(cluster: DBCluster) -> None:
    if cluster.status != AVAILABLE:
        raise cluster_not_available(cluster)


def check_instance_modifiable(instance) -> None:
    if instance.status != AVAILABLE:
        raise instance_not_available()


def check_membership_change(cluster: DBCluster) -> None:
    """CreateDBInstance into, or DeleteDBInstance out of, a stopped (stopping, starting) cluster."""
    if cluster.status in MEMBERSHIP_FROZEN:
        raise cluster_not_available(cluster)


def modified(cluster: DBCluster, finish: Callable[[], None]) -> None:
    """An immediate change was accepted: ``available`` a few moments, ``modifying``, then ``available``; ``finish``
    applies what was shown as pending meanwhile.

    A second modify during the first moments (the cluster still answers available) joins the same modification.
    Where the change itself gave the cluster another status (an engine upgrade shows ``upgrading``), that job owns
    the status and everything waiting is finished at once.
    """
    finishers = getattr(cluster, _FINISHERS, None) or []
    finishers.append(finish)
    if cluster.status != AVAILABLE:
        setattr(cluster, _FINISHERS, None)
        for each in finishers:
            each()
        return
    setattr(cluster, _FINISHERS, finishers)

    def done() -> None:
        for each in getattr(cluster, _FINISHERS, None) or []:
            each()
        setattr(cluster, _FINISHERS, None)
        cluster.status = AVAILABLE

    lifecycle.start(cluster, [(AVAILABLE, "cluster.modify-lag"), ("modifying", "cluster.modifying")], done)


def abandon_modification(cluster: DBCluster) -> None:
    """Forget a running modification whose job was replaced (a forced status, a stop): nothing more to finish."""
    setattr(cluster, _FINISHERS, None)
