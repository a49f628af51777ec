# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Aurora MySQL engine versions: their order, their major version, and how a version or an upgrade RDS would refuse
is explained. Pure; engine_version_api.py asks RDS (DescribeDBEngineVersions), the cluster and blue/green plans decide.

What RDS does, as docs/plan sources.md items 12 and 17 record it:
- an upgrade goes only to one of the current version's ValidUpgradeTarget, which lists higher versions only; anything
  else is InvalidParameterCombination "Cannot find upgrade target from <current> with requested version <other>"
  (Aurora User Guide, AuroraMySQL.Updates.MajorVersionUpgrade.md), so RDS never downgrades;
- AWS's own automatic minor upgrade moves a cluster to a higher minor version of the same major version in the
  maintenance window (AuroraMySQL.Updates.Patching.md); tools that then ask for the older version fail on every run
  ("Cannot upgrade aurora-postgresql from 10.14 to 10.13", terraform-aws-rds-aurora#228).
"""

from __future__ import annotations

import re

from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError

_PARTS = re.compile(r"\d+")
_FULL = re.compile(r"^\d+\.\d+\.mysql_aurora\.\d+\.\d+\.\d+$")


def full_version(option, value):
    """A field check: a whole version, compared exactly (None passes: unmanaged)."""
    if value is not None and not _FULL.match(value):
        raise ValidationError(option, f"'{value}' is not a full Aurora MySQL version such as 8.0.mysql_aurora.3.07.1")
    return value


def version_key(version):
    """8.0.mysql_aurora.3.07.1 -> (8, 0, 3, 7, 1); the first two numbers are the major version."""
    return tuple(int(part) for part in _PARTS.findall(version or ""))


def major_of(version):
    """(8, 0) for 8.0.mysql_aurora.3.07.1: the MySQL version a family (aurora-mysql8.0) is named after."""
    return version_key(version)[:2]


def is_major_upgrade(have, want):
    return major_of(want) != major_of(have)


def is_ahead(have, want):
    """True when `have` is a higher minor version of the same major version than `want`: what an automatic minor
    upgrade leaves behind a task that still asks for the version it created the cluster with."""
    return major_of(want) == major_of(have) and version_key(want) < version_key(have)


def is_older_major(have, want):
    return major_of(want) < major_of(have)


def closest_versions(wanted, offered, count=5):
    """Up to `count` of `offered`, nearest first: the longest shared prefix (same major first), then the smallest
    gap in the first number that differs, then the newer version."""
    want = version_key(wanted)

    def nearness(version):
        have = version_key(version)
        shared = 0
        while shared < min(len(want), len(have)) and want[shared] == have[shared]:
            shared += 1
        gap = abs(want[shared] - have[shared]) if shared < min(len(want), len(have)) else 0
        return (-shared, gap, tuple(-part for part in have))

    return sorted(set(offered), key=nearness)[:count]


def unknown_version_message(wanted, engine, offered):
    suggestions = closest_versions(wanted, offered)
    if not suggestions:
        return f"'{wanted}' is not an {engine} version this region offers, and it lists none"
    return (
        f"'{wanted}' is not an {engine} version this region offers; the nearest offered are "
        f"{', '.join(suggestions)} (aws rds describe-db-engine-versions --engine {engine} lists them all)"
    )


def older_major_message(have, want, what="the cluster"):
    return (
        f"'{want}' is of an older major version than {what}'s '{have}'; RDS never downgrades (it offers upgrades "
        "to higher versions only). A cluster of the older major version can only be restored from a snapshot taken "
        "before the upgrade, as a new cluster"
    )


def not_a_target_message(have, want, targets):
    """`want` is a version RDS offers, but not among the ValidUpgradeTarget of `have`."""
    if version_key(want) < version_key(have):
        reason = f"'{want}' is older than '{have}' and RDS never downgrades"
    else:
        reason = f"'{want}' is not an upgrade target of '{have}'"
    listed = sorted(targets, key=version_key)
    offered = f"RDS offers from '{have}': {', '.join(listed)}" if listed else f"RDS offers no upgrade from '{have}'"
    return f"{reason}; {offered} (aws rds describe-db-engine-versions --engine-version {have})"
