"""The benchmark's tables: one row per measurement, then the API calls per action of each run."""

from __future__ import annotations

from bench.measure import Measurement


def _row(cells: list[str], widths: list[int]) -> str:
    return "| " + " | ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)) + " |"


def table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table, padded so that it also reads as plain text."""
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)]
    lines = [_row(header, widths), "|" + "|".join("-" * (width + 2) for width in widths) + "|"]
    return "\n".join(lines + [_row(row, widths) for row in rows])


def summary(measurements: list[Measurement]) -> str:
    header = ["run", "wall s", "CPU s", "modules", "API calls", "describe/list", "changes", "changed tasks", "notes"]
    rows = [
        [
            m.name,
            f"{m.seconds:.1f}",
            f"{m.cpu_seconds:.1f}",
            str(m.modules),
            str(m.total_calls),
            str(m.describes),
            str(m.mutating),
            str(m.changed),
            ", ".join(f"{key} {value}" for key, value in m.notes.items()),
        ]
        for m in measurements
    ]
    return table(header, rows)


def calls_per_action(measurements: list[Measurement]) -> str:
    actions = sorted({action for m in measurements for action in m.calls})
    header = ["action"] + [m.name for m in measurements]
    rows = [[action] + [str(m.calls.get(action, 0)) for m in measurements] for action in actions]
    rows.append(["total"] + [str(m.total_calls) for m in measurements])
    return table(header, rows)
