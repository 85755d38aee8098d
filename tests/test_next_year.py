"""Adding next year's notice turns nothing red: proved on a copy of the checkout.

Every November or December a policy officer adds the new year's notice to
``profiles/calendars/``. Tests that named the year without a notice ("2027 is unannounced")
would all fail that day (34 did once). Here the checkout is copied to a temporary folder, a
made-up notice for the first year without one (``calendar_years.made_up_notice``) is added to
the copy's ``profiles/calendars/``, and the calendar-dependent tests run there, in a fresh
process that imports the copy's ``src/``: they must all pass.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from calendar_years import UNANNOUNCED_YEAR, made_up_notice

ROOT = Path(__file__).resolve().parent.parent

# The tests that ask which year has no notice, or pin the docs' calendar, or whose facts
# change with the bundled notices.
MODULES = [
    "tests/test_calendar.py",
    "tests/test_clock.py",
    "tests/test_cli.py",
    "tests/test_cli_estimated.py",
    "tests/test_resources.py",
    "tests/test_notices.py",
    "tests/test_notice_text.py",
    "tests/test_cli_notice.py",
    "tests/test_independent.py",
    "tests/test_deadline_zones.py",
    "tests/test_audit_hardened.py",
]
# Docs whose examples show the calendar data or next year as unannounced (pinned, docs_calendar).
DOC_EXAMPLES = "calendars.md or deadlines.md or README.md or integrators.md or profiles-guide.md"


def _copy_checkout(to: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", ".hypothesis", ".pytest_cache", "*.pyc")
    for name in ("src", "profiles", "tests", "examples", "docs"):
        shutil.copytree(ROOT / name, to / name, ignore=ignore)
    for name in ("README.md", "pyproject.toml"):
        shutil.copy2(ROOT / name, to / name)


def test_a_made_up_notice_for_next_year_turns_nothing_red(tmp_path: Path) -> None:
    copy = tmp_path / "checkout"
    _copy_checkout(copy)
    notice = copy / "profiles" / "calendars" / f"cn-{UNANNOUNCED_YEAR}.yaml"
    assert not notice.exists()
    notice.write_text(made_up_notice(UNANNOUNCED_YEAR), encoding="utf-8")

    env = {**os.environ, "PYTHONPATH": str(copy / "src"), "HOTLINE_RULES_CACHE_DIR": "off"}
    modules = [m for m in MODULES if (copy / m).exists()]
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            *modules,
            "tests/test_docs.py",
            "tests/test_impact.py",
            "-k",
            f"not test_docs.py or {DOC_EXAMPLES} or test_python_examples",
        ],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    tail = "\n".join(proc.stdout.splitlines()[-40:])
    assert proc.returncode == 0, f"with a {UNANNOUNCED_YEAR} notice added:\n{tail}\n{proc.stderr}"
    # The copy really ran with the new notice: its calendar knew the year.
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "from hotline_rules.time.calendar import WorkCalendar as W;"
            "print(W.default().first_unofficial_year)",
        ],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert probe.stdout.strip() == str(UNANNOUNCED_YEAR + 1), probe.stderr
