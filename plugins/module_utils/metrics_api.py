# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one read of an RDS CloudWatch metric (GetMetricStatistics), for the replica-lag checks of the rolling apply
and of the blue/green switchover; each reduces the datapoints its own way."""

from __future__ import annotations

import datetime

NAMESPACE = "AWS/RDS"


def datapoints(cloudwatch, metric, dimensions, now, window_seconds, period_seconds):
    """The Maximum datapoints of `metric` for `dimensions` ({name: value}) over the `window_seconds` before `now`."""
    response = cloudwatch.call(
        "get_metric_statistics",
        Namespace=NAMESPACE,
        MetricName=metric,
        Dimensions=[{"Name": name, "Value": value} for name, value in dimensions.items()],
        StartTime=now - datetime.timedelta(seconds=window_seconds),
        EndTime=now,
        Period=period_seconds,
        Statistics=["Maximum"],
    )
    return response.get("Datapoints", [])
