"""Every v1 profile keeps its verdicts under language v2 (issue 19's hard constraint).

The five seed profiles as they were before v2 (``tests/data/lang_v1/profiles``) judge the demo
exports and the example work orders; each ticket's clocks, findings and v1 facts, and each audit's
units, KPIs and accountability must equal what the v1 code produced (``golden.json``, written at
commit c7d30bb by ``tests/lang_v1_replay.py``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.calendar_years import pin_bundled_notices
from tests.lang_v1_replay import GOLDEN, NAMES, compute


@pytest.fixture(scope="module")
def replayed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    directory: Path = tmp_path_factory.mktemp("notices")
    with pin_bundled_notices(directory, up_to=2026):
        return compute()


GOLD = json.loads(GOLDEN.read_text(encoding="utf-8"))


def _units(audit: dict[str, Any]) -> dict[tuple[str, str], Any]:
    return {(u["unit"], u["period"]): u for u in audit["units"]}


@pytest.mark.parametrize("name", NAMES)
def test_every_ticket_keeps_its_verdict(replayed: dict[str, Any], name: str) -> None:
    old, new = GOLD[name]["tickets"], replayed[name]["tickets"]
    assert set(new) == set(old)
    changed = sorted(k for k in old if old[k] != new[k])
    assert not changed, f"{len(changed)} verdicts changed, e.g. {changed[:5]}"


@pytest.mark.parametrize("name", NAMES)
def test_every_audit_keeps_its_counts(replayed: dict[str, Any], name: str) -> None:
    for export, old in GOLD[name]["audits"].items():
        new = replayed[name]["audits"][export]
        assert new["tickets_evaluated"] == old["tickets_evaluated"]
        assert new["rows_rejected"] == old["rows_rejected"]
        assert new["accountability"] == old["accountability"]
        assert new["duties"] == old["duties"]
        old_units, new_units = _units(old), _units(new)
        for (
            key,
            unit,
        ) in old_units.items():  # v2 may add periods (quarters, years), never change months
            assert new_units.get(key) == unit, (export, key)
