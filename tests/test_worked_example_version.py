"""docs/zh/worked-example.md 第七步: the draft renamed to moushi@2027-01-01.yaml needs meta.id
moushi and meta.effective_from 2027-01-01, or it does not load; with both it is the version
in force from that day, and earlier tickets keep the old rules."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from hotline_rules.profile import ProfileError, Registry
from hotline_rules.profile.schema import ClockRule

ROOT = Path(__file__).resolve().parent.parent
DRAFT = (ROOT / "examples" / "profiles" / "moushi_3days.yaml").read_text(encoding="utf-8")


def _profiles(tmp_path: Path, draft: str) -> Registry:
    shutil.copy(ROOT / "profiles" / "moushi.yaml", tmp_path / "moushi.yaml")
    (tmp_path / "moushi@2027-01-01.yaml").write_text(draft, encoding="utf-8")
    return Registry([tmp_path], bundled=False, plugins=False)


def test_the_draft_renamed_as_it_is_does_not_load(tmp_path: Path) -> None:
    with pytest.raises(ProfileError) as info:
        _profiles(tmp_path, DRAFT).load("moushi@2027-01-01")
    assert info.value.code == "profile.version_id"
    assert info.value.message_zh == (
        "版本文件 moushi@2027-01-01.yaml 的 meta.id 应为“moushi”（与原配置相同），实为“moushi_3days”"
    )


def test_with_the_id_but_no_date_it_does_not_load(tmp_path: Path) -> None:
    draft = DRAFT.replace("  id: moushi_3days\n", "  id: moushi\n")
    with pytest.raises(ProfileError) as info:
        _profiles(tmp_path, draft).load("moushi@2027-01-01")
    assert info.value.code == "profile.version_date"


def test_with_both_it_is_the_version_from_that_day(tmp_path: Path) -> None:
    draft = DRAFT.replace("  id: moushi_3days\n", "  id: moushi\n  effective_from: 2027-01-01\n")
    chain = _profiles(tmp_path, draft).versions("moushi")
    assert [v.name for v in chain] == ["moushi", "moushi@2027-01-01"]
    for day, limit in ((date(2026, 12, 31), "5个工作日"), (date(2027, 1, 1), "3个工作日")):
        loaded = chain.in_force(day)
        assert loaded is not None
        rule = loaded.profile.rule("completion.citizen")
        assert isinstance(rule, ClockRule) and rule.duration.zh == limit
