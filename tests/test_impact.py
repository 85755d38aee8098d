"""Change impact: an export replayed under an old and a new profile, tickets whose verdict changes.

The example draft ``examples/profiles/moushi_3days.yaml`` shortens 某市's limit for citizens'
requests from 5 to 3 working days (第七条). On ``examples/exports/moushi-2026-03.jsonl``
(dispatched on Monday 2 March 2026 unless said otherwise), by hand:

- MS-2603-001 (citizen, completed Fri 6 Mar 10:00): due Tue 10 Mar 00:00 (end of Mon 9 Mar, the
  5th working day) before, met; due Fri 6 Mar 00:00 (end of Thu 5 Mar, the 3rd) after, breached
  → newly violating;
- MS-2603-002 (citizen, completed Tue 10 Mar 09:00): late under both → due moved only;
- MS-2603-003 (citizen, never completed): breached under both → due moved only;
- MS-2603-004 and -007 (enterprise, 15 working days): unchanged;
- MS-2603-005 (citizen, dispatched Mon 16 Mar, completed Wed 18 Mar): met under both → due moved;
- MS-2603-006 (citizen, extended by 5 working days, completed Tue 24 Mar): met under both → due
  moved;
- the row on line 4 has a time without an offset: rejected, counted.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from calendar_years import DOCS_LAST_NOTICE_YEAR
from hotline_rules.audit.exports import Mapping, read_export
from hotline_rules.audit.impact import (
    REJECTED_SAMPLE,
    Change,
    Replayer,
    compare,
    replay,
    verdict,
)
from hotline_rules.cli import app
from hotline_rules.engine.engine import Engine
from hotline_rules.engine.ticket import Rejected, parse_ticket
from hotline_rules.profile import Registry, default_registry
from hotline_rules.time.calendar import WorkCalendar

ROOT = Path(__file__).resolve().parent.parent
EXPORT = ROOT / "examples" / "exports" / "moushi-2026-03.jsonl"
DRAFT = ROOT / "examples" / "profiles" / "moushi_3days.yaml"
AS_OF = datetime.fromisoformat("2026-04-30T00:00:00+08:00")


def engine(name: str | Path) -> Engine:
    return Engine(default_registry().load(str(name)))


def test_three_working_days_instead_of_five_flips_one_ticket() -> None:
    result = replay(read_export(EXPORT), engine("moushi"), engine(DRAFT), as_of=AS_OF)
    assert (result.rows_read, result.tickets_evaluated, result.rows_rejected) == (8, 7, 1)
    assert result.counts == {
        Change.NEWLY_VIOLATING: 1,
        Change.NO_LONGER_VIOLATING: 0,
        Change.DIFFERENT_VIOLATIONS: 0,
        Change.DUE_MOVED: 4,
        Change.UNCHANGED: 2,
    }
    assert result.verdict_changed == 1
    (flipped,) = result.sample
    assert flipped.ticket_id == "MS-2603-001"
    assert flipped.change is Change.NEWLY_VIOLATING
    assert flipped.before == frozenset()
    assert flipped.after == {("deadline.breached", "completion.citizen", "市住房和城乡建设局")}
    (moved,) = flipped.clocks
    assert (moved.clock, moved.unit, moved.start) == (
        "completion",
        "市住房和城乡建设局",
        datetime.fromisoformat("2026-03-02T10:00:00+08:00"),
    )
    assert moved.before is not None and moved.after is not None
    assert moved.before.due == datetime.fromisoformat("2026-03-10T00:00:00+08:00")
    assert moved.before.state.value == "met"
    assert moved.after.due == datetime.fromisoformat("2026-03-06T00:00:00+08:00")
    assert moved.after.state.value == "breached"
    ((key, delta),) = result.by_rule.items()
    assert key == ("deadline.breached", "completion.citizen")
    assert (delta.added, delta.removed) == (1, 0)
    (rejected,) = result.rejected
    assert (rejected.line, rejected.ticket_id) == (4, "MS-2603-BAD")


def test_the_other_way_round_the_ticket_no_longer_violates() -> None:
    result = replay(read_export(EXPORT), engine(DRAFT), engine("moushi"), as_of=AS_OF)
    assert result.counts[Change.NO_LONGER_VIOLATING] == 1
    assert result.counts[Change.NEWLY_VIOLATING] == 0
    assert result.sample[0].ticket_id == "MS-2603-001"
    ((_, delta),) = result.by_rule.items()
    assert (delta.added, delta.removed) == (0, 1)


def test_a_profile_against_itself_changes_nothing() -> None:
    e = engine("moushi")
    result = replay(read_export(EXPORT), e, e, as_of=AS_OF)
    assert result.verdict_changed == 0
    assert result.counts[Change.UNCHANGED] == 7
    assert result.sample == [] and result.by_rule == {}


def test_an_added_clock_gives_different_violations(tmp_path: Path) -> None:
    (tmp_path / "moushi_sign_for.yaml").write_text(
        """apiVersion: hotline_rules/v1
extends: moushi
meta:
  id: moushi_sign_for
  name_zh: 加签收时限
  name_en: with a sign-for limit
  jurisdiction: 某市
  issuer: 某市
  document: {title: 试行}
  source_file: moushi.txt
clocks:
  - id: sign_for.all
    clock: sign_for
    stops_on: [signed_for]
    duration: 2小时
    cite: {article: 第五条, text: 两小时内签收}
""",
        encoding="utf-8",
    )
    new = Engine(Registry([tmp_path]).load("moushi_sign_for"))
    late = parse_ticket(
        {
            "id": "T-1",
            "requester": "citizen",
            "events": [
                {"type": "received", "at": "2026-03-02T09:00:00+08:00"},
                {"type": "dispatched", "at": "2026-03-02T10:00:00+08:00", "unit": "甲局"},
            ],
        }
    )
    change = compare(engine("moushi").evaluate(late, AS_OF), new.evaluate(late, AS_OF))
    assert change.change is Change.DIFFERENT_VIOLATIONS
    assert change.before == {("deadline.breached", "completion.citizen", "甲局")}
    assert change.after == change.before | {("deadline.breached", "sign_for.all", "甲局")}
    (added,) = change.clocks
    assert added.clock == "sign_for" and added.before is None and added.after is not None
    assert change.to_dict()["clocks"][0]["before"] is None


def test_swapping_old_and_new_mirrors_every_change() -> None:
    old, new = engine("moushi"), engine(DRAFT)
    mirror = {
        Change.NEWLY_VIOLATING: Change.NO_LONGER_VIOLATING,
        Change.NO_LONGER_VIOLATING: Change.NEWLY_VIOLATING,
        Change.DIFFERENT_VIOLATIONS: Change.DIFFERENT_VIOLATIONS,
        Change.DUE_MOVED: Change.DUE_MOVED,
        Change.UNCHANGED: Change.UNCHANGED,
    }
    for ticket in read_export(ROOT / "examples" / "exports" / "moushi.jsonl"):
        assert not isinstance(ticket, Rejected)
        a, b = old.evaluate(ticket, AS_OF), new.evaluate(ticket, AS_OF)
        forth, back = compare(a, b), compare(b, a)
        assert back.change is mirror[forth.change], ticket.id
        assert (back.before, back.after) == (forth.after, forth.before)
        assert compare(a, a).change is Change.UNCHANGED


def test_verdict_is_violations_only() -> None:
    ticket = parse_ticket(
        {
            "id": "T-2",
            "requester": "citizen",
            "events": [
                {"type": "dispatched", "at": "2026-03-02T10:00:00+08:00", "unit": "甲局"},
                {"type": "mystery", "at": "2026-03-03T10:00:00+08:00", "unit": "甲局"},
            ],
        }
    )
    ev = engine("moushi").evaluate(ticket, AS_OF)
    assert "ticket.unknown_event" in ev.codes()  # a warning: not part of the verdict
    assert verdict(ev) == {("deadline.breached", "completion.citizen", "甲局")}


def test_samples_are_bounded_and_everything_is_counted() -> None:
    e, draft = engine("moushi"), engine(DRAFT)
    replayer = Replayer(e, draft, as_of=AS_OF, sample=2)
    for item in read_export(ROOT / "examples" / "exports" / "moushi.jsonl"):
        assert not isinstance(item, Rejected)
        replayer.add(item)
    for n in range(REJECTED_SAMPLE + 5):
        replayer.reject(Rejected(n + 1, "坏行", "bad row"))
    result = replayer.finish()
    assert result.rows_read == 2000 + REJECTED_SAMPLE + 5
    assert result.rows_rejected == REJECTED_SAMPLE + 5
    assert len(result.rejected) == REJECTED_SAMPLE
    assert len(result.sample) == 2
    assert result.verdict_changed > 2
    assert sum(result.counts.values()) == result.tickets_evaluated == 2000


def test_csv_exports_are_replayed_through_their_mapping() -> None:
    data = ROOT / "tests" / "data" / "exports"
    items = read_export(data / "platform-events.csv", Mapping.load(data / "platform-mapping.yaml"))
    result = replay(items, engine("moushi"), engine(DRAFT), as_of=AS_OF)
    assert result.tickets_evaluated > 0
    # MS-1 completed on day 4 but the export records no reply (第七条 办理完毕并答复): late under
    # both, its due moved from day 5 to day 3
    assert result.counts[Change.DUE_MOVED] >= 1


# ---- deadlines in a year no holiday notice covers ---------------------------------------------------

Y = DOCS_LAST_NOTICE_YEAR + 1
"""The year the pinned calendar (``docs_calendar``) has no notice for, asked of it in
:func:`test_the_pinned_calendar_has_no_notice_for_the_year_these_tickets_reach`; the tickets are
dispatched on 29 December of the year before (a Tuesday in the pinned year, as worked by hand)."""
ESTIMATED_AS_OF = datetime.fromisoformat(f"{Y}-01-31T00:00:00+08:00")


def _dispatched(ticket_id: str, requester: str, at: str, completed: str | None) -> dict[str, Any]:
    events = [{"type": "dispatched", "at": at, "unit": "甲局"}]
    if completed is not None:  # 某市 第七条: 办理完毕并答复 (the reply is part of the limit)
        events.append({"type": "completed", "at": completed, "unit": "甲局"})
        events.append({"type": "reply_sent", "at": completed, "unit": "甲局"})
        events.append({"type": "archived", "at": completed, "unit": "甲局"})  # fed back that day
    return {"id": ticket_id, "kind": "help", "requester": requester, "events": events}


# Dispatched Tue 29 Dec of Y - 1: the 3rd and 5th working days fall in Y, which no notice covers
# in the calendar these tests pin (``docs_calendar``: the notices up to DOCS_LAST_NOTICE_YEAR, so
# they stay true once Y is announced; the engine estimates Y from the statutory holidays). Never completed: breached under both,
# due moved. The enterprise one (15 working days) completed on 5 Jan: met under both, unchanged.
# MS-1 lies wholly in Y - 1 (notice known): newly violating under 3 working days, certain.
ESTIMATED_ROWS = [
    _dispatched("EST-1", "citizen", f"{Y - 1}-12-29T10:00:00+08:00", None),
    _dispatched(
        "EST-2", "enterprise", f"{Y - 1}-12-29T10:00:00+08:00", f"{Y}-01-05T10:00:00+08:00"
    ),
    _dispatched(
        "MS-1", "citizen", f"{Y - 1}-03-02T10:00:00+08:00", f"{Y - 1}-03-06T10:00:00+08:00"
    ),
]


@pytest.mark.usefixtures("docs_calendar")
def test_the_pinned_calendar_has_no_notice_for_the_year_these_tickets_reach() -> None:
    assert WorkCalendar.default().first_unofficial_year == Y
    assert datetime.fromisoformat(ESTIMATED_ROWS[0]["events"][0]["at"]).strftime("%a") == "Tue"


@pytest.mark.usefixtures("docs_calendar")
def test_tickets_judged_on_an_estimated_year_are_counted_per_change() -> None:
    tickets = [parse_ticket(row) for row in ESTIMATED_ROWS]
    result = replay(tickets, engine("moushi"), engine(DRAFT), as_of=ESTIMATED_AS_OF)
    assert result.counts[Change.DUE_MOVED] == 1 and result.counts[Change.UNCHANGED] == 1
    assert result.counts[Change.NEWLY_VIOLATING] == 1
    assert result.estimated == {
        Change.NEWLY_VIOLATING: 0,
        Change.NO_LONGER_VIOLATING: 0,
        Change.DIFFERENT_VIOLATIONS: 0,
        Change.DUE_MOVED: 1,
        Change.UNCHANGED: 1,
    }
    assert result.estimated_total == 2
    (flipped,) = result.sample
    assert flipped.ticket_id == "MS-1" and flipped.estimated is False


@pytest.mark.usefixtures("docs_calendar")
def test_a_ticket_is_estimated_when_either_side_is() -> None:
    ticket = parse_ticket(ESTIMATED_ROWS[0])
    old = engine("moushi").evaluate(ticket, ESTIMATED_AS_OF)
    assert any(c.estimated for c in old.clocks)
    assert "calendar.estimated" in old.codes()
    certain = engine("moushi").evaluate(parse_ticket(ESTIMATED_ROWS[2]), ESTIMATED_AS_OF)
    assert compare(old, certain).estimated and compare(certain, old).estimated
    assert not compare(certain, certain).estimated


def _estimated_export(tmp_path: Path) -> Path:
    path = tmp_path / "year-end.jsonl"
    path.write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in ESTIMATED_ROWS),
        encoding="utf-8",
    )
    return path


@pytest.mark.usefixtures("docs_calendar")
def test_cli_replay_says_how_many_tickets_are_estimated(tmp_path: Path) -> None:
    export = _estimated_export(tmp_path)
    args = (
        "diff",
        "moushi",
        str(DRAFT),
        "--replay",
        str(export),
        "--as-of",
        ESTIMATED_AS_OF.isoformat(),
    )
    code, out, _ = invoke(*args, "--quiet")
    assert code == 0
    assert (
        "其中 2 张的截止时刻依赖尚无放假通知的年份，为推定结果（裁定改变 0 张，截止时刻变动 1 张，不变 1 张）；"
        "该年通知补入 profiles/calendars/ 后，结论可能不同。\n"
    ) in out
    assert (
        "Of these, 2 depend on a year no holiday notice covers and are estimated (verdict changed 0, "
        "due moved 1, unchanged 1); they may change once that year's notice is added.\n"
    ) in out
    code, out, _ = invoke(*args, "--format", "json")
    r = json.loads(out)["replay"]
    assert r["estimated"] == 2
    assert r["estimated_by_change"] == {
        "newly_violating": 0,
        "no_longer_violating": 0,
        "different_violations": 0,
        "due_moved": 1,
        "unchanged": 1,
    }
    assert [s["estimated"] for s in r["sample"]] == [False]


@pytest.mark.usefixtures("docs_calendar")
def test_cli_replay_marks_an_estimated_sample_ticket(tmp_path: Path) -> None:
    export = _estimated_export(tmp_path)
    # On 6 Jan EST-1 is late under 3 working days (due 5 Jan 00:00), still running under 5
    # (due 7 Jan 00:00): newly violating, on estimated days.
    code, out, _ = invoke(
        "diff",
        "moushi",
        str(DRAFT),
        "--replay",
        str(export),
        "--as-of",
        f"{Y}-01-06T00:00:00+08:00",
        "--quiet",
    )
    assert code == 0
    row = out.split("│ EST-1", 1)[1].split("\n", 2)
    assert "新增违规" in row[0] and "（推定）" in row[1]
    assert (
        f"截止 {Y}-01-05 00:00+08:00，超时" in out and f"截止 {Y}-01-07 00:00+08:00，计时中" in out
    )


def test_cli_replay_says_nothing_about_estimates_when_there_are_none() -> None:
    code, out, _ = invoke(*REPLAY)
    assert code == 0
    assert "推定" not in out and "estimated" not in out


# ---- the command ------------------------------------------------------------------------------------

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


REPLAY = ("diff", "moushi", str(DRAFT), "--replay", str(EXPORT), "--as-of", AS_OF.isoformat())


def test_cli_diff_replay_json_has_stable_fields() -> None:
    code, out, _ = invoke(*REPLAY, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["a"] == "moushi" and data["b"] == "moushi_3days"
    assert [r["key"] for r in data["rows"] if not r["same"]] == ["诉求人类别（群众/企业）为群众"]
    r = data["replay"]
    assert list(r) == [
        "export",
        "old",
        "new",
        "as_of",
        "rows_read",
        "tickets_evaluated",
        "rows_rejected",
        "blank_lines",
        "comment_lines",
        "verdict_changed",
        "newly_violating",
        "no_longer_violating",
        "different_violations",
        "due_moved",
        "unchanged",
        "estimated",
        "estimated_by_change",
        "by_rule",
        "sample",
        "rejected",
    ]
    assert (r["verdict_changed"], r["newly_violating"], r["due_moved"]) == (1, 1, 4)
    assert r["sample"] == [
        {
            "ticket_id": "MS-2603-001",
            "change": "newly_violating",
            "before": {"violations": []},
            "after": {
                "violations": [
                    {
                        "code": "deadline.breached",
                        "rule_id": "completion.citizen",
                        "unit": "市住房和城乡建设局",
                    }
                ]
            },
            "clocks": [
                {
                    "clock": "completion",
                    "unit": "市住房和城乡建设局",
                    "start": "2026-03-02T10:00:00+08:00",
                    "before": {
                        "rule_id": "completion.citizen",
                        "due": "2026-03-10T00:00:00+08:00",
                        "state": "met",
                    },
                    "after": {
                        "rule_id": "completion.citizen",
                        "due": "2026-03-06T00:00:00+08:00",
                        "state": "breached",
                    },
                }
            ],
            "estimated": False,
        }
    ]
    assert r["estimated"] == 0
    assert r["rejected"][0]["line"] == 4


def test_cli_diff_replay_for_people() -> None:
    code, out, _ = invoke(*REPLAY, "--changed-only")
    assert code == 0
    assert "14 行，其中 1 行不同。" in out
    assert "读取 8 行，评估 7 张，无法读取 1 行。" in out
    assert "  无法读取：第 4 行（MS-2603-BAD）：events.0.at：时间没有时区" in out
    assert (
        "裁定改变 1 张：新增违规 1 张，不再违规 0 张，违规不同 0 张；裁定不变、截止时刻变动 4 张；不变 2 张。"
        in out
    )
    assert "MS-2603-001" in out and "新增违规" in out
    assert "截止 2026-03-06 00:00+08:00，超时" in out and "截止 2026-03-10 00:00+08:00，按时" in out


def test_cli_without_replay_is_the_plain_side_by_side() -> None:
    code, out, _ = invoke("diff", "moushi", str(DRAFT), "--format", "json")
    assert code == 0
    assert "replay" not in json.loads(out)


def test_done_when_the_bundled_export_reports_changed_verdicts() -> None:
    code, out, _ = invoke(
        "diff",
        "moushi",
        str(DRAFT),
        "--replay",
        "examples/exports/moushi.jsonl",
        "--as-of",
        AS_OF.isoformat(),
        "--sample",
        "3",
        "--format",
        "json",
    )
    assert code == 0
    r: dict[str, Any] = json.loads(out)["replay"]
    assert r["tickets_evaluated"] == 2000
    assert r["verdict_changed"] > 0
    assert len(r["sample"]) == 3
    assert all(s["change"] != "unchanged" for s in r["sample"])


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("--replay", "no/such/export.jsonl"), "replay.unreadable"),
        (("--replay", str(EXPORT), "--as-of", "2026-04-30"), "time.naive_datetime"),
        (("--replay", str(EXPORT), "--mapping", "no/such/mapping.yaml"), "yaml.unreadable"),
    ],
)
def test_cli_bad_input_exits_2_with_the_error(args: tuple[str, ...], code: str) -> None:
    exit_code, out, err = invoke("diff", "moushi", str(DRAFT), *args, "--format", "json")
    assert exit_code == 2
    assert json.loads(out)["error"]["code"] == code
    assert f"[{code}]" in err
