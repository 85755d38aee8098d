"""CSV exports with a mapping file: one row per event, one row per ticket, bad rows kept and counted."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from engine_support import engine
from hotline_rules.audit.auditor import audit
from hotline_rules.audit.exports import Mapping, read_export
from hotline_rules.cli import app
from hotline_rules.engine.ticket import Rejected, Ticket
from hotline_rules.errors import InputError

DATA = Path(__file__).parent / "data" / "exports"
AS_OF = datetime.fromisoformat("2026-04-30T00:00:00+08:00")


def test_per_event_csv_with_mapping() -> None:
    items = list(
        read_export(DATA / "platform-events.csv", Mapping.load(DATA / "platform-mapping.yaml"))
    )
    tickets = [i for i in items if isinstance(i, Ticket)]
    rejected = [i for i in items if isinstance(i, Rejected)]
    assert [t.id for t in tickets] == ["MS-1", "MS-2", "MS-3"]
    ms1 = tickets[0]
    assert (ms1.kind, ms1.requester) == ("complaint", "citizen")
    assert [e.type for e in ms1.events] == ["received", "dispatched", "completed"]
    assert ms1.events[1].at.isoformat() == "2026-03-02T10:00:00+08:00"  # declared offset applied
    # MS-1 again after MS-3: rows not together -> rejected (line 10); MS-4 has a bad date (line 11)
    assert [(r.line, r.ticket_id) for r in rejected] == [(10, "MS-1"), (11, "MS-4")]
    assert "不连续" in rejected[0].reason_zh


def test_without_a_declared_offset_local_times_are_rejected() -> None:
    mapping = Mapping.load(DATA / "platform-mapping.yaml")
    no_offset = Mapping(mapping.columns, mapping.values, None)
    items = list(read_export(DATA / "platform-events.csv", no_offset))
    assert not any(isinstance(i, Ticket) for i in items)
    assert all(isinstance(i, Rejected) for i in items)


def test_audit_of_a_csv_export_by_hand() -> None:
    mapping = Mapping.load(DATA / "platform-mapping.yaml")
    result = audit(
        read_export(DATA / "platform-events.csv", mapping), engine("moushi"), as_of=AS_OF
    )
    assert (result.rows_read, result.tickets_evaluated, len(result.rejected)) == (5, 3, 2)
    zj = result.units[("市住建局", "2026-03")]
    # MS-1 done 3/6 and MS-2 done 3/10, both past due 3/10 00:00 now: 第七条 wants the order
    # 办理完毕并答复 (completed AND answered, stops_when: all) and this export has no answer event
    assert (
        zj.kpis["kpi.on_time_completion"].numerator,
        zj.kpis["kpi.on_time_completion"].denominator,
    ) == (0, 2)


def test_per_ticket_csv(tmp_path: Path) -> None:
    events = [
        {"type": "received", "at": "2026-03-02T09:00:00+08:00"},
        {"type": "dispatched", "at": "2026-03-02T10:00:00+08:00", "unit": "市住建局"},
    ]
    path = tmp_path / "tickets.csv"
    path.write_text(
        "id,requester,tags,events\n"
        f'T-1,citizen,leader_assigned;multi_department,"{json.dumps(events).replace(chr(34), chr(34) * 2)}"\n'
        "T-2,citizen,,not json\n",
        encoding="utf-8",
    )
    items = list(read_export(path))
    assert isinstance(items[0], Ticket) and items[0].tags == frozenset(
        {"leader_assigned", "multi_department"}
    )
    assert isinstance(items[1], Rejected) and items[1].line == 3


def test_mapping_file_mistakes(tmp_path: Path) -> None:
    bad = tmp_path / "m.yaml"
    bad.write_text("columns:\n  编号: idd\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        Mapping.load(bad)
    assert info.value.code == "mapping.unknown_field" and info.value.location.line == 2
    bad.write_text('assume_offset: "8"\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        Mapping.load(bad)
    assert info.value.code == "mapping.bad_offset"


def test_cli_audit_csv_with_mapping() -> None:
    result = CliRunner().invoke(
        app,
        [
            "audit",
            str(DATA / "platform-events.csv"),
            "-p",
            "moushi",
            "--mapping",
            str(DATA / "platform-mapping.yaml"),
            "--as-of",
            "2026-04-30T00:00:00+08:00",
            "-f",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["tickets_evaluated"] == 3 and data["rows_rejected"] == 2
