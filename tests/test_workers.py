"""``audit --workers N``: the same result as one process, to the order of examples and rejected rows.

Chunks are made tiny here so that every feature crosses a chunk boundary: a ticket id repeated
in a later chunk (the chunk is audited again, knowing it), rejected rows in several chunks, the
report's flagged tickets and the ``--rejects`` / ``on_evaluated`` / ``--tickets`` streams in file
order, the evaluations and the ``--tickets`` lines made in the workers, not again in the parent.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import multiprocessing
from datetime import datetime
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from hotline_rules.audit import workers as workers_module
from hotline_rules.audit.auditor import Auditor, AuditResult
from hotline_rules.audit.demo import demo_tickets
from hotline_rules.audit.exports import open_export
from hotline_rules.audit.ticket_lines import TicketLines
from hotline_rules.audit.workers import Settings, audit_parallel, block_lines, worker_count
from hotline_rules.cli import app
from hotline_rules.engine.engine import Engine
from hotline_rules.engine.results import Evaluation
from hotline_rules.engine.ticket import Rejected, Ticket, bounded_lines
from hotline_rules.errors import InputError
from hotline_rules.profile import load_profile

AS_OF = datetime.fromisoformat("2026-06-30T00:00:00+08:00")
PROFILE = "haikou"


@cache
def engine() -> Engine:
    return Engine(PROFILE)


def write_export(path: Path, n: int = 240) -> Path:
    """Demo tickets with bad lines, blank lines, and ids repeated far apart (other chunks)."""
    profile = load_profile(PROFILE).profile
    lines: list[str] = []
    for i, (data, _) in enumerate(demo_tickets(profile, n, seed=11)):
        lines.append(json.dumps(data, ensure_ascii=False))
        if i % 37 == 3:
            lines.append("{not json")
        if i % 41 == 9:
            lines.append("   ")
    lines.insert(150, lines[2])  # the ticket of line 3 again, chunks later
    lines.append(lines[2])  # and once more at the end
    lines.append(lines[60])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def seen(ticket: Ticket, ev: Evaluation) -> str:
    """What the stream of evaluations says of one ticket: its id and its whole evaluation."""
    return f"{ticket.id} {json.dumps(ev.to_dict(), ensure_ascii=False, sort_keys=True)}"


def one_process(path: Path, keep: int = 5) -> tuple[AuditResult, list[str], list[str], list[str]]:
    rejects: list[Rejected] = []
    auditor = Auditor(
        engine(),
        as_of=AS_OF,
        keep_flagged=keep,
        on_reject=rejects.append,
        source=str(path),
    )
    evaluated: list[str] = []
    auditor.on_evaluated = lambda t, ev: evaluated.append(seen(t, ev))
    with open_export(path) as reader:
        for item in reader:
            auditor.feed(item, reader.line)
    return (
        auditor.finish(),
        [seen(t, ev) for t, ev in auditor.flagged],
        [json.dumps(r.to_dict()) for r in rejects],
        evaluated,
    )


def on_workers(
    path: Path, workers: int, rows: int, keep: int = 5
) -> tuple[AuditResult, list[str], list[str], list[str], int]:
    rejects: list[Rejected] = []
    evaluated: list[str] = []
    with open_export(path) as reader:
        done = audit_parallel(
            reader,
            engine(),
            Settings(as_of=AS_OF, keep_flagged=keep, source=str(path), file=str(path)),
            workers=workers,
            path=path,
            on_reject=rejects.append,
            on_evaluated=lambda t, ev: evaluated.append(seen(t, ev)),
            chunk_rows=rows,
        )
    return (
        done.result,
        [seen(t, ev) for t, ev in done.flagged],
        [json.dumps(r.to_dict()) for r in rejects],
        evaluated,
        done.chunks_again,
    )


@pytest.mark.parametrize("rows", [7, 50, 10_000])
def test_two_workers_give_what_one_process_gives(tmp_path: Path, rows: int) -> None:
    path = write_export(tmp_path / "export.jsonl")
    want, flagged, rejects, evaluated = one_process(path)
    got, got_flagged, got_rejects, got_evaluated, again = on_workers(path, 2, rows)
    assert got.to_dict() == want.to_dict()
    assert got == want
    assert (got_flagged, got_rejects, got_evaluated) == (flagged, rejects, evaluated)
    assert want.rejected_by_code["record.duplicate_id"] == 3
    assert again == (0 if rows == 10_000 else 2)  # chunks repeating an earlier chunk's id


def write_csv_export(path: Path) -> Path:
    """One row per event, a bad time in a few tickets, and one ticket twice, apart."""
    profile = load_profile(PROFILE).profile
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)  # one row per event
        out.writerow(["id", "kind", "type", "at", "unit"])
        for i, (data, _) in enumerate(demo_tickets(profile, 60, seed=3)):
            for k, e in enumerate(data["events"]):
                at = "not a time" if i % 13 == 4 and k == 1 else e["at"]
                out.writerow([data["id"], data["kind"], e["type"], at, e.get("unit") or ""])
        for _ in range(2):  # one ticket twice, apart: a duplicate id
            out.writerow(["T-000001", "help", "received", "2026-03-02T09:00:00+08:00", ""])
            out.writerow(["T-000002", "help", "received", "2026-03-02T10:00:00+08:00", ""])
    return path


def test_a_csv_export_is_handed_out_as_records(tmp_path: Path) -> None:
    """Not JSON Lines: the parent reads the records, the workers evaluate them."""
    path = write_csv_export(tmp_path / "export.csv")
    want = one_process(path)
    got = on_workers(path, 2, 9)
    assert got[0] == want[0] and got[1:4] == want[1:]
    assert want[0].rows_rejected >= 5


def ticket_lines(path: Path, out: Path, workers: int, rows: int = 9) -> str:
    """The sha256 of ``--tickets out`` (``TicketLines``) written by one process or by workers."""
    lines = TicketLines.open(out, engine().profile)
    settings = Settings(as_of=AS_OF, source=str(path), file=str(path))
    with lines, open_export(path) as reader:
        if workers == 1:
            auditor = Auditor(engine(), as_of=AS_OF, source=str(path))
            auditor.on_counted = lines.write
            for item in reader:
                auditor.feed(item, reader.line)
        else:
            audit_parallel(
                reader,
                engine(),
                settings,
                workers=workers,
                path=path,
                profile=PROFILE,
                render=lines.render,
                on_rendered=lines.add,
                chunk_rows=rows,
            )
    assert lines.count >= 50
    return hashlib.sha256(out.read_bytes()).hexdigest()


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Evaluations made in this process (a forked worker counts in its own copy)."""
    calls = [0]
    evaluate = Engine.evaluate

    def counting(self: Engine, *args: object, **kwargs: object) -> Evaluation:
        calls[0] += 1
        return evaluate(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Engine, "evaluate", counting)
    return calls


@pytest.mark.parametrize("kind", ["jsonl", "csv"])
@pytest.mark.parametrize("export", ["jsonl", "csv"])
def test_ticket_lines_made_in_the_workers_are_the_bytes_one_process_writes(
    tmp_path: Path, kind: str, export: str, counted: list[int]
) -> None:
    """``--tickets`` as JSON Lines or CSV, from a JSON Lines or a CSV export: the workers render
    the lines, the parent evaluates nothing and writes them in file order, byte for byte."""
    write = write_export if export == "jsonl" else write_csv_export
    path = write(tmp_path / f"export.{export}")
    want = ticket_lines(path, tmp_path / f"one.{kind}", 1)
    assert counted[0] >= 50
    counted[0] = 0
    assert ticket_lines(path, tmp_path / f"two.{kind}", 2) == want
    assert counted[0] == 0  # nothing evaluated again in the parent
    assert ticket_lines(path, tmp_path / f"three.{kind}", 3, rows=10_000) == want


def test_without_fork_the_parent_renders_what_the_workers_evaluated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, counted: list[int]
) -> None:
    """Spawned workers (Windows, macOS) are not given ``render``: they send back evaluations,
    which pickle, and the parent renders them, still without evaluating anything again."""
    path = write_export(tmp_path / "export.jsonl", n=60)
    want = ticket_lines(path, tmp_path / "one.csv", 1)
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    counted[0] = 0
    assert ticket_lines(path, tmp_path / "two.csv", 2, rows=20) == want
    assert counted[0] == 0
    assert workers_module._STATE == {}


@pytest.mark.parametrize("kind", ["jsonl", "csv"])
def test_cli_workers_write_the_same_ticket_lines(tmp_path: Path, kind: str) -> None:
    """``audit --workers N --tickets out.jsonl|csv``: the file's sha256 is one process's."""
    path = write_export(tmp_path / "export.jsonl")
    runner = CliRunner()
    digests, outs = set(), set()
    for workers in ("1", "2", "auto"):
        out = tmp_path / f"tickets-{workers}.{kind}"
        args = ["audit", str(path), "-p", PROFILE, "--as-of", AS_OF.isoformat(), "-f", "json"]
        result = runner.invoke(app, [*args, "--workers", workers, "--tickets", str(out)])
        assert result.exit_code == 0, result.output
        outs.add(result.stdout)
        digests.add(hashlib.sha256(out.read_bytes()).hexdigest())
        assert out.read_bytes().count(b"\n") > 200
    assert len(digests) == 1 and len(outs) == 1


def test_cli_workers_two_prints_the_same_json(tmp_path: Path) -> None:
    path = write_export(tmp_path / "export.jsonl")
    runner = CliRunner()
    outs = []
    for workers in ("1", "2", "auto"):
        out = runner.invoke(
            app,
            [
                "audit",
                str(path),
                "-p",
                PROFILE,
                "--as-of",
                AS_OF.isoformat(),
                "-f",
                "json",
                "--workers",
                workers,
                "--rejects",
                str(tmp_path / f"rejects-{workers}.jsonl"),
            ],
        )
        assert out.exit_code == 0, out.output
        outs.append(out.stdout)
    assert outs[0] == outs[1] == outs[2]
    streams = {(tmp_path / f"rejects-{w}.jsonl").read_text() for w in ("1", "2", "auto")}
    assert len(streams) == 1


def test_workers_is_a_number_or_auto() -> None:
    assert worker_count("3") == 3 and worker_count(1) == 1 and worker_count("auto") >= 1
    with pytest.raises(InputError) as err:
        worker_count("two")
    assert err.value.code == "usage.bad_workers"
    assert err.value.message_zh.startswith("--workers 应为正整数或 auto")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([b"a", b"bb", b"\n", b"\r\n", b"cccccccc", b"\n\n"]), max_size=40),
    st.integers(1, 12),
    st.integers(1, 9),
)
def test_lines_read_in_blocks_are_the_lines_read_one_by_one(
    pieces: list[bytes], limit: int, block: int
) -> None:
    """The parent's block reader against the reader of one line at a time (bounded_lines)."""
    data = b"".join(pieces)
    want = list(bounded_lines(io.BytesIO(data).readline, limit))
    assert list(block_lines(io.BytesIO(data).read, limit, block)) == want
