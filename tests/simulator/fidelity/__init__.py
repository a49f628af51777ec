"""The fidelity layer: what makes moto's RDS answer the way Aurora MySQL really does.

One file per RDS resource or API family; each names, beside the code, the AWS source of every behaviour it models
and the stock moto 5.2.5 behaviour it replaces. Sources are cited as:
- "service model, <Shape>.<Member>": botocore's RDS service model (botocore/data/rds/2014-10-31/service-2.json), the
  text of the RDS API reference;
- "Aurora User Guide, <File>.md": the Aurora User Guide crawl of 2023-06 (awsdocs/amazon-aurora-user-guide, commit
  7a931b4, doc_source/<File>.md);
- a URL: a public issue that quotes the real RDS error;
- "no AWS source found": the simulator's own choice; the collection must read that state, never rely on it.

A file declares its moto patches in ``PATCHES`` (see support/patching.py); ``install()`` finds every file of this
package, parameter_groups included, and applies them all at once. Adding a behaviour is adding a file: nothing to
register, and no file depends on another's patches being in place, only on its helpers.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from tests.simulator.support import patching


def modules() -> list[ModuleType]:
    """Every module of the fidelity layer, sorted by name."""
    found = pkgutil.walk_packages(__path__, prefix=f"{__name__}.")
    return [importlib.import_module(info.name) for info in sorted(found, key=lambda info: info.name)]


def patch_sets() -> list[patching.Patches]:
    return [module.PATCHES for module in modules() if hasattr(module, "PATCHES")]


def install() -> None:
    """Patch moto, once per process (a second call raises patching.PatchConflict)."""
    patching.install(patch_sets())
