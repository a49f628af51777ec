"""RDS events for clusters and instances, and DescribeEvents that honours Duration, StartTime and EndTime.

moto records only a fixed set of instance and snapshot events and returns every event whatever the time
window. RDS keeps events for 14 days and, when no window is given, answers the past hour (service model,
DescribeEvents: "for the past 14 days ... By default, RDS returns events that were generated in the past hour";
DescribeEventsMessage.Duration "Default: 60"). The 14-day limit is not modelled: a simulator lives for hours.
The messages each file records name their event id in Aurora User Guide, USER_Events.Messages.md, which writes
them with a final full stop that ours lack (whether real messages carry it: no AWS source found).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from moto.core.utils import utcnow
from moto.rds.models import RDSBackend

from tests.simulator.support.patching import Patches

PATCHES = Patches(__name__)

DEFAULT_WINDOW = timedelta(minutes=60)


class SimEvent:
    """Same attributes as moto's Event, so moto's serialiser writes it as an RDS Event."""

    def __init__(self, source_type: str, identifier: str, arn: str, message: str, categories: list[str]) -> None:
        self.source_identifier = identifier
        self.source_type = source_type
        self.message = message
        self.event_categories = categories
        self.source_arn = arn
        self.date = utcnow()


def record_cluster(backend: RDSBackend, cluster, message: str, category: str) -> None:
    backend.events.append(SimEvent("db-cluster", cluster.db_cluster_identifier, cluster.arn, message, [category]))


def record_instance(backend: RDSBackend, instance, message: str, category: str) -> None:
    backend.events.append(SimEvent("db-instance", instance.db_instance_identifier, instance.arn, message, [category]))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def in_window(event_date: datetime, start: datetime | None, end: datetime | None, duration: int | None) -> bool:
    now = _aware(utcnow())
    if start is None and end is None:
        start = now - (timedelta(minutes=int(duration)) if duration else DEFAULT_WINDOW)
    date = _aware(event_date)
    return (start is None or date >= _aware(start)) and (end is None or date <= _aware(end))


@PATCHES.wrap(RDSBackend, "describe_events")
def describe_events(original, self, source_identifier=None, source_type=None, **kwargs):
    """StartTime/EndTime/Duration as above; EventCategories keeps events of those categories (service model,
    DescribeEventsMessage.EventCategories)."""
    events = original(self, source_identifier=source_identifier, source_type=source_type)
    start, end, duration = kwargs.get("start_time"), kwargs.get("end_time"), kwargs.get("duration")
    categories = set(kwargs.get("event_categories") or [])
    return [
        event
        for event in events
        if in_window(event.date, start, end, duration) and (not categories or categories & set(event.event_categories))
    ]
