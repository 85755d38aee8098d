"""Issue 12, the audit and its outputs: nothing lost, nothing crashes, nothing misread.

Each case was reproduced first (the message before the fix is in each test's docstring):
accounting that adds up, duplicate ids, an all-rejected export, ``--period`` typos, estimated
calendar years marked or excluded, a bounded number of rejected rows kept, values that are rich
markup, spreadsheet formulas, control characters or lone surrogates, times in the profile's zone
with their offset, and events later than as-of named by ``explain`` and ``check``.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from calendar_years import DOCS_LAST_NOTICE_YEAR
from engine_support import engine
from hotline_rules.audit.auditor import (
    DUPLICATE_ID,
    REJECTED_EXAMPLES,
    Auditor,
    SeenIds,
    audit,
    check_period,
)
from hotline_rules.audit.report import escape, render_html
from hotline_rules.cli import app
from hotline_rules.cli.audit_cmds import print_result, to_csv
from hotline_rules.cli.common import csv_cell, json_text, shown
from hotline_rules.engine.engine import Engine
from hotline_rules.engine.explain import explain_lines
from hotline_rules.engine.ticket import Rejected, Skipped, iter_jsonl, parse_ticket
from hotline_rules.errors import InputError
from hotline_rules.time.calendar import WorkCalendar

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-06-30T00:00:00+08:00"


def ticket(
    tid: str, day: str = "2026-03-02", unit: str = "市住建局", **attrs: Any
) -> dict[str, Any]:
    """A 某市 ticket received and dispatched on ``day`` (never completed: breached by June)."""
    return {
        "id": tid,
        "requester": "citizen",
        "events": [
            {"type": "received", "at": f"{day}T09:00:00+08:00"},
            {"type": "dispatched", "at": f"{day}T10:00:00+08:00", "unit": unit},
        ],
        **attrs,
    }


def write(tmp_path: Path, lines: list[str], name: str = "export.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(*args: str) -> Any:
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "160"})


def audit_args(path: Path, *more: str) -> list[str]:
    return ["audit", str(path), "-p", "moushi", "--as-of", AS_OF, "-q", *more]


# ---- 1. accounting ---------------------------------------------------------------------------

MIXED = [
    json.dumps(ticket("A1")),  # 1 evaluated
    "",  # 2 blank
    json.dumps(ticket("A2", "2026-04-01")),  # 3 outside --period 2026-03
    "not json",  # 4 rejected
    json.dumps(ticket("A1", unit="别的单位")),  # 5 duplicate of line 1: rejected
    json.dumps(ticket("A3")),  # 6 evaluated
    '{"id": "A4", "events": [{"type": "received", "at": "2026-03-02T09:00:00"}]}',  # 7 naive time
]


def test_rows_read_add_up_on_a_mixed_export(tmp_path: Path) -> None:
    """Before: 6 of 7 lines read (the blank one uncounted), the duplicate A1 evaluated twice."""
    path = write(tmp_path, MIXED)
    out = run(*audit_args(path, "--period", "2026-03", "-f", "json"))
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    acc = data["accounting"]
    parts = {k: v for k, v in acc.items() if k not in ("rows_read", "balanced")}
    assert acc["rows_read"] == sum(parts.values()) == len(MIXED) and acc["balanced"] is True
    assert acc == {
        "rows_read": 7,
        "tickets_evaluated": 2,
        "outside_period": 1,
        "estimated_excluded": 0,
        "rejected": 3,
        "blank": 1,
        "comment": 0,
        "balanced": True,
    }
    assert data["rows_rejected"] == 3 and data["rejected_by_code"][DUPLICATE_ID] == 1
    # the text report says the same in one sentence
    text = run(*audit_args(path, "--period", "2026-03")).stdout
    assert "读取 7 行：评估 2 张，不在期间内 1 张，无法读取 3 行，空行 1 行，注释 0 行。" in text


def test_comment_lines_are_counted_apart() -> None:
    auditor = Auditor(engine("moushi"), as_of=datetime.fromisoformat(AS_OF))
    for item in (Skipped(1, "comment"), Skipped(2, "blank"), parse_ticket(ticket("C1"))):
        auditor.feed(item, 3)
    r = auditor.finish()
    assert (r.rows_read, r.comment_lines, r.blank_lines, r.tickets_evaluated) == (3, 1, 1, 1)
    assert r.balanced


def test_a_duplicate_id_is_rejected_naming_the_line_of_the_first(tmp_path: Path) -> None:
    """Before: both tickets were evaluated and counted (KPIs and circumstances twice)."""
    lines = [json.dumps(ticket("D1")), json.dumps(ticket("D2")), json.dumps(ticket("D1"))]
    result = audit(iter_jsonl(lines), engine("moushi"), as_of=datetime.fromisoformat(AS_OF))
    assert result.tickets_evaluated == 2 and result.rows_rejected == 1
    (dup,) = result.rejected
    assert (dup.line, dup.code, dup.ticket_id) == (3, DUPLICATE_ID, "D1")
    assert "第 1 行" in dup.reason_zh and "line 1" in dup.reason_en
    assert result.units[("市住建局", "2026-03")].tickets == 2


def test_seen_ids_grow_and_never_forget() -> None:
    seen = SeenIds(size=8)
    for n in range(5000):
        assert seen.first(f"HK-{n:07d}", n + 1) is None
    assert len(seen) == 5000 and seen.nbytes <= 5000 * 2 * 2 * 16
    for n in range(0, 5000, 7):
        assert seen.first(f"HK-{n:07d}", 99999) == n + 1
    assert seen.first("\udc00 lone surrogate", 1) is None  # any str, never an encoding error


def test_all_rows_rejected_exits_2_with_a_message(tmp_path: Path) -> None:
    """Before: exit 0 and an empty table, as if the month had no tickets."""
    path = write(tmp_path, ["nope", "{bad", ""])
    for fmt in ("text", "json", "csv"):
        out = run(*audit_args(path, "-f", fmt))
        assert out.exit_code == 2, out.output
        assert "错误 [audit.all_rejected]" in out.stderr and "all 2 rows" in out.stderr
    data = json.loads(run(*audit_args(path, "-f", "json")).stdout)
    assert data["error"]["code"] == "audit.all_rejected" and data["tickets_evaluated"] == 0


def test_an_export_of_tickets_outside_the_period_is_not_all_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, [json.dumps(ticket("P1")), "nope"])
    assert run(*audit_args(path, "--period", "2025-01")).exit_code == 0


@pytest.mark.parametrize("period", ["2026-1", "2026-13", "26-10", "2026-Q5", "2026-10-01", ""])
def test_a_period_that_is_not_yyyy_mm_or_yyyy_is_an_error(tmp_path: Path, period: str) -> None:
    """Before: ``--period 2026-1`` was a prefix of 2026-10, -11 and -12: October to December."""
    with pytest.raises(InputError) as err:
        check_period(period)
    assert err.value.code == "usage.bad_period"
    path = write(tmp_path, [json.dumps(ticket("Q1", "2026-10-09"))])
    out = run(*audit_args(path, "--period", period))
    assert out.exit_code == 2 and "YYYY-MM" in out.stderr


def test_month_and_year_periods_still_work() -> None:
    assert check_period("2026-10") == "2026-10" and check_period("2026") == "2026"
    lines = [json.dumps(ticket("Y1", "2026-10-09")), json.dumps(ticket("Y2", "2026-01-09"))]
    for period, evaluated in (("2026-10", 1), ("2026-01", 1), ("2026", 2), ("2025", 0)):
        result = audit(
            iter_jsonl(lines), engine("moushi"), as_of=datetime.fromisoformat(AS_OF), period=period
        )
        assert result.tickets_evaluated == evaluated, period


# ---- estimated calendar years ------------------------------------------------------------------

Y = DOCS_LAST_NOTICE_YEAR + 1
"""The year the pinned calendar (``docs_calendar``) has no notice for, asked of it below: the
year-end tickets' due days fall in it, so their verdicts are estimated."""
YEAR_END = [
    # 某市 第七条: 5个工作日 from dispatch; dispatched 12-29, the due day falls in Y (no notice)
    ticket("E1", f"{Y - 1}-12-29", completed=None),
    ticket("E2", f"{Y - 1}-12-30"),
    # due inside Y - 1: official calendar
    ticket("O1", f"{Y - 1}-12-01"),
]
for t in YEAR_END:
    t.pop("completed", None)
for t, done in (
    (YEAR_END[1], f"{Y}-01-04T10:00:00+08:00"),
    (YEAR_END[2], f"{Y - 1}-12-03T10:00:00+08:00"),
):
    # 第七条 办理完毕并答复, and the result fed back that day
    for kind in ("completed", "reply_sent", "archived"):
        t["events"].append({"type": kind, "at": done, "unit": "市住建局"})
YEAR_END_AS_OF = f"{Y}-01-31T00:00:00+08:00"


@pytest.mark.usefixtures("docs_calendar")
def test_the_pinned_calendar_has_no_notice_for_the_year_end_tickets_due_days() -> None:
    assert WorkCalendar.default().first_unofficial_year == Y


@pytest.mark.usefixtures("docs_calendar")  # Y without a notice, as pinned
def test_estimated_verdicts_are_counted_and_marked_in_kpis(tmp_path: Path) -> None:
    """Before: E1 and E2, judged on an estimated Y, were counted like O1, with no mark."""
    lines = [json.dumps(t) for t in YEAR_END]
    # a fresh engine: the session's cached one holds the calendar of when it was built, which
    # knows Y once Y's notice is added (test_next_year caught it), whatever is pinned now
    result = audit(
        iter_jsonl(lines), Engine("moushi"), as_of=datetime.fromisoformat(YEAR_END_AS_OF)
    )
    assert result.tickets_estimated == 2 and result.tickets_evaluated == 3
    up = result.units[("市住建局", f"{Y - 1}-12")]
    assert (up.tickets, up.estimated) == (3, 2)
    # 按时办结 / (已办结 + 已过期限未办结): E2 and O1 on time; E1 open past its (estimated) due
    kpi = up.kpis["kpi.on_time_completion"]
    assert (kpi.numerator, kpi.denominator) == (2, 3)
    assert (kpi.estimated_numerator, kpi.estimated_denominator) == (1, 2)
    path = write(tmp_path, lines)
    args = ["audit", str(path), "-p", "moushi", "--as-of", YEAR_END_AS_OF, "-q"]
    data = json.loads(run(*args, "-f", "json").stdout)
    assert data["estimated"] == {"tickets": 2, "excluded": False, "tickets_excluded": 0}
    (unit,) = data["units"]
    assert unit["estimated_tickets"] == 2
    assert unit["kpis"]["kpi.on_time_completion"]["estimated_denominator"] == 2
    text = run(*args).stdout
    assert "其中 2 张的截止时刻依赖尚无放假通知的年份" in text
    assert "2/3 = 66.7%（推定 1/2）" in text and "3（推定 2）" in text
    rows = list(csv.DictReader(io.StringIO(run(*args, "-f", "csv").stdout)))
    assert rows[0]["estimated_tickets"] == "2"


@pytest.mark.usefixtures("docs_calendar")  # Y without a notice, as pinned
def test_exclude_estimated_leaves_them_out_and_counts_them(tmp_path: Path) -> None:
    path = write(tmp_path, [json.dumps(t) for t in YEAR_END])
    args = ["audit", str(path), "-p", "moushi", "--as-of", YEAR_END_AS_OF, "-q"]
    data = json.loads(run(*args, "--exclude-estimated", "-f", "json").stdout)
    assert data["estimated"] == {"tickets": 0, "excluded": True, "tickets_excluded": 2}
    assert data["accounting"]["estimated_excluded"] == 2 and data["accounting"]["balanced"]
    assert data["tickets_evaluated"] == 1
    (unit,) = data["units"]
    assert unit["tickets"] == 1 and unit["kpis"]["kpi.on_time_completion"]["denominator"] == 1
    text = run(*args, "--exclude-estimated").stdout
    assert "推定而排除 2 张" in text and "已按 --exclude-estimated 不计入下表" in text


# ---- 3. bounded memory: rejected rows ----------------------------------------------------------


def test_rejected_rows_keep_the_first_examples_and_count_all(tmp_path: Path) -> None:
    """Before: every Rejected was kept in a list (1.13 GB for 1M half-bad lines)."""
    auditor = Auditor(engine("moushi"), as_of=datetime.fromisoformat(AS_OF))
    n = REJECTED_EXAMPLES + 500
    for line in range(1, n + 1):
        code = "record.json_invalid" if line % 2 else "record.time_naive"
        auditor.reject(Rejected(line, "坏", "bad", None, code))
    r = auditor.finish()
    assert len(r.rejected) == REJECTED_EXAMPLES and r.rows_rejected == n
    assert [x.line for x in r.rejected[:3]] == [1, 2, 3]  # the first ones, in file order
    assert r.rejected_by_code == {"record.json_invalid": 750, "record.time_naive": 750}
    data = r.to_dict()
    assert data["rejected_examples"] == {"kept": 1000, "limit": 1000, "not_kept": 500}
    assert data["rows_rejected"] == n and len(data["rejected"]) == 1000


def test_every_rejected_row_can_be_streamed_to_a_file(tmp_path: Path) -> None:
    path = write(tmp_path, MIXED)
    rejects = tmp_path / "rejects.jsonl"
    assert run(*audit_args(path, "--rejects", str(rejects))).exit_code == 0
    rows = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert [r["line"] for r in rows] == [4, 5, 7]
    assert rows[1]["code"] == DUPLICATE_ID


# ---- 7. output safety --------------------------------------------------------------------------

HOSTILE_IDS = ["[/]", "[bold]x", "[red]y[/red]", '=HYPERLINK("http://evil","x")', "+1", "-2", "@3"]


def test_markup_in_values_prints_literally_in_every_format(tmp_path: Path) -> None:
    """Before: MarkupError "closing tag '[/]' at position 0 has nothing to close", exit 1."""
    lines = [json.dumps(ticket(tid, unit=tid)) for tid in HOSTILE_IDS]
    path = write(tmp_path, lines)
    out = run(*audit_args(path))
    assert out.exit_code == 0, out.output
    for tid in HOSTILE_IDS:
        assert tid in out.stdout  # units are printed as written, markup and all
    html = tmp_path / "r.html"
    out = run(*audit_args(path, "--html", str(html)))
    assert out.exit_code == 0 and "[/]" in html.read_text(encoding="utf-8")


def test_csv_cells_that_a_spreadsheet_would_run_are_prefixed(tmp_path: Path) -> None:
    """Before: the unit ``=HYPERLINK(...)`` went into --format csv as a live formula."""
    lines = [json.dumps(ticket(f"F{i}", unit=tid)) for i, tid in enumerate(HOSTILE_IDS)]
    out = run(*audit_args(write(tmp_path, lines), "-f", "csv"))
    units = {row["unit"] for row in csv.DictReader(io.StringIO(out.stdout))}
    assert '\'=HYPERLINK("http://evil","x")' in units
    assert {"'+1", "'-2", "'@3", "[/]"} <= units
    assert not any(u.startswith(("=", "+", "-", "@")) for u in units)
    assert csv_cell("\tx") == "'\tx" and csv_cell("\rx") == "'\rx" and csv_cell(-5) == -5


def test_control_characters_and_lone_surrogates_never_break_an_output(tmp_path: Path) -> None:
    """Before: UnicodeEncodeError "surrogates not allowed" writing JSON and HTML, exit 1."""
    bad = "单位\x1b[31m红\udc00\u202e"
    auditor = Auditor(engine("moushi"), as_of=datetime.fromisoformat(AS_OF), keep_flagged=5)
    auditor.add(parse_ticket(ticket("S\udc01", unit=bad)))
    auditor.reject(Rejected(2, "坏\udc02", "bad\x07", "R\udc03", "record.bad_text"))
    result = auditor.finish()
    eng = engine("moushi")
    # JSON: valid UTF-8, and the same strings when read back
    text = json_text(result.to_dict())
    text.encode("utf-8")
    back = json.loads(text)
    assert back["units"][0]["unit"] == bad and back["rejected"][0]["ticket_id"] == "R\udc03"
    # CSV and HTML: written as UTF-8, the bad characters made visible
    csv_text = to_csv(result, eng)
    csv_text.encode("utf-8")
    assert "\\x1b" in csv_text and "\\udc00" in csv_text and "\x1b" not in csv_text
    timelines = {t.id: explain_lines(eng, ev, t) for t, ev in auditor.flagged}
    page = render_html(result, eng, timelines)
    page.encode("utf-8")
    assert "\\udc00" in page and "\\u202e" in page and "\x1b" not in page
    # text: the terminal report never sees an escape sequence or a surrogate
    assert shown(bad) == "单位\\x1b[31m红\\udc00\\u202e"
    assert escape("<b>\udc00") == "&lt;b&gt;\\udc00"


def test_text_report_encodes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    auditor = Auditor(engine("moushi"), as_of=datetime.fromisoformat(AS_OF))
    auditor.add(parse_ticket(ticket("[/]\udc00", unit="[bold]\x1b\udc00")))
    print_result(auditor.finish(), engine("moushi"))
    out = capsys.readouterr().out
    out.encode("utf-8")
    assert "[bold]\\x1b\\udc00" in out


def test_times_in_a_timeline_are_in_the_profile_zone_with_their_offset() -> None:
    """Before: a ticket written in UTC (``Z``) was told in UTC, without an offset, beside +08:00."""
    data = ticket("Z1")
    data["events"] = [
        {"type": "received", "at": "2026-03-02T01:00:00Z"},
        {"type": "dispatched", "at": "2026-03-02T10:00:00+08:00", "unit": "市住建局"},
    ]
    t = parse_ticket(data)
    eng = engine("moushi")
    lines = explain_lines(eng, eng.evaluate(t, datetime.fromisoformat("2026-03-31T00:00:00Z")), t)
    assert "截至 2026-03-31 08:00+08:00" in lines[0]
    assert any(line.startswith("  2026-03-02 09:00+08:00 受理") for line in lines)
    assert any("截止 2026-03-10 00:00+08:00" in line for line in lines)


# ---- 4. events after as-of ---------------------------------------------------------------------

YEAR_END_TICKET = str(ROOT / "examples" / "tickets" / "moushi-year-end.json")


def test_explain_says_which_events_lie_after_as_of() -> None:
    """Before: "结论：没有违规。" and nothing else: the two events were ignored without a word."""
    args = ["explain", YEAR_END_TICKET, "-p", "moushi", "--as-of", "2026-12-01T00:00:00+08:00"]
    out = run(*args)
    assert out.exit_code == 0
    assert (
        "另有 2 个事件晚于评估时刻 2026-12-01 00:00+08:00，未予考虑"
        "（最早的是 2026-12-29 09:00+08:00 受理）。"
    ) in out.stdout
    assert "2 event(s) after as-of 2026-12-01 00:00+08:00 were not considered" in out.stdout
    data = json.loads(run(*args, "-f", "json").stdout)
    assert data["events_after_as_of"] == 2
    assert data["events_after_as_of_en"].startswith("2 event(s) after as-of")
    assert data["events_after_as_of_zh"] in data["timeline"][1]
    zh_only = run(*args, "--lang", "zh").stdout
    assert "event(s)" not in zh_only and "另有 2 个事件" in zh_only


def test_check_says_so_too_and_hints_at_as_of_when_it_was_not_given() -> None:
    args = ["check", YEAR_END_TICKET, "-p", "moushi"]
    out = run(*args, "--as-of", "2026-12-01T00:00:00+08:00")
    assert "另有 2 个事件晚于评估时刻" in out.stdout and "--as-of 指定" not in out.stdout
    data = json.loads(run(*args, "--as-of", "2026-12-01T00:00:00+08:00", "-f", "json").stdout)
    assert data["events_after_as_of"] == 2 and data["clocks"] == []
    data = json.loads(run(*args, "--as-of", "2027-02-01T00:00:00+08:00", "-f", "json").stdout)
    assert data["events_after_as_of"] == 0 and data["events_after_as_of_zh"] is None


def test_no_line_about_later_events_when_there_are_none() -> None:
    out = run("explain", YEAR_END_TICKET, "-p", "moushi", "--as-of", "2027-02-01T00:00:00+08:00")
    assert "晚于评估时刻" not in out.stdout and "after as-of" not in out.stdout


# ---- 7. every other verb that prints values ----------------------------------------------------


@pytest.fixture
def markup_profile(tmp_path: Path) -> Path:
    """The sample profile with rich markup in its name and a citation's words."""
    text = (ROOT / "examples" / "versions" / "sample_city.yaml").read_text(encoding="utf-8")
    text = text.replace("name_zh: 示例市12345热线办法（示例）", 'name_zh: "[/]示例[bold]市"')
    text = text.replace(
        "text: 承办单位应在5个工作日内办结", 'text: "[red]承办单位[/red]应在5个工作日内办结"'
    )
    path = tmp_path / "sample_city.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_profile_verbs_print_markup_literally(markup_profile: Path) -> None:
    """Before: ``show`` ended in MarkupError "closing tag '[/]' at position 0 has nothing to close"."""
    out = run("show", str(markup_profile))
    assert out.exit_code == 0, out.output
    assert "[/]示例[bold]市（sample_city）" in out.stdout
    out = run("diff", str(markup_profile), "examples/versions/sample_city.yaml")
    assert out.exit_code == 0, out.output
    assert "[/]示例[bold]市  ⇄" in out.stdout
    for verb in ("validate", "lint"):
        out = run(verb, str(markup_profile))
        assert out.exit_code == 0, out.output


def test_explain_and_check_print_markup_and_controls_literally(tmp_path: Path) -> None:
    data = ticket("[/]T\x1b[2J", unit="[bold]局")
    path = tmp_path / "t.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    for verb in ("explain", "check"):
        out = run(verb, str(path), "-p", "moushi", "--as-of", AS_OF)
        assert out.exit_code in (0, 5), out.output
        assert "[/]T\\x1b[2J" in out.stdout and "\x1b" not in out.stdout
        assert "[bold]局" in out.stdout


def test_notice_and_calendar_print_markup_literally(tmp_path: Path) -> None:
    text = (ROOT / "profiles" / "calendars" / "cn-2026.yaml").read_text(encoding="utf-8")
    text = text.replace("name: 元旦", 'name: "[/]元旦"', 1)
    notices = tmp_path / "notices"
    notices.mkdir()
    (notices / "cn-2026.yaml").write_text(text, encoding="utf-8")
    out = run("notice", str(notices / "cn-2026.yaml"), "--lang", "zh")
    assert out.exit_code == 0, out.output
    assert "[/]元旦：2026-01-01 至 2026-01-03 放假" in out.stdout
    out = run("calendar", "2026-01", "--calendars", str(notices), "--lang", "zh")
    assert out.exit_code == 0, out.output
    assert "[/]元旦" in out.stdout


def test_replay_counts_blank_lines_and_shows_times_with_their_offset(tmp_path: Path) -> None:
    lines = [json.dumps(ticket("R1")), "", json.dumps(ticket("R2"))]
    path = write(tmp_path, lines)
    args = ["diff", "moushi", "examples/profiles/moushi_3days.yaml", "--replay", str(path)]
    data = json.loads(run(*args, "--as-of", AS_OF, "-f", "json").stdout)["replay"]
    assert (data["rows_read"], data["tickets_evaluated"], data["blank_lines"]) == (3, 2, 1)
    out = run(*args, "--as-of", "2026-06-29T16:00:00Z").stdout
    assert "评估时刻 2026-06-30T00:00:00+08:00" in out


def _csv_export(tmp_path: Path, encoding: str) -> Path:
    """A one-row-per-event CSV, as an office's Excel saves it; ticket 工单1 appears twice."""
    rows = [
        "id,requester,type,at,unit",
        "工单1,citizen,received,2026-03-02T09:00:00+08:00,",
        "工单1,citizen,dispatched,2026-03-02T10:00:00+08:00,市住建局",
        "工单2,citizen,received,2026-03-02T09:00:00+08:00,",
        "工单2,citizen,dispatched,2026-03-02T10:00:00+08:00,市住建局",
        "工单1,citizen,received,2026-03-03T09:00:00+08:00,",
    ]
    path = tmp_path / "export.csv"
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode(encoding))
    return path


def test_the_encoding_read_is_printed_and_in_the_json(tmp_path: Path) -> None:
    path = _csv_export(tmp_path, "gb18030")
    data = json.loads(run(*audit_args(path, "-f", "json")).stdout)
    assert data["encoding"] == "gb18030" and data["format"] == "csv"
    # the summary's heading: title, then as-of, period, profile and encoding (issue 15)
    assert "编码 gb18030" in "\n".join(run(*audit_args(path)).stdout.splitlines()[:2])
    utf8 = _csv_export(tmp_path, "utf-8")
    assert json.loads(run(*audit_args(utf8, "-f", "json")).stdout)["encoding"] == "utf-8"
    heading = "\n".join(run(*audit_args(utf8)).stdout.splitlines()[:2])
    assert "编码" not in heading  # plain UTF-8: not named


def test_a_duplicate_in_a_csv_names_the_first_line_of_each(tmp_path: Path) -> None:
    events = json.dumps(ticket("x")["events"], ensure_ascii=False).replace('"', '""')
    rows = ["id,requester,events", *(f'{tid},citizen,"{events}"' for tid in ("C1", "C2", "C1"))]
    # the first C2 cell spans two lines: a record's line is where it starts, as the file counts
    rows[2] = rows[2].replace("[{", "[\n{", 1)
    path = tmp_path / "export.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    data = json.loads(run(*audit_args(path, "-f", "json")).stdout)
    (dup,) = data["rejected"]
    assert (dup["code"], dup["line"], dup["ticket_id"]) == (DUPLICATE_ID, 5, "C1")
    assert "第 2 行" in dup["reason_zh"]
    assert data["accounting"]["tickets_evaluated"] == 2 and data["accounting"]["balanced"]


def test_audit_of_an_opened_export_takes_each_record_line_from_the_reader(tmp_path: Path) -> None:
    from hotline_rules.audit.exports import open_export

    events = json.dumps(ticket("x")["events"], ensure_ascii=False).replace('"', '""')
    rows = ["id,requester,events", *(f'{tid},citizen,"{events}"' for tid in ("K1", "K2", "K1"))]
    rows[1] = rows[1].replace("[{", "[\n\n{", 1)  # K1's cell spans three lines
    path = tmp_path / "export.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with open_export(path) as reader:
        result = audit(reader, engine("moushi"), as_of=datetime.fromisoformat(AS_OF))
    assert result.rows_rejected == 1 and result.tickets_evaluated == 2
    (again,) = result.rejected
    assert (again.line, again.ticket_id, again.code) == (6, "K1", DUPLICATE_ID)
    assert "第 2 行" in again.reason_zh  # where the first K1 starts


def test_a_ticket_the_engine_cannot_judge_is_one_rejection_not_a_lost_batch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from hotline_rules.audit.auditor import Auditor
    from hotline_rules.engine.ticket import parse_ticket
    from hotline_rules.errors import InputError
    from hotline_rules.time.deadline import parse_instant

    engine = Engine("moushi")
    real = engine.evaluate

    def evaluate(ticket: Any, as_of: Any = None) -> Any:
        if ticket.id == "BAD":
            raise InputError("算不出", "cannot compute", code="deadline.out_of_range")
        return real(ticket, as_of)

    monkeypatch.setattr(engine, "evaluate", evaluate)
    auditor = Auditor(engine, as_of=parse_instant("2026-12-31T00:00:00+08:00"))
    events = [{"type": "received", "at": "2026-03-02T09:00:00+08:00"}]
    for n, tid in enumerate(("A", "BAD", "C"), 1):
        auditor.feed(parse_ticket({"id": tid, "events": events}), line=n)
    result = auditor.finish()
    assert result.rows_read == 3
    assert result.rows_rejected == 1
    (rejected,) = result.rejected
    assert (rejected.line, rejected.code, rejected.ticket_id) == (2, "record.not_judged", "BAD")
    assert "deadline.out_of_range" in rejected.reason_en
