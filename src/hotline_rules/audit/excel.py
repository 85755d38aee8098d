"""Excel workbooks (``.xlsx``, ``.xls``, ``.ods``) as rows of text, one sheet at a time.

python-calamine (Rust's calamine) reads all three formats and is several times faster than
any pure-Python reader; openpyxl in read-only mode is the fallback for ``.xlsx`` when calamine
is not installed. Both are in the optional extra ``hotline-rules[excel]``; without either, an
Excel file is a clear error saying what to install, never a page of rejected rows.

Cells come out as the text a CSV of the same sheet would hold, so one reader serves both: text
as written, a whole number without ``.0`` (ids typed as numbers), a cell Excel typed as a date
or time as ISO 8601 (``2020-11-27T16:20:14``, no offset: the mapping's ``assume_offset`` says
which), a boolean as ``true``/``false``. Memory: calamine holds the sheet's cells while it is read
(about 30 bytes a cell beyond the text), openpyxl streams; :data:`CALAMINE_MAX_BYTES` chooses.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Final

from hotline_rules.errors import InputError, Location

XLSX_MAGIC: Final = b"PK\x03\x04"
XLS_MAGIC: Final = b"\xd0\xcf\x11\xe0"

CALAMINE_MAX_BYTES = 128 * 1024 * 1024
"""An ``.xlsx`` whose sheets unpack to more than this is read by openpyxl in read-only mode, when
openpyxl is installed: it streams the XML in flat memory (about 50 MiB), where calamine holds the
whole sheet (about 2.8 KiB a row of a 31-column export, so 128 MiB of sheet XML, some 75,000 rows,
peaks near 250 MiB), but reads 5-7 times slower (bench/exports.py)."""


def excel_format(sample: bytes, path: Path) -> str | None:
    """``xlsx``, ``xls`` or ``ods`` when the file starts like a workbook, else None."""
    if sample.startswith(XLS_MAGIC):
        return "xls"
    if sample.startswith(XLSX_MAGIC):
        if path.suffix.lower() == ".ods" or b"opendocument" in sample[:200]:
            return "ods"
        return "xlsx"
    return None


def cell_text(value: Any) -> str:
    """A cell as the text a CSV of the sheet would hold (dates as ISO 8601, ids without ``.0``)."""
    if value is None:
        return ""
    kind = type(value)
    if kind is str:
        return value  # type: ignore[no-any-return]
    if kind is float:
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    if kind is int:
        return str(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is datetime:
        return value.isoformat()  # type: ignore[no-any-return]
    if kind is date:
        return value.isoformat()  # type: ignore[no-any-return]
    if kind is time:
        return value.isoformat()  # type: ignore[no-any-return]
    if kind is timedelta:
        return str(value)
    return str(value)


class Sheet:
    """One sheet of a workbook, its rows read one at a time as lists of text."""

    path: Path
    format: str
    name: str
    names: tuple[str, ...]
    reader: str
    """``calamine`` or ``openpyxl``: which library reads it."""

    def __init__(self, path: Path, fmt: str, sheet: str | int | None) -> None:
        self.path = path
        self.format = fmt
        self._close: Any = None
        use_openpyxl = False
        try:
            import python_calamine  # noqa: F401
        except ImportError:
            use_openpyxl = True
        if not use_openpyxl and fmt == "xlsx" and _unpacked_size(path) > CALAMINE_MAX_BYTES:
            use_openpyxl = _has_openpyxl()
        if use_openpyxl:
            self._open_openpyxl(sheet)
        else:
            self._open_calamine(sheet)

    def _open_calamine(self, sheet: str | int | None) -> None:
        from python_calamine import CalamineWorkbook

        try:
            book = CalamineWorkbook.from_path(str(self.path))
        except Exception as exc:  # calamine's errors: zip, XML, password; one message
            raise _unreadable(self.path, exc) from None
        self.names = tuple(book.sheet_names)
        index = self._index(sheet)
        self.name = self.names[index]
        try:
            data = book.get_sheet_by_index(index)
        except Exception as exc:
            raise _unreadable(self.path, exc) from None
        self.reader = "calamine"
        self._close = book.close
        self._blank_above = 0  # iter_rows starts at the sheet's first row, empty ones included
        self._rows: Iterator[list[Any]] = data.iter_rows()

    def _open_openpyxl(self, sheet: str | int | None) -> None:
        if self.format != "xlsx" or not _has_openpyxl():
            raise InputError(
                "读取 Excel 文件需要 python-calamine（.xlsx、.xls）或 openpyxl（.xlsx）："
                "请安装 pip install 'hotline-rules[excel]'，或在 Excel 中另存为 CSV",
                "reading Excel files needs python-calamine (.xlsx, .xls) or openpyxl (.xlsx):"
                " pip install 'hotline-rules[excel]', or save the sheet as CSV from Excel",
                code="export.excel_reader_missing",
                location=Location(str(self.path)),
            )
        import openpyxl

        try:
            book = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except Exception as exc:
            raise _unreadable(self.path, exc) from None
        self.names = tuple(book.sheetnames)
        index = self._index(sheet)
        self.name = self.names[index]
        self.reader = "openpyxl"
        self._close = book.close
        self._blank_above = 0
        self._rows = (list(r) for r in book[self.name].iter_rows(min_row=1, values_only=True))

    def _index(self, sheet: str | int | None) -> int:
        names = self.names
        if not names:
            raise InputError(
                "工作簿里没有工作表",
                "the workbook has no sheet",
                code="export.no_sheet",
                location=Location(str(self.path)),
            )
        if sheet is None:
            return 0
        if isinstance(sheet, int) and 0 <= sheet < len(names):
            return sheet
        if isinstance(sheet, str) and sheet in names:
            return names.index(sheet)
        if isinstance(sheet, str) and sheet.isdigit() and int(sheet) < len(names):
            return int(sheet)
        raise InputError(
            f"工作簿里没有工作表“{sheet}”（有：{'、'.join(names)}；序号从 0 起）",
            f"the workbook has no sheet '{sheet}' (it has: {', '.join(names)}; indexes from 0)",
            code="export.no_sheet",
            location=Location(str(self.path)),
        )

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(row number as Excel shows it, cells as text), blank rows included."""
        n = self._blank_above
        text = cell_text
        for row in self._rows:
            n += 1
            # most cells are text already (calamine gives "" for an empty one): no call for them
            yield n, [v if type(v) is str else text(v) for v in row]

    def close(self) -> None:
        if self._close is not None:
            self._close()
            self._close = None


def _has_openpyxl() -> bool:
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        return False
    return True


def _unpacked_size(path: Path) -> int:
    """The size of a ``.xlsx``'s sheets once unzipped (what a reader must parse)."""
    try:
        with zipfile.ZipFile(path) as z:
            return sum(i.file_size for i in z.infolist() if i.filename.startswith("xl/worksheets/"))
    except (OSError, zipfile.BadZipFile):
        return 0


def _unreadable(path: Path, exc: Exception) -> InputError:
    said = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
    return InputError(
        f"无法读取这个 Excel 文件（文件损坏、加密或不是 Excel 格式）：{said}",
        f"cannot read this Excel file (damaged, encrypted or not Excel): {said}",
        code="export.bad_excel",
        location=Location(str(path)),
    )


__all__ = ["CALAMINE_MAX_BYTES", "Sheet", "cell_text", "excel_format"]
