"""A disk cache of what the ``holidays`` package says about China's days, per release.

Reading the package's China data for the calendar's 38 years builds four ``China`` objects and
walks every holiday period: about 0.1 s, paid at every start of the CLI, for a result fixed by the
installed ``holidays`` release and this code. It is kept as JSON (never pickle: a cache file is
data, not code) under the user's cache directory, keyed by everything that decides it. A missing,
unreadable, corrupt or foreign file is ignored and rebuilt; a cache directory that cannot be
written is skipped silently. ``HOTLINE_RULES_CACHE_DIR`` sets the directory; set it to ``off`` to
turn the cache off.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

FORMAT = 1
"""Bumped when the layout of a cache file changes."""

_OFF = {"off", "0", "none", "false"}


def cache_dir() -> Path | None:
    """Where cache files live, or None when the cache is turned off."""
    configured = os.environ.get("HOTLINE_RULES_CACHE_DIR")
    if configured is not None:
        return (
            None
            if configured.strip().lower() in _OFF or not configured.strip()
            else Path(configured)
        )
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "hotline-rules"


def cache_key(*parts: object) -> str:
    """A key from the inputs that decide a cached value, and the code that computes it."""
    code = Path(__file__).with_name("calendar.py").read_bytes() + Path(__file__).read_bytes()
    h = hashlib.sha256(code)
    h.update(json.dumps([FORMAT, *map(str, parts)]).encode())
    return h.hexdigest()[:32]


Rows = list[list[Any]]


def cached_rows(key: str, compute: Callable[[], Rows]) -> Rows:
    """The rows stored under ``key``, or ``compute()`` stored there for the next run."""
    where = cache_dir()
    if where is None:
        return compute()
    path = where / f"holidays-china-{key}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("key") == key and isinstance(data.get("rows"), list):
            rows: Rows = data["rows"]
            return rows
    except (OSError, ValueError):
        pass
    rows = compute()
    try:
        where.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=where, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({"key": key, "rows": rows}, out, ensure_ascii=False)
        os.replace(tmp, path)  # atomic: a concurrent reader sees the old file or the new one
    except OSError:
        pass
    return rows


__all__ = ["FORMAT", "cache_dir", "cache_key", "cached_rows"]
