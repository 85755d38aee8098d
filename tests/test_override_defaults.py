"""``override:`` may set a field the base profile left at its default (loader._override).

Before, any key the base had not written was refused as ``profile.override_missing_key``, so a
derived profile could not say ``counting.inclusive: true`` or ``stops_when: all`` of a base clock.
A misspelt key is still refused, with the nearest field the language allows there.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from engine_support import at, ticket
from hotline_rules.engine.engine import Engine
from hotline_rules.errors import ProfileError
from hotline_rules.profile.loader import LoadedProfile
from hotline_rules.profile.registry import Registry
from hotline_rules.profile.schema import ClockRule

BASE = """\
apiVersion: hotline_rules/v1
meta:
  id: base
  name_zh: 测试市热线办法
  name_en: Test city rules
  jurisdiction: 测试市
  issuer: 测试市政府
  document: {title: 测试市热线办法}
  source_file: none.txt
clocks:
  - id: completion.all
    clock: completion
    starts_on: dispatched
    stops_on: [completed, reply_sent]
    duration: 3个工作日
    cite: {article: 第五条, text: 3个工作日内办结并答复}
"""

CHILD_HEAD = """\
apiVersion: hotline_rules/v1
extends: base
meta:
  id: child
  name_zh: 测试区热线办法
  name_en: Test district rules
  jurisdiction: 测试区
  issuer: 测试区政府
  document: {title: 测试区热线办法}
  source_file: none.txt
override:
"""


def _load(tmp_path: Path, override: str) -> LoadedProfile:
    (tmp_path / "base.yaml").write_text(BASE, encoding="utf-8")
    (tmp_path / "child.yaml").write_text(CHILD_HEAD + override, encoding="utf-8")
    return Registry([tmp_path], bundled=False, plugins=False).load("child")


def _clock(loaded: LoadedProfile) -> ClockRule:
    rule = loaded.profile.rule("completion.all")
    assert isinstance(rule, ClockRule)
    return rule


def test_override_sets_what_the_base_left_at_its_default(tmp_path: Path) -> None:
    """Was ``profile.override_missing_key`` at both keys: the base never wrote them."""
    loaded = _load(
        tmp_path,
        "  clocks:\n    completion.all:\n      counting: {inclusive: true}\n      stops_when: all\n",
    )
    rule = _clock(loaded)
    assert rule.counting.inclusive is True
    assert rule.stops_when == "all"
    assert str(rule.duration) == "3 working_days"  # the rest is still the base's
    # provenance: the new values come from the child's file and line
    file, line, _ = loaded.provenance.positions[("clocks", 0, "stops_when")]
    assert (Path(file).name, line) == ("child.yaml", 15)
    for path in (("clocks", 0, "counting", "inclusive"), ("clocks", 0, "counting")):
        file, line, _ = loaded.provenance.positions[path]
        assert (Path(file).name, line) == ("child.yaml", 14)  # hotline-rules resolve shows it


def test_the_set_defaults_change_the_verdict(tmp_path: Path) -> None:
    """The override is not only stored: the engine counts and stops by it."""
    plain = Engine(_load(tmp_path, "  calendar: {zone: Asia/Shanghai}\n"))
    strict = Engine(
        _load(
            tmp_path,
            "  clocks:\n    completion.all:\n      counting: {inclusive: true}\n"
            "      stops_when: all\n",
        )
    )
    # Dispatched Tuesday 2026-09-15; completed Thursday 09-17 but never replied.
    t = ticket(
        events=[
            ("received", at("09-15 09:00")),
            ("dispatched", at("09-15 09:10")),
            ("completed", at("09-17 10:00")),
        ]
    )
    as_of = datetime.fromisoformat(at("09-25 12:00"))
    (p,) = plain.evaluate(t, as_of).clocks
    (s,) = strict.evaluate(t, as_of).clocks
    assert str(p.state) == "met"  # any one of completed, reply_sent stops the base's clock
    assert str(s.state) == "breached"  # all: the reply never came
    # inclusive: the dispatch day counts as the first of the 3 working days
    assert p.due == datetime.fromisoformat(at("09-19 00:00"))
    assert s.due == datetime.fromisoformat(at("09-18 00:00"))


def test_a_misspelt_default_is_still_refused_with_the_field_it_meant(tmp_path: Path) -> None:
    with pytest.raises(ProfileError) as info:
        _load(tmp_path, "  clocks:\n    completion.all:\n      stop_when: all\n")
    err = info.value
    assert err.code == "profile.override_missing_key"
    assert (err.location.line, err.location.column) == (14, 7)
    assert err.message_zh == (
        "被继承的配置中没有“clocks.completion.all.stop_when”，不能覆盖。"
        "是不是“stops_when”？（新规则请写在对应章节中）"
    )
    assert err.message_en == (
        "the base has no 'clocks.completion.all.stop_when' to override; "
        "did you mean 'stops_when'? (new rules go in their section)"
    )


def test_a_misspelt_key_inside_a_set_default_is_refused_at_the_childs_line(
    tmp_path: Path,
) -> None:
    """``counting`` is a section the base did not write: each key inside is checked as one."""
    with pytest.raises(ProfileError) as info:
        _load(tmp_path, "  clocks:\n    completion.all:\n      counting: {inclusiv: true}\n")
    err = info.value
    assert err.code == "profile.override_missing_key"
    assert err.location.file is not None and err.location.file.endswith("child.yaml")
    assert err.location.line == 14
    assert err.message_en == (
        "the base has no 'clocks.completion.all.counting.inclusiv' to override; "
        "did you mean 'inclusive'? (new rules go in their section)"
    )


def test_a_section_the_base_lacks_is_set_and_its_free_keys_kept(tmp_path: Path) -> None:
    """The base writes no vocabulary: a child may declare its words under override too."""
    loaded = _load(tmp_path, "  vocabulary:\n    tags: {night_shift: 夜班}\n")
    assert dict(loaded.profile.vocabulary.tags) == {"night_shift": "夜班"}


def test_a_set_default_is_checked_like_any_value(tmp_path: Path) -> None:
    """``stops_when: all`` still needs two events; the error is at the child's line."""
    text = BASE.replace("stops_on: [completed, reply_sent]", "stops_on: [completed]")
    (tmp_path / "base.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "child.yaml").write_text(
        CHILD_HEAD + "  clocks:\n    completion.all:\n      stops_when: all\n", encoding="utf-8"
    )
    with pytest.raises(ProfileError) as info:
        Registry([tmp_path], bundled=False, plugins=False).load("child")
    assert info.value.code == "clock.stops_when_all_needs_two"
    assert info.value.location.file is not None
    assert info.value.location.file.endswith("child.yaml")


def test_a_rule_id_or_a_section_of_rules_the_base_lacks_is_still_refused(
    tmp_path: Path,
) -> None:
    """New rules go in their section, where ids are checked, not under override."""
    with pytest.raises(ProfileError) as info:
        _load(tmp_path, "  clocks:\n    completion.al:\n      stops_when: all\n")
    assert info.value.code == "profile.override_missing_key"
    assert "completion.all" in info.value.message_zh
    with pytest.raises(ProfileError) as info:
        _load(tmp_path, "  supervision:\n    supervision.x:\n      actions: [supervision_notice]\n")
    assert info.value.code == "profile.override_missing_key"
    with pytest.raises(ProfileError) as info:
        _load(tmp_path, "  units:\n    id: units.x\n")
    assert info.value.code == "profile.override_missing_key"
    with pytest.raises(ProfileError) as info:  # the base has no accountability at all
        _load(tmp_path, "  accountability:\n    circumstances:\n      c.x: {consequences: []}\n")
    assert info.value.code == "profile.override_missing_key"
    assert info.value.location.path == "override.accountability.circumstances"
