"""Aligned text tables printed without rich, for the verbs called once per work order.

``check`` is what an integrator's script or a CI job runs for every ticket, so its start-up is
its cost: importing rich and laying out one table took about a fifth of the whole command
(bench/startup.py). A table of a few rows needs only the display width of each cell (a Chinese
character takes two columns), which the standard library's ``unicodedata`` gives. When the table
is wider than the screen, each row is printed as a block of ``header: value`` lines instead of
folding cells mid-word, so a rule id or a time stays whole and searchable.
"""

from __future__ import annotations

import os
import shutil
import sys
import unicodedata
from collections.abc import Sequence

from hotline_rules.cli.common import FILE_WIDTH, shown

GAP = "  "


def display_width(text: str) -> int:
    """Columns ``text`` takes on a terminal: 2 for wide and full-width characters, 0 for
    combining marks, 1 for the rest."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def screen_width() -> int:
    """The terminal's width; in a file or a pipe ``COLUMNS`` or :data:`FILE_WIDTH`, as for the
    rich tables of the other verbs."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout.isatty():
        return shutil.get_terminal_size((FILE_WIDTH, 24)).columns
    return FILE_WIDTH


def table_lines(
    title: str, headers: Sequence[str], rows: Sequence[Sequence[str]], width: int
) -> list[str]:
    """``rows`` under ``headers`` in aligned columns, or one block per row when that is wider
    than ``width``. Every cell is shown as itself (:func:`shown`: no terminal escapes)."""
    cells = [[shown(c) for c in row] for row in rows]
    heads = [shown(h) for h in headers]
    widths = [
        max([display_width(h)] + [display_width(r[i]) for r in cells]) for i, h in enumerate(heads)
    ]
    total = sum(widths) + len(GAP) * (len(widths) - 1)
    out = [shown(title)]
    if total <= width:
        out.append(GAP.join(_pad(h, w) for h, w in zip(heads, widths, strict=True)).rstrip())
        out.append(GAP.join("─" * w for w in widths))
        out += [
            GAP.join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells
        ]
        return out
    label = max(display_width(h) for h in heads[1:]) if len(heads) > 1 else 0
    for r in cells:
        out.append(r[0])
        out += [f"  {_pad(h, label)}  {c}" for h, c in zip(heads[1:], r[1:], strict=True)]
    return out


__all__ = ["display_width", "screen_width", "table_lines"]
