"""KPIs a profile cannot compute are named, with the reason (issue 14: no invented 100%)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.lang_v2_support import load_body

from hotline_rules.profile import ProfileError, load_profile
from hotline_rules.profile.kpis import clocks_read, kpi_gaps

KPIS = """\
kpis:
  - id: kpi.on_time
    name_zh: 按时办结率
    name_en: on-time completion
    numerator: {completed: true, overdue: false}
    denominator: {completed: true}
    cite: {article: 第一条, text: 按时办结率}
  - id: kpi.reply_on_time
    name_zh: 按时答复率
    name_en: on-time reply
    numerator: {not: {breached: {has: reply}}}
    cite: {article: 第一条, text: 按时答复率}
  - id: kpi.declared
    name_zh: 响应率
    name_en: response rate
    numerator: {completed: true}
    needs_clocks: [first_contact]
    cite: {article: 第一条, text: 响应率}
  - id: kpi.volume
    name_zh: 咨询占比
    name_en: share of consultations
    numerator: {kind: consultation}
    cite: {article: 第一条, text: 咨询占比}
"""

COMPLETION = """\
clocks:
  - id: completion.all
    clock: completion
    stops_on: [completed]
    duration: 3日
    cite: {article: 第二条, text: 3日内办结}
"""


def test_a_profile_without_clocks_cannot_compute_clock_kpis(tmp_path: Path) -> None:
    gaps = kpi_gaps(load_body(tmp_path, KPIS).profile)
    assert set(gaps) == {"kpi.on_time", "kpi.reply_on_time", "kpi.declared"}
    zh, en = gaps["kpi.on_time"]
    assert "completion（办结）" in zh and "无法计算" in zh
    assert "completion" in en and "not computable" in en
    assert "reply" in gaps["kpi.reply_on_time"][1]
    assert "first_contact" in gaps["kpi.declared"][1]


def test_the_clock_a_kpi_needs_makes_it_computable(tmp_path: Path) -> None:
    gaps = kpi_gaps(load_body(tmp_path, COMPLETION + KPIS).profile)
    assert set(gaps) == {"kpi.reply_on_time", "kpi.declared"}


def test_needs_clocks_takes_clock_words_only(tmp_path: Path) -> None:
    body = KPIS.replace("needs_clocks: [first_contact]", "needs_clocks: [finish]")
    with pytest.raises(ProfileError) as info:
        load_body(tmp_path, body)
    assert info.value.code == "clocks.unknown"


@pytest.mark.parametrize(
    ("source", "clocks"),
    [
        ({"overdue": True}, ["completion"]),
        ({"any": [{"sign_for_late": True}, {"kind": "help"}]}, ["sign_for"]),
        ({"not": {"breached": ["reply", "feedback"]}}, ["reply", "feedback"]),
        ({"breached": {"has_none": ["reply"]}}, ["reply"]),
        ({"kind": "help", "returns": 2}, []),
    ],
)
def test_clocks_read_follows_every_branch(source: dict[str, object], clocks: list[str]) -> None:
    assert list(clocks_read(source)) == clocks


def test_the_bundled_profiles_that_set_completion_compute_it() -> None:
    for name in ("gaoling", "hebi", "moushi", "qingpu_water"):
        assert kpi_gaps(load_profile(name).profile) == {}, name
