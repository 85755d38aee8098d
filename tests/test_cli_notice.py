"""``notice import``, ``notice check`` (and ``notice FILE`` as before), ``calendar status``."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from calendar_years import UNANNOUNCED_YEAR
from hotline_rules.cli import app
from hotline_rules.time.notices import load_notice_file

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "notices"
runner = CliRunner()


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin, env={"COLUMNS": "160"})
    return result.exit_code, result.stdout, result.stderr


def test_import_shows_what_it_read_and_writes_nothing_without_write(tmp_path: Path) -> None:
    code, out, err = run("notice", "import", str(DATA / "2026.txt"), "--to", str(tmp_path))
    assert code == 0, err
    assert "国务院办公厅关于2026年部分节假日安排的通知（2025-11-04）" in out
    assert (
        "  国庆节：2026-10-01（周四） 至 2026-10-07（周三） 放假，共7天；"
        "调休上班：2026-09-20（周日）、2026-10-10（周六）"
    ) in out
    assert "  2026年10月" in out and " 5休 6休 7休 8   9  10班11" in out
    assert "核对无误：7 项，放假 33 天，调休上班 6 天" in out
    assert list(tmp_path.iterdir()) == []


def test_import_writes_only_with_write_and_never_overwrites_without_force(tmp_path: Path) -> None:
    args = ("notice", "import", str(DATA / "2026.txt"), "--to", str(tmp_path), "--write")
    code, out, err = run(*args)
    assert code == 0, err
    written = tmp_path / "cn-2026.yaml"
    assert f"已写入 {written}。" in out
    assert load_notice_file(written).notice.year == 2026
    before = written.read_text(encoding="utf-8")
    code, _, err = run(*args)
    assert code == 2
    assert "notice_text.file_exists" in err and "--force" in err
    code, _, err = run(*args, "--force")
    assert code == 0, err
    assert written.read_text(encoding="utf-8") == before


def test_import_reads_supplements_and_stdin() -> None:
    text = (DATA / "2019.txt").read_text(encoding="utf-8")
    code, out, err = run(
        "notice", "import", "-", str(DATA / "2019-labour-day.txt"), "--format", "json", stdin=text
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["year"] == 2019
    assert data["supplements"] == ["国务院办公厅关于调整2019年劳动节假期安排的通知"]
    assert {"date": "2019-05-04", "holiday": "劳动节"} in data["days_off"]
    assert {"date": "2019-05-05", "holiday": "劳动节"} in data["workdays"]
    assert all(len(d["date"]) == 10 for d in data["days_off"] + data["workdays"])


def test_import_refuses_a_wrong_weekday_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "2026.txt"
    bad.write_text(
        (DATA / "2026.txt").read_text(encoding="utf-8").replace("1月4日(周日)", "1月4日(周六)"),
        encoding="utf-8",
    )
    code, out, err = run("notice", "import", str(bad), "--lang", "zh")
    assert code == 2
    assert out == ""
    assert err.splitlines()[0] == (
        f"{bad}:6:35: 错误 [notice_text.weekday_mismatch]：1月4日写的是周六，"
        "但2026-01-04是周日（日期或星期抄错了？）"
    )
    assert "未导入：1 处错误" in err
    code, out, _ = run("notice", "import", str(bad), "--format", "json")
    assert code == 2
    assert json.loads(out)["error"][0]["line"] == 6


def test_notice_file_and_notice_check_file_are_the_same() -> None:
    path = str(ROOT / "profiles" / "calendars" / "cn-2026.yaml")
    old = run("notice", path, "--lang", "zh")
    new = run("notice", "check", path, "--lang", "zh")
    assert old == new
    assert old[0] == 0 and "通过检查：1 个文件。" in old[1]


def test_calendar_month_and_calendar_show_are_the_same() -> None:
    assert run("calendar", "2026-10", "--lang", "zh") == run(
        "calendar", "show", "2026-10", "--lang", "zh"
    )


def test_calendar_status_warns_from_november_when_next_year_has_no_notice() -> None:
    last = UNANNOUNCED_YEAR - 1
    code, out, _ = run("calendar", "status", "--today", f"{last}-10-31", "--lang", "zh")
    assert code == 0
    assert f"正式年份（有国务院办公厅通知可依）：2001–{last}" in out
    assert f"推定年份（尚无通知，只按法定节日推算）：{UNANNOUNCED_YEAR}–" in out
    assert "[警告]" not in out
    code, out, _ = run("calendar", "status", "--today", f"{last}-11-01", "--lang", "zh")
    assert code == 0
    assert f"[警告] {UNANNOUNCED_YEAR}年的放假通知尚未收录" in out
    code, out, _ = run("calendar", "status", "--today", f"{last}-11-01", "--format", "json")
    data = json.loads(out)
    assert data["first_unofficial_year"] == UNANNOUNCED_YEAR
    assert data["warning"]["code"] == "calendar.next_year_missing"
    assert [n["file"] for n in data["notices"]][:2] == ["cn-2025.yaml", "cn-2026.yaml"]
