"""Time-scaled status transitions: a resource walks through AWS-like statuses while simulated time passes.

Nothing runs in the background. The server calls ``SCHEDULER.tick()`` before it handles each request, so a
client sees exactly the statuses that real time (times the scale) has moved the resource through. With scale 0
every duration is 0: the response to the call itself shows the first status (``creating``), and the next call
of any kind already sees the end state.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass

# Seconds a status lasts on real AWS before the scale is applied. One table, so a benchmark can read the
# assumptions off in one place. They are estimates: apart from the failover, no AWS source found for any of them,
# so the collection waits with timeouts and never counts on a duration.
DURATIONS: dict[str, float] = {
    # Aurora MySQL create-db-cluster (no instances yet) usually reports available after 1-2 minutes.
    "cluster.creating": 90,
    # The first automated backup right after creation shows as backing-up for well under a minute.
    "cluster.backing-up": 30,
    # A new Aurora DB instance (db.r6g/r7g) typically takes 6-10 minutes to become available.
    "instance.creating": 480,
    # Instance class change with ApplyImmediately: a short modifying window (the project brief's ~2 minutes).
    "instance.modifying": 120,
    # Rebooting an Aurora DB instance usually takes under a minute.
    "instance.rebooting": 60,
    # Aurora User Guide, Concepts.AuroraHighAvailability.md: "service is typically restored in less than 60 seconds,
    # and often less than 30 seconds".
    "cluster.failing-over": 30,
    # An Aurora minor engine version upgrade patches every member; ten minutes is a fair middle value.
    "cluster.upgrading": 600,
    # Engine upgrades and blue/green deployments (issue 17; fidelity/upgrades.py, fidelity/blue_green.py).
    # Aurora User Guide, AuroraMySQL.Updates.MajorVersionUpgrade.md: "It takes a few moments for the status of the
    # cluster and associated DB instances to change to upgrading" (how many: no AWS source found).
    "cluster.upgrade-starting": 30,
    # The same guide's tutorial events of a 2.10.2 -> 3.02.0 upgrade: pre-upgrade checks and snapshot from 22:57:08 to
    # 23:00:22, cloning, undo purge and database objects until "major version has been upgraded" at 23:10:29.
    "cluster.major-upgrade.checks": 195,
    "cluster.major-upgrade.conversion": 605,
    # Green environment tasks: no AWS source found for their durations (the collection waits for AVAILABLE). The
    # engine upgrade of the green cluster is taken as long as the in-place one above.
    "blue-green.replica": 600,
    "blue-green.engine-upgrade": 800,
    "blue-green.no-engine-upgrade": 5,
    # Switchover: "Switchover from primary insights to insights-green-b7evza started." at 10:52:16.903, "...
    # completed." at 10:52:27.868 (real events quoted in https://github.com/aws/aws-advanced-jdbc-wrapper/issues/1920).
    "blue-green.switchover": 11,
    # How long a deleted deployment shows DELETING: no AWS source found.
    "blue-green.deleting": 60,
    # Cluster deletion after its instances are gone takes about two minutes; instances take about five.
    "cluster.deleting": 120,
    "instance.deleting": 300,
}

Step = tuple[str, "str | float"]  # (status to show, DURATIONS key or AWS-like seconds saying how long it lasts)


@dataclass
class Job:
    key: Hashable
    steps: list[tuple[str, float]]
    set_status: Callable[[str], None]
    on_done: Callable[[], bool | None] | None
    started: float
    shown: str | None = None

    def status_at(self, elapsed: float) -> str | None:
        """The status to show after ``elapsed`` seconds, or None once every step has run out."""
        end = 0.0
        for status, seconds in self.steps:
            end += seconds
            if elapsed < end:
                return status
        return None


class Scheduler:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.scale = 0.0
        self._clock = clock
        self._jobs: dict[Hashable, Job] = {}

    def seconds(self, duration: str | float) -> float:
        """A DURATIONS key, or AWS-like seconds where a request sets them (a switchover's replica lag), times scale."""
        aws_seconds = DURATIONS[duration] if isinstance(duration, str) else float(duration)
        return aws_seconds * self.scale

    def start(
        self,
        key: Hashable,
        steps: list[Step],
        set_status: Callable[[str], None],
        on_done: Callable[[], bool | None] | None = None,
    ) -> None:
        """Show ``steps`` one after the other, then call ``on_done``.

        A new job for the same key replaces the old one (deleting a creating instance cancels the creation).
        ``on_done`` may return False to say "not yet" (a cluster waits for its instances to go); the job then
        stays on its last status and is asked again at the next tick.
        """
        timed = [(status, self.seconds(duration)) for status, duration in steps]
        job = Job(key, timed, set_status, on_done, self._clock())
        self._jobs.pop(key, None)
        self._jobs[key] = job
        if timed:
            job.shown = timed[0][0]
            set_status(job.shown)

    def cancel(self, key: Hashable) -> None:
        self._jobs.pop(key, None)

    def pending(self, key: Hashable) -> bool:
        return key in self._jobs

    def clear(self) -> None:
        self._jobs.clear()

    def tick(self) -> None:
        now = self._clock()
        handled: set[int] = set()
        # Jobs started by a finishing job's callback are looked at in the same tick, so a chain of zero-length
        # steps (scale 0) still completes before the request that follows is answered.
        while True:
            waiting = [(key, job) for key, job in self._jobs.items() if id(job) not in handled]
            if not waiting:
                return
            for key, job in waiting:
                handled.add(id(job))
                if self._jobs.get(key) is job:  # not replaced or cancelled by an earlier callback in this tick
                    self._advance(key, job, now)

    def _advance(self, key: Hashable, job: Job, now: float) -> None:
        status = job.status_at(now - job.started)
        if status is not None:
            if status != job.shown:
                job.shown = status
                job.set_status(status)
            return
        finished = job.on_done() if job.on_done else True
        if finished is not False and self._jobs.get(key) is job:
            del self._jobs[key]


SCHEDULER = Scheduler()
