# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The switchover guardrails this collection checks before it calls SwitchoverBlueGreenDeployment (issue 17). Pure:
blue_green_api.guardrails() reads, this judges. Every failed guardrail is named in one refusal, before any change.

Aurora User Guide, blue-green-deployments-switching.md, "Switchover guardrails": RDS itself checks, when the
switchover starts, the green cluster's replication health, its replica lag "within allowable limits ... based on the
specified timeout period", no active writes on green; on blue no external replication, no long-running active writes
and no long-running DDL statements. Those are RDS's, and a switchover they stop is reported as failed after the call.
What is checked here, before the call, is ours:

- replica lag: the same page, "Verifying CloudWatch metrics before switchover": "AuroraBinlogReplicaLag - Use this
  metric to identify the current replication lag on the green environment. To reduce downtime, make sure that this
  value is close to zero before you switch over." RDS publishes no limit; max_replica_lag_seconds is ours.
- pending changes: the same page, "Switchover best practices": "Make sure the DB cluster and DB instances in both
  environments are in Available state" and "the DB cluster in the green environment is healthy and replicating". RDS
  lists neither among its guardrails. Queued changes (PendingModifiedValues) and parameter groups not in-sync are
  refused too, although no AWS source says RDS refuses them: a queued change or a pending-reboot parameter would
  apply later, by itself, to what is production after the switchover, untested by the green environment.
- long-running transactions: not visible from the API. The one CloudWatch metric near it, ActiveTransactions
  ("By default, Aurora doesn't enable this metric ... set innodb_monitor_enable='all'", Aurora User Guide,
  Aurora.AuroraMonitoring.Metrics.md), counts transactions per second, not how long any runs; RDS's own guardrails
  on blue cover long-running writes and DDL.
"""

from __future__ import annotations

from ansible_collections.aurora.mysql.plugins.module_utils import rds
from ansible_collections.aurora.mysql.plugins.module_utils.errors import AuroraError

# Aurora User Guide, Aurora.AuroraMonitoring.Metrics.md: AuroraBinlogReplicaLag, instance-level, "Primary for Aurora
# MySQL", in Seconds; "Because binary log replication only occurs on the writer instance of the cluster, we recommend
# using the version of this metric associated with the WRITER role" (dimensions.md: DBClusterIdentifier, Role).
LAG_METRIC = "AuroraBinlogReplicaLag"
WRITER_ROLE = "WRITER"
# Aurora User Guide, metrics_dimensions.md: "Amazon Aurora sends metrics and dimensions to Amazon CloudWatch every
# minute". One-minute periods over the last five minutes: the newest is the current lag, and a minute or two of
# publishing delay still finds one.
LAG_PERIOD_SECONDS = 60
LAG_WINDOW_SECONDS = 300
# No AWS number exists ("close to zero", above). 5 s is ours: small against RDS's default SwitchoverTimeout of 300 s,
# during which writes stop and RDS "Waits for replication to catch up" (blue-green-deployments-switching.md).
DEFAULT_MAX_LAG_SECONDS = 5
# The longest SwitchoverTimeout RDS takes (3,600 seconds, the same page): a larger limit would never refuse anything.
MAX_LAG_SECONDS = 3600
IN_SYNC = "in-sync"
AVAILABLE = "available"


def latest_lag(datapoints):
    """The Maximum of the newest datapoint (the current lag), or None when CloudWatch has none (unknown)."""
    points = [point for point in datapoints if point.get("Maximum") is not None]
    if not points:
        return None
    return max(points, key=lambda point: point["Timestamp"])["Maximum"]


def pending_changes(role, raw_cluster, members, identifier):
    """What keeps one environment's cluster from being switched over now, in plain words; `raw_cluster` is the
    DescribeDBClusters entry (None: missing), `members` its rds.members() views with their instances read."""
    where = f"{role} cluster {identifier}"
    if raw_cluster is None:
        return [f"{where} was not found"]
    found = []
    if raw_cluster.get("Status") != AVAILABLE:
        found.append(f"{where} is {raw_cluster.get('Status')}")
    queued = rds.pending_values(raw_cluster.get("PendingModifiedValues"))
    if queued:
        found.append(f"{where} has pending changes ({', '.join(sorted(queued))})")
    for member in members:
        name = f"{role} instance {member['instance_identifier']}"
        if member["status"] != AVAILABLE:
            found.append(f"{name} is {member['status']}")
        if member["pending_modified_values"]:
            found.append(f"{name} has pending changes ({', '.join(sorted(member['pending_modified_values']))})")
        if member["parameter_apply_status"] not in (None, IN_SYNC):
            found.append(
                f"{name}'s DB parameter group {member['db_parameter_group_name']} is {member['parameter_apply_status']}"
            )
        if member["cluster_parameter_apply_status"] not in (None, IN_SYNC):
            found.append(f"{name}'s DB cluster parameter group is {member['cluster_parameter_apply_status']}")
    return found


def judge(readings):
    """The failed guardrails of `readings` (blue_green_api.guardrails()'s), in plain words; empty when all pass."""
    failed = list(readings["pending_changes"])
    limit, lag = readings["max_replica_lag_seconds"], readings["replica_lag_seconds"]
    if limit and lag is not None:
        where = f"the {LAG_METRIC} of green cluster {readings['green_cluster']}'s writer"
        if lag < 0:
            # Aurora User Guide, CHAP_Troubleshooting.md: "If the AuroraBinlogReplicaLag metric returns -1,
            # replication might not be active"; RDS's own guardrail wants the green replication healthy.
            failed.append(f"{where} is {lag:g}: replication might not be active")
        elif lag > limit:
            failed.append(f"{where} is {lag:g} s, over max_replica_lag_seconds ({limit} s)")
    return failed


def no_datapoints_warning(green_cluster, limit):
    """No lag known: a warning, not a refusal (no source says what its absence means), and RDS checks the lag
    itself when the switchover starts."""
    return (
        f"replica lag guardrail: no {LAG_METRIC} datapoints for green cluster {green_cluster}'s writer in the last "
        f"{LAG_WINDOW_SECONDS // 60} minutes, so max_replica_lag_seconds ({limit} s) was not checked; RDS still "
        "checks the lag itself when the switchover starts"
    )


class GuardrailsRefused(AuroraError):
    """A switchover refused before the call, naming every failed guardrail; the readings go in the result."""

    def __init__(self, name, identifier, failed, readings):
        listed = "; ".join(f"({number}) {what}" for number, what in enumerate(failed, 1))
        off = (
            " (max_replica_lag_seconds: 0 turns the lag guardrail off)" if any(LAG_METRIC in f for f in failed) else ""
        )
        super().__init__(
            f"refusing to switch over blue/green deployment {name} ({identifier}): {len(failed)} guardrail(s) "
            f"failed: {listed}. Nothing was changed; rerun once they pass{off}."
        )
        self.readings = dict(readings, failed=list(failed))

    def to_result(self):
        return {"guardrails": self.readings}
