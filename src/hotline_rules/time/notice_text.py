"""A holiday notice as published, read into the notice file format and checked.

The State Council's notice (国务院办公厅关于YYYY年部分节假日安排的通知) checks itself: almost every
date in it carries its weekday ("1月4日（周日）上班", "4月6日（星期一）补休"). Reading the text
and checking every weekday catches the typos reposts introduce. Reposts differ, and all of these
are read: 星期一 or 周一; 补休, "与周末连休", "不调休"; combined items ("中秋节、国庆节：10月1日至8日");
the lunar date inside the parentheses ("农历腊月二十八、周日"); traditional characters; ASCII or
full-width punctuation; items numbered 一、 1、 ① or —— or not at all. A supplementary notice
(2015's 9月3日, 2019's 劳动节 adjustment, 2020's 春节 extension) is read the same way and merged
into the year's notice (:func:`merge_notices`).

What is checked, each a located error (file, line, column) in Chinese and English: a weekday that
does not match its date; a makeup workday that is not a Saturday or Sunday; a range whose stated
length (共N天) differs from its dates; a statutory holiday (as the ``holidays`` package knows the
year) that no day off covers; the year of the title against the year of the dates. A date the
arrangement does not use ("安排职工在除夕（2月9日）休息") is a warning.

Characters are normalised one for one (traditional to simplified, full-width to ASCII digits,
ASCII to full-width punctuation), so every position in the normalised text is the position in
the text as given, and errors point at what the officer pasted.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from holidays.constants import PUBLIC
from pydantic import ValidationError

from hotline_rules.errors import Location, NoticeError
from hotline_rules.time.notices import HolidayNotice

_WEEKDAYS_ZH = "一二三四五六日"
_WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")

# Traditional characters notices and their reposts use, each with its simplified form (one
# for one, so positions do not move). Gathered by converting the notices of 2015-2026 with
# OpenCC (s2t, s2hk, s2tw, s2twp); the tests convert them again and read them back.
_TRADITIONAL = (
    "並并併并來来個个傳传優优兒儿別别則则動动務务勝胜勞劳勵励區区參参員员單单國国園园報报學学"
    "實实將将專专對对屬属峯峰帶带廣广廳厅強强慶庆應应戰战採采據据斷断於于時时曆历構构機机歷历"
    "減减準准為为爭争爲为狀状現现產产當当發发眾众確确穩稳節节紀纪結结給给經经綜综網网緊紧羣群"
    "職职臘腊與与舉举華华處处號号衆众衛卫衞卫補补見见規规訂订調调豐丰資资較较載载轄辖轉转辦办"
    "農农連连週周進进遊游運运過过遲迟錄录錯错長长門门開开間间關关際际電电順顺領领體体黨党"
)
_PUNCTUATION = {
    ",": "，",
    ":": "：",
    ";": "；",
    "(": "（",
    ")": "）",
    "[": "〔",
    "]": "〕",
    "［": "〔",
    "］": "〕",
    "~": "至",
    "～": "至",
    "—": "至",
    "－": "至",
    "–": "至",
    "\u3000": " ",
}
_NORMAL = str.maketrans(
    {
        **{_TRADITIONAL[i]: _TRADITIONAL[i + 1] for i in range(0, len(_TRADITIONAL), 2)},
        **_PUNCTUATION,
        **{chr(0xFF10 + i): str(i) for i in range(10)},
    }
)


def normalise(text: str) -> str:
    """Simplified characters, ASCII digits, full-width punctuation; one character for one."""
    out = text.translate(_NORMAL)
    assert len(out) == len(text)
    return out


# ---- what was read ------------------------------------------------------------------------


@dataclass
class NoticeProblem:
    """One thing wrong (or worth a look) in a notice's text, with where it is."""

    code: str
    message_zh: str
    message_en: str
    line: int
    column: int
    severity: str = "error"
    file: str | None = None
    """Set when the problem is in a supplementary notice (its file, not the main one's)."""
    text: str | None = None

    def error(self, file: str, source_line: str | None) -> NoticeError:
        """As a :class:`NoticeError` at its place in ``file``."""
        return NoticeError(
            self.message_zh,
            self.message_en,
            code=self.code,
            location=Location(file, self.line, self.column),
            source_line=source_line,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "line": self.line,
            "column": self.column,
            "message": self.message_zh,
            "message_en": self.message_en,
        }


@dataclass
class ReadEntry:
    """One holiday as the text arranges it."""

    name: str
    days: set[date] = field(default_factory=set)
    makeup: list[date] = field(default_factory=list)
    total: int | None = None
    total_at: int | None = None
    stated_span: int | None = None
    text: str = ""
    line: int = 0
    extends_to: date | None = None
    joins_weekend: bool = False


@dataclass
class ReadNotice:
    """A notice's text as read: title, number, dates, its holidays, and what was wrong."""

    file: str
    lines: list[str]
    year: int | None = None
    title: str | None = None
    document_number: str | None = None
    issuer: str | None = None
    issued: date | None = None
    source: str | None = None
    entries: list[ReadEntry] = field(default_factory=list)
    problems: list[NoticeProblem] = field(default_factory=list)
    supplements: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[NoticeProblem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[NoticeProblem]:
        return [p for p in self.problems if p.severity == "warning"]

    def raise_first(self) -> None:
        """Raise the first error as a :class:`NoticeError` at its line (nothing when none)."""
        errors = self.errors
        if errors:
            p = errors[0]
            if p.file is not None:
                raise p.error(p.file, p.text)
            line = self.lines[p.line - 1] if 0 < p.line <= len(self.lines) else None
            raise p.error(self.file, line)

    def notice(self) -> HolidayNotice:
        """The notice file's model; raises the first error found (:class:`NoticeError`)."""
        self.raise_first()
        assert self.year is not None and self.title is not None and self.issued is not None
        holidays = []
        names = _english_names(self.year)
        for e in self.entries:
            days = sorted(e.days)
            holidays.append(
                {
                    "name": e.name,
                    "name_en": _english(e.name, names),
                    "days_off": {"from": days[0], "to": days[-1]},
                    "total_days": e.total if e.total == len(days) else None,
                    "makeup_workdays": tuple(sorted(e.makeup)),
                    "text": e.text,
                }
            )
        try:
            return HolidayNotice.model_validate(
                {
                    "kind": "holiday_notice",
                    "year": self.year,
                    "title": self.title,
                    "document_number": self.document_number,
                    "issuer": self.issuer or "国务院办公厅",
                    "issued": self.issued,
                    "source": self.source,
                    "holidays": holidays,
                }
            )
        except ValidationError as exc:
            first = exc.errors()[0]
            raise NoticeError(
                f"读出的安排自相矛盾：{first['msg']}",
                f"the arrangement read contradicts itself: {first['msg']}",
                code="notice_text.inconsistent",
                location=Location(self.file, 1, 1),
            ) from None

    def to_yaml(self) -> str:
        """The notice file, as ``profiles/calendars/cn-YYYY.yaml`` holds it."""
        n = self.notice()
        q = _quoted
        out = [
            f"# {n.title}",
            *(f"# 补充通知：{title}" for title in self.supplements),
            "# 由 hotline-rules notice import 从通知原文读出并逐日核对；字段说明见 docs/zh/calendars.md。",
            "# Imported from the notice's text by hotline-rules notice import; see docs/en/calendars.md.",
            "kind: holiday_notice",
            f"year: {n.year}",
            f"title: {q(n.title)}",
            f"document_number: {q(n.document_number) if n.document_number else 'null'}",
            f"issuer: {q(n.issuer)}",
            f"issued: {n.issued.isoformat()}",
            f"source: {q(n.source) if n.source else 'null'}",
            "holidays:",
        ]
        for h in n.holidays:
            out.append(f"  - name: {q(h.name)}")
            if h.name_en:
                out.append(f"    name_en: {q(h.name_en)}")
            out.append(f"    days_off: {{from: {h.days_off.first}, to: {h.days_off.last}}}")
            if h.total_days is not None:
                out.append(f"    total_days: {h.total_days}")
            if h.makeup_workdays:
                out.append(
                    f"    makeup_workdays: [{', '.join(d.isoformat() for d in h.makeup_workdays)}]"
                )
            if h.text:
                out.append(f"    text: {q(h.text)}")
        return "\n".join(out) + "\n"

    def to_dict(self) -> dict[str, Any]:
        """``--format json``: every date in ISO form."""
        n = self.notice()
        days_off = [
            {"date": d.isoformat(), "holiday": h.name}
            for h in n.holidays
            for d in h.days_off.days()
        ]
        workdays = [
            {"date": d.isoformat(), "holiday": h.name}
            for h in n.holidays
            for d in h.makeup_workdays
        ]
        return {
            "year": n.year,
            "title": n.title,
            "document_number": n.document_number,
            "issuer": n.issuer,
            "issued": n.issued.isoformat(),
            "source": n.source,
            "supplements": list(self.supplements),
            "days_off": sorted(days_off, key=lambda x: x["date"]),
            "workdays": sorted(workdays, key=lambda x: x["date"]),
            "holidays": [h.model_dump(mode="json", by_alias=True) for h in n.holidays],
            "warnings": [p.to_dict() for p in self.warnings],
        }


def _quoted(value: str | None) -> str:
    return json.dumps(value, ensure_ascii=False)


# ---- reading -----------------------------------------------------------------------------

_DATE = re.compile(r"(?:(?P<y>\d{4})\s*年\s*)?(?:(?P<m>\d{1,2})\s*月\s*)?(?P<d>\d{1,2})\s*日")
_ANNOTATION = re.compile(r"\s*（(?P<ann>[^（）]{0,40})）")
_WEEKDAY_IN = re.compile(r"(?:星期|周|礼拜)(?P<w>[一二三四五六日天])")
_TITLE_YEAR = re.compile(r"(\d{4})\s*年")
_NUMBER = re.compile(r"(国办发明电|国发明电|国办发|国发)\s*〔\s*(\d{4})\s*〕\s*(\d+)\s*号")
_ISSUED = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_ITEM_MARK = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*、|\d+\s*[、.．]|[①②③④⑤⑥⑦⑧⑨⑩]|——|至至|（[一二三四五六七八九十]+）)?\s*"
)
_TOTAL = re.compile(r"共\s*(\d+)\s*天")
_DAYS_STATED = re.compile(r"^\s*(\d+)\s*天")


@dataclass
class _Token:
    day: date | None
    start: int  # offsets in the normalised line
    end: int  # after the annotation
    ann: str | None
    ann_at: int
    explicit_year: int | None
    explicit_month: bool


def read_notice_text(text: str, *, file: str = "<text>") -> ReadNotice:
    """Read a notice as published; problems are collected in ``ReadNotice.problems``."""
    text = text.lstrip("\ufeff")
    raw_lines = text.splitlines()
    lines = [normalise(line) for line in raw_lines]
    read = ReadNotice(file=file, lines=raw_lines)
    body_from = 0
    # comment header: "# source: URL" fills the source
    while body_from < len(lines) and (
        not lines[body_from].strip() or lines[body_from].lstrip().startswith("#")
    ):
        m = re.match(r"\s*#\s*source\s*[：:]\s*(\S+)", raw_lines[body_from])
        if m and read.source is None:
            read.source = m.group(1)
        body_from += 1

    _read_head(read, lines, body_from)
    intro_names, intro_line = _read_intro(read, lines, body_from)
    if read.year is None:
        read.problems.append(
            NoticeProblem(
                "notice_text.no_year",
                "读不出通知所安排的年份：标题或“现将YYYY年……”中应写明",
                "cannot tell which year the notice arranges: the title or the introduction names it",
                body_from + 1,
                1,
            )
        )
        return read
    year = read.year
    names = set(intro_names) | set(_statutory_names(year).values())
    default_name = _name_from_title(read.title or "", names)
    _read_items(read, lines, body_from, intro_line, names, default_name)
    if not read.entries:
        read.problems.append(
            NoticeProblem(
                "notice_text.no_holidays",
                "没有读到任何放假安排（应有“元旦：1月1日放假……”这样的条目）",
                "no holiday arrangement was read (items such as '元旦：1月1日放假……')",
                body_from + 1,
                1,
            )
        )
    if read.issued is None:
        read.problems.append(
            NoticeProblem(
                "notice_text.no_date",
                "读不到通知的落款日期（末尾“2025年11月4日”这样的一行）",
                "the date of the notice (a last line such as '2025年11月4日') is missing",
                len(lines),
                1,
            )
        )
    return read


def _read_head(read: ReadNotice, lines: list[str], body_from: int) -> None:
    head = [i for i in range(body_from, min(len(lines), body_from + 6)) if lines[i].strip()]
    title_parts: list[str] = []
    title_line = None
    for i in head:
        line = lines[i].strip()
        if title_parts or ("关于" in line and not line.endswith("：")):
            title_parts.append(re.sub(r"\s+", "", line))
            title_line = title_line or i
            if line.endswith("通知"):
                break
            if len(title_parts) == 3:
                title_parts = []
                break
    if title_parts and title_parts[-1].endswith("通知"):
        read.title = "".join(title_parts)
        m = _TITLE_YEAR.search(read.title)
        if m:
            read.year = int(m.group(1))
        read.issuer = read.title.split("关于", 1)[0] or None
    for i in range(body_from, min(len(lines), body_from + 10)):
        m = _NUMBER.search(lines[i])
        if m:
            read.document_number = f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号"
            break
    for i in range(len(lines) - 1, body_from, -1):
        m = _ISSUED.match(lines[i])
        if m:
            with contextlib.suppress(ValueError):
                read.issued = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            break


def _read_intro(read: ReadNotice, lines: list[str], body_from: int) -> tuple[list[str], int]:
    """The names the introduction lists ("现将2026年元旦、春节……和国庆节放假调休日期……") and its line."""
    for i in range(body_from, len(lines)):
        m = re.search(r"现将\s*(?:(\d{4})\s*年)?\s*(?P<names>[^。]*?)放假调休日期", lines[i])
        if m is None:
            continue
        if m.group(1):
            intro_year = int(m.group(1))
            if read.year is None:
                read.year = intro_year
            elif intro_year != read.year:
                read.problems.append(
                    NoticeProblem(
                        "notice_text.year_mismatch",
                        f"标题写的是{read.year}年，正文写的是{intro_year}年",
                        f"the title says {read.year} but the text says {intro_year}",
                        i + 1,
                        m.start(1) + 1,
                    )
                )
        names = [n for n in re.split(r"[、和及]", m.group("names")) if n.strip()]
        return [n.strip() for n in names], i
    if read.year is None:  # a supplement: the year is in the title or its first sentence
        for i in range(body_from, len(lines)):
            m = _TITLE_YEAR.search(lines[i])
            if m:
                read.year = int(m.group(1))
                break
    return [], body_from


def _name_from_title(title: str, names: Iterable[str]) -> str | None:
    """The holiday a supplementary notice is about, from its title."""
    core = title.split("关于", 1)[-1]
    core = re.sub(r"^(调整|延长)?\s*(\d{4}\s*年)?", "", core)
    core = re.sub(r"(调休放假|放假调休|假期安排|放假安排|假期|安排)?的通知$", "", core)
    for name in sorted(names, key=len, reverse=True):
        if name and name == core:
            return name
    return core or None


def _header(line: str, names: set[str]) -> tuple[list[str], int] | None:
    """The holiday names an item starts with ("中秋节、国庆节："), and where its text begins."""
    m = _ITEM_MARK.match(line)
    at = m.end() if m else 0
    rest = line[at:]
    colon = rest.find("：")
    if colon <= 0 or colon > 40:
        return None
    listed = [n.strip() for n in re.split(r"[、和及]", rest[:colon]) if n.strip()]
    if listed and all(n in names for n in listed):
        return listed, at + colon + 1
    return None


def _read_items(
    read: ReadNotice,
    lines: list[str],
    body_from: int,
    intro_line: int,
    names: set[str],
    default_name: str | None,
) -> None:
    assert read.year is not None
    year = read.year
    by_name: dict[str, ReadEntry] = {}
    start = intro_line if intro_line > body_from else body_from
    for i in range(start, len(lines)):
        line = lines[i]
        if i == intro_line and "如下" in line:
            # a supplement may arrange its days in the same sentence ("特作如下调休：9月3日至5日…")
            cut = line.find("如下")
            tail = line[cut:]
            if not _DATE.search(tail):
                continue
        header = _header(line, names)
        if header is not None:
            listed, at = header
            name = "、".join(listed)
        elif default_name and _DATE.search(line) and _arranges(line):
            name, at = default_name, 0
        else:
            continue
        entry = by_name.get(name)
        if entry is None:
            entry = by_name[name] = ReadEntry(name=name, line=i + 1)
            read.entries.append(entry)
        entry.text = (entry.text + " " if entry.text else "") + read.lines[i].strip()
        _read_clauses(read, entry, line, at, i + 1, year)


def _arranges(line: str) -> bool:
    return any(k in line for k in ("放假", "上班", "补休", "调休", "延长"))


def _tokens(line: str, at: int, year: int) -> list[_Token]:
    """Every date of the line from ``at`` on, with the parentheses that follow it."""
    tokens: list[_Token] = []
    month: int | None = None
    depth_spans = [(m.start(), m.end()) for m in re.finditer(r"（[^（）]*）", line)]
    for m in _DATE.finditer(line, at):
        if any(s < m.start() < e for s, e in depth_spans):
            # a date inside parentheses ("除夕（2月9日）"): not an arrangement of its own
            tokens.append(_Token(None, m.start(), m.end(), None, m.start(), None, False))
            continue
        y = int(m.group("y")) if m.group("y") else None
        if m.group("m"):
            month = int(m.group("m"))
        if month is None:
            continue
        ann_m = _ANNOTATION.match(line, m.end())
        end = ann_m.end() if ann_m else m.end()
        try:
            day = date(y or year, month, int(m.group("d")))
        except ValueError:
            day = None
        tokens.append(
            _Token(
                day,
                m.start(),
                end,
                ann_m.group("ann") if ann_m else None,
                ann_m.start("ann") if ann_m else m.end(),
                y,
                bool(m.group("m")),
            )
        )
    return tokens


def _read_clauses(
    read: ReadNotice, entry: ReadEntry, line: str, at: int, line_no: int, year: int
) -> None:
    tokens = _tokens(line, at, year)
    problems = read.problems

    def problem(code: str, zh: str, en: str, column: int, severity: str = "error") -> None:
        problems.append(NoticeProblem(code, zh, en, line_no, column + 1, severity))

    for tok in tokens:
        if tok.day is None:
            continue
        if tok.explicit_year is not None and tok.explicit_year not in (year - 1, year):
            problem(
                "notice_text.year_mismatch",
                f"日期写的是{tok.explicit_year}年，但通知安排的是{year}年",
                f"the date says {tok.explicit_year}, but the notice arranges {year}",
                tok.start,
            )
        if tok.ann:
            w = _WEEKDAY_IN.search(tok.ann)
            if w:
                said = _WEEKDAYS_ZH.index("日" if w.group("w") == "天" else w.group("w"))
                if said != tok.day.weekday():
                    problem(
                        "notice_text.weekday_mismatch",
                        f"{tok.day.month}月{tok.day.day}日写的是{_WEEKDAY_NAMES[said]}，"
                        f"但{tok.day.isoformat()}是{_WEEKDAY_NAMES[tok.day.weekday()]}（日期或星期抄错了？）",
                        f"{tok.day.isoformat()} is said to be a {_EN[said]}, but it is a "
                        f"{_EN[tok.day.weekday()]} (a typo in the date or the weekday?)",
                        tok.ann_at + w.start(),
                    )
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        after = line[tok.end : tokens[i + 1].start if i + 1 < len(tokens) else len(line)]
        before = line[tokens[i - 1].end if i else at : tok.start]
        if tok.day is None:
            problem(
                "notice_text.date_not_arranged",
                "括号里的日期不是放假或上班安排，未采用（例如“鼓励……在除夕（2月9日）休息”）",
                "a date in parentheses is not part of the arrangement and was not used",
                tok.start,
                "warning",
            )
            i += 1
            continue
        if after.lstrip().startswith("至") and i + 1 < len(tokens) and tokens[i + 1].day:
            end_tok = tokens[i + 1]
            assert end_tok.day is not None
            first, last = tok.day, end_tok.day
            if not tok.explicit_year and last < first and first.month == 12:
                first = first.replace(year=year - 1)
            rest = line[end_tok.end : tokens[i + 2].start if i + 2 < len(tokens) else len(line)]
            sentence = rest.split("。", 1)[0]
            if last < first:
                problem(
                    "notice_text.range_reversed",
                    f"区间颠倒：{first} 至 {last}",
                    f"the range is reversed: {first} to {last}",
                    tok.start,
                )
            elif re.match(r"\s*(放假调休|调休放假|放假|休息|调休)", rest):
                span = (last - first).days + 1
                entry.days.update(first + timedelta(days=k) for k in range(span))
                total = _TOTAL.search(sentence)
                if total:
                    entry.total = int(total.group(1))
                    entry.stated_span = span
                    if entry.total != span:
                        problem(
                            "notice_text.total_days_mismatch",
                            f"{entry.name}：{first.month}月{first.day}日至{last.month}月{last.day}日"
                            f"是{span}天，通知写的是共{entry.total}天",
                            f"{entry.name}: {first} to {last} is {span} days, the text says "
                            f"{entry.total}",
                            end_tok.end + total.start(),
                        )
            i += 2
            continue
        head = after.lstrip()
        if "延长" in before and before.rstrip().endswith("至"):
            entry.extends_to = tok.day
            i += 1
            continue
        if head.startswith(("放假", "补休", "调休", "休息")):
            entry.days.add(tok.day)
            sentence = head.split("。", 1)[0]
            stated = _DAYS_STATED.match(head[2:]) if head.startswith("放假") else None
            total = _TOTAL.search(sentence)
            if "与周末连休" in sentence or "与周六连休" in sentence or "与周日连休" in sentence:
                entry.joins_weekend = True
            if total or stated:
                entry.total = int((total or stated).group(1))  # type: ignore[union-attr]
                if entry.total != 1 and not entry.joins_weekend:
                    problem(
                        "notice_text.total_days_mismatch",
                        f"{entry.name}：只写了一天，通知却写共{entry.total}天",
                        f"{entry.name}: one day is named, but the text says {entry.total}",
                        tok.end,
                    )
            i += 1
            continue
        if head.startswith("、") or head.startswith("上班") or head.startswith("照常上班"):
            run = [tok]
            j = i
            while line[tokens[j].end :].lstrip().startswith("、") and j + 1 < len(tokens):
                j += 1
                run.append(tokens[j])
            tail = line[tokens[j].end :].lstrip()
            if tail.startswith(("上班", "照常上班")):
                for t in run:
                    if t.day is None:
                        continue
                    entry.makeup.append(t.day)
                    if t.day.weekday() < 5:
                        problem(
                            "notice_text.makeup_not_weekend",
                            f"{entry.name}：调休上班日 {t.day.isoformat()} 是"
                            f"{_WEEKDAY_NAMES[t.day.weekday()]}，不是周末（工作日本来就上班）",
                            f"{entry.name}: makeup workday {t.day.isoformat()} is a "
                            f"{_EN[t.day.weekday()]}, not a weekend day",
                            t.start,
                        )
            i = j + 1
            continue
        i += 1  # "2月3日（星期一）起正常上班" and other dates that arrange nothing


_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


# ---- after reading: one range per holiday, then the checks -------------------------------------


def finish(read: ReadNotice) -> ReadNotice:
    """Make each holiday one range (weekend days between or beside its days joined), then check
    the statutory holidays; returns ``read`` with any problems added."""
    if read.year is None:
        return read
    for e in read.entries:
        if not e.days:
            if e.extends_to is None:
                read.problems.append(
                    NoticeProblem(
                        "notice_text.no_days_off",
                        f"{e.name}：读不到放假日期",
                        f"{e.name}: no days off were read",
                        e.line,
                        1,
                    )
                )
            continue
        _join(e)
    statutory = _statutory_days(read.year)
    off = {d for e in read.entries for d in e.days}
    for d, name in sorted(statutory.items()):
        if d not in off:
            line, column = _mentioned(read, name)
            read.problems.append(
                NoticeProblem(
                    "notice_text.statutory_missing",
                    f"通知中没有法定节假日{name}（{d.isoformat()}，{_WEEKDAY_NAMES[d.weekday()]}）的放假安排",
                    f"the statutory holiday {name} ({d.isoformat()}) is not a day off in the notice",
                    line,
                    column,
                )
            )
    return read


def _join(e: ReadEntry) -> None:
    days = sorted(e.days)
    first, last = days[0], days[-1]
    if e.joins_weekend:  # "与周末连休": the weekend next to the day belongs to the holiday
        while (first - timedelta(days=1)).weekday() >= 5:
            first -= timedelta(days=1)
        while (last + timedelta(days=1)).weekday() >= 5:
            last += timedelta(days=1)
    span = [first + timedelta(days=k) for k in range((last - first).days + 1)]
    e.days = {d for d in span if d in e.days or d.weekday() >= 5 or d in (first, last)}
    if len(e.days) != len(span):  # a working weekday in between: cannot be one range
        e.days = set(span)


def _mentioned(read: ReadNotice, name: str) -> tuple[int, int]:
    short = name.replace("农历", "")
    for i, line in enumerate(read.lines):
        n = normalise(line)
        if "现将" in n and short in n:
            return i + 1, n.index(short) + 1
    for e in read.entries:
        if short in e.name:
            return e.line, 1
    return (read.entries[-1].line if read.entries else 1), 1


def merge_notices(main: ReadNotice, supplements: Sequence[ReadNotice]) -> ReadNotice:
    """The year's notice with its supplementary notices applied, in order.

    A supplement's holiday replaces the one of the same name (2019: 劳动节 5月1日至4日); an
    extension ("延长2020年春节假期至2月2日") moves that holiday's last day; any other holiday is
    added (2015: 9月3日). The result keeps the main notice's title, number and date; each
    supplement's title is kept in the holiday's ``text``.
    """
    for sup in supplements:
        if sup.year != main.year:
            main.problems.append(
                NoticeProblem(
                    "notice_text.year_mismatch",
                    f"补充通知 {sup.file} 安排的是{sup.year}年，不是{main.year}年",
                    f"the supplementary notice {sup.file} arranges {sup.year}, not {main.year}",
                    1,
                    1,
                )
            )
            continue
        for p in sup.problems:
            if p.code == "notice_text.no_date":
                continue
            p.file = sup.file
            p.text = sup.lines[p.line - 1] if 0 < p.line <= len(sup.lines) else None
            main.problems.append(p)
        main.supplements.append(sup.title or sup.file)
        label = sup.title or sup.file
        for e in sup.entries:
            target = next((m for m in main.entries if m.name == e.name), None)
            e.text = f"{label}：{e.text}"
            if e.extends_to is not None and target is not None and target.days:
                last = max(target.days)
                target.days.update(
                    last + timedelta(days=k) for k in range(1, (e.extends_to - last).days + 1)
                )
                target.total = None
                target.makeup = [d for d in target.makeup if d not in target.days]
                target.text = f"{target.text} {e.text}"
            elif target is not None:
                target.days, target.makeup, target.total = e.days, e.makeup, e.total
                target.joins_weekend = e.joins_weekend
                target.text = e.text
            else:
                main.entries.append(e)
    return main


def import_notice(
    text: str, *, file: str = "<text>", supplements: Sequence[tuple[str, str]] = ()
) -> ReadNotice:
    """Read a notice (and its supplementary notices, as ``(text, file)`` pairs) and check it.

    Problems are in ``.problems``; ``.notice()`` and ``.to_yaml()`` raise the first error.
    """
    main = read_notice_text(text, file=file)
    extra = [read_notice_text(t, file=f) for t, f in supplements]
    return finish(merge_notices(main, extra))


# ---- facts from the holidays package ------------------------------------------------------------


def _china(year: int, language: str) -> Any:
    from hotline_rules.time.calendar import China

    return China(years=year, categories=PUBLIC, language=language, observed=False)


def _statutory_days(year: int) -> dict[date, str]:
    """The holidays of ``year`` that the ``holidays`` package knows, without the days moved by
    a notice (调休): each must be a day off in the year's notice."""
    from hotline_rules.time.calendar import _substitutions

    zh = _china(year, "zh_CN")
    moved = {off for off, _ in _substitutions(zh)}
    return {d: str(n) for d, n in zh.items() if d.year == year and d not in moved}


def _statutory_names(year: int) -> dict[date, str]:
    return _statutory_days(year)


def _english_names(year: int) -> dict[str, str]:
    zh, en = _china(year, "zh_CN"), _china(year, "en_US")
    return {str(zh[d]): str(en[d]) for d in zh if d in en}


def _english(name: str, names: dict[str, str]) -> str | None:
    parts = [names.get(p) for p in name.split("、")]
    return ", ".join(p for p in parts if p) or None


__all__ = [
    "NoticeProblem",
    "ReadEntry",
    "ReadNotice",
    "finish",
    "import_notice",
    "merge_notices",
    "normalise",
    "read_notice_text",
]
