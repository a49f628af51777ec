"""Replace a moto method by a function that receives the original as its first argument.

Patches chain: S2's parameter fidelity and ours may wrap the same backend method, each keeping the one it found.
"""

from __future__ import annotations

import functools
from collections.abc import Callable


def wrap(owner: type, name: str) -> Callable[[Callable], Callable]:
    def decorate(replacement: Callable) -> Callable:
        original = getattr(owner, name)

        @functools.wraps(replacement)
        def patched(*args, **kwargs):
            return replacement(original, *args, **kwargs)

        setattr(owner, name, patched)
        return patched

    return decorate
