"""The fidelity layer: patches that make moto's RDS answer the way Aurora MySQL really does.

Each module names the RDS behaviour it reproduces; ``install()`` applies them all once, before serving.
"""

from __future__ import annotations

import importlib

_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    from tests.simulator.fidelity import (
        clusters,
        engine_versions,
        events,
        failover,
        instances,
        members,
        storage,
        subnet_groups,
    )

    for module in (members, storage, events, subnet_groups, clusters, instances, failover, engine_versions):
        module.install()
    _install_parameters()
    _installed = True


def _install_parameters() -> None:
    """S2's parameter-group fidelity; the simulator still serves without it, with moto's parameter behaviour."""
    try:
        parameters = importlib.import_module("tests.simulator.fidelity.parameters")
    except ModuleNotFoundError as err:
        if err.name != "tests.simulator.fidelity.parameters":
            raise
        return
    parameters.install()
