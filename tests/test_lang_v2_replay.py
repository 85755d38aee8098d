"""Every v1 profile keeps its verdicts under language v2 (issue 19's hard constraint).

The five seed profiles as they were before v2 (``tests/data/lang_v1/profiles``) judge the demo
exports and the example work orders; each ticket's clocks, findings and v1 facts, and each audit's
units, KPIs and accountability must equal what the v1 code produced (``golden.json``, written at
commit c7d30bb by ``tests/lang_v1_replay.py``). One deliberate change: a KPI the profile cannot
compute (``kpi_gaps``: haikou's completion rates, with no completion limit) is no longer shown.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.calendar_years import pin_bundled_notices
from tests.lang_v1_replay import GOLDEN, NAMES, PROFILES, compute

from hotline_rules.profile import load_profile_file
from hotline_rules.profile.kpis import kpi_gaps


@pytest.fixture(scope="module")
def replayed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    directory: Path = tmp_path_factory.mktemp("notices")
    with pin_bundled_notices(directory, up_to=2026):
        return compute()


GOLD = json.loads(GOLDEN.read_text(encoding="utf-8"))


def _units(audit: dict[str, Any]) -> dict[tuple[str, str], Any]:
    return {(u["unit"], u["period"]): u for u in audit["units"]}


def _kept(old: Any, new: Any) -> Any:
    """``new`` cut to the keys ``old`` has, at every depth: the audit may report more today (a
    counter, a KPI's months), never a different value for what v1 reported."""
    if isinstance(old, dict) and isinstance(new, dict):
        return {k: _kept(v, new.get(k)) for k, v in old.items()}
    return new


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
        gaps = kpi_gaps(load_profile_file(PROFILES / f"{name}.yaml").profile)
        # v2 may add periods (quarters, years) and counters, never change what v1 reported
        for key, unit in old_units.items():
            if gaps:  # v1 showed these as measured (haikou: 100% on time with no time limit)
                new_kpis = (new_units.get(key) or {}).get("kpis") or {}
                assert all(new_kpis.get(k) is None for k in gaps), (export, key)
                kept = {k: v for k, v in unit["kpis"].items() if k not in gaps}
                unit = {**unit, "kpis": kept}
            assert _kept(unit, new_units.get(key)) == unit, (export, key)
