"""Fuzz: mutated bundled profiles load (then lint, compile and judge) or fail with a located error.

Never another exception, never a step over ``harness.STEP_LIMIT_S`` of CPU; ``validate`` and
``lint`` of the file exit 0, 3 or 4 and agree with loading. Long runs:
``bench/fuzz.py --surface profiles``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from harness import ci_settings, holds, run_profile
from hypothesis import given
from hypothesis import strategies as st
from strategies import ProfileInput, profiles


# The CI budget: big profiles of 10 copies of a section's rules only (100 and 1,000 in
# bench/fuzz.py, up to 1.5 s a load), and the CLI for half of the inputs (it loads the file twice
# more; an alias bomb costs 0.5 s a load).
@ci_settings(30)
@given(inp=profiles(grow=(10,)), cli=st.booleans())
def test_a_mutated_profile_loads_or_fails_with_a_located_error(
    inp: ProfileInput, cli: bool
) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        holds(run_profile, inp, Path(workdir), cli=cli)
