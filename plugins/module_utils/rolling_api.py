# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The rolling reboot's AWS calls: the step runner, which re-reads the cluster before and during every step,
waits until every member is back before the next one, and stops at the first step that fails or runs out of time:
a later step never starts after a failure."""

from __future__ import annotations

import datetime
import time

from ansible_collections.aurora.mysql.plugins.module_utils import failover, failover_api, metrics_api, rds, rolling
from ansible_collections.aurora.mysql.plugins.module_utils.errors import AuroraError, WaitTimeoutError
from ansible_collections.aurora.mysql.plugins.module_utils.waiters import FAILOVER_POLL_DELAY, POLL_DELAY

LAG_METRIC = "AuroraReplicaLag"
LAG_WINDOW_SECONDS = 60
# CloudWatch publishes RDS metrics once a minute; polling faster only repeats the same answer.
LAG_POLL_DELAY = 10


def read(client, identifier):
    return rds.read_topology(client, identifier)


def read_settled(client, desired, clock=time.monotonic, sleep=time.sleep):
    """The cluster once no member's parameter groups are `applying` (rolling.applying()), within step_timeout: what
    needs a reboot is known only then, so the plan never says "nothing to do" while a member is applying. A
    read-only wait, so check mode makes it too and plans what the real run does. None for a missing cluster."""
    deadline = clock() + desired.step_timeout
    while True:
        topology = read(client, desired.cluster)
        if topology is None:
            return None
        rolling.refuse_stuck(topology)
        still = rolling.applying(topology)
        if not still:
            return topology
        if clock() >= deadline:
            raise WaitTimeoutError(
                f"the parameter changes of cluster {desired.cluster} to finish applying",
                desired.step_timeout,
                f"applying on {', '.join(still)}",
            )
        sleep(min(POLL_DELAY, max(0.0, deadline - clock())))


def replica_lag_ms(cloudwatch, identifier, now):
    found = metrics_api.datapoints(
        cloudwatch, LAG_METRIC, {"DBInstanceIdentifier": identifier}, now, LAG_WINDOW_SECONDS, LAG_WINDOW_SECONDS
    )
    return rolling.max_lag(found)


def _utc_now():
    return datetime.datetime.now(datetime.timezone.utc)


class Runner:
    """Runs planned steps in order; each step's waits share one deadline, step_timeout after the step starts."""

    def __init__(self, client, desired, cloudwatch=None, clock=time.monotonic, sleep=time.sleep, now=_utc_now):
        self._client = client
        self._desired = desired
        self._cloudwatch = cloudwatch
        self._clock = clock
        self._sleep = sleep
        self._now = now
        self.warnings = []

    def run(self, steps):
        done = []
        for step in steps:
            started = self._clock()
            deadline = started + self._desired.step_timeout
            try:
                if step["action"] == "reboot":
                    acted = self._reboot(step["instance"], deadline)
                else:
                    acted = self._failover(step["instance"], deadline)
            # The one place below run_module that catches: it adds which step failed and what was done before it.
            except AuroraError as err:
                raise rolling.StepFailedError(step, done, steps, err) from None
            status = "done" if acted else "not_needed"
            done.append(dict(step, status=status, duration_seconds=round(self._clock() - started, 1)))
        return done

    def _read(self):
        topology = read(self._client, self._desired.cluster)
        if topology is None:
            raise AuroraError(f"cluster {self._desired.cluster} no longer exists")
        return topology

    def _wait(self, deadline, what, is_done, delay=POLL_DELAY):
        while True:
            topology = self._read()
            rolling.refuse_stuck(topology)
            if is_done(topology):
                return topology
            remaining = deadline - self._clock()
            if remaining <= 0:
                raise rolling.StepTimeoutError(what, self._desired.step_timeout, rolling.summary(topology))
            self._sleep(min(delay, remaining))

    def _reboot(self, identifier, deadline):
        include_queued = self._desired.include_queued_changes
        topology = self._read()
        rolling.refuse_unsafe_reboot(topology, identifier)
        member = rolling.member(topology, identifier, include_queued)
        if member["queued"]:
            # A reboot leaves queued changes queued; ApplyImmediately with no new values applies the queue now.
            self._client.call("modify_db_instance", DBInstanceIdentifier=identifier, ApplyImmediately=True)
            topology = self._wait(
                deadline,
                f"the queued changes of {identifier} to apply, with every member available",
                lambda seen: rolling.queue_applied(seen, identifier),
            )
            member = rolling.member(topology, identifier, include_queued)
        acted = bool(member["queued"])
        if member["parameters_pending"]:
            self._client.call("reboot_db_instance", DBInstanceIdentifier=identifier)
            acted = True
        topology = self._wait(
            deadline,
            f"{identifier} to be available and in-sync, with every member available",
            lambda seen: rolling.reboot_complete(seen, identifier, include_queued),
        )
        if self._desired.max_replica_lag_ms is not None and topology["writer"] != identifier:
            self._wait_for_lag(identifier, deadline)
        return acted

    def _failover(self, target, deadline):
        name = self._desired.cluster
        topology = self._read()
        reasons = rolling.member(topology, target, self._desired.include_queued_changes)["reasons"]
        if reasons:
            raise AuroraError(f"refusing to make {target} the writer: it still needs a reboot ({'; '.join(reasons)})")
        # aurora_failover's plan makes its checks (cluster and target available) and is empty when the target
        # already writes.
        acted = bool(failover.plan(topology, failover.Desired(cluster=name, target=target)))
        since = self._now()
        if acted:
            self._client.call("failover_db_cluster", DBClusterIdentifier=name, TargetDBInstanceIdentifier=target)

        def done(seen):
            # A failover RDS gave up (RDS-EVENT-0069/0070) fails the step at once, with the events.
            if acted:
                failover_api.raise_if_failed(self._client, name, target, since, seen)
            return rolling.failover_complete(seen, target)

        self._wait(
            deadline,
            f"{target} to be the writer of cluster {name}, with every member available",
            done,
            delay=FAILOVER_POLL_DELAY,
        )
        return acted

    def _wait_for_lag(self, identifier, deadline):
        limit = self._desired.max_replica_lag_ms
        while True:
            lag = replica_lag_ms(self._cloudwatch, identifier, self._now())
            if lag is not None and lag < limit:
                return
            remaining = deadline - self._clock()
            if remaining <= 0:
                break
            self._sleep(min(LAG_POLL_DELAY, remaining))
        timeout = self._desired.step_timeout
        if lag is None:
            self.warnings.append(
                f"{identifier}: no {LAG_METRIC} datapoints within step_timeout ({timeout} s); "
                "went on without knowing its replica lag"
            )
            return
        raise AuroraError(
            f"the {LAG_METRIC} of {identifier} was still {lag} ms over the last minute after step_timeout "
            f"({timeout} s); max_replica_lag_ms is {limit}."
        )
