"""Keeping the garbage collector off what the server holds for good.

A server process holds some 80,000 objects for its whole life: modules, FastAPI's routes, the
OpenAPI document, every compiled profile. CPython's collector walks all of them at each full
collection, and a batch of a thousand tickets allocates enough to set off several: measured on a
live server (bench/service.py's batches), the collector took 96 ms of every 1,000-ticket batch,
mostly full collections of those long-lived objects, and 30 ms once they were frozen
(``gc.freeze``: kept, never walked). Reference counting still frees everything as before; only
cycles among the frozen objects would wait, and the server makes none of them garbage but a
replaced profile set, which :func:`resettle` collects.

Called by the server only (``serve``, each worker, a reload in place): an application embedded in
another process leaves that process's collector alone.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Collect what is garbage now, then freeze the rest: call once the process is ready."""
    gc.collect()
    gc.freeze()


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
