"""The command line: JSON on stdout only, exit codes, bilingual errors, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from calendar_years import UNANNOUNCED_YEAR
from hotline_rules.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_deadline_json_has_the_documented_fields() -> None:
    code, out, err = run(
        "deadline",
        "--start",
        "2026-09-30T16:00:00+08:00",
        "--add",
        "1 working_days",
        "--format",
        "json",
    )
    assert code == 0, err
    data = json.loads(out)  # stdout is exactly one JSON document
    assert data["start"] == "2026-09-30T16:00:00+08:00"
    assert data["add"] == "1 working_days"
    assert data["due"] == "2026-10-09T00:00:00+08:00"
    assert data["estimated"] is False
    assert [s["date"] for s in data["skipped"]] == [f"2026-10-0{i}" for i in range(1, 8)]
    assert {s["reason"] for s in data["skipped"]} == {"国庆节"}
    assert data["calendar"]["holidays"]


@pytest.mark.parametrize(
    ("options", "due"),
    [
        (
            ["--ends-at", "close_of_business", "--office-hours", "09:00-12:00,13:30-17:30"],
            "2026-10-08T17:30:00+08:00",
        ),
        (["--style", "elapsed"], "2026-10-08T16:00:00+08:00"),
    ],
)
def test_deadline_options(options: list[str], due: str) -> None:
    code, out, _ = run(
        "deadline",
        "--start",
        "2026-09-30T16:00:00+08:00",
        "--add",
        "1个工作日",
        "--format",
        "json",
        *options,
    )
    assert code == 0
    assert json.loads(out)["due"] == due


def test_rollover_option() -> None:
    args = ["deadline", "--start", "2026-09-30T16:00:00+08:00", "--add", "3日", "--format", "json"]
    assert json.loads(run(*args)[1])["due"] == "2026-10-04T00:00:00+08:00"
    assert json.loads(run(*args, "--rollover")[1])["due"] == "2026-10-09T00:00:00+08:00"


def test_allow_estimated_marks_the_result() -> None:
    args = [
        "deadline",
        "--start",
        f"{UNANNOUNCED_YEAR - 1}-12-20T10:00:00+08:00",
        "--add",
        "15个工作日",
        "--format",
        "json",
    ]
    code, out, err = run(*args)
    assert code == 2
    assert json.loads(out)["error"]["code"] == "calendar.year_not_official"
    assert str(UNANNOUNCED_YEAR) in err and "profiles/calendars/" in err
    code, out, _ = run(*args, "--allow-estimated")
    assert code == 0
    data = json.loads(out)
    assert data["estimated"] is True
    assert data["estimated_years"] == [UNANNOUNCED_YEAR]


@pytest.mark.parametrize(
    ("args", "error_code"),
    [
        (["--start", "2026-09-30T16:00:00", "--add", "1 working_days"], "time.naive_datetime"),
        (["--start", "yesterday", "--add", "1 working_days"], "time.unparsable"),
        (
            ["--start", "2026-09-30T16:00:00+08:00", "--add", "2 fortnights"],
            "duration.unknown_unit",
        ),
        (["--start", "2026-09-30T16:00:00+08:00", "--add", "0个工作日"], "duration.not_positive"),
        (
            ["--start", "2026-09-30T16:00:00+08:00", "--add", "-1 working_days"],
            "duration.not_positive",
        ),
        (["--start", "2026-09-30T16:00:00+08:00", "--add", "很快"], "duration.unparsable"),
        (
            [
                "--start",
                "2026-09-30T16:00:00+08:00",
                "--add",
                "1个工作日",
                "--ends-at",
                "close_of_business",
            ],
            "office_hours.missing",
        ),
        (
            ["--start", "2026-09-30T16:00:00+08:00", "--add", "1个工作日", "--zone", "Mars/Base"],
            "time.unknown_zone",
        ),
    ],
)
def test_bad_input_exits_2_with_both_languages(args: list[str], error_code: str) -> None:
    code, out, err = run("deadline", *args, "--format", "json")
    assert code == 2
    error = json.loads(out)["error"]
    assert error["code"] == error_code
    assert error["message_zh"] and error["message_en"]
    assert "错误" in err and "error" in err
    assert "Traceback" not in err + out


def test_text_errors_go_to_stderr_only() -> None:
    code, out, err = run("deadline", "--start", "2026-09-30T16:00:00", "--add", "1 working_days")
    assert code == 2
    assert out == ""
    assert "time.naive_datetime" in err


def test_calendar_month_json() -> None:
    code, out, _ = run("calendar", "2026-10", "--format", "json")
    assert code == 0
    data = json.loads(out)
    days = {d["date"]: d for d in data["days"]}
    assert len(days) == 31
    assert days["2026-10-10"]["working"] is True
    assert days["2026-10-10"]["kind"] == "makeup_workday"
    assert days["2026-10-04"]["reason"] == "国庆节"
    # by hand: 31 days - 7 (国庆 10-01..07) - 6 weekend days (11, 17, 18, 24, 25, 31); 10-10 is worked
    assert data["working_days"] == 18
    assert data["official"] is True


def test_calendar_month_text_names_reasons() -> None:
    code, out, _ = run("calendar", "2026-10")
    assert code == 0
    assert "调休上班（国庆节）" in out and "国庆节" in out
    assert "工作日 18 天" in out


def test_calendar_estimated_year_is_marked() -> None:
    code, out, _ = run("calendar", f"{UNANNOUNCED_YEAR}-10", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["official"] is False
    assert all(d["official"] is False for d in data["days"])


@pytest.mark.parametrize("when", ["2026-13", "October", "2026-10-32", "1990-01"])
def test_calendar_bad_period(when: str) -> None:
    code, out, err = run("calendar", when)
    assert code == 2
    assert "Traceback" not in err
    assert out == ""
    assert "错误" in err


def test_console_script_is_installed() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "hotline_rules.cli", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "deadline" in proc.stdout and "calendar" in proc.stdout
