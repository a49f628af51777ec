"""Behaviour switches the control API sets (``/_sim/writer-race``, ``/_sim/failover``), read by the fidelity files.

They live here, not in the fidelity files, so the control API can set them without importing moto; ``reset`` puts
them back to their defaults (``POST /_sim/reset`` does, so every test starts from the same simulator).
"""

from __future__ import annotations

from dataclasses import dataclass

WRITER_RACE_CHOICES = ("first", "last")


@dataclass
class Switches:
    # Which of several instances created into an empty cluster before any is available becomes the writer (see
    # fidelity/instances.py, writer_race). "last" by default, so tests prove the collection copes with the race.
    writer_race: str = "last"
    # How many of the next FailoverDBCluster calls fail (fidelity/failover.py); None: every one until switched off.
    failover_failures: int | None = 0

    def take_failover_failure(self) -> bool:
        """Whether the failover starting now fails, counting it against ``failover_failures``."""
        if self.failover_failures is None:
            return True
        if self.failover_failures > 0:
            self.failover_failures -= 1
            return True
        return False


SWITCHES = Switches()


def reset() -> None:
    SWITCHES.writer_race = Switches.writer_race
    SWITCHES.failover_failures = Switches.failover_failures
