"""Read platform exports: JSON Lines, CSV and Excel sheets; one row per ticket, per event or per order.

Every platform names its columns its own way; a small YAML mapping file (``audit/mapping.py``;
its reference for policy staff is docs/zh/mapping.md) says which of its columns is which field,
which of its words is which vocabulary word, how it writes times, and, for an export with one
row per order, which column holds which event's time (``audit/wide.py``)::

    columns:            # the platform's column -> our field
      工单编号: id
      诉求类型: kind
      事件: type
      时间: at
      承办单位: unit
    values:             # the platform's words -> ours, per field
      kind: {投诉: complaint, 咨询: consultation}
      type: {派单: dispatched, 办结: completed}
    assume_offset: "+08:00"   # the export writes local times without an offset
    time_formats: ["%Y/%m/%d %H:%M:%S"]   # other ways the export writes a time
    header_row: 2       # the header is on line 2 (a title row above it)

``assume_offset`` is a declaration, not a guess: without it, a time without an
offset is a rejected row like any other bad input. ``time_formats`` (``strptime``
formats, tried in order) read times such as ``2020/11/27 16:20:14``; a time none
of them reads is read as ISO 8601. ``header_row`` is optional: a title row above
the header (a first row with one non-empty cell, ``市民热线工单``) is found anyway.
A value outside its field's value map is a rejected row (``record.unmapped_value``, naming
the line, the column and the value) or, with ``unknown_values: warn``, a counted warning
(:attr:`ExportReader.warnings`), never passed on as if it were a word of ours.

An Excel workbook (``.xlsx``, ``.xls``, ``.ods``; told by its first bytes, whatever its name) is
read sheet by sheet through ``audit/excel.py``, its cells as the text a CSV of the sheet would
hold, and from there exactly as a CSV. ``-`` as the path reads standard input.

CSV, one row per ticket: the columns are ticket fields, ``tags`` separated by
``;`` (or ``、``), and ``events`` a JSON array. One row per event: the columns
``type`` and ``at`` (and ``unit``, ``reason``, ``evidence``, ``length``,
``satisfaction``, ``report``) describe an event; the ticket's fields are read
from its first row. A ticket's rows must be next to each other (exports are
grouped by ticket): a ticket whose rows come back after another ticket's is
rejected (``record.split_ticket``), naming the line where it started.

Reading never ends a batch on a bad record: each line or row becomes a ``Ticket``, a
``Rejected`` (its line as the file counts lines, a code of ``ticket.RECORD_CODES``) or a
``Skipped`` (a blank line, a title row), so every line is accounted for. What makes the
whole file unreadable is an :class:`InputError` raised by :func:`open_export` before any
record is read: an encoding that cannot be told, a damaged workbook or a missing sheet, a
header without its id or time columns, or without a column the mapping names (the error
names the columns found and the mapping line to write). Memory
does not grow with the file: lines are read with a cap (``readline(limit)``), a CSV
quote left open is cut off after :data:`MAX_RECORD_LINES` lines, and only the ids of a
one-row-per-event CSV's finished tickets are kept (to tell a split ticket).

The encoding is detected from the first :data:`SAMPLE_BYTES` bytes: a BOM (UTF-8,
UTF-16, UTF-32) says it; else text that is valid UTF-8 is UTF-8; else
``charset-normalizer`` judges, and among its equally good candidates GB18030 is taken
(what Excel saves in a Chinese office; it reads GBK and GB2312 too). ``encoding=`` forces one.
A byte that is not valid in the encoding rejects its line or row (``record.bad_encoding``).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Final, Literal

import pydantic_core

from hotline_rules.audit.excel import Sheet, excel_format
from hotline_rules.audit.mapping import EVENT_FIELDS, TICKET_FIELDS, Mapping
from hotline_rules.audit.wide import (
    ReadWarnings,
    Unmapped,
    WideRows,
    missing_columns,
    unmapped_value,
)
from hotline_rules.engine.ticket import (
    MAX_LINE_BYTES,
    Rejected,
    Skipped,
    Ticket,
    bounded_lines,
    has_surrogate,
    iter_jsonl,
    parse_record,
    too_large,
)
from hotline_rules.errors import InputError, Location

_LIST_FIELDS = ("tags", "evidence", "report")

SAMPLE_BYTES: Final = 64 * 1024
"""How much of the start of a file the encoding is judged from."""
MAX_RECORD_LINES: Final = 1000
"""A CSV record (a quoted field may hold line breaks) spanning more lines than this is taken
for a quote left open: its first line is rejected (``csv.bad_row``) and reading resumes at the
next line."""
MAX_EVENTS: Final = 10_000
"""A ticket of a one-row-per-event CSV with more rows than this is rejected (``record.too_large``)
rather than held in memory."""
MAX_TITLE_ROWS: Final = 10
"""How many title rows (one non-empty cell) above a CSV header are looked past."""
MAX_LINES_BEFORE_HEADER: Final = 1000
"""A CSV whose header is not found within this many records is not read (``export.no_header``)."""

Format = Literal["jsonl", "csv", "xlsx", "xls", "ods"]
Item = Ticket | Rejected | Skipped


# ---- encodings ----------------------------------------------------------------------------

_MARK = "hotline_rules.mark_bad_bytes"


def _mark_bad_bytes(exc: UnicodeError) -> tuple[str, int]:
    """Decode a byte that is not valid in the encoding as a lone surrogate (U+DC00 + byte).

    No text read from a file holds one otherwise, so a line holding one is rejected as
    ``record.bad_encoding`` and the file reads on (``errors="strict"`` would end it).
    """
    if isinstance(exc, UnicodeDecodeError):
        return "".join(chr(0xDC00 + b) for b in exc.object[exc.start : exc.end]), exc.end
    raise exc


codecs.register_error(_MARK, _mark_bad_bytes)

_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_GB: Final = frozenset({"gb18030", "gbk", "gb2312", "hz"})


def _mostly_utf8(sample: bytes) -> bool:
    """True when valid UTF-8 characters outnumber invalid bytes at least two to one.

    Text in another encoding (GB18030 above all) is nearly never valid UTF-8 beyond a chance
    character; a UTF-8 export with one damaged cell is valid everywhere else.
    """
    text = sample.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - sample.count("\ufffd".encode())
    good = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
    return bad > 0 and good >= 2 * bad


def detect_encoding(sample: bytes, *, guess: bool = True) -> str | None:
    """The encoding of a file that starts with ``sample`` (a Python codec name), or None.

    A BOM decides; else valid UTF-8 (without NUL bytes) is UTF-8, and so is text that is UTF-8
    but for a few damaged bytes (their rows are rejected); else text that decodes as GB18030 is
    GB18030 (Excel's Chinese default; a detector guessed johab or cp932 for short ones); else
    charset-normalizer judges, GB18030 first among its equally good candidates. With
    ``guess=False`` (JSON Lines, UTF-8 by definition) a file without a BOM is UTF-8, and a
    line that is not is rejected on its own.
    """
    for bom, name in _BOMS:
        if sample.startswith(bom):
            return name
    if not guess:
        return "utf-8"
    if b"\x00" not in sample:
        try:
            codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        except UnicodeDecodeError:
            pass
        else:
            return "utf-8"
        cut = sample[: sample.rfind(b"\n") + 1] or sample  # no character cut in two
        if _mostly_utf8(cut):  # a UTF-8 export with a bad cell: that row is rejected, not the file
            return "utf-8"
        try:  # what a Chinese office's Excel writes; a short sample leaves a detector guessing
            cut.decode("gb18030")
        except UnicodeDecodeError:
            pass
        else:
            return "gb18030"
    from charset_normalizer import from_bytes  # only for files that are neither

    cut = sample[: sample.rfind(b"\n") + 1] or sample  # no character cut in two
    matches = list(from_bytes(cut)) or list(from_bytes(sample))
    if not matches:
        return None
    least = min(m.chaos for m in matches)
    best = [codecs.lookup(m.encoding).name for m in matches if m.chaos == least]
    if any(name in _GB for name in best):
        return "gb18030"
    name = best[0]
    return "utf-8" if name == "ascii" else name


# ---- the reader ---------------------------------------------------------------------------


class ExportReader:
    """An export opened for reading (:func:`open_export`): its format and encoding known.

    Iterate it once for its records: ``Ticket | Rejected | Skipped``, in file order except
    that a ticket of a one-row-per-event CSV comes when its last row has been read. After
    each item, :attr:`line` is the line where that item starts. Close it (or use ``with``).
    """

    path: Path
    format: Format
    """``jsonl``, ``csv``, or a workbook's ``xlsx``, ``xls``, ``ods`` (by the file's first bytes;
    else by its suffix: ``.csv`` is CSV, ``.jsonl``/``.json`` JSON Lines; a file without either,
    such as standard input, is JSON Lines when its first text is ``{``, else CSV)."""
    encoding: str | None
    """The codec the text is read with (``utf-8``, ``utf-8-sig`` = UTF-8 with a BOM,
    ``gb18030``, ``utf-16``, ...): detected, or as forced; None for an Excel workbook."""
    encoding_detected: bool
    """False when the caller forced the encoding."""
    columns: tuple[str, ...]
    """The CSV header as found (empty for JSON Lines)."""
    header_line: int | None
    """The line of the CSV header (None for JSON Lines or an empty CSV)."""
    line: int
    """The line (as the file counts lines) where the last item yielded starts; 0 before."""

    def __init__(
        self,
        path: Path,
        raw: IO[bytes],
        mapping: Mapping,
        encoding: str | None,
        years: tuple[int, int] | None,
        max_line_bytes: int,
        sheet: str | int | None = None,
    ) -> None:
        self.path = path
        self._raw = raw
        self.warnings = ReadWarnings()
        """Values read past with a warning (``unknown_values: warn``, an unreadable platform
        deadline): counted by code, the first ones with their line, column and value."""
        self.sheet: str | None = None
        """The sheet read (Excel), by name."""
        sample = raw.read(SAMPLE_BYTES)
        raw.seek(0)
        self.columns = ()
        self.header_line = None
        self.line = 0
        self._lines_jsonl = 0
        self._csv: _CsvExport | None = None
        self._sheet: Sheet | None = None
        excel = excel_format(sample, path)
        if excel is not None:
            self.format = excel  # type: ignore[assignment]
            self.encoding = None
            self.encoding_detected = False
            self._sheet = Sheet(path, excel, mapping.sheet if sheet is None else sheet)
            self.sheet = self._sheet.name
            self._csv = _SheetExport(self._sheet, mapping, years, str(path), self.warnings)
            self.columns = self._csv.columns
            self.header_line = self._csv.header_line
            self._items: Iterator[tuple[int, Item]] = self._csv.items()
            return
        suffix = path.suffix.lower()
        self.format = (
            "csv" if suffix == ".csv" or (suffix not in _JSONL and _looks_csv(sample)) else "jsonl"
        )
        self.encoding_detected = encoding is None
        self.encoding = _codec(path, sample, encoding, guess=self.format == "csv")
        if self.format == "csv":
            text = io.TextIOWrapper(raw, encoding=self.encoding, errors=_MARK, newline="")
            self._csv = _CsvExport(
                text.readline,
                mapping,
                years,
                max_line_bytes,
                str(path),
                self.encoding,
                self.warnings,
            )
            self.columns = self._csv.columns
            self.header_line = self._csv.header_line
            self._items = self._csv.items()
        else:
            self._items = self._jsonl(years, max_line_bytes)

    def _jsonl(self, years: tuple[int, int] | None, limit: int) -> Iterator[tuple[int, Item]]:
        lines: Iterable[bytes | None]
        if self.encoding in ("utf-8", "utf-8-sig"):
            lines = bounded_lines(self._raw.readline, limit)
        else:  # decoded, then UTF-8 again; a bad byte's mark becomes invalid UTF-8, rejected
            text = io.TextIOWrapper(self._raw, encoding=self.encoding, errors=_MARK, newline="\n")
            lines = (
                None if t is None else t.encode("utf-8", "surrogatepass")
                for t in bounded_lines(text.readline, limit)
            )
        for n, item in enumerate(
            iter_jsonl(lines, file=str(self.path), years=years, max_line_bytes=limit), 1
        ):
            self._lines_jsonl = n
            yield n, item

    @property
    def lines_read(self) -> int:
        """Lines of the file read so far (header and title rows included)."""
        return self._csv.lines.count if self._csv is not None else self._lines_jsonl

    def __iter__(self) -> Iterator[Item]:
        return self

    def __next__(self) -> Item:
        line, item = next(self._items)
        self.line = line
        return item

    def close(self) -> None:
        """Close the file (the records not yet read are not read)."""
        if self._sheet is not None:
            self._sheet.close()
        self._raw.close()

    def __enter__(self) -> ExportReader:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return (
            f"<ExportReader {str(self.path)!r} format={self.format!r} encoding={self.encoding!r}>"
        )


_JSONL: Final = frozenset({".jsonl", ".json", ".ndjson"})


def _looks_csv(sample: bytes) -> bool:
    """A file named neither .csv nor .jsonl (standard input): CSV unless its text starts with ``{``."""
    text = sample.lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n\x00")
    return bool(text) and not text.startswith(b"{")


def _codec(path: Path, sample: bytes, forced: str | None, *, guess: bool) -> str:
    name = _codec_named(path, sample, forced, guess=guess)
    if name in ("utf-16", "utf-32") and not sample.startswith(
        (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)
    ):
        return f"{name}-le"  # Python's utf-16 refuses a stream without a BOM; Windows writes LE
    return name


def _codec_named(path: Path, sample: bytes, forced: str | None, *, guess: bool) -> str:
    if forced is None:
        found = detect_encoding(sample, guess=guess)
        if found is None:
            raise InputError(
                "无法判断导出文件的编码：请用 --encoding 指定（如 gb18030、utf-8、utf-16）",
                "cannot tell the export's encoding: give it with --encoding (e.g. gb18030,"
                " utf-8, utf-16)",
                code="export.unknown_encoding",
                location=Location(str(path)),
            )
        return found
    try:
        name = codecs.lookup(forced).name
    except LookupError:
        raise InputError(
            f"不认识的编码“{forced}”（可用如 gb18030、gbk、utf-8、utf-16）",
            f"unknown encoding '{forced}' (e.g. gb18030, gbk, utf-8, utf-16)",
            code="export.unknown_encoding",
            location=Location(str(path)),
        ) from None
    if name == "utf-8" and sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"  # the BOM is not text
    return name


def open_export(
    path: str | Path,
    mapping: Mapping | None = None,
    encoding: str | None = None,
    *,
    years: tuple[int, int] | None = None,
    max_line_bytes: int = MAX_LINE_BYTES,
    sheet: str | int | None = None,
) -> ExportReader:
    """Open an export: its format and encoding found (or ``encoding``), its header read and checked.

    Raises :class:`InputError` for what makes the whole file unreadable (see the module doc);
    every other problem is a ``Rejected`` record met while iterating. ``years`` bounds the
    events' years (default: the national calendar's, ``ticket.calendar_years``). ``sheet``
    (an Excel workbook's sheet, by name or index from 0) overrides the mapping's. ``path`` ``-``
    reads standard input (spooled to a temporary file, so memory stays bounded).
    """
    p = Path(path)
    raw = open_raw(path)
    try:
        return ExportReader(p, raw, mapping or Mapping(), encoding, years, max_line_bytes, sheet)
    except BaseException:
        raw.close()
        raise


def open_raw(path: str | Path) -> IO[bytes]:
    """The export's bytes: the file, or standard input for ``-`` (:func:`stdin_file`); a file
    that cannot be opened is an ``export.unreadable`` error naming it."""
    if str(path) == "-":
        return stdin_file()
    try:
        return Path(path).open("rb")
    except OSError as exc:
        raise InputError(
            f"无法读取导出文件：{exc.strerror}",
            f"cannot read the export: {exc.strerror}",
            code="export.unreadable",
            location=Location(str(path)),
        ) from exc


def stdin_file() -> IO[bytes]:
    """Standard input copied to an unnamed temporary file (a pipe cannot be read twice or seeked:
    the format is judged from its start, an Excel workbook is read from the end)."""
    import shutil
    import sys
    import tempfile

    spool = tempfile.TemporaryFile()  # noqa: SIM115  # returned open: the reader closes it
    shutil.copyfileobj(sys.stdin.buffer, spool, 1 << 20)
    spool.seek(0)
    return spool


def read_export(
    path: str | Path, mapping: Mapping | None = None, encoding: str | None = None
) -> Iterator[Ticket | Rejected]:
    """Tickets (and rejected rows) of an export, by its suffix: ``.jsonl``/``.json`` or ``.csv``.

    Blank lines and title rows are passed over here; :func:`open_export` yields them too
    (``Skipped``), for an audit that accounts for every line.
    """
    with open_export(path, mapping, encoding) as reader:
        for item in reader:
            if not isinstance(item, Skipped):
                yield item


def read_csv(handle: Iterable[str] | IO[str], mapping: Mapping) -> Iterator[Item]:
    """Records of a CSV export given as text (lines, or a file opened with ``newline=""``)."""
    readline = getattr(handle, "readline", None)
    if not callable(readline):
        readline = _readline_of(iter(handle))
    for _, item in _CsvExport(readline, mapping, None, MAX_LINE_BYTES, None, None).items():
        yield item


def _readline_of(lines: Iterator[str]) -> Callable[[int], str]:
    return lambda size: next(lines, "")


# ---- CSV ----------------------------------------------------------------------------------


class _Runaway(Exception):
    """The CSV record being read grew past its caps (a quote left open), or met an overlong line."""


class _TooLong(Exception):
    """A line over the cap where a record starts."""

    def __init__(self, line: int) -> None:
        self.line = line


class _Lines:
    """Numbered lines of a CSV text for ``csv.reader``: bounded, and able to be read again.

    ``record`` holds the lines of the record being parsed, so that when the record turns out
    broken its lines after the first can be pushed back (``pending``) and read again: one
    open quote costs one rejected line, not the rest of the file.
    """

    def __init__(self, readline: Callable[[int], str], limit: int) -> None:
        self._readline = readline
        self.limit = limit
        self.count = 0
        self.pending: deque[tuple[int, str | None]] = deque()
        self.record: list[tuple[int, str]] = []
        self.chars = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.pending:
            n, text = self.pending.popleft()
        else:
            text = self._readline(self.limit + 1)
            if not text:
                raise StopIteration  # the end of the records
            self.count += 1
            n = self.count
            if len(text) > self.limit:  # drop the rest of the line, then say it was too long
                end = text[-1]
                while end not in "\r\n":  # (newline="": a line may end in \r alone)
                    piece = self._readline(self.limit)
                    if not piece:
                        break
                    end = piece[-1]
                text = None
        record = self.record
        if text is None:
            if record:  # inside a record: the record is broken; this line comes next
                self.pending.appendleft((n, None))
                raise _Runaway
            raise _TooLong(n)
        record.append((n, text))
        self.chars += len(text)
        if len(record) > MAX_RECORD_LINES or self.chars > self.limit:
            raise _Runaway
        return text

    def resync(self) -> None:
        """Read the current record's lines after its first again, as new records."""
        self.pending.extendleft(reversed(self.record[1:]))
        self.record = self.record[:1]


_Row = tuple[int, list[str]]
_CSV_ERRORS_ZH: Final = (
    ("unexpected end of data", "引号直到文件末尾都没有闭合"),
    ("expected after", "闭合的引号后面应紧跟逗号或换行"),
    ("field larger than field limit", "一个格子过长"),
    ("line contains NUL", "这一行含有 NUL 字符"),
)
"""The csv module's messages, in Chinese (the English one stays in the English reason)."""


class _CsvExport:
    """A CSV text: title rows and header read at once, then its records one at a time."""

    def __init__(
        self,
        readline: Callable[[int], str],
        mapping: Mapping,
        years: tuple[int, int] | None,
        limit: int,
        file: str | None,
        encoding: str | None,
        warnings: ReadWarnings | None = None,
    ) -> None:
        self.mapping = mapping
        self.years = years
        self.file = file
        self.encoding = encoding or "?"
        self.warnings = warnings if warnings is not None else ReadWarnings()
        self.lines = _Lines(readline, limit)
        self._reader = csv.reader(self.lines, strict=True)
        self._start()

    def _start(self) -> None:
        self._before: list[tuple[int, Item]] = []
        self.columns: tuple[str, ...] = ()
        self.header_line: int | None = None
        self.fields: list[str] = []
        self.per_event = False
        self.ragged = False
        """Rows may be shorter than the header (a sheet drops its empty trailing cells)."""
        self._read_header()

    # the records, broken ones rejected -------------------------------------------------------

    def _next(self) -> _Row | Rejected | None:
        """The next record (first line, cells), a Rejected for a broken one, or None at the end."""
        lines = self.lines
        lines.record = []
        lines.chars = 0
        try:
            cells = next(self._reader)
        except StopIteration:
            return None
        except _TooLong as exc:
            return too_large(exc.line, lines.limit)
        except (_Runaway, csv.Error) as exc:
            first = lines.record[0][0]
            spanned = len(lines.record)
            lines.resync()
            if isinstance(exc, csv.Error):
                said = str(exc)
                told = next((zh for en, zh in _CSV_ERRORS_ZH if en in said), said)
                why_zh = f"CSV 结构错误（多半是引号不配对）：{told}"
                why_en = f"CSV structure error (most likely an unbalanced quote): {exc}"
            else:
                why_zh = f"一个带引号的字段跨越了 {spanned} 行以上仍未结束（多半是引号不配对）"
                why_en = f"a quoted field ran over {spanned} lines without closing (most likely an unbalanced quote)"
            return Rejected(
                first,
                f"{why_zh}；从下一行起继续读取",
                f"{why_en}; reading resumes at the next line",
                None,
                "csv.bad_row",
            )
        return lines.record[0][0], cells

    def _read_header(self) -> None:
        mapping = self.mapping
        header: list[str] | None = None
        titles = 0
        while header is None:
            item = self._next()
            if item is None:
                return  # an empty file: no records
            if isinstance(item, Rejected) and (mapping.header_row or 0) > item.line:
                self._before.append((item.line, Skipped(item.line, "comment")))
                continue
            if isinstance(item, Rejected):
                raise InputError(
                    f"CSV 表头行无法读取：{item.reason_zh}",
                    f"the CSV header cannot be read: {item.reason_en}",
                    code="export.bad_header",
                    location=Location(self.file, item.line),
                )
            line, cells = item
            if len(self._before) >= MAX_LINES_BEFORE_HEADER:
                raise InputError(
                    f"前 {MAX_LINES_BEFORE_HEADER} 行里没有找到 CSV 表头（全是空行或标题行）",
                    f"no CSV header in the first {MAX_LINES_BEFORE_HEADER} lines (only blank"
                    " or title rows)",
                    code="export.no_header",
                    hint_zh="在映射文件中用 header_row 写明表头所在的行号。",
                    hint_en="give the header's line with header_row in the mapping file.",
                    location=Location(self.file, line),
                )
            filled = sum(1 for c in cells if c.strip())
            if filled == 0:
                self._before.append((line, Skipped(line)))
            elif mapping.header_row is not None and line < mapping.header_row:
                self._before.append((line, Skipped(line, "comment")))
            elif mapping.header_row is None and filled == 1 and titles < MAX_TITLE_ROWS:
                titles += 1
                self._before.append((line, Skipped(line, "comment")))
            else:
                header = cells
                self.header_line = line
        if any(has_surrogate(c) for c in header):
            raise InputError(
                f"CSV 表头含有按 {self.encoding} 无法解码的字节：编码多半不对，"
                "请用 --encoding 指定（如 gb18030、utf-8、utf-16）",
                f"the CSV header holds bytes that are not valid {self.encoding}: the encoding is"
                " most likely wrong; give it with --encoding (e.g. gb18030, utf-8, utf-16)",
                code="export.bad_encoding",
                location=Location(self.file, self.header_line),
            )
        header[0] = header[0].lstrip("\ufeff")
        self.columns = tuple(h.strip() for h in header)
        self.fields = [mapping.field_of(h) for h in self.columns]
        self._check_columns()

    def _check_columns(self) -> None:
        fields, columns = self.fields, self.columns
        read = {*TICKET_FIELDS, *EVENT_FIELDS, "events"}
        for name in read:
            twice = [c for c, f in zip(columns, fields, strict=True) if f == name]
            if len(twice) > 1:
                raise self._column_error(
                    f"多个列都是字段 {name}：{'、'.join(twice)}（只能有一列）",
                    f"several columns are the field {name}: {', '.join(twice)} (only one may be)",
                    "export.duplicate_column",
                    None,
                )
        if "id" not in fields:
            raise self._column_error(
                "导出文件没有工单编号列（字段 id）",
                "the export has no ticket id column (field id)",
                "export.missing_column",
                ("id", ("工单编号", "工单号", "编号", "单号", "id", "ID")),
            )
        if self.mapping.wide:
            missing_columns(self.mapping, columns, self.file, self.header_line)
            return
        if "events" in fields:
            return
        if "type" not in fields and "at" not in fields:
            raise self._column_error(
                "导出文件没有时间列：既没有 events 列（每行一个工单，事件为 JSON 数组），"
                "也没有 type 和 at 列（每行一个事件：事件类型与时间）",
                "the export has no time column: neither events (one row per ticket, a JSON array"
                " of events) nor type and at (one row per event: its type and time)",
                "export.missing_column",
                ("at", ("时间", "日期", "time", "at")),
            )
        for name, words in (
            ("at", ("时间", "日期", "time", "at")),
            ("type", ("事件", "环节", "操作", "类型", "type")),
        ):
            if name not in fields:
                what_zh = "时间（at）" if name == "at" else "事件类型（type）"
                what_en = "time (at)" if name == "at" else "event type (type)"
                raise self._column_error(
                    f"每行一个事件的导出缺少{what_zh}列",
                    f"an export with one row per event has no {what_en} column",
                    "export.missing_column",
                    (name, words),
                )
        self.per_event = True

    def _column_error(
        self,
        zh: str,
        en: str,
        code: str,
        want: tuple[str, tuple[str, ...]] | None,
    ) -> InputError:
        shown = "、".join(c or "（空）" for c in self.columns) or "（无）"
        shown_en = ", ".join(c or "(empty)" for c in self.columns) or "(none)"
        hint_zh = hint_en = None
        if want is not None:
            name, words = want
            guess = next(
                (c for c in self.columns if c and any(w in c for w in words)),
                "<列名>",
            )
            line = f"columns:\n    {guess}: {name}"
            hint_zh = f"在映射文件（--mapping）中写明哪一列是 {name}，例如：\n  {line}"
            hint_en = f"say in the mapping file (--mapping) which column is {name}, e.g.:\n  {line.replace('<列名>', '<column>')}"
        if self.encoding in ("utf-8", "utf-8-sig"):
            read_zh = read_en = ""
        else:  # a garbled header is a wrong guess of the encoding
            read_zh = f"（按 {self.encoding} 读取；如乱码，请用 --encoding 指定编码）"
            read_en = f" (read as {self.encoding}; if garbled, give the encoding with --encoding)"
        return InputError(
            f"{zh}。找到的列{read_zh}：{shown}",
            f"{en}. Columns found{read_en}: {shown_en}",
            code=code,
            hint_zh=hint_zh,
            hint_en=hint_en,
            location=Location(self.file, self.header_line),
        )

    # rows -> tickets ----------------------------------------------------------------------

    def _rows(self) -> Iterator[tuple[int, dict[str, str] | Item]]:
        """Data rows as (line, field -> cell); blank, broken and undecodable rows as items."""
        fields = self.fields
        for line, row in self._cells():
            yield line, row if not isinstance(row, list) else dict(zip(fields, row, strict=False))

    def _cells(self) -> Iterator[tuple[int, list[str] | Item]]:
        """Data rows as (line, cells); blank, broken and undecodable rows as items."""
        fields = self.fields
        width = len(fields)
        needed = max((i + 1 for i, c in enumerate(self.columns) if c), default=width)
        id_at = fields.index("id") if "id" in fields else None
        while (item := self._next()) is not None:
            if isinstance(item, Rejected):
                yield item.line, item
                continue
            line, cells = item
            joined = "".join(cells)
            if not joined or joined.isspace():
                yield line, Skipped(line)
                continue
            if has_surrogate(joined):
                yield (
                    line,
                    Rejected(
                        line,
                        f"这一行含有按 {self.encoding} 无法解码的字节",
                        f"the row holds bytes that are not valid {self.encoding}",
                        None,
                        "record.bad_encoding",
                    ),
                )
                continue
            if len(cells) != width and (
                (len(cells) < needed and not self.ragged) or any(c.strip() for c in cells[width:])
            ):
                tid = cells[id_at].strip() if id_at is not None and id_at < len(cells) else ""
                spanned = len(self.lines.record)
                self.lines.resync()
                more_zh = "；从下一行起继续读取" if spanned > 1 else ""
                more_en = "; reading resumes at the next line" if spanned > 1 else ""
                yield (
                    line,
                    Rejected(
                        line,
                        f"这一行有 {len(cells)} 列，表头有 {width} 列（多半是引号不配对或分隔符多了、少了）{more_zh}",
                        f"the row has {len(cells)} columns, the header {width} (most likely an"
                        f" unbalanced quote or a separator too many or too few){more_en}",
                        tid or None,
                        "csv.bad_row",
                    ),
                )
                continue
            yield line, cells  # a column named "" is never read

    def items(self) -> Iterator[tuple[int, Item]]:
        """(first line, item) of every record after the header, title rows first."""
        yield from self._before
        self._before = []
        if self.header_line is None:
            return
        if self.mapping.wide:
            yield from self._wide()
        elif self.per_event:
            yield from self._per_event()
        else:
            yield from self._per_ticket()

    def _wide(self) -> Iterator[tuple[int, Item]]:
        rows = WideRows(
            self.mapping, self.columns, file=self.file, years=self.years, warnings=self.warnings
        )
        for line, cells in self._cells():
            yield line, rows.read(line, cells) if isinstance(cells, list) else cells

    def _per_ticket(self) -> Iterator[tuple[int, Item]]:
        mapping = self.mapping
        for line, row in self._rows():
            if not isinstance(row, dict):
                yield line, row
                continue
            try:
                data = self._ticket_data(row, line)
            except Unmapped as exc:
                yield line, exc.rejected
                continue
            cell = row.get("events", "").strip()
            if cell:
                try:  # pydantic's parser: nesting bounded (no RecursionError)
                    events = pydantic_core.from_json(cell)
                except ValueError as exc:
                    deep = "recursion limit" in str(exc)
                    yield (
                        line,
                        Rejected(
                            line,
                            "events 列嵌套过深（超过 200 层）"
                            if deep
                            else f"events 列不是有效的 JSON：{exc}",
                            "the events column is nested too deep (over 200 levels)"
                            if deep
                            else f"the events column is not valid JSON: {exc}",
                            _cell_id(data),
                            "record.too_deep" if deep else "record.json_invalid",
                        ),
                    )
                    continue
                if isinstance(events, list):
                    for e in events:
                        if isinstance(e, dict):
                            if isinstance(e.get("at"), str):
                                e["at"] = mapping.instant(e["at"])
                            if isinstance(e.get("type"), str):
                                e["type"] = mapping.value("type", e["type"])
                data["events"] = events
            yield (
                line,
                parse_record(data, line, file=self.file, years=self.years, text_checked=True),
            )

    def _per_event(self) -> Iterator[tuple[int, Item]]:
        current: dict[str, Any] | None = None
        first_line = 0
        rows_of_current = 0
        started: dict[str, int] = {}  # ticket id -> the line its rows start on
        for line, row in self._rows():
            if not isinstance(row, dict):
                yield line, row
                continue
            tid = row.get("id", "").strip()
            if not tid:
                yield (
                    line,
                    Rejected(
                        line,
                        "工单编号为空",
                        "the ticket id is empty",
                        None,
                        "record.missing_field",
                    ),
                )
                continue
            if current is not None and tid != current["id"]:
                yield first_line, self._build(current, first_line, rows_of_current)
                current = None
            if current is None:
                first = started.get(tid)
                if first is not None:
                    yield (
                        line,
                        Rejected(
                            line,
                            f"工单 {tid} 的事件行不连续：该工单从第 {first} 行起已读过，"
                            "其后隔着别的工单又出现（导出须按工单排列）",
                            f"the rows of ticket {tid} are not together: it started on line {first},"
                            " and comes back after other tickets (exports must be grouped by ticket)",
                            tid,
                            "record.split_ticket",
                        ),
                    )
                    continue
                started[tid] = line
                try:
                    current = {**self._ticket_data(row, line), "id": tid, "events": []}
                except Unmapped as exc:
                    current = {"id": tid, "events": [], _UNMAPPED: exc.rejected}
                first_line = line
                rows_of_current = 0
            rows_of_current += 1
            if rows_of_current <= MAX_EVENTS and _UNMAPPED not in current:
                try:
                    current["events"].append(self._event_data(row, line, tid))
                except Unmapped as exc:  # the ticket is not judged without one of its events
                    current[_UNMAPPED] = exc.rejected
        if current is not None:
            yield first_line, self._build(current, first_line, rows_of_current)

    def _build(self, data: dict[str, Any], line: int, rows: int) -> Ticket | Rejected:
        unmapped = data.get(_UNMAPPED)
        if isinstance(unmapped, Rejected):
            return unmapped
        if rows > MAX_EVENTS:
            return Rejected(
                line,
                f"工单有 {rows} 行事件，超过上限 {MAX_EVENTS}，未读取",
                f"the ticket has {rows} event rows, over the cap of {MAX_EVENTS}; not read",
                _cell_id(data),
                "record.too_large",
            )
        return parse_record(data, line, file=self.file, years=self.years, text_checked=True)

    def _word(self, name: str, raw: str, line: int, tid: str | None) -> str | None:
        """``raw`` through the field's value map; an unmapped value is rejected or warned of."""
        found = self.mapping.known_value(name, raw)
        if found is None:
            column = next((c for c, f in self.mapping.columns.items() if f == name), name)
            unmapped_value(self.mapping, self.warnings, line, column, name, raw, tid)
        return found

    def _ticket_data(self, row: dict[str, str], line: int) -> dict[str, Any]:
        mapping = self.mapping
        masked = mapping.masked
        data: dict[str, Any] = {}
        tid = row.get("id", "").strip() or None
        for name in TICKET_FIELDS:
            raw = row.get(name, "").strip()
            if not raw or raw in masked:
                continue
            if name == "tags":
                data[name] = [mapping.value("tags", t) for t in _split(raw)]
            elif name == "repeat_count":
                data[name] = int(raw) if raw.isdigit() and len(raw) < 10 else raw
            elif name == "id":
                data[name] = raw
            else:
                word = self._word(name, raw, line, tid)
                if word is not None:
                    data[name] = word
        for name, value in mapping.defaults.items():
            data.setdefault(name, value)
        return data

    def _event_data(self, row: dict[str, str], line: int, tid: str) -> dict[str, Any]:
        mapping = self.mapping
        event: dict[str, Any] = {}
        for name in EVENT_FIELDS:
            raw = row.get(name, "").strip()
            if not raw or raw in mapping.masked:
                continue
            if name == "at":
                event[name] = mapping.instant(raw)
            elif name in _LIST_FIELDS:
                event[name] = _split(raw)
            else:
                word = self._word(name, raw, line, tid)
                if word is not None:
                    event[name] = word
        return event


_UNMAPPED: Final = "\x00unmapped"
"""Key under which a one-row-per-event ticket keeps the rejection of a value of one of its rows."""


class _SheetRows:
    """The line count of a sheet, as ``_Lines`` keeps a CSV's (a sheet's rows never span lines)."""

    def __init__(self) -> None:
        self.count = 0
        self.record: list[tuple[int, str]] = []

    def resync(self) -> None:
        """Nothing to read again: a sheet's row is whole."""


class _SheetExport(_CsvExport):
    """A sheet of a workbook, read like a CSV: title rows, header, then its rows as text."""

    def __init__(
        self,
        sheet: Sheet,
        mapping: Mapping,
        years: tuple[int, int] | None,
        file: str | None,
        warnings: ReadWarnings,
    ) -> None:
        self.mapping = mapping
        self.years = years
        self.file = file
        self.encoding = "unicode"
        self.warnings = warnings
        self.lines = _SheetRows()  # type: ignore[assignment]
        self._sheet_rows = sheet.rows()
        self._pending: list[tuple[int, list[str]]] = []
        self._start()
        self.ragged = True

    def _next(self) -> _Row | Rejected | None:
        for line, cells in self._sheet_rows:
            self.lines.count = line
            while cells and not cells[-1]:
                cells.pop()  # a sheet's range is as wide as its widest row
            return line, cells
        return None


class _CsvHeader(_CsvExport):
    """A CSV read for its header alone: nothing about its columns is required yet."""

    def _check_columns(self) -> None:
        return None


class _SheetHeader(_SheetExport):
    """A sheet read for its header alone."""

    def _check_columns(self) -> None:
        return None


@dataclass(frozen=True)
class Header:
    """The header of a CSV or Excel export and its first rows (``mapping suggest`` reads them)."""

    columns: tuple[str, ...]
    line: int | None
    rows: tuple[tuple[str, ...], ...]
    format: str
    encoding: str | None
    sheet: str | None


def read_header(
    path: str | Path,
    *,
    sheet: str | int | None = None,
    header_row: int | None = None,
    encoding: str | None = None,
    rows: int = 200,
) -> Header:
    """The header of an export (title rows passed over, or at ``header_row``) and up to ``rows``
    data rows as text; no column is required. JSON Lines has no header: an ``InputError``."""
    p = Path(path)
    with open_raw(path) as raw:
        sample = raw.read(SAMPLE_BYTES)
        raw.seek(0)
        mapping = Mapping(header_row=header_row)
        excel = excel_format(sample, p)
        book: Sheet | None = None
        table: _CsvExport
        if excel is not None:
            book = Sheet(p, excel, sheet)
            table = _SheetHeader(book, mapping, None, str(p), ReadWarnings())
            fmt, codec = excel, None
        else:
            if p.suffix.lower() in _JSONL or not _looks_csv(sample):
                raise InputError(
                    "JSON Lines 没有表头，无需映射；mapping suggest 读取 CSV 或 Excel 导出",
                    "JSON Lines has no header and needs no mapping; mapping suggest reads CSV or"
                    " Excel exports",
                    code="usage.not_a_table",
                    location=Location(str(p)),
                )
            codec = _codec(p, sample, encoding, guess=True)
            text = io.TextIOWrapper(raw, encoding=codec, errors=_MARK, newline="")
            table = _CsvHeader(text.readline, mapping, None, MAX_LINE_BYTES, str(p), codec)
            fmt = "csv"
        try:
            found: list[tuple[str, ...]] = []
            if table.header_line is not None:
                for _, cells in table._cells():
                    if isinstance(cells, list):
                        found.append(tuple(cells))
                        if len(found) >= rows:
                            break
        finally:
            if book is not None:
                book.close()
        return Header(
            table.columns, table.header_line, tuple(found), fmt, codec, book.name if book else None
        )


def _cell_id(data: dict[str, Any]) -> str | None:
    found = data.get("id")
    return found if isinstance(found, str) and found else None


def _split(raw: str) -> list[str]:
    return [x.strip() for x in re.split(r"[;；、,，]", raw) if x.strip()]


__all__ = [
    "EVENT_FIELDS",
    "MAX_EVENTS",
    "MAX_RECORD_LINES",
    "SAMPLE_BYTES",
    "TICKET_FIELDS",
    "ExportReader",
    "Header",
    "Mapping",
    "detect_encoding",
    "open_export",
    "read_csv",
    "read_export",
    "read_header",
]
