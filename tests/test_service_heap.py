"""The server keeps the collector off its long-lived objects (service/heap.py).

Run in a child process each: freezing the heap of the test process would change every test after.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap


def run(code: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr


def test_a_process_that_never_froze_is_left_alone() -> None:
    run(
        """
        import gc
        from hotline_rules.service import heap
        heap.resettle()
        assert gc.get_freeze_count() == 0
        heap.settle()
        assert gc.get_freeze_count() > 0
        """
    )


def test_a_reload_lets_the_collector_free_the_old_profile_set() -> None:
    """A cycle frozen with the old set is garbage after a reload: resettle collects it."""
    run(
        """
        import gc, weakref
        from hotline_rules.service import heap

        class Node:
            pass

        old = Node(); old.me = old  # a cycle: only the collector frees it
        alive = weakref.ref(old)
        heap.settle()
        del old
        gc.collect()
        assert alive() is not None  # frozen: never walked
        heap.resettle()
        assert alive() is None
        assert gc.get_freeze_count() > 0  # and the rest frozen again
        """
    )


def test_holder_reload_freezes_the_new_profile_set_in_a_frozen_server() -> None:
    """After a reload in place the new set is frozen too (gc.get_objects lists only what the
    collector walks), and the old one is no longer kept."""
    run(
        """
        import gc, weakref
        from hotline_rules.service import heap
        from hotline_rules.service.profiles import Holder, ProfileSet
        from hotline_rules.service.settings import Settings

        dirs = Settings().profile_dirs
        holder = Holder(ProfileSet.load(dirs), dirs)
        heap.settle()
        old = weakref.ref(next(iter(holder.current.profiles.values())).engine)
        assert not any(o is holder.current for o in gc.get_objects())
        fresh = holder.reload()
        assert holder.current is fresh and fresh.generation == 2
        assert not any(o is fresh for o in gc.get_objects()), "the new set is walked"
        assert old() is None, "the old set's engines are kept"
        """
    )


def test_settle_collects_the_youngest_generation_less_often() -> None:
    run(
        """
        import gc
        from hotline_rules.service import heap
        middle, old = gc.get_threshold()[1:]
        heap.settle()
        assert gc.get_threshold() == (heap.YOUNG_THRESHOLD, middle, old)
        """
    )
