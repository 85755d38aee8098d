"""warn_before in working hours counts back inside office hours (not in whole days)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from hotline_rules.engine.engine import Engine
from hotline_rules.engine.ticket import parse_ticket
from hotline_rules.profile.loader import load_profile_file

MINIMAL = Path(__file__).parent / "data" / "profiles" / "minimal.yaml"


def test_a_working_hours_warning_starts_inside_office_hours(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace("id: minimal", "id: warn_hours", 1)
    profile = tmp_path / "warn_hours.yaml"
    profile.write_text(
        text.replace(
            "supervision:\n",
            """  - id: reply.hours
    clock: reply
    starts_on: dispatched
    stops_on: [reply_sent]
    duration: 8个工作小时
    warn_before: [2个工作小时]
    cite: {article: 第一条, text: 8个工作小时内答复}
supervision:
""",
            1,
        ),
        encoding="utf-8",
    )
    engine = Engine(load_profile_file(profile))
    ticket = parse_ticket(
        {
            "id": "W",
            "kind": "complaint",
            "events": [{"type": "dispatched", "at": "2026-03-02T09:00:00+08:00", "unit": "局"}],
        }
    )

    # office hours 09:00-12:00, 13:30-17:30 (7 h a day): Mon 09:00 + 8 h -> Tue 10:00;
    # 2 working hours before: Tue 09:00-10:00 and Mon 16:30-17:30 -> from Mon 16:30
    def clock(at: str) -> object:
        ev = engine.evaluate(ticket, datetime.fromisoformat(at))
        (c,) = [c for c in ev.clocks if c.rule_id == "reply.hours"]
        return c

    assert clock("2026-03-02T16:29:00+08:00").due == datetime.fromisoformat(
        "2026-03-03T10:00:00+08:00"
    )
    assert clock("2026-03-02T16:29:00+08:00").warning is False
    assert clock("2026-03-02T16:30:00+08:00").warning is True
    assert clock("2026-03-03T09:30:00+08:00").warning is True
