"""What a start loads: ``import hotline_rules`` and a ``deadline`` run stay lean (issue: a CLI that
starts fast). Each check runs in a fresh interpreter, since this one has imported everything."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from hotline_rules.time import holiday_cache
from hotline_rules.time.calendar import WorkCalendar


def _modules_after(code: str, tmp_path: Path) -> set[str]:
    script = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))\n"
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={"HOTLINE_RULES_CACHE_DIR": str(tmp_path), "PATH": ""},
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_import_loads_no_other_country_no_rich_no_audit(tmp_path: Path) -> None:
    mods = _modules_after(
        "import hotline_rules\nfrom hotline_rules import DeadlineCalculator, parse_instant\n"
        "DeadlineCalculator().due(parse_instant('2026-09-30T16:00:00+08:00'), '1个工作日')",
        tmp_path,
    )
    countries = {m for m in mods if m.startswith("holidays.countries")}
    assert countries == {"holidays.countries.china"}
    assert not {m for m in mods if m == "rich" or m.startswith("rich.")}
    assert not {m for m in mods if m.startswith(("hotline_rules.audit", "typer"))}
    # counting a deadline needs no profile language and no engine
    assert not {m for m in mods if m.startswith(("hotline_rules.profile", "hotline_rules.engine"))}


def test_bare_import_loads_nothing_of_ours_but_the_package(tmp_path: Path) -> None:
    mods = _modules_after("import hotline_rules", tmp_path)
    assert {m for m in mods if m.startswith("hotline_rules")} == {"hotline_rules"}
    assert "holidays" not in mods and "pydantic" not in mods


def test_deadline_verb_loads_only_its_own_cli_module(tmp_path: Path) -> None:
    mods = _modules_after(
        "import sys\n"
        "sys.argv = ['hotline-rules', 'deadline', '--start', '2026-09-30T16:00:00+08:00',"
        " '--add', '1个工作日']\n"
        "from hotline_rules.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass",
        tmp_path,
    )
    ours = {m for m in mods if m.startswith("hotline_rules.cli.")}
    assert ours == {"hotline_rules.cli.common", "hotline_rules.cli.time_cmds"}
    assert not {m for m in mods if m == "rich" or m.startswith("rich.")}
    assert not {m for m in mods if m.startswith(("hotline_rules.audit", "hotline_rules.profile"))}


def test_a_program_importing_all_of_holidays_afterwards_gets_the_real_package() -> None:
    code = (
        "import hotline_rules.time.calendar\n"
        "import holidays, holidays.countries\n"
        "assert holidays.countries.China is sys.modules['holidays.countries.china'].China\n"
        "assert holidays.country_holidays('FR', years=2026)\n"
        "print(holidays.country_holidays('CN', years=2026).get('2026-10-01'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", "import sys\n" + code], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "National Day"


def _days(cal: WorkCalendar) -> list[tuple[object, ...]]:
    return sorted(
        (o, i.working, i.kind, i.name_zh, i.name_en, i.source, i.official)
        for o, i in cal._info.items()
    )


@pytest.fixture
def cache_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOTLINE_RULES_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_the_disk_cache_gives_the_calendar_it_was_built_from(
    cache_in: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = WorkCalendar.from_notice_dirs()  # computes and stores
    assert len(list(cache_in.glob("holidays-china-*.json"))) == 1
    second = WorkCalendar.from_notice_dirs()  # reads the file
    monkeypatch.setenv("HOTLINE_RULES_CACHE_DIR", "off")
    fresh = WorkCalendar.from_notice_dirs()
    assert _days(first) == _days(second) == _days(fresh)
    assert first.version == second.version == fresh.version


@pytest.mark.parametrize(
    "damage",
    [
        "",
        "{not json",
        '{"key": "other", "rows": []}',
        "[1, 2, 3]",
        '{"key": "KEY", "rows": [[1, 2]]}',
        '{"key": "KEY", "rows": [[99999999999, true, "holiday", "a", "b", "c", true]]}',
        '{"key": "KEY", "rows": [[738000, true, "no such kind", "a", "b", "c", true]]}',
    ],
)
def test_a_damaged_cache_file_is_not_trusted(cache_in: Path, damage: str) -> None:
    reference = _days(WorkCalendar.from_notice_dirs())
    (path,) = cache_in.glob("holidays-china-*.json")
    key = path.stem.removeprefix("holidays-china-")
    path.write_text(damage.replace("KEY", key), encoding="utf-8")
    assert _days(WorkCalendar.from_notice_dirs()) == reference


def test_an_unwritable_cache_directory_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("HOTLINE_RULES_CACHE_DIR", str(blocker / "cache"))
    assert holiday_cache.cached_rows("k", lambda: [[1]]) == [[1]]


def test_the_cache_key_changes_with_the_holidays_release() -> None:
    assert holiday_cache.cache_key("0.109", 2001) != holiday_cache.cache_key("0.110", 2001)
