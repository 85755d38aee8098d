"""Fuzz: mutated bundled profiles load (then lint, compile and judge) or fail with a located error.

Never another exception, never a step over ``harness.STEP_LIMIT_S``; ``validate`` and ``lint`` of
the file exit 0, 3 or 4 and agree with loading. Long runs: ``bench/fuzz.py --surface profiles``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from harness import ci_settings, holds, run_profile
from hypothesis import given
from strategies import ProfileInput, profiles


@ci_settings(40)
@given(inp=profiles())
def test_a_mutated_profile_loads_or_fails_with_a_located_error(inp: ProfileInput) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        holds(run_profile, inp, Path(workdir))
