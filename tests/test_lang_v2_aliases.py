"""Chinese vocabulary names are accepted wherever a word is asked for (issue 19, friction)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.lang_v2_support import load_body

from hotline_rules.profile import ProfileError
from hotline_rules.vocabulary import KINDS, aliases

BODY = """\
vocabulary:
  tags: {mediation: 行政调解类}
clocks:
  - id: completion.consultation
    clock: 办结
    when: {kind: 咨询, urgency: [紧急, 较为紧急], tags: {has_none: [行政调解类]}}
    stops_on: [办结, 答复]
    stops_when: all
    duration: 2个工作日
    cite: {article: 第一条, text: 咨询类2个工作日内办结并答复}
accountability:
  circumstances:
    - id: circumstance.late
      when: {breached: {has: 办结}, kind: {not_in: [表扬]}}
      tier: 一般问责
      consequences: [约谈]
      cite: {article: 第二条, text: 超时办结的，约谈}
"""


def test_chinese_names_are_read_as_the_words(tmp_path: Path) -> None:
    p = load_body(tmp_path, BODY).profile
    (clock,) = p.clocks
    assert clock.clock == "completion"
    assert clock.stops_on == ("completed", "reply_sent")
    assert dict(clock.when.source) == {
        "kind": "consultation",
        "urgency": ["emergency", "urgent"],
        "tags": {"has_none": ["mediation"]},
    }
    assert clock.when.test({"kind": "consultation", "urgency": "urgent", "tags": frozenset()})
    assert not clock.when.test({"kind": "help", "urgency": "urgent", "tags": frozenset()})
    (c,) = p.accountability.circumstances
    assert c.tier == "general" and c.consequences == ("interview",)
    assert dict(c.when.source) == {
        "breached": {"has": "completion"},
        "kind": {"not_in": ["praise"]},
    }


def test_an_unknown_chinese_word_is_refused_with_a_suggestion(tmp_path: Path) -> None:
    with pytest.raises(ProfileError) as info:
        load_body(tmp_path, BODY.replace("stops_on: [办结, 答复]", "stops_on: [办结, 已答复]"))
    assert info.value.code == "events.unknown"
    assert "答复" in info.value.message_zh and "reply_sent" in info.value.message_en


def test_a_name_with_alternatives_gives_each() -> None:
    assert aliases(KINDS)["建议"] == aliases(KINDS)["意见"] == "suggestion"
    assert aliases({"a": "同名", "b": "同名"}) == {}  # a shared name could mean either
