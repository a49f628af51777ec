"""What the engine version reads cost and refuse, against a recording client."""

import pytest

from ansible_collections.aurora.mysql.plugins.module_utils import engine_version_api
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError
from tests.unit.builders import RecordingClient

V3_071, V3_082, V3_100 = "8.0.mysql_aurora.3.07.1", "8.0.mysql_aurora.3.08.2", "8.0.mysql_aurora.3.10.0"
V2 = "5.7.mysql_aurora.2.12.4"


def _row(version, family, targets=()):
    return {
        "Engine": "aurora-mysql",
        "EngineVersion": version,
        "DBParameterGroupFamily": family,
        "ValidUpgradeTarget": [{"EngineVersion": target, "IsMajorVersionUpgrade": major} for target, major in targets],
    }


CATALOGUE = {
    V2: _row(V2, "aurora-mysql5.7", [(V3_071, True), (V3_082, True)]),
    V3_071: _row(V3_071, "aurora-mysql8.0", [(V3_082, False), (V3_100, False)]),
    V3_082: _row(V3_082, "aurora-mysql8.0", [(V3_100, False)]),
    V3_100: _row(V3_100, "aurora-mysql8.0"),
}


def _client():
    def describe(Engine, EngineVersion=None, **_):
        if EngineVersion is None:
            return {"DBEngineVersions": list(CATALOGUE.values())}
        return {"DBEngineVersions": [CATALOGUE[EngineVersion]] if EngineVersion in CATALOGUE else []}

    return RecordingClient({"describe_db_engine_versions": describe})


def _asked(client):
    return [kwargs.get("EngineVersion") for _method, kwargs in client.calls]


def test_a_minor_target_costs_one_call_and_keeps_the_family():
    client = _client()
    assert engine_version_api.upgrade(client, "engine_version", "aurora-mysql", V3_071, V3_082) == {
        "major": False,
        "family": "aurora-mysql8.0",
    }
    assert _asked(client) == [V3_071]
    # The running version is looked up with IncludeAll: RDS may no longer offer it to new clusters.
    assert client.calls[0][1]["IncludeAll"] is True


def test_a_major_target_asks_for_its_family():
    client = _client()
    assert engine_version_api.upgrade(client, "engine_version", "aurora-mysql", V2, V3_071) == {
        "major": True,
        "family": "aurora-mysql8.0",
    }
    assert _asked(client) == [V2, V3_071]


def test_a_known_version_that_is_no_target_is_refused_with_the_targets():
    with pytest.raises(ValidationError) as err:
        engine_version_api.upgrade(_client(), "target_engine_version", "aurora-mysql", V3_082, V3_071)
    assert err.value.option == "target_engine_version"
    assert "never downgrades" in err.value.message and V3_100 in err.value.message


def test_an_unknown_target_is_refused_with_the_nearest_offered():
    with pytest.raises(ValidationError) as err:
        engine_version_api.upgrade(_client(), "engine_version", "aurora-mysql", V3_071, "8.0.mysql_aurora.3.07.9")
    assert "is not an aurora-mysql version this region offers" in err.value.message
    assert V3_071 in err.value.message
