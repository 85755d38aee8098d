"""Audit a Spark DataFrame of work orders: each partition audited where it lies, results merged.

``audit(df, profile, as_of=None)`` takes either JSON Lines text (``spark.read.text(path)``: one
column ``value``) or one ticket per row in columns named as in a JSON Lines record (``id``,
``kind``, ``events`` as an array of structs, instants as ISO text with their offset). Each
partition is audited by an :class:`~hotline_rules.audit.auditor.Auditor` in the executor and
the partial results are merged (``audit/merge.py``) on the way to the driver, so the result is
the one ``hotline-rules audit`` gives for the same export: the same counts, examples, rejected
rows with their lines, and what fires (judged after the merge).

For text, a record's line is found from its file and the block Spark read it from
(``input_file_name``, ``input_file_block_start``): rows are counted per block first, so lines
are exact however the blocks were spread over partitions. A row of columns has its row number
(``zipWithIndex``) as its line. A ticket id seen again is rejected as ``record.duplicate_id``
naming the first line, as the CLI does: ids met more than once are found in a first pass
(usually none), and only those records are looked at twice.

PySpark is imported only when this runs (``pip install 'hotline-rules[spark]'``): ``import
hotline_rules`` never needs it. The profile is given by name or path (a string, sent to the
executors, each of which loads it once per Python worker).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

from hotline_rules.audit.auditor import Auditor, AuditResult, _duplicate
from hotline_rules.audit.merge import merge_into
from hotline_rules.engine.engine import Engine
from hotline_rules.engine.ticket import (
    MAX_LINE_BYTES,
    Rejected,
    Skipped,
    Ticket,
    parse_record,
    too_large,
)

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

_ENGINES: dict[str, Engine] = {}
"""Per Python worker: the engine of each profile, loaded once."""

Key = tuple[str, int]
"""A record's place: its source and line."""


def _engine(profile: str) -> Engine:
    found = _ENGINES.get(profile)
    if found is None:
        found = _ENGINES[profile] = Engine(profile)
    return found


def source_name(uri: str) -> str:
    """A file as Spark names it, shown as the CLI would: a local ``file:`` URI as its path."""
    parsed = urlparse(uri)
    if parsed.scheme == "file":
        return unquote(parsed.path)
    return uri


def _record(value: str | bytes | None, line: int, file: str | None) -> Ticket | Rejected | Skipped:
    """One line of JSON Lines text, read as ``iter_jsonl`` reads it (blank, too long, BOM)."""
    raw = (value or "").encode("utf-8", "surrogatepass") if not isinstance(value, bytes) else value
    if len(raw) > MAX_LINE_BYTES:
        return too_large(line, MAX_LINE_BYTES)
    if line == 1:
        raw = raw.removeprefix(b"\xef\xbb\xbf")
    if not raw.strip():
        return Skipped(line)
    return parse_record(raw, line, file=file)


def _quick_id(value: str | bytes | None) -> str | None:
    """The id a line claims, cheaply (only to find ids met more than once)."""
    if not value:
        return None
    try:
        data = json.loads(value)
    except ValueError:
        return None
    found = data.get("id") if isinstance(data, dict) else None
    return found if isinstance(found, str) else None


def audit(
    df: DataFrame,
    profile: str | Path,
    as_of: datetime | None = None,
    *,
    period: str | None = None,
    exclude_estimated: bool = False,
    source: str | None = None,
) -> AuditResult:
    """Audit ``df`` (JSON Lines text, or ticket columns) under ``profile``; the merged result.

    ``as_of`` defaults to now. ``source`` names the export in rejected rows (default: each
    text file's path; none for columns). The result is what ``hotline-rules audit --format
    json`` prints for the same export (``AuditResult.to_dict()``).
    """
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    name = str(profile)
    when = as_of or datetime.now(UTC)
    Auditor(_engine(name), as_of=when, period=period)  # a bad period or profile fails here
    numbered: Any  # an RDD of (source, line, text, file named in errors)
    if df.columns == ["value"]:
        rows = df.select(
            "value",
            F.input_file_name().alias("file"),
            F.input_file_block_start().alias("block"),
        ).rdd.mapPartitions(_positions)
        counts = dict(rows.map(lambda r: ((r[0], r[1]), 1)).reduceByKey(_add).collect())
        before = _lines_before(counts)
        numbered = rows.map(
            lambda r: (
                source or source_name(r[0]),
                before[(r[0], r[1])] + r[2] + 1,
                r[3],
                source_name(r[0]),
            )
        )
    else:
        cols = df.columns
        numbered = (
            df.select(F.to_json(F.struct(*cols)).alias("value"))
            .rdd.zipWithIndex()
            .map(lambda r: (source or "", r[1] + 1, r[0][0], None))
        )
    numbered = numbered.persist(StorageLevel.MEMORY_AND_DISK)  # read by three passes
    dups = _duplicates(numbered)
    settings = (
        name,
        when,
        period,
        exclude_estimated,
        source is not None or df.columns == ["value"],
    )
    parts = numbered.mapPartitions(lambda it: _audit_partition(it, settings, dups))
    try:
        result: AuditResult | None = parts.treeReduce(_merged)
    except ValueError:  # no partition held a record
        result = None
    if result is None:
        result = Auditor(
            _engine(name), as_of=when, period=period, exclude_estimated=exclude_estimated
        ).finish()
    numbered.unpersist()
    result.source_format = "jsonl" if df.columns == ["value"] else "dataframe"
    return result.judge()


def _add(a: int, b: int) -> int:
    return a + b


def _merged(a: AuditResult, b: AuditResult) -> AuditResult:
    merge_into(a, b)
    return a


def _positions(rows: Iterable[Any]) -> Iterator[tuple[str, int, int, str]]:
    """(file, block, position in the block, text) of each row, in the order read."""
    at: dict[tuple[str, int], int] = {}
    for row in rows:
        key = (row[1], row[2])
        n = at.get(key, 0)
        at[key] = n + 1
        yield row[1], row[2], n, row[0]


def _lines_before(counts: dict[tuple[str, int], int]) -> dict[tuple[str, int], int]:
    """For each block of a file, how many lines the blocks before it hold."""
    out: dict[tuple[str, int], int] = {}
    total: dict[str, int] = {}
    for file, block in sorted(counts):
        out[(file, block)] = total.get(file, 0)
        total[file] = total.get(file, 0) + counts[(file, block)]
    return out


def _duplicates(numbered: Any) -> dict[Key, int]:
    """The records whose id an earlier ticket had: their place and the first one's line."""
    candidates = (
        numbered.map(lambda r: (_quick_id(r[2]), (r[0], r[1])))
        .filter(lambda kv: kv[0] is not None)
        .groupByKey()
        .filter(lambda kv: len(kv[1]) > 1)
        .flatMap(lambda kv: [place for place in kv[1]])
        .collect()
    )
    if not candidates:
        return {}
    wanted = set(candidates)
    tickets = (
        numbered.filter(lambda r: (r[0], r[1]) in wanted)
        .map(lambda r: (r[0], r[1], _record(r[2], r[1], r[3])))
        .filter(lambda t: isinstance(t[2], Ticket))
        .map(lambda t: (t[2].id, (t[0], t[1])))
        .collect()
    )
    first: dict[str, Key] = {}
    for ticket_id, place in sorted(tickets, key=lambda t: t[1]):
        first.setdefault(ticket_id, place)
    return {place: first[ticket_id][1] for ticket_id, place in tickets if place != first[ticket_id]}


def _audit_partition(
    rows: Iterable[tuple[str, int, str, str | None]],
    settings: tuple[str, datetime, str | None, bool, bool],
    dups: dict[Key, int],
) -> Iterator[AuditResult]:
    """Audit one partition's records; yield its (unjudged) partial result."""
    name, when, period, exclude_estimated, named = settings
    auditor: Auditor | None = None
    by_source: dict[str, Auditor] = {}
    results: list[AuditResult] = []
    for src, line, value, file in rows:
        auditor = by_source.get(src)
        if auditor is None:
            auditor = by_source[src] = Auditor(
                _engine(name),
                as_of=when,
                period=period,
                exclude_estimated=exclude_estimated,
                source=src if named else None,
            )
        item = _record(value, line, file)
        first = dups.get((src, line))
        if first is not None and isinstance(item, Ticket):
            auditor.reject(_duplicate(item.id, line, first))
        else:
            auditor.feed(item, line)
    for a in by_source.values():
        results.append(a.finish())
    if results:
        merged = results[0]
        for r in results[1:]:
            merge_into(merged, r)
        yield merged


__all__ = ["audit", "source_name"]
