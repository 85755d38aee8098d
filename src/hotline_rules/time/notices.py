"""Holiday notices (放假安排通知) as data files that policy staff edit.

Each year the General Office of the State Council publishes which days are
off and which weekend days are worked (调休上班). One YAML file holds one
notice, shaped like the notice itself: one entry per holiday with its days off
and its makeup workdays, and the notice's own words beside them. A notice file
is authoritative for its year: it adds a year the installed ``holidays``
package does not know, or corrects one it gets wrong.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from hotline_rules.errors import Location, NoticeError
from hotline_rules.yaml_source import MAX_FILE_BYTES, bilingual, load_yaml_file, validation_error

_WEEKDAY_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


class DateRange(BaseModel):
    """An inclusive run of days, ``from`` first, ``to`` last."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    first: date = Field(alias="from", description="第一天 / first day off")
    last: date = Field(alias="to", description="最后一天（含）/ last day off, inclusive")

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        if self.last < self.first:
            raise bilingual(
                "notice.range_reversed",
                f"放假区间颠倒：开始 {self.first} 晚于结束 {self.last}",
                f"range is reversed: from {self.first} is after to {self.last}",
            )
        return self

    def days(self) -> list[date]:
        """Every day of the range, in order."""
        n = (self.last - self.first).days + 1
        return [self.first + timedelta(days=i) for i in range(n)]


class HolidayEntry(BaseModel):
    """One numbered item of a notice: a holiday, its days off and its makeup workdays."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(description="节日名称，如 国庆节 / holiday name as in the notice")
    name_en: str | None = Field(None, description="English name")
    days_off: DateRange = Field(description="放假调休的日期区间 / days off, inclusive")
    total_days: int | None = Field(
        None,
        ge=1,
        description="通知写明的“共N天”，用于核对区间 / the notice's 'N days in all', checked",
    )
    makeup_workdays: tuple[date, ...] = Field(
        (), description="调休上班的周末日期 / weekend days worked instead"
    )
    text: str | None = Field(None, description="通知原文 / the notice's words for this item")

    @model_validator(mode="after")
    def _consistent(self) -> HolidayEntry:
        span = (self.days_off.last - self.days_off.first).days + 1
        if self.total_days is not None and self.total_days != span:
            raise bilingual(
                "notice.total_days_mismatch",
                f"{self.name}：区间 {self.days_off.first}–{self.days_off.last} 共 {span} 天，"
                f"但 total_days 写的是 {self.total_days}",
                f"{self.name}: {self.days_off.first}..{self.days_off.last} is {span} days, "
                f"but total_days says {self.total_days}",
                at=("total_days",),
            )
        seen: set[date] = set()
        for i, d in enumerate(self.makeup_workdays):
            at = ("makeup_workdays", i)
            if d.weekday() < 5:
                raise bilingual(
                    "notice.makeup_not_weekend",
                    f"{self.name}：调休上班日 {d} 是{_WEEKDAY_ZH[d.weekday()]}，不是周末（上班日本来就上班）",
                    f"{self.name}: makeup workday {d} is a {d.strftime('%A')}, not a weekend day",
                    at=at,
                )
            if self.days_off.first <= d <= self.days_off.last:
                raise bilingual(
                    "notice.day_both_off_and_worked",
                    f"{self.name}：{d} 既在放假区间内，又被列为调休上班日",
                    f"{self.name}: {d} is both a day off and a makeup workday",
                    at=at,
                )
            if d in seen:
                raise bilingual(
                    "notice.duplicate_makeup",
                    f"{self.name}：调休上班日 {d} 重复列出",
                    f"{self.name}: makeup workday {d} is listed twice",
                    at=at,
                )
            seen.add(d)
        return self


class HolidayNotice(BaseModel):
    """A State Council holiday notice for one year, as policy staff transcribe it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["holiday_notice"] = Field(
        description="固定为 holiday_notice / always holiday_notice"
    )
    year: int = Field(ge=2000, le=2200, description="通知所安排的年份 / the year it arranges")
    title: str = Field(description="通知标题 / title")
    document_number: str | None = Field(
        None, description="文号，如 国办发明电〔2024〕12号 / document number"
    )
    issuer: str = Field("国务院办公厅", description="发文机关 / issuing body")
    issued: date = Field(description="发布日期 / date of the notice")
    source: str | None = Field(None, description="原文链接 / where the text was read")
    holidays: tuple[HolidayEntry, ...] = Field(
        min_length=1, description="各节日安排 / the holidays"
    )

    @model_validator(mode="after")
    def _consistent(self) -> HolidayNotice:
        lo, hi = date(self.year - 1, 12, 1), date(self.year + 1, 1, 31)
        off: dict[date, str] = {}
        worked: dict[date, str] = {}
        for i, entry in enumerate(self.holidays):
            dated: list[tuple[date, tuple[str | int, ...]]] = [
                (d, ("holidays", i, "days_off")) for d in entry.days_off.days()
            ]
            dated += [
                (d, ("holidays", i, "makeup_workdays", j))
                for j, d in enumerate(entry.makeup_workdays)
            ]
            for d, where in dated:
                if not lo <= d <= hi:
                    raise bilingual(
                        "notice.date_outside_year",
                        f"{entry.name}：日期 {d} 不在 {self.year} 年前后（年份写错？）",
                        f"{entry.name}: {d} is not near the year {self.year} (wrong year?)",
                        at=where,
                    )
            for d in entry.days_off.days():
                if d in off:
                    raise bilingual(
                        "notice.overlapping_days_off",
                        f"{d} 同时属于“{off[d]}”和“{entry.name}”的放假区间",
                        f"{d} is in the days off of both '{off[d]}' and '{entry.name}'",
                        at=("holidays", i, "days_off"),
                    )
                off[d] = entry.name
        for i, entry in enumerate(self.holidays):
            for j, d in enumerate(entry.makeup_workdays):
                at = ("holidays", i, "makeup_workdays", j)
                if d in worked:
                    raise bilingual(
                        "notice.duplicate_makeup",
                        f"调休上班日 {d} 同时列在“{worked[d]}”和“{entry.name}”下",
                        f"makeup workday {d} is listed under both '{worked[d]}' and '{entry.name}'",
                        at=at,
                    )
                if d in off:
                    raise bilingual(
                        "notice.day_both_off_and_worked",
                        f"{d} 既是“{off[d]}”的放假日，又是“{entry.name}”的调休上班日",
                        f"{d} is a day off of '{off[d]}' and a makeup workday of '{entry.name}'",
                        at=at,
                    )
                worked[d] = entry.name
        return self


class NoticeFile(BaseModel):
    """A notice together with the file it was read from and that file's hash."""

    model_config = ConfigDict(frozen=True)

    notice: HolidayNotice
    file: str
    sha256: str
    year_line: int | None = None
    """Line of ``year:`` in the file, for errors that involve the whole notice."""


def load_notice_file(path: str | Path) -> NoticeFile:
    """Read and validate one notice file; raise :class:`NoticeError` at the offending line."""
    p = Path(path)
    doc = load_yaml_file(p)
    if not isinstance(doc.data, dict):
        # Not a notice at all (maybe not even meant as YAML): its text is not shown.
        raise NoticeError(
            "通知文件应为键值对（kind、year、title、holidays …）",
            "a notice file must be a mapping (kind, year, title, holidays, ...)",
            code="notice.not_a_mapping",
            location=Location(str(p), 1, 1),
        )
    try:
        notice = HolidayNotice.model_validate(doc.data)
    except ValidationError as exc:
        raise validation_error(exc, doc, cls=NoticeError, code_prefix="notice") from exc
    with p.open("rb") as fh:  # read no more than the parser was allowed to
        digest = hashlib.sha256(fh.read(MAX_FILE_BYTES + 1)).hexdigest()
    line = doc.locate(("year",)).line
    return NoticeFile(notice=notice, file=str(p), sha256=digest, year_line=line)


def load_notice_files(paths: Iterable[str | Path]) -> tuple[NoticeFile, ...]:
    """Load several notice files; two notices for the same year is an error naming both."""
    loaded = [load_notice_file(p) for p in paths]
    by_year: dict[int, NoticeFile] = {}
    for nf in loaded:
        year = nf.notice.year
        if year in by_year:
            raise NoticeError(
                f"{year} 年有两份通知文件：{by_year[year].file} 和 {nf.file}",
                f"two notice files for {year}: {by_year[year].file} and {nf.file}",
                code="notice.duplicate_year",
                hint_zh="每年只保留一份通知文件；若有补充通知，请合并进同一文件。",
                hint_en="keep one file per year; merge a supplementary notice into it.",
                location=Location(nf.file, nf.year_line, 1 if nf.year_line else None, "year"),
            )
        by_year[year] = nf
    return tuple(sorted(loaded, key=lambda nf: nf.notice.year))


def notice_paths(directory: str | Path) -> list[Path]:
    """The notice files in ``directory``: ``*.yaml`` and ``*.yml``, sorted by name.

    A file that is a link to somewhere outside ``directory`` is refused (:class:`NoticeError`
    naming the link, never what it points at): a notice directory holds its notices.
    """
    d = Path(directory)
    found = sorted([*d.glob("*.yaml"), *d.glob("*.yml")])
    outside = next((f for f in found if not _inside(f, d)), None)
    if outside is not None:
        raise NoticeError(
            "通知文件是指向通知目录之外的链接，不予读取",
            "the notice file is a link to outside its directory; it is not read",
            code="notice.outside_folder",
            hint_zh="把通知文件本身放进该目录，不要用链接指向别处。",
            hint_en="put the notice file itself in the directory, not a link to elsewhere.",
            location=Location(str(outside)),
        )
    return found


def _inside(path: Path, directory: Path) -> bool:
    """Whether ``path``, links resolved, lies inside ``directory`` (False for a link loop)."""
    try:
        return path.resolve().is_relative_to(directory.resolve())
    except (OSError, RuntimeError):
        return False


__all__ = [
    "DateRange",
    "HolidayEntry",
    "HolidayNotice",
    "NoticeFile",
    "load_notice_file",
    "load_notice_files",
    "notice_paths",
]
