"""The aurora-mysql version catalogue."""

from __future__ import annotations

from tests.simulator.catalog import aurora_mysql_family, aurora_mysql_versions, default_aurora_mysql_version
from tests.simulator.tests import builders


def test_aurora_mysql_versions_name_their_families():
    versions = {row["EngineVersion"]: row for row in aurora_mysql_versions()}
    for version in ("8.0.mysql_aurora.3.04.0", builders.VERSION, "8.0.mysql_aurora.3.08.0"):
        assert versions[version]["DBParameterGroupFamily"] == builders.FAMILY
    assert [row for row in versions.values() if row["DBParameterGroupFamily"] == "aurora-mysql5.7"]
    assert {row["Engine"] for row in versions.values()} == {"aurora-mysql"}
    assert [row["EngineVersion"] for row in versions.values() if row["IsDefault"]] == [default_aurora_mysql_version()]
    assert aurora_mysql_family(builders.VERSION) == builders.FAMILY
    assert aurora_mysql_family("8.0.mysql_aurora.9.99.9") is None
