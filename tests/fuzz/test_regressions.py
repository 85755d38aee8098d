"""Every crash the fuzz suite found, minimised by hand or by ``bench/fuzz.py --minimise``.

One test per distinct crash, named for what must hold; each says which run found it (surface,
seed) and what the signature was. A crash found and not yet fixed is not here: it is in the
closing note of the run (and in ``bench/fuzz-out/``) until its owner fixes it.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from calendar_years import UNANNOUNCED_YEAR
from hotline_rules.audit.auditor import unit_of
from hotline_rules.cli import app
from hotline_rules.engine.engine import Engine
from hotline_rules.engine.ticket import parse_ticket
from hotline_rules.errors import HotlineRulesError
from hotline_rules.profile import Profile, load_profile
from hotline_rules.time.deadline import DeadlineCalculator
from hotline_rules.time.duration import Duration, Unit, parse_duration

# after every example ticket; the year is asked of the calendar, never named
AS_OF = f"{UNANNOUNCED_YEAR}-02-01T00:00:00+08:00"
EXPORTS = Path(__file__).resolve().parents[2] / "examples" / "exports"
runner = CliRunner()


def _audit(path: Path, profile: str) -> tuple[int, dict[str, Any]]:
    result = runner.invoke(app, ["audit", str(path), "-p", profile, "--as-of", AS_OF, "-f", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, json.loads(result.stdout)


def _lines(name: str, *ids: str) -> list[bytes]:
    wanted = {f'"id": "{i}"' for i in ids}
    found = [
        line.encode("utf-8")
        for line in (EXPORTS / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        if any(w in line for w in wanted)
    ]
    assert len(found) == len(ids)
    return found


# exports, seed 0: "violation audit exit 2 with good lines (export.unknown_encoding)". One line
# holding a lone surrogate written raw (bytes ED B0 80, not UTF-8) made the whole export's
# encoding undecidable: exit 2, no ticket audited. Fixed in df25a05 (JSON Lines is UTF-8).
def test_a_jsonl_line_of_bytes_that_are_not_utf8_rejects_that_line_only(tmp_path: Path) -> None:
    first, second = _lines("gaoling", "gaoling-000001", "gaoling-000002")
    export = tmp_path / "export.jsonl"
    export.write_bytes(
        b"\n".join([first, b'{"id": "X\xed\xb0\x80", "events": []}', second]) + b"\n"
    )
    code, report = _audit(export, "gaoling")
    assert code == 0
    assert report["encoding"] == "utf-8"
    assert report["tickets_evaluated"] == 2
    assert [r["line"] for r in report["rejected"]] == [2]


# exports, seed 0: "violation good line rejected (record.invalid)". One byte FF among UTF-8 lines
# made charset-normalizer read the whole export as cp852: every Chinese word garbled, so the
# extension "15个工作日" of a good line became an unknown unit and the line was rejected (and
# the units of every other line were misnamed). Fixed in df25a05 (JSON Lines is UTF-8).
def test_one_bad_byte_does_not_make_a_utf8_jsonl_export_another_encoding(tmp_path: Path) -> None:
    (good,) = _lines("hebi", "hebi-000001")
    export = tmp_path / "export.jsonl"
    export.write_bytes(b'{"id": "X\xff", "events": []}\n' + good + b"\n")
    code, report = _audit(export, "hebi")
    assert code == 0
    assert report["encoding"] == "utf-8"
    assert report["tickets_evaluated"] == 1
    assert [r["line"] for r in report["rejected"]] == [1]
    # read in the right encoding: the unit's name is the one the line was written with
    assert {u["unit"] for u in report["units"]} == {unit_of(parse_ticket(json.loads(good)))}


# profiles, seed 12 ("grow:clocks x1000" of moushi, 892 KB, under the size cap): "hang in
# evaluate at hotline_rules/profile/schema.py". explain_lines asks Profile.rule for every clock,
# and rule() built the list of all rules and scanned it each time: 3,000 rules and 1,000 clocks
# took 3.9 s of CPU (30 s under a profiler), the audit's HTML timelines likewise. Fixed here:
# rule() looks the id up in an index built once per profile.
def test_a_rule_is_looked_up_not_scanned_for(monkeypatch: pytest.MonkeyPatch) -> None:
    profile = load_profile("moushi").profile
    expected = {r.id: r for _, r in profile.rules()}
    copy = profile.model_copy()  # a fresh instance: its index not built yet
    calls = 0
    scan = Profile.rules

    def counted(self: Profile) -> list[tuple[str, Any]]:
        nonlocal calls
        calls += 1
        return scan(self)

    monkeypatch.setattr(Profile, "rules", counted)
    for _ in range(3):
        for rule_id, rule in expected.items():
            assert copy.rule(rule_id) is rule
    assert copy.rule("no.such.rule") is None
    assert calls <= 1
    assert copy == profile  # the index is no field: equality and dumps are unchanged
    assert copy.model_dump() == profile.model_dump()


# tickets, seed 12: "OverflowError at hotline_rules/engine/engine.py:_not_in_force" (a ticket
# received 0001-01-01T00:00:00+14:00, judged by a profile with dated versions), "... at
# engine.py:evaluate" (as of 9999-12-31T23:59:59-12:00) and "... at engine/explain.py:shown_time"
# (explain of a ticket with an event then): moving such an instant into the profile's zone left
# datetime's years. Fixed here: evaluate refuses instants outside years 2-9998 with a clean error
# (a batch reader rejects them earlier, record.time_out_of_range).
@pytest.mark.parametrize("profile", ["gaoling", "haikou", "hebi", "moushi", "qingpu_water"])
@pytest.mark.parametrize(
    ("at", "as_of", "code"),
    [
        ("0001-01-01T00:00:00+14:00", AS_OF, "ticket.time_out_of_range"),
        ("9999-12-31T23:59:59-12:00", AS_OF, "ticket.time_out_of_range"),
        ("2026-03-02T09:00:00+08:00", "9999-12-31T23:59:59-12:00", "as_of.out_of_range"),
        ("2026-03-02T09:00:00+08:00", "0001-01-01T00:00:00+14:00", "as_of.out_of_range"),
    ],
)
def test_instants_at_the_ends_of_datetime_are_refused_not_overflowed(
    profile: str, at: str, as_of: str, code: str
) -> None:
    ticket = parse_ticket({"id": "T", "events": [{"type": "received", "at": at}]})
    with pytest.raises(HotlineRulesError) as refused:
        Engine(profile).evaluate(ticket, datetime.fromisoformat(as_of))
    assert refused.value.code == code


def test_explain_of_an_event_in_year_9999_exits_2_with_its_reason(tmp_path: Path) -> None:
    path = tmp_path / "ticket.json"
    path.write_text('{"id": "T", "events": [{"type": "r", "at": "9999-12-31T23:59:59-12:00"}]}')
    for verb in ("explain", "check"):
        args = [verb, str(path), "-p", "moushi", "--as-of", AS_OF, "-f", "json"]
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        assert json.loads(result.stdout)["error"]["code"] == "ticket.time_out_of_range"


# tickets, seed 13: "OverflowError at hotline_rules/time/deadline.py:due". An extension of
# "999999999999999999999日" read as a duration, then added to a date: an audit of one such line
# (gaoling) ended in a traceback, its good lines lost. Fixed here: a duration longer than 100
# years is refused where it is read (duration.too_long: the record is rejected), and a due instant
# after 9998 is a clean error (deadline.out_of_range), not an overflow.
@pytest.mark.parametrize(
    "text", ["999999999999999999999日", "36601个工作日", "52704001分钟", "878401小时"]
)
def test_a_duration_longer_than_a_century_is_refused(text: str) -> None:
    with pytest.raises(HotlineRulesError) as refused:
        parse_duration(text)
    assert refused.value.code == "duration.too_long"


@pytest.mark.parametrize("text", ["36600日", "36600个工作日", "878400小时", "52704000分钟"])
def test_a_century_is_still_a_duration(text: str) -> None:
    assert parse_duration(text).amount > 0


@pytest.mark.parametrize(
    ("amount", "unit"), [(36000, Unit.DAYS), (36000 * 24, Unit.HOURS), (36000 * 1440, Unit.MINUTES)]
)
def test_a_limit_due_after_9998_is_a_clean_error(amount: int, unit: Unit) -> None:
    start = datetime.fromisoformat("9998-06-01T10:00:00+08:00")
    with pytest.raises(HotlineRulesError) as refused:
        DeadlineCalculator(allow_estimated=True).due(start, Duration(amount, unit))
    assert refused.value.code == "deadline.out_of_range"


def test_an_absurd_extension_rejects_its_line_and_the_audit_goes_on(tmp_path: Path) -> None:
    (good,) = _lines("gaoling", "gaoling-000001")
    bad = {
        "id": "F",
        "events": [
            {"type": "received", "at": "2026-02-01T14:00:00+08:00"},
            {"type": "redispatched", "at": "2026-02-01T14:32:58+08:00", "unit": "A"},
            {
                "type": "extension_approved",
                "at": "2026-02-01T15:02:58+08:00",
                "length": "999999999999999999999日",
                "unit": "A",
            },
        ],
    }
    export = tmp_path / "export.jsonl"
    export.write_bytes(good + b"\n" + json.dumps(bad).encode() + b"\n")
    code, report = _audit(export, "gaoling")
    assert code == 0
    assert report["tickets_evaluated"] == 1
    assert [r["line"] for r in report["rejected"]] == [2]
