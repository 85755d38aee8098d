"""Bundled data is found both in an installed wheel and in a source checkout."""

from __future__ import annotations

from pathlib import Path

import hotline_rules
from calendar_years import bundled_notice_files, notice_year
from hotline_rules.resources import bundled_calendars_dir
from hotline_rules.time.calendar import WorkCalendar

ROOT = Path(__file__).resolve().parent.parent


def test_bundled_notices_are_found_where_the_package_is() -> None:
    package_dir = Path(hotline_rules.__file__).resolve().parent
    calendars = bundled_calendars_dir()
    if package_dir.is_relative_to(ROOT / "src"):
        # source checkout or editable install: read from the repository
        assert calendars == ROOT / "profiles" / "calendars"
    else:
        # installed wheel (how CI runs): the files ship inside the package
        assert calendars.is_relative_to(package_dir), calendars
        assert calendars == package_dir / "_bundled" / "profiles" / "calendars"
    names = {p.name for p in calendars.glob("*.yaml")}
    assert {"cn-2025.yaml", "cn-2026.yaml"} <= names


def test_bundled_files_equal_the_repository_files() -> None:
    for path in (ROOT / "profiles" / "calendars").glob("*.yaml"):
        assert (bundled_calendars_dir() / path.name).read_bytes() == path.read_bytes(), path.name


def test_default_calendar_uses_the_bundled_notices() -> None:
    years = [year for year, _, _ in WorkCalendar.default().version.notices]
    assert years == [notice_year(p) for p in bundled_notice_files()]
    assert years[:2] == [2025, 2026]
