"""The one way the fidelity layer changes moto: each file declares its patches, ``install`` applies them all.

A patch names one attribute of one moto class and says what to put there:
- ``wrap``: a function that receives moto's original as its first argument (methods, static methods and
  properties alike; a property's getter is what gets wrapped);
- ``replace``: a new attribute outright (a property, or a handler where moto has none or gets it all wrong).

Every (class, attribute) may be claimed by one patch only, across the whole layer and the life of the process.
A second claim raises ``PatchConflict`` before anything is applied, naming both files. So no patch ever wraps
another patch, each one sees moto's own original, and the order the files are installed in cannot matter.
Where two behaviours concern one moto method, one file owns the method and calls the other file's helpers.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

MISSING = object()  # what ``wrap`` hands over where moto has no such attribute


class PatchConflict(RuntimeError):
    """Two patches claim one moto attribute, or the layer is installed twice."""


@dataclass(frozen=True)
class Patch:
    owner: type
    name: str
    build: Callable[[object], object]  # moto's original attribute (as stored on the class) -> the new attribute
    declared_by: str

    @property
    def target(self) -> str:
        return f"{self.owner.__module__}.{self.owner.__qualname__}.{self.name}"


class Patches:
    """The patches one fidelity file declares; ``install`` applies them."""

    def __init__(self, declared_by: str) -> None:
        self.declared_by = declared_by
        self._patches: list[Patch] = []

    def __iter__(self) -> Iterator[Patch]:
        return iter(self._patches)

    def wrap(self, owner: type, name: str) -> Callable[[Callable], Callable]:
        """Decorator: ``replacement(original, *args, **kwargs)`` stands in for ``owner.name``."""

        def declare(replacement: Callable) -> Callable:
            self._patches.append(Patch(owner, name, functools.partial(_wrapped, replacement), self.declared_by))
            return replacement

        return declare

    def replace(self, owner: type, name: str, value: object) -> None:
        """Put ``value`` at ``owner.name`` without looking at what moto has there."""
        self._patches.append(Patch(owner, name, lambda _original: value, self.declared_by))


def _wrapped(replacement: Callable, original: object) -> object:
    if original is MISSING:
        raise AttributeError(f"nothing to wrap: moto has no such attribute for {replacement.__qualname__}")
    if isinstance(original, property):
        getter = original.fget
        return property(functools.wraps(getter)(lambda self: replacement(getter, self)), original.fset)
    if isinstance(original, staticmethod):
        function = original.__func__
        return staticmethod(functools.wraps(function)(functools.partial(replacement, function)))

    @functools.wraps(original)
    def patched(*args, **kwargs):
        return replacement(original, *args, **kwargs)

    return patched


_applied: dict[tuple[type, str], Patch] = {}


def install(groups: Iterable[Patches]) -> None:
    """Apply every patch of ``groups``; refuse, before changing anything, a second claim on one attribute."""
    patches = [patch for group in groups for patch in group]
    claimed: dict[tuple[type, str], Patch] = {}
    for patch in patches:
        key = (patch.owner, patch.name)
        if key in _applied:
            raise PatchConflict(f"{patch.target} is already patched (by {_applied[key].declared_by})")
        if key in claimed:
            raise PatchConflict(f"{patch.target} is patched by {claimed[key].declared_by} and by {patch.declared_by}")
        claimed[key] = patch
    for key, patch in claimed.items():
        original = inspect.getattr_static(patch.owner, patch.name, MISSING)
        setattr(patch.owner, patch.name, patch.build(original))
        _applied[key] = patch


def applied() -> dict[str, str]:
    """What is patched in this process: ``module.Class.attribute`` -> the file that declared it."""
    return {patch.target: patch.declared_by for patch in _applied.values()}
