# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The plan types every resource shares: one vocabulary for what a run will do, whatever the resource."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TagPlan:
    """Tags to set (key -> value) and keys to remove; empty (falsy) when the tags are as desired or unmanaged."""

    to_set: dict = field(default_factory=dict)
    to_remove: tuple = ()

    def __bool__(self):
        return bool(self.to_set or self.to_remove)

    def after(self, current):
        """The tags once this plan is applied to `current`."""
        result = {key: value for key, value in (current or {}).items() if key not in self.to_remove}
        result.update(self.to_set)
        return result

    def as_dict(self):
        return {"set": dict(sorted(self.to_set.items())), "remove": list(self.to_remove)}

    @classmethod
    def between(cls, current, desired, purge):
        """The plan turning `current` into `desired`; desired None means the task leaves tags alone."""
        if desired is None:
            return cls()
        current = current or {}
        to_set = {key: value for key, value in sorted(desired.items()) if current.get(key) != value}
        to_remove = tuple(sorted(key for key in current if key not in desired)) if purge else ()
        return cls(to_set, to_remove)


@dataclass(frozen=True)
class Plan:
    """What one task does to one resource: check mode, diff mode and the real run all read this one plan.

    action   "" (nothing), "create", "modify", "delete" or a verb of the resource ("reboot", "failover", ...)
    changes  snake_case option -> the value it gets (what diff and predict show)
    tags     the TagPlan
    wait     the waiter the run ends with, also when nothing changed (a resource still settling after an earlier
             run that did not wait); None for no wait
    request  the API arguments of the action, never a secret
    details  facts of the resource's own (a password to send, the final snapshot, ...), snake_case
    """

    action: str = ""
    changes: dict = field(default_factory=dict)
    tags: TagPlan = field(default_factory=TagPlan)
    wait: str | None = None
    request: dict = field(default_factory=dict)
    details: dict = field(default_factory=dict)

    @classmethod
    def create(cls, request, changes, tags, **extra):
        """A create: AWS takes the new resource's tags in the create request itself."""
        return cls(
            action="create", changes=changes, tags=TagPlan.between({}, tags, purge=False), request=request, **extra
        )

    @property
    def changed(self):
        return bool(self.action) or bool(self.tags)

    def __bool__(self):
        return self.changed

    def summary(self):
        """Stable snake_case: what the plan would do, without the API arguments."""
        return {"action": self.action, "changes": dict(self.changes), "tags": self.tags.as_dict(), "wait": self.wait}
