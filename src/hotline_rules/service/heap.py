"""Keeping the garbage collector off what the server holds for good.

A server process holds some 80,000 objects for its whole life: modules, FastAPI's routes, the
OpenAPI document, every compiled profile. CPython's collector walks all of them at each full
collection, and a batch of a thousand tickets allocates enough to set off several: measured on a
live server (bench/service.py's batches), the collector took 96 ms of every 1,000-ticket batch,
mostly full collections of those long-lived objects, and 30 ms once they were frozen
(``gc.freeze``: kept, never walked). Reference counting still frees everything as before; only
cycles among the frozen objects would wait, and the server makes none of them garbage but a
replaced profile set, which :func:`resettle` collects.

The youngest generation is also collected less often (every 50,000 net allocations, not 700): a
batch's tickets live until its answer is written, so each early collection walked them again for
nothing. bench/service.py, alternating on a quiet machine, verdict-view batches per server
CPU-second: 12,500 and 12,500 with it, 11,765 and 11,111 without.

Called by the server only (``serve``, each worker, a reload in place): an application embedded in
another process leaves that process's collector alone.
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 50_000
"""Allocations (less deallocations) between two collections of the youngest generation."""


def settle() -> None:
    """Collect what is garbage now, then freeze the rest: call once the process is ready."""
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)


def resettle() -> None:
    """After profiles are replaced: let the collector see the old set, collect it, freeze again.

    Only in a process that has frozen objects (the server, by :func:`settle`); a process that
    never froze any is left alone.
    """
    if gc.get_freeze_count() == 0:
        return
    gc.unfreeze()
    settle()


__all__ = ["resettle", "settle"]
