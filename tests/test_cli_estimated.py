"""A due instant in a year no holiday notice covers: estimated, and said so in the work-order output.

``examples/tickets/moushi-year-end.json``: a citizen's request dispatched Tue 29 Dec 2026 10:00,
5 working days (某市 第七条). 2027 has no notice: 30 and 31 Dec are the 1st and 2nd working days,
1 Jan (元旦, statutory) is skipped, 2-3 Jan are a weekend, 4-6 Jan the 3rd to 5th; due at the end
of 6 Jan, written 2027-01-07 00:00, estimated.

These are the example files' and docs' facts, true while 2026 was the last year announced: the
tests pin the bundled notices to those years (``docs_calendar``) and name the year only as
``Y``, the year that pinned calendar has no notice for (asked of it in the first test), so
announcing 2027 turns nothing here red.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from calendar_years import DOCS_LAST_NOTICE_YEAR
from hotline_rules.cli import app
from hotline_rules.time.calendar import WorkCalendar

ROOT = Path(__file__).resolve().parent.parent
TICKET = ROOT / "examples" / "tickets" / "moushi-year-end.json"
Y = DOCS_LAST_NOTICE_YEAR + 1
"""The year the pinned calendar has no notice for (asked of it below), which the example ticket,
dispatched late in the year before, reaches into."""
AS_OF = f"{Y}-01-04T12:00:00+08:00"
runner = CliRunner()
pytestmark = pytest.mark.usefixtures("docs_calendar")


def test_the_pinned_calendar_has_no_notice_for_the_year_the_example_reaches() -> None:
    assert WorkCalendar.default().first_unofficial_year == Y
    dispatched = json.loads(TICKET.read_text(encoding="utf-8"))["events"][0]["at"]
    assert dispatched.startswith(f"{Y - 1}-12-")


def _check(profile: str, *extra: str) -> tuple[int, str]:
    result = runner.invoke(
        app,
        ["check", str(TICKET), "--profile", profile, "--as-of", AS_OF, *extra],
        env={"COLUMNS": "160"},
    )
    return result.exit_code, result.stdout


def _accepting_estimates(tmp_path: Path) -> Path:
    path = tmp_path / "moushi_estimates.yaml"
    path.write_text(
        """apiVersion: hotline_rules/v1
extends: moushi
meta:
  id: moushi_estimates
  name_zh: 接受推定的某市配置
  name_en: moushi, estimates accepted
  jurisdiction: 某市
  issuer: 某市
  document: {title: 试行}
  source_file: moushi.txt
calendar:
  allow_estimated: true
""",
        encoding="utf-8",
    )
    return path


def test_check_marks_an_estimated_due_and_warns() -> None:
    code, out = _check("moushi")
    assert code == 0
    assert f"  {Y}-01-07 00:00（推定）  " in out
    assert (
        "[预警] calendar.estimated：completion.citizen 的截止时刻依赖尚无放假通知的年份，为推定结果（第七条）"
        in out
    )


def test_a_profile_that_accepts_estimates_has_no_warning_but_the_due_is_still_marked(
    tmp_path: Path,
) -> None:
    profile = str(_accepting_estimates(tmp_path))
    code, out = _check(profile)
    assert code == 0
    assert f"  {Y}-01-07 00:00（推定）  " in out
    assert "calendar.estimated" not in out
    code, out = _check(profile, "--format", "json")
    (clock,) = json.loads(out)["clocks"]
    assert clock["estimated"] is True and clock["due"] == f"{Y}-01-07T00:00:00+08:00"


def test_a_due_the_notices_cover_is_not_marked() -> None:
    result = runner.invoke(
        app,
        [
            "check",
            str(ROOT / "examples" / "tickets" / "moushi.json"),
            "--profile",
            "moushi",
            "--as-of",
            f"{Y - 1}-12-01T00:00:00+08:00",
        ],
        env={"COLUMNS": "160"},
    )
    assert "截止" in result.stdout and "推定" not in result.stdout


def test_deadline_refuses_the_year_unless_asked_or_the_profile_accepts(tmp_path: Path) -> None:
    args = [
        "deadline",
        "--clock",
        "completion",
        "--set",
        "requester=citizen",
        "--start",
        f"{Y - 1}-12-29T10:00:00+08:00",
        "--lang",
        "zh",
    ]
    refused = runner.invoke(app, [*args, "--profile", "moushi"])
    assert refused.exit_code == 2
    assert "[calendar.year_not_official]" in refused.output
    asked = runner.invoke(app, [*args, "--profile", "moushi", "--allow-estimated"])
    assert asked.exit_code == 0 and f"推定：是，依赖尚无通知的年份 {Y}" in asked.output
    accepting = runner.invoke(app, [*args, "--profile", str(_accepting_estimates(tmp_path))])
    assert accepting.exit_code == 0 and f"推定：是，依赖尚无通知的年份 {Y}" in accepting.output
