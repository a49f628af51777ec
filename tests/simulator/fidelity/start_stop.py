"""StopDBCluster and StartDBCluster as Aurora does them: ``stopping``/``stopped``, ``starting``/``available``.

Stock moto 5.2.5 jumps straight to ``stopped`` (members stay ``available``), answers StartDBCluster with the
non-AWS status ``started``, records no event and goes on accepting modifications while stopped. Aurora (Aurora User
Guide, aurora-cluster-stop-start.md, unless said otherwise):
- stops only an available cluster: InvalidDBClusterStateFault "DbCluster Name-Of-Your-Aurora-Database-Cluster is in
  stopping state but expected it to be one of available." (sqlxpert stay-stopped-aws-rds-aurora README, quoting
  StopDBCluster), and only once every member is available (InvalidDBInstanceState "occurs until each cluster member
  becomes available", same project's code; the text, "Instance X is not in available state.", is RDS's StopDBInstance
  refusal, https://github.com/cloud-custodian/cloud-custodian/issues/1687);
- starts only a stopped (or inaccessible-encryption-credentials-recoverable) cluster: InvalidDBClusterStateFault
  "DbCluster [redacted] is in available state but expected it to be one of stopped,
  inaccessible-encryption-credentials-recoverable." (sqlxpert blog post "Idempotence: Doing It More than Once");
- shows the cluster and its instances ``stopping`` then ``stopped``, ``starting`` then ``available`` (Aurora.Status.md,
  Overview.DBInstance.Status.md; "stops the Aurora Replica instances first, then the primary instance", not modelled:
  they stop together); "Restarting a DB cluster usually takes several minutes" (transitions.py);
- "Stopping a DB cluster removes pending actions, except for the DB cluster parameter group or for the DB parameter
  groups": PendingModifiedValues of the cluster and its instances are emptied;
- records RDS-EVENT-0150 "DB cluster stopped." and RDS-EVENT-0151 "DB cluster started." (USER_Events.Messages.md,
  category notification);
- starting a cluster from inaccessible-encryption-credentials-recoverable "checks if the KMS key is active and recovers
  the DB cluster if it is ... If the DB cluster isn't recovered, then it goes into the terminal
  inaccessible-encryption-credentials state" (Aurora User Guide, Overview.Encryption.md).
Modifications while stopped are refused by states.py (the cluster and its instances are not available). Not
modelled: the automatic start after seven days (RDS-EVENT-0153), and the StopDBCluster/StartDBCluster answer's
status, which the AWS CLI examples cut off (here: the status the call found, like ModifyDBCluster's answer).
That a start applies the instances' pending-reboot parameters (the database engine starts afresh): no AWS source
found; the collection must read ParameterApplyStatus afterwards.
"""

from __future__ import annotations

from moto.rds.exceptions import InvalidDBClusterStateFault, RDSClientError
from moto.rds.models import DBCluster, RDSBackend

from tests.simulator.fidelity import events, kms_keys, parameter_groups, states
from tests.simulator.support import deployments, lifecycle, lookup, pending
from tests.simulator.support.patching import Patches

PATCHES = Patches(__name__)

RECOVERABLE = "inaccessible-encryption-credentials-recoverable"
TERMINAL_KMS = "inaccessible-encryption-credentials"
STARTABLE = ("stopped", RECOVERABLE)


def _wrong_state(cluster: DBCluster, expected: str) -> InvalidDBClusterStateFault:
    return InvalidDBClusterStateFault(
        f"DbCluster {cluster.db_cluster_identifier} is in {cluster.status} state but expected it to be one of "
        f"{expected}."
    )


def stop(backend: RDSBackend, cluster_identifier: str) -> DBCluster:
    cluster = lookup.cluster(backend, cluster_identifier)
    # A cluster in a blue/green deployment cannot be stopped (support/deployments.check_stop says why).
    deployments.check_stop(backend, cluster)
    if cluster.status != "available":
        raise _wrong_state(cluster, "available")
    members = lookup.members(backend, cluster)
    for member in members:
        if member.status != "available":
            raise RDSClientError(
                "InvalidDBInstanceState", f"Instance {member.db_instance_identifier} is not in available state."
            )
    found = cluster.status
    states.abandon_modification(cluster)
    pending.values(cluster).clear()
    for member in members:
        pending.values(member).clear()
        lifecycle.start(member, [("stopping", "cluster.stopping")], _settle(member, "stopped"))

    def stopped() -> None:
        cluster.status = "stopped"
        events.record_cluster(backend, cluster, "DB cluster stopped", "notification")

    lifecycle.start(cluster, [("stopping", "cluster.stopping")], stopped)
    return lifecycle.as_it_was(cluster, found)


def start(backend: RDSBackend, cluster_identifier: str) -> DBCluster:
    cluster = lookup.cluster(backend, cluster_identifier)
    if cluster.status not in STARTABLE:
        raise _wrong_state(cluster, ", ".join(STARTABLE))
    found = cluster.status
    recovers = found != RECOVERABLE or _key_usable(backend, cluster)
    members = lookup.members(backend, cluster)

    def started() -> None:
        if not recovers:
            cluster.status = TERMINAL_KMS
            for member in members:
                member.status = TERMINAL_KMS
            return
        cluster.status = "available"
        for member in members:
            member.status = "available"
            parameter_groups.apply_pending_reboot(member)
        events.record_cluster(backend, cluster, "DB cluster started", "notification")

    for member in members:
        lifecycle.start(member, [("starting", "cluster.starting")])
    lifecycle.start(cluster, [("starting", "cluster.starting")], started)
    return lifecycle.as_it_was(cluster, found)


def _settle(member, status: str):
    def done() -> None:
        member.status = status

    return done


def _key_usable(backend: RDSBackend, cluster: DBCluster) -> bool:
    if not cluster.kms_key_id:
        return True
    try:
        kms_keys.arn(backend, cluster.kms_key_id)
    except RDSClientError:
        return False
    return True


def stop_db_cluster(self: RDSBackend, cluster_identifier: str) -> DBCluster:
    return stop(self, cluster_identifier)


def start_db_cluster(self: RDSBackend, cluster_identifier: str) -> DBCluster:
    return start(self, cluster_identifier)


PATCHES.replace(RDSBackend, "stop_db_cluster", stop_db_cluster)
PATCHES.replace(RDSBackend, "start_db_cluster", start_db_cluster)
