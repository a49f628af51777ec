# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What RDS says of an engine version (DescribeDBEngineVersions): whether the region offers it, its parameter group
family, and where it may be upgraded to (ValidUpgradeTarget). Reads only; the messages are engine_version.py's."""

from __future__ import annotations

from ansible_collections.aurora.mysql.plugins.module_utils import engine_version
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError


def describe(client, engine, version, include_all=False):
    """The DBEngineVersion entry of one version, or None when the region does not list it.

    include_all also finds a version RDS no longer offers for new clusters (Status deprecated, service model
    DescribeDBEngineVersionsMessage.IncludeAll): a cluster may still run one and be upgraded from it.
    """
    extra = {"IncludeAll": True} if include_all else {}
    found = client.call("describe_db_engine_versions", Engine=engine, EngineVersion=version, **extra)
    rows = found.get("DBEngineVersions") or []
    return rows[0] if rows else None


def offered(client, option, engine, version):
    """The entry of a version the region offers; ValidationError naming `option` and the nearest offered versions.

    A version RDS offers costs one call; an unknown one a second, to suggest others.
    """
    row = describe(client, engine, version)
    if row is not None:
        return row
    listed = client.paginate("describe_db_engine_versions", "DBEngineVersions", Engine=engine)
    raise ValidationError(
        option, engine_version.unknown_version_message(version, engine, [entry["EngineVersion"] for entry in listed])
    )


def upgrade(client, option, engine, have, want):
    """{major, family}: RDS's own answer to an upgrade from `have` to `want` (family: the target's parameter group
    family), or ValidationError naming `option`: an unknown version, or one not among have's ValidUpgradeTarget (the
    offered targets listed). RDS refuses anything else (sources.md item 17); asking first turns that refusal into one
    before any change, check mode included.

    A minor target costs one call, a major one two (its family names the parameter groups it needs).
    """
    current = describe(client, engine, have, include_all=True)
    if current is None:
        # Nothing lists the running version's targets any more; what is left to know is whether `want` exists.
        target = offered(client, option, engine, want)
        return {"major": engine_version.is_major_upgrade(have, want), "family": target.get("DBParameterGroupFamily")}
    targets = current.get("ValidUpgradeTarget") or []
    entry = next((row for row in targets if row.get("EngineVersion") == want), None)
    if entry is None:
        offered(client, option, engine, want)
        raise ValidationError(
            option, engine_version.not_a_target_message(have, want, [row["EngineVersion"] for row in targets])
        )
    if not entry.get("IsMajorVersionUpgrade"):
        return {"major": False, "family": current.get("DBParameterGroupFamily")}
    return {"major": True, "family": (describe(client, engine, want) or {}).get("DBParameterGroupFamily")}
