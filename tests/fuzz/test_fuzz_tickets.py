"""Fuzz: data near the ticket schema is a Ticket or a clean error; a Ticket is judged and explained.

Every bundled profile evaluates the ticket into an Evaluation (or refuses it with a
``HotlineRulesError``) and ``explain_lines`` tells it in strings; ``check`` and ``explain`` of the
ticket file never end in a traceback. Long runs: ``bench/fuzz.py --surface tickets``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from harness import ci_settings, holds, run_ticket
from hypothesis import given
from hypothesis import strategies as st
from strategies import PROFILE_NAMES, TicketInput, tickets


@ci_settings(60)
@given(inp=tickets(), cli_profile=st.sampled_from(PROFILE_NAMES))
def test_ticket_data_is_a_ticket_judged_by_every_profile_or_a_clean_error(
    inp: TicketInput, cli_profile: str
) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        holds(run_ticket, inp, Path(workdir), cli_profile=cli_profile)
