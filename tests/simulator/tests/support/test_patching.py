"""The one patch mechanism: wraps see moto's original, a second claim on one attribute is refused before anything
changes, and the fidelity layer installs the same way in any order."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO_ROOT
from tests.simulator.support.patching import PatchConflict, Patches, install


def fresh_class() -> type:
    class Model:
        def __init__(self) -> None:
            self._status = "creating"

        def describe(self, suffix: str) -> str:
            return f"described{suffix}"

        @staticmethod
        def default_version(engine: str) -> str:
            return f"{engine}-1"

        @property
        def status(self) -> str:
            return self._status

    return Model


def test_a_wrap_receives_the_original_of_methods_static_methods_and_properties():
    model = fresh_class()
    patches = Patches("test")
    patches.wrap(model, "describe")(lambda original, self, suffix: original(self, suffix).upper())
    patches.wrap(model, "default_version")(lambda original, engine: original(engine) + "-patched")
    patches.wrap(model, "status")(lambda original, self: f"[{original(self)}]")
    install([patches])
    assert model().describe("!") == "DESCRIBED!"
    assert model.default_version("aurora") == "aurora-1-patched"
    assert model().status == "[creating]"


def test_replace_puts_the_new_attribute_in_place_even_where_moto_has_none():
    model = fresh_class()
    patches = Patches("test")
    patches.replace(model, "brand_new", property(lambda self: "new"))
    install([patches])
    assert model().brand_new == "new"


def test_wrapping_what_does_not_exist_fails_at_install():
    model = fresh_class()
    patches = Patches("test")
    patches.wrap(model, "no_such_method")(lambda original, self: None)
    with pytest.raises(AttributeError):
        install([patches])


def test_two_files_claiming_one_method_are_refused_before_anything_is_patched():
    model = fresh_class()
    first, second = Patches("first_file"), Patches("second_file")
    first.wrap(model, "default_version")(lambda original, engine: "first")
    second.wrap(model, "describe")(lambda original, self, suffix: "second")
    second.wrap(model, "default_version")(lambda original, engine: "second")
    with pytest.raises(PatchConflict, match="first_file and by second_file"):
        install([first, second])
    assert model.default_version("aurora") == "aurora-1"
    assert model().describe("!") == "described!"


def test_one_method_cannot_be_patched_again_once_installed():
    model = fresh_class()
    first, later = Patches("first_file"), Patches("later_file")
    first.replace(model, "describe", lambda self, suffix: "first")
    later.wrap(model, "describe")(lambda original, self, suffix: "later")
    install([first])
    with pytest.raises(PatchConflict, match=r"already patched \(by first_file\)"):
        install([later])
    assert model().describe("!") == "first"


def test_the_order_of_the_files_does_not_change_the_outcome():
    outcomes = []
    for reverse in (False, True):
        model = fresh_class()
        first, second = Patches("first_file"), Patches("second_file")
        first.wrap(model, "describe")(lambda original, self, suffix: original(self, suffix) + "+first")
        second.wrap(model, "status")(lambda original, self: original(self) + "+second")
        install([second, first] if reverse else [first, second])
        outcomes.append((model().describe("!"), model().status))
    assert outcomes[0] == outcomes[1] == ("described!+first", "creating+second")


LAYER = """
import json, sys
from tests.simulator import fidelity
from tests.simulator.support import patching
sets = fidelity.patch_sets()
patching.install(reversed(sets) if sys.argv[1] == "reversed" else sets)
try:
    fidelity.install()
except patching.PatchConflict:
    second = "refused"
else:
    second = "accepted"
print(json.dumps({"applied": patching.applied(), "second_install": second}))
"""


def test_the_fidelity_layer_installs_alike_in_either_order_and_only_once():
    # Each run in its own process: installing patches moto for the life of the process.
    runs = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", LAYER, order], cwd=REPO_ROOT, capture_output=True, text=True, check=True
            ).stdout
        )
        for order in ("forward", "reversed")
    ]
    assert runs[0] == runs[1]
    assert runs[0]["second_install"] == "refused"
    owners = runs[0]["applied"]
    assert owners["moto.rds.models.RDSBackend.create_db_cluster"] == "tests.simulator.fidelity.clusters"
    assert owners["moto.rds.models.RDSBackend.modify_db_instance"] == "tests.simulator.fidelity.instances"
