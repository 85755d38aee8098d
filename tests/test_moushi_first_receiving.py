"""moushi 第六条 首接负责: the first-receiving unit is credited (``units.first_receiving``).

Source: shared/seeds/moushi.txt 第六条 "热线承办单位在本单位职责范围内，第一个受理转办件的人员为首接
责任人……涉及多个单位办理的事项，由首接责任单位牵头协调相关单位办理，并按时答复". The profile's
choices (【取舍】) are checked here: no role marked -> the last unit dispatched; several marked ->
the first; a marked unit whose return was approved was not within its duty -> not credited.
Dates are in 2026 (a year with a notice); 2026-03-02 is a Monday, March has no holiday.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from hotline_rules.engine.ticket import Ticket, parse_ticket
from hotline_rules.engine.units import credited_unit
from hotline_rules.profile.articles import article_rows
from hotline_rules.profile.registry import default_registry
from hotline_rules.profile.schema import Profile, UnitCredit
from hotline_rules.suites import Runner, Status, coverage, load_suite

ROOT = Path(__file__).resolve().parent.parent
SUITE = ROOT / "profiles" / "tests" / "moushi.test.yaml"
FIRST_RECEIVING_CASES = {
    "首接负责：涉及多个单位的计入首接责任单位",
    "首接负责：几次派单都标为首接的，取第一个",
    "首接负责：按时办结率计入首接责任单位",
}


@pytest.fixture(scope="module")
def moushi() -> Profile:
    return default_registry().load("moushi").profile


def _ticket(*events: tuple[str, str, str | None, dict[str, Any]]) -> Ticket:
    return parse_ticket(
        {
            "id": "T",
            "requester": "citizen",
            "events": [
                {"type": t, "at": f"2026-03-02T{hm}:00+08:00", "unit": unit, **extra}
                for t, hm, unit, extra in events
            ],
        }
    )


FIRST = {"role": "first_receiving"}


def test_the_rule_cites_article_six_and_credits_the_first_receiving_unit(
    moushi: Profile,
) -> None:
    rule = moushi.units
    assert isinstance(rule, UnitCredit)
    assert (rule.id, rule.credit) == ("units.first_receiving", "first_receiving")
    assert rule.cite.article == "第六条"
    assert (
        rule.cite.text == "涉及多个单位办理的事项，由首接责任单位牵头协调相关单位办理，并按时答复"
    )
    assert rule.note is not None and rule.note.count("【取舍】") == 2


def test_the_first_receiving_unit_is_credited_not_the_last(moushi: Profile) -> None:
    t = _ticket(
        ("dispatched", "10:00", "住建", FIRST),
        ("dispatched", "10:30", "城管", {"role": "co"}),
        ("dispatched", "11:00", "环保", {}),
    )
    assert credited_unit(t, moushi) == "住建"


def test_choices_no_role_several_marks_and_an_approved_return(moushi: Profile) -> None:
    # no role marked: the last unit dispatched (the v1 rule)
    plain = _ticket(("dispatched", "10:00", "住建", {}), ("dispatched", "11:00", "城管", {}))
    assert credited_unit(plain, moushi) == "城管"
    # several marked: the first ("第一个受理转办件的")
    twice = _ticket(("dispatched", "10:00", "住建", FIRST), ("dispatched", "11:00", "城管", FIRST))
    assert credited_unit(twice, moushi) == "住建"
    # a marked unit whose return was approved was not within its duty: the next marked one
    returned = _ticket(
        ("dispatched", "10:00", "住建", FIRST),
        ("return_approved", "15:00", "住建", {}),
        ("redispatched", "15:10", "城管", FIRST),
    )
    assert credited_unit(returned, moushi) == "城管"
    # ... or, none marked after it, the last unit dispatched
    unmarked = _ticket(
        ("dispatched", "10:00", "住建", FIRST),
        ("return_approved", "15:00", "住建", {}),
        ("redispatched", "15:10", "城管", {}),
    )
    assert credited_unit(unmarked, moushi) == "城管"
    # a return of another unit, or one approved before the mark, changes nothing
    other = _ticket(
        ("return_approved", "09:30", "住建", {}),
        ("dispatched", "10:00", "住建", FIRST),
        ("return_approved", "15:00", "城管", {}),
        ("dispatched", "15:10", "环保", {}),
    )
    assert credited_unit(other, moushi) == "住建"


def test_the_suite_covers_the_rule_and_fails_if_the_credit_were_the_last_unit(
    tmp_path: Path,
) -> None:
    suite = load_suite(SUITE)
    results = Runner().run_suite(suite).results
    assert all(r.status is Status.PASSED for r in results)
    assert coverage(suite.profile, results).percent == 100.0
    named = {r.case.name for r in results if "units.first_receiving" in r.covered}
    assert named >= FIRST_RECEIVING_CASES - {"首接负责：按时办结率计入首接责任单位"}  # audit: kpis
    # the v1 rule (or lead) instead of first_receiving: exactly these cases fail
    for credit in ("last_dispatched", "lead"):
        profiles = tmp_path / credit
        (profiles / "tests").mkdir(parents=True)
        text = (ROOT / "profiles" / "moushi.yaml").read_text(encoding="utf-8")
        assert text.count("  credit: first_receiving\n") == 1
        (profiles / "moushi.yaml").write_text(
            text.replace("  credit: first_receiving\n", f"  credit: {credit}\n"), encoding="utf-8"
        )
        shutil.copy(SUITE, profiles / "tests" / "moushi.test.yaml")
        broken = Runner().run_suite(load_suite(profiles / "tests" / "moushi.test.yaml"))
        failed = {r.case.name for r in broken.results if r.status is Status.FAILED}
        assert failed == FIRST_RECEIVING_CASES, credit


def test_docs_profiles_md_row_for_article_six(moushi: Profile) -> None:
    rows = {article: (ids, reason) for article, ids, reason in article_rows(moushi)}
    assert rows["第六条"] == (["units.first_receiving"], None)
    ids, reason = rows["第六条（首接责任人负责办理并按时答复）"]
    assert ids == [] and reason is not None and "第七条" in reason
    md = (ROOT / "docs" / "profiles.md").read_text(encoding="utf-8")
    assert "| 第六条 | `units.first_receiving` |  |" in md
