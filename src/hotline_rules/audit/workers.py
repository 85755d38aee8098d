"""Audit an export on several cores: chunks evaluated in worker processes, merged exactly.

The parent reads the export and hands out chunks: for JSON Lines the raw lines (parsing, the
larger part of the work after evaluating, happens in the workers), for other formats the
records its reader yields. Each worker audits its chunk with its own :class:`Auditor` and sends
back the partial result, which the parent merges (``audit/merge.py``) in chunk order.

The result is the one a single process gives, to the order of the examples and rejected rows:
the samples and the kept rejected rows are order-free by construction, the report's flagged
tickets and the ``on_reject`` stream are taken chunk by chunk in file order, and a ticket id
repeated across chunks is caught here: each worker sends back the ids it met first, with their
lines; a chunk holding an id an earlier chunk already had is audited again, told those ids
(rare in real exports, so it costs little), and its ticket is rejected as the duplicate it is.

Every ticket evaluated can be handed back (``on_evaluated``, with its evaluation as the worker
made it: evaluations pickle, their findings' messages still unwritten), or, for ``audit
--tickets``, once counted, written out by the worker as the text of its line (``render``, told
which KPIs it counts for or against) that the parent only adds to the file, in file order
(``on_rendered``): the parent evaluates nothing again, and does not unpickle the tickets
either, which costs more than evaluating them.

Workers are forked, so the profile and calendar, loaded once in the parent, are not loaded
again (where ``fork`` is not available they are rebuilt from the profile's name in each worker,
and ``render`` runs in the parent, on the evaluations and KPIs the workers send back). At most
two chunks per worker are in flight: memory stays flat however long the export.
"""

from __future__ import annotations

import gc
import io
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import hotline_rules.audit.exports  # noqa: F401  (registers the bad-byte mark the reader uses)
from hotline_rules.audit.auditor import Auditor, AuditResult, LineTracker, SeenIds
from hotline_rules.audit.merge import merge_into
from hotline_rules.engine.engine import Engine
from hotline_rules.engine.results import Evaluation
from hotline_rules.engine.ticket import (
    MAX_LINE_BYTES,
    Rejected,
    Skipped,
    Ticket,
    bounded_lines,
    parse_record,
    too_large,
)
from hotline_rules.errors import InputError

Item = Ticket | Rejected | Skipped
Render = Callable[[Ticket, Evaluation, dict[str, bool]], str]
"""Makes the text written for one counted ticket from its evaluation and its KPIs, as
``Auditor.on_counted`` gives them (``TicketLines.render``)."""

CHUNK_ROWS = 4000
"""Rows per chunk: large enough that a chunk's result and its pickling cost little per ticket."""


def worker_count(value: str | int | None) -> int:
    """``auto`` (or 0): the cores this process may use; a number: itself (at least 1)."""
    if value is None:
        return 1
    if isinstance(value, str):
        text = value.strip().lower()
        if text in ("auto", "0"):
            return _cores()
        if not text.isdigit():
            raise InputError(
                f"--workers 应为正整数或 auto，而不是“{value}”",
                f"--workers takes a positive whole number or auto, not '{value}'",
                code="usage.bad_workers",
            )
        value = int(text)
    return _cores() if value == 0 else max(1, value)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class Settings:
    """What every chunk is audited with (the same for all of them)."""

    as_of: datetime
    period: str | None = None
    exclude_estimated: bool = False
    keep_flagged: int = 0
    collect_rejects: bool = False
    collect_evaluated: bool = False
    """Send back every ticket evaluated with its evaluation (for ``Auditor.on_evaluated``)."""
    collect_counted: bool = False
    """Send back every ticket counted with its evaluation and KPIs (``Auditor.on_counted``),
    for ``render`` in the parent when the workers were not forked."""
    render: bool = False
    """Send back the text the worker's ``render`` makes of each one (for ``on_rendered``)."""
    source: str | None = None
    file: str | None = None
    """The file named in a JSON Lines record's error (as the reader would)."""
    max_line_bytes: int = MAX_LINE_BYTES


@dataclass
class _Chunk:
    index: int
    first_line: int
    lines: list[bytes | None] | None = None
    """Raw JSON Lines, the first at ``first_line``."""
    items: list[tuple[Item, int | None]] | None = None
    """Records already read, each with its line."""
    seen: dict[str, int] = field(default_factory=dict)
    """Ids met in earlier chunks (with their first line) that this chunk holds again."""

    @property
    def rows(self) -> int:
        return len(self.lines if self.lines is not None else self.items or ())


@dataclass
class _Done:
    index: int
    result: AuditResult
    first_seen: list[tuple[str, int]]
    flagged: list[tuple[Ticket, Evaluation]]
    rejects: list[Rejected]
    evaluated: list[tuple[Ticket, Evaluation]]
    counted: list[tuple[Ticket, Evaluation, dict[str, bool]]]
    rendered: list[str]


_STATE: dict[str, Any] = {}
"""The worker's engine, settings and ``render`` (set before the fork, or by the initializer)."""


def _init(profile: Any, settings: Settings, render: Render | None = None) -> None:
    _STATE["engine"] = profile if isinstance(profile, Engine) else Engine(profile)
    _STATE["settings"] = settings
    _STATE["render"] = render


def _records(chunk: _Chunk, s: Settings) -> Iterator[tuple[Item, int | None]]:
    """The chunk's records with their lines: JSON Lines parsed here, as ``iter_jsonl`` would."""
    if chunk.items is not None:
        yield from chunk.items
        return
    for n, raw in enumerate(chunk.lines or (), chunk.first_line):
        if raw is None or len(raw) > s.max_line_bytes:
            yield too_large(n, s.max_line_bytes), n
            continue
        if n == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not raw.strip():
            yield Skipped(n), n
            continue
        yield parse_record(raw, n, file=s.file), n


def run_chunk(chunk: _Chunk) -> _Done:
    """Audit one chunk in this process (a worker's task)."""
    engine: Engine = _STATE["engine"]
    s: Settings = _STATE["settings"]
    rejects: list[Rejected] = []
    auditor = Auditor(
        engine,
        as_of=s.as_of,
        period=s.period,
        keep_flagged=s.keep_flagged,
        exclude_estimated=s.exclude_estimated,
        on_reject=rejects.append if s.collect_rejects else None,
        source=s.source,
        seen=chunk.seen,
        track_ids=True,
    )
    evaluated: list[tuple[Ticket, Evaluation]] = []
    counted: list[tuple[Ticket, Evaluation, dict[str, bool]]] = []
    rendered: list[str] = []
    render: Render | None = _STATE.get("render") if s.render else None
    if s.collect_evaluated:
        auditor.on_evaluated = lambda ticket, ev: evaluated.append((ticket, ev))
    if render is not None or s.collect_counted:

        def keep(ticket: Ticket, ev: Evaluation, kpis: dict[str, bool]) -> None:
            if render is not None:
                rendered.append(render(ticket, ev, kpis))
            if s.collect_counted:
                counted.append((ticket, ev, kpis))

        auditor.on_counted = keep
    for item, line in _records(chunk, s):
        auditor.feed(item, line)
    return _Done(
        chunk.index,
        auditor.finish(),
        auditor.first_seen or [],
        auditor.flagged,
        rejects,
        evaluated,
        counted,
        rendered,
    )


def block_lines(
    read: Callable[[int], bytes], limit: int, block: int = 1 << 20
) -> Iterator[bytes | None]:
    """The lines :func:`~hotline_rules.engine.ticket.bounded_lines` gives (``None`` for one
    longer than ``limit``, never held whole), read a block at a time: the parent hands out
    lines at C speed, not one ``readline`` each."""
    carry = b""
    skipping = False  # in the rest of a line already given as too long
    while True:
        data = read(block)
        if not data:
            break
        parts = data.split(b"\n")
        for i in range(len(parts) - 1):
            if i == 0:
                if skipping:
                    skipping = False
                    continue
                line = carry + parts[0] + b"\n"
                carry = b""
            else:
                line = parts[i] + b"\n"
            yield line if len(line) <= limit else None
        if skipping:
            continue
        carry += parts[-1]
        if len(carry) > limit:
            yield None
            carry, skipping = b"", True
    if carry:
        yield carry


def _raw_lines(path: Path, encoding: str, limit: int) -> Iterator[bytes | None]:
    """The export's lines as UTF-8 bytes, as the JSON Lines reader reads them."""
    raw = path.open("rb")
    try:
        if encoding in ("utf-8", "utf-8-sig"):
            yield from block_lines(raw.read, limit)
        else:  # decoded, then UTF-8 again (a bad byte's mark becomes invalid UTF-8, rejected)
            text = io.TextIOWrapper(
                raw, encoding=encoding, errors="hotline_rules.mark_bad_bytes", newline="\n"
            )
            for t in bounded_lines(text.readline, limit):
                yield None if t is None else t.encode("utf-8", "surrogatepass")
    finally:
        raw.close()


def _chunks(reader: Iterable[Item], path: Path | None, rows: int) -> Iterator[_Chunk]:
    """The export in chunks of ``rows``: raw lines for JSON Lines, else the reader's records."""
    fmt = str(getattr(reader, "format", "") or "")
    encoding = getattr(reader, "encoding", None)
    index = 0
    if fmt == "jsonl" and path is not None and path.is_file() and isinstance(encoding, str):
        batch: list[bytes | None] = []
        first = 1
        for n, raw in enumerate(_raw_lines(path, encoding, MAX_LINE_BYTES), 1):
            batch.append(raw)
            if len(batch) >= rows:
                yield _Chunk(index, first, lines=batch)
                index, first, batch = index + 1, n + 1, []
        if batch:
            yield _Chunk(index, first, lines=batch)
        return
    lines = LineTracker(per_line=fmt != "csv")
    items: list[tuple[Item, int | None]] = []
    for item in reader:
        known = getattr(reader, "line", None)
        items.append((item, lines.line_of(item, known if isinstance(known, int) else None)))
        if len(items) >= rows:
            yield _Chunk(index, 0, items=items)
            index, items = index + 1, []
    if items:
        yield _Chunk(index, 0, items=items)


@dataclass
class Audited:
    """A parallel audit's outcome: the merged result and the report's flagged tickets."""

    result: AuditResult
    flagged: list[tuple[Ticket, Evaluation]]
    chunks: int = 0
    chunks_again: int = 0
    """Chunks audited a second time because they repeat an id of an earlier chunk."""


def audit_parallel(
    reader: Iterable[Item],
    engine: Engine,
    settings: Settings,
    *,
    workers: int,
    path: Path | None = None,
    profile: str | Path | None = None,
    on_reject: Callable[[Rejected], None] | None = None,
    on_evaluated: Callable[[Ticket, Evaluation], None] | None = None,
    render: Render | None = None,
    on_rendered: Callable[[str], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    on_start: Callable[[], None] | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> Audited:
    """Audit what ``reader`` reads (an ``ExportReader`` of ``path``) on ``workers`` processes.

    The same result as feeding every item to one :class:`Auditor` with ``settings``. ``profile``
    (its name or path) lets workers rebuild the engine where processes cannot be forked.
    ``on_reject`` and ``on_evaluated`` are called as :class:`Auditor` calls them, in file
    order, chunk by chunk; ``on_rendered`` likewise, with what ``render`` (run in the workers
    when they are forked) made of each ticket evaluated, instead of the ticket and its
    evaluation (``audit --tickets``: the parent only writes the lines); ``on_progress`` with
    the rows done so far after each chunk;
    ``on_start`` once the workers are started (start a progress bar's thread there, not before:
    a process forked while another thread holds a lock may wait for it forever).
    """
    if (render is None) != (on_rendered is None):
        raise ValueError("render and on_rendered go together")
    forked = "fork" in multiprocessing.get_all_start_methods()
    render_here: Callable[[Ticket, Evaluation, dict[str, bool]], None] | None = None
    if render is not None and on_rendered is not None and not forked:

        def render_here(ticket: Ticket, ev: Evaluation, kpis: dict[str, bool]) -> None:
            on_rendered(render(ticket, ev, kpis))  # a spawned worker lacks it

    settings = replace(
        settings,
        collect_rejects=on_reject is not None,
        collect_evaluated=on_evaluated is not None,
        collect_counted=render_here is not None,
        render=render is not None and forked,
    )
    if forked:
        _init(engine, settings, render)  # inherited by the forked workers: nothing loaded again
        gc.freeze()  # the collector would touch, and so copy, every page the workers share
        pool = multiprocessing.get_context("fork").Pool(workers)
    else:  # pragma: no cover - Windows, macOS default
        spawn = multiprocessing.get_context("spawn")
        pool = spawn.Pool(workers, _init, (profile if profile is not None else engine, settings))
    if on_start is not None:
        on_start()
    seen = SeenIds()
    merged: AuditResult | None = None
    flagged: list[tuple[Ticket, Evaluation]] = []
    done_rows = 0
    count = again = 0
    try:
        pending: deque[tuple[_Chunk, Any]] = deque()
        source = _chunks(reader, path, chunk_rows)
        exhausted = False
        while True:
            while not exhausted and len(pending) < 2 * workers:
                chunk = next(source, None)
                if chunk is None:
                    exhausted = True
                    break
                pending.append((chunk, pool.apply_async(run_chunk, (chunk,))))
            if not pending:
                break
            chunk, job = pending.popleft()
            done: _Done = job.get()
            count += 1
            repeated = {}
            for ticket_id, line in done.first_seen:
                first = seen.first(ticket_id, line)
                if first is not None:
                    repeated[ticket_id] = first
            if repeated:  # an id of an earlier chunk: audit this one again, knowing it
                again += 1
                chunk.seen = repeated
                done = pool.apply(run_chunk, (chunk,))
            if merged is None:
                merged = done.result
            else:
                merge_into(merged, done.result)
            flagged += done.flagged[: max(0, settings.keep_flagged - len(flagged))]
            if on_reject is not None:
                for rejected in done.rejects:
                    on_reject(rejected)
            if on_evaluated is not None:
                for ticket, ev in done.evaluated:
                    on_evaluated(ticket, ev)
            if render_here is not None:
                for ticket, ev, kpis in done.counted:
                    render_here(ticket, ev, kpis)
            if on_rendered is not None:
                for text in done.rendered:
                    on_rendered(text)
            done_rows += chunk.rows
            if on_progress is not None:
                on_progress(done_rows)
    finally:
        pool.terminate()
        pool.join()
        gc.unfreeze()
        _STATE.clear()
    if merged is None:  # an empty export
        merged = Auditor(
            engine,
            as_of=settings.as_of,
            period=settings.period,
            exclude_estimated=settings.exclude_estimated,
            source=settings.source,
        ).finish()
    return Audited(merged.judge(), flagged, count, again)


__all__ = [
    "CHUNK_ROWS",
    "Audited",
    "Settings",
    "audit_parallel",
    "block_lines",
    "run_chunk",
    "worker_count",
]
