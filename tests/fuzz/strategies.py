"""Hypothesis strategies for the fuzz suite: mutated profiles, tickets near the schema, mixed exports.

Shared by the CI fuzz tests (``tests/fuzz/test_fuzz_*.py``, a small budget) and the long runs of
``bench/fuzz.py`` (the same generators, thousands of inputs). Each strategy builds a plain,
picklable input (:class:`ProfileInput`, :class:`TicketInput`, :class:`ExportInput`) that says what
was done to it, so a crash can be saved, replayed and read.

``tests/`` is not a package: the fuzz tests import this module as ``strategies`` (pytest puts
``tests/fuzz`` on ``sys.path``), ``bench/fuzz.py`` puts the folder there itself.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from hotline_rules.engine.ticket import Event, Ticket

ROOT = Path(__file__).resolve().parents[2]
PROFILES = ROOT / "profiles"
EXAMPLES = ROOT / "examples"

PROFILE_NAMES: tuple[str, ...] = tuple(sorted(p.stem for p in PROFILES.glob("*.yaml")))
"""The bundled profiles (``profiles/*.yaml``): the seeds of profile mutations, and the profiles
every fuzzed ticket is evaluated against."""

AS_OF = datetime(2027, 2, 1, tzinfo=timezone(timedelta(hours=8)))
"""The audit instant of fuzzed exports: after every event of the example exports."""

SHANGHAI = timezone(timedelta(hours=8))

# ---- the inputs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileInput:
    """A profile file to load: its bytes, the file name to write them under, what was done."""

    seed: str
    filename: str
    data: bytes
    mutations: tuple[str, ...] = ()


@dataclass(frozen=True)
class TicketInput:
    """A ticket as Python data (JSON-ish, maybe not a ticket at all) and the instant to judge at."""

    data: Any
    as_of: datetime
    mutations: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExportInput:
    """A JSON Lines export: its lines (bytes, no line ends), which are good, how it is audited.

    ``good`` holds the 1-based line numbers of lines taken unchanged (in meaning) from the
    example exports: each of them must be audited whatever the other lines hold.
    """

    profile: str
    lines: tuple[bytes, ...]
    good: tuple[int, ...]
    bom: bool = False
    newline: bytes = b"\n"
    final_newline: bool = True
    period: str | None = None
    mutations: tuple[str, ...] = field(default=())
    suffix: str = ".jsonl"
    raw: bytes | None = None
    """The whole file, when it is not UTF-8 lines joined (a CSV in another encoding)."""
    encoding: str | None = None
    """The encoding the file was written in, when not UTF-8 lines (a CSV's)."""

    def content(self) -> bytes:
        if self.raw is not None:
            return self.raw
        body = self.newline.join(self.lines)
        if self.final_newline and self.lines:
            body += self.newline
        return (b"\xef\xbb\xbf" if self.bom else b"") + body


# ---- seeds ------------------------------------------------------------------------------------


@cache
def profile_text(name: str) -> str:
    return (PROFILES / f"{name}.yaml").read_text(encoding="utf-8")


@cache
def profile_tree(name: str) -> Any:
    return yaml.safe_load(profile_text(name))


def _events_within(data: dict[str, Any], first: datetime, last: datetime) -> bool:
    try:
        times = [datetime.fromisoformat(e["at"]) for e in data["events"]]
    except (KeyError, TypeError, ValueError):
        return False
    return bool(times) and all(t.tzinfo and first <= t <= last for t in times)


GOOD_LINES_PER_PROFILE = 120


@cache
def good_lines(profile: str) -> tuple[str, ...]:
    """Lines of ``examples/exports/<profile>.jsonl`` that make good tickets, events in 2025-2026.

    Only lines the ticket reader accepts on their own, so that "every good line is audited" is a
    property of mixing, not of the examples.
    """
    from hotline_rules.engine.ticket import parse_ticket_json

    first = datetime(2025, 1, 2, tzinfo=UTC)
    last = datetime(2026, 12, 30, tzinfo=UTC)
    out: list[str] = []
    path = EXAMPLES / "exports" / f"{profile}.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        data = json.loads(line)
        if not _events_within(data, first, last):
            continue
        try:
            parse_ticket_json(line)
        except Exception:
            continue
        out.append(line)
        if len(out) >= GOOD_LINES_PER_PROFILE:
            break
    return tuple(out)


@cache
def seed_tickets() -> tuple[Any, ...]:
    """Whole tickets to mutate: the example tickets and a few lines of each example export."""
    out: list[Any] = []
    for path in sorted((EXAMPLES / "tickets").glob("*.json")):
        if path.name.endswith(".expected.json"):
            continue
        out.append(json.loads(path.read_text(encoding="utf-8")))
    for name in PROFILE_NAMES:
        out.extend(json.loads(line) for line in good_lines(name)[:8])
    return tuple(out)


# ---- values -----------------------------------------------------------------------------------

CONTROL = "".join(chr(c) for c in range(0x20)) + "\x7f\x85\u2028\u2029\ufeff\u200b\u202e"
SURROGATES = "\ud800\udc00\udfff"

# Text that is hard to handle: control characters, lone surrogates, markup of the outputs
# (rich, HTML, spreadsheet formulas), right-to-left marks, full-width digits, Chinese.
nasty_text = st.one_of(
    st.text(max_size=12),
    st.text(alphabet=st.sampled_from(CONTROL + SURROGATES + "ab中文[]/<>&=+-@\"'\\"), max_size=12),
    st.sampled_from(
        [
            "",
            " ",
            "[/]",
            "[bold]x[/bold]",
            "[link=http://x]y",
            "<script>alert(1)</script>",
            '=HYPERLINK("http://x","y")',
            "+1",
            "-1",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "\udc00",
            "\ud800x",
            "a\x00b",
            "\u202egnp.exe",
            "x" * 300,
            "工单" * 50,
            "１２３４５",
            "%s%n{0}{x}",
            "../../etc/passwd",
            "null",
            "NaN",
        ]
    ),
)

huge_ints = st.sampled_from([0, -1, 1, 2**31, 2**63, -(2**63), 10**20, 10**100, 2**1000])
numbers = st.one_of(
    st.integers(-1000, 1000),
    huge_ints,
    st.floats(allow_nan=True, allow_infinity=True),
)

DURATIONS = [
    "3个工作日",
    "2个工作日",
    "5日",
    "30分钟",
    "2小时",
    "4个工作小时",
    "当日",
    "0日",
    "0个工作日",
    "-1个工作日",
    "99999999个工作日",
    "999999999999999999999日",
    "1.5小时",
    "３个工作日",
    "五个工作日",
    "3个自然日",
    "3 working_days",
    "3 days",
    "P3D",
    "工作日",
    "个工作日3",
    "1e9分钟",
    "",
]

TIMES_GOOD = st.datetimes(
    min_value=datetime(2025, 1, 2), max_value=datetime(2026, 12, 28), timezones=st.just(SHANGHAI)
)

ODD_INSTANTS = [
    "1900-01-01T00:00:00+08:00",
    "1970-01-01T00:00:00Z",
    "2100-06-01T09:00:00+08:00",
    "2038-01-19T03:14:08Z",
    "2026-09-30",
    "2026-09-30 16:40",
    "2026-09-30T16:40:00",
    "2026/09/30 16:40+08:00",
    "20260930T164000+0800",
    "2026-09-30T16:40:00.123456789+08:00",
    "2026-09-30T23:59:60+08:00",
    "2026-09-30T24:00:00+08:00",
    "2026-02-29T10:00:00+08:00",
    "2026-13-01T10:00:00+08:00",
    "2026-09-30T16:40:00+24:00",
    "2026-09-30T16:40:00+08",
    "2026-09-30t16:40:00z",
    "２０２６-０９-３０T16:40:00+08:00",
    "2026年9月30日16时40分",
    "",
    "now",
    "T",
    "+08:00",
]
EXTREME_INSTANTS = [
    "0001-01-01T00:00:00+00:00",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-12:00",
    "9999-12-31T23:59:59.999999+00:00",
]
ZONES = [UTC, SHANGHAI, timezone(timedelta(hours=-12)), timezone(timedelta(hours=14))]


def instants(*, extreme_years: bool = True) -> st.SearchStrategy[Any]:
    """What may stand in an event's ``at``: odd texts, numbers, None, instants of any year.

    ``extreme_years=False`` keeps to 1900-2100 (years 1 and 9999 left out).
    """
    if extreme_years:
        texts, lo, hi = ODD_INSTANTS + EXTREME_INSTANTS, datetime.min, datetime.max
    else:
        texts, lo, hi = ODD_INSTANTS, datetime(1900, 1, 1), datetime(2100, 12, 31)
    return st.one_of(
        st.sampled_from(texts),
        st.sampled_from([0, -1, 1700000000, 1700000000000, -62135596800, 253402300800, 2**63]),
        st.floats(allow_nan=True, allow_infinity=True),
        st.none(),
        st.booleans(),
        st.datetimes(lo, hi, timezones=st.sampled_from(ZONES)).map(lambda d: d.isoformat()),
    )


odd_instants = instants()

json_scalars = st.one_of(st.none(), st.booleans(), numbers, nasty_text)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(nasty_text, inner, max_size=4)
    ),
    max_leaves=12,
)


def _vocabulary() -> dict[str, tuple[str, ...]]:
    from hotline_rules import vocabulary as v

    return {
        "kind": tuple(v.KINDS),
        "urgency": tuple(v.URGENCIES),
        "complexity": tuple(v.COMPLEXITIES),
        "channel": tuple(v.CHANNELS),
        "requester": tuple(v.REQUESTERS),
        "handling": tuple(v.HANDLINGS),
        "type": tuple(v.EVENTS),
        "satisfaction": tuple(v.SATISFACTIONS),
        "tags": tuple(v.TAGS),
    }


VOCABULARY = _vocabulary()

# ---- tickets ----------------------------------------------------------------------------------


def _word(name: str) -> st.SearchStrategy[Any]:
    """A field's value: mostly a word of the vocabulary, sometimes anything."""
    words = VOCABULARY.get(name, ())
    if words:
        return st.one_of(st.sampled_from(words), st.sampled_from(words), json_values)
    return json_values


@st.composite
def _event(draw: st.DrawFn, at: datetime) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": draw(st.sampled_from(VOCABULARY["type"])),
        "at": at.isoformat(),
    }
    if draw(st.booleans()):
        event["unit"] = draw(st.sampled_from(["市住建局", "区水务局", "教育局", "A"]))
    if event["type"] in ("extension_requested", "extension_approved") and draw(st.booleans()):
        event["length"] = draw(st.sampled_from(DURATIONS))
    if event["type"] == "revisit" and draw(st.booleans()):
        event["satisfaction"] = draw(_word("satisfaction"))
    if event["type"].startswith("return") and draw(st.booleans()):
        event["reason"] = draw(st.sampled_from(["not_ours", "duplicate", "x", ""]))
    return event


@st.composite
def fresh_tickets(draw: st.DrawFn) -> dict[str, Any]:
    """A ticket built near the schema: vocabulary words, events in a plausible order."""
    start = draw(TIMES_GOOD)
    data: dict[str, Any] = {"id": draw(st.sampled_from(["T-1", "FZ-0001", "工单-1"]))}
    for name in ("kind", "urgency", "complexity", "channel", "requester", "handling"):
        if draw(st.booleans()):
            data[name] = draw(st.sampled_from(VOCABULARY[name]))
    if draw(st.booleans()):
        data["tags"] = draw(st.lists(st.sampled_from(VOCABULARY["tags"]), max_size=3))
    at = start
    events = [{"type": "received", "at": at.isoformat()}]
    for _ in range(draw(st.integers(0, 12))):
        at += timedelta(
            minutes=draw(st.sampled_from([1, 30, 90, 60 * 20, 60 * 24 * 3, 60 * 24 * 40]))
        )
        events.append(draw(_event(at)))
    data["events"] = events
    return data


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out.extend(_paths(v, (*prefix, k)))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out.extend(_paths(v, (*prefix, i)))
    return out


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        node = node[part]
    return node


TICKET_FIELDS = tuple(Ticket.model_fields)
"""Every field of the ticket model: a field added to the model is fuzzed without a change here."""
EVENT_FIELDS = tuple(Event.__pydantic_fields__)
"""Every field of the event model, likewise."""
ROLES = ("lead", "co", "first_receiving")


@st.composite
def _mutate_ticket(
    draw: st.DrawFn, data: Any, times: st.SearchStrategy[Any] = odd_instants
) -> tuple[Any, tuple[str, ...]]:
    """Apply 0-4 mutations to a ticket's data: a field's value, an event's, drop, add, nest."""
    data = copy.deepcopy(data)
    done: list[str] = []
    for _ in range(draw(st.integers(0, 4))):
        op = draw(
            st.sampled_from(
                [
                    "field",
                    "event_at",
                    "event_field",
                    "drop",
                    "unknown",
                    "events",
                    "any_path",
                    "swap",
                ]
            )
        )
        if not isinstance(data, dict):
            break
        if op == "field":
            name = draw(st.sampled_from(TICKET_FIELDS))
            if name == "repeat_count":
                value = draw(st.one_of(numbers, st.text(max_size=3), st.none()))
            elif name in ("tags",):
                value = draw(st.one_of(st.lists(_word("tags"), max_size=3), json_values))
            elif name == "personal":
                value = draw(
                    st.one_of(st.dictionaries(nasty_text, nasty_text, max_size=3), json_values)
                )
            elif name == "platform_due":
                clocks = st.sampled_from(["completion", "response", "signing", "", "完成"])
                value = draw(
                    st.one_of(st.dictionaries(clocks, times, max_size=3), json_values, st.none())
                )
            else:
                value = draw(_word(name))
            data[name] = value
            done.append(f"field:{name}")
        elif op == "event_at" and isinstance(data.get("events"), list) and data["events"]:
            i = draw(st.integers(0, len(data["events"]) - 1))
            if isinstance(data["events"][i], dict):
                data["events"][i]["at"] = draw(times)
                done.append(f"event_at:{i}")
        elif op == "event_field" and isinstance(data.get("events"), list) and data["events"]:
            i = draw(st.integers(0, len(data["events"]) - 1))
            if isinstance(data["events"][i], dict):
                name = draw(st.sampled_from(EVENT_FIELDS))
                if name == "length":
                    value = draw(st.one_of(st.sampled_from(DURATIONS), json_values))
                elif name in ("evidence", "report"):
                    value = draw(st.one_of(st.lists(nasty_text, max_size=3), json_values))
                elif name == "resolved":
                    value = draw(st.one_of(st.booleans(), json_values))
                elif name == "role":
                    value = draw(st.one_of(st.sampled_from(ROLES), json_values))
                else:
                    value = draw(_word(name))
                data["events"][i][name] = value
                done.append(f"event_field:{i}.{name}")
        elif op == "drop":
            keys = list(data)
            if keys:
                key = draw(st.sampled_from(keys))
                del data[key]
                done.append(f"drop:{key}")
        elif op == "unknown":
            data[draw(nasty_text)] = draw(json_values)
            done.append("unknown")
        elif op == "events":
            value = draw(
                st.one_of(
                    st.none(),
                    st.just([]),
                    st.just({}),
                    st.just("received"),
                    st.lists(json_values, max_size=3),
                    st.lists(st.just({"type": "received", "at": None}), max_size=2),
                )
            )
            data["events"] = value
            done.append("events")
        elif op == "any_path":
            paths = _paths(data)[1:]
            if paths:
                path = draw(st.sampled_from(paths))
                parent = _get(data, path[:-1])
                parent[path[-1]] = draw(json_values)
                done.append("any_path:" + ".".join(map(str, path)))
        elif op == "swap" and isinstance(data.get("events"), list) and len(data["events"]) > 1:
            i = draw(st.integers(0, len(data["events"]) - 1))
            j = draw(st.integers(0, len(data["events"]) - 1))
            data["events"][i], data["events"][j] = data["events"][j], data["events"][i]
            done.append(f"swap:{i},{j}")
    if draw(st.integers(0, 19)) == 0:
        data = draw(st.one_of(json_values, st.just([data]), st.just({"ticket": data})))
        done.append("replace")
    return data, tuple(done)


@st.composite
def ticket_data(draw: st.DrawFn, extreme_years: bool = True) -> tuple[Any, tuple[str, ...]]:
    """Data near the ticket schema: a seed or a fresh ticket, mutated; the mutations done."""
    base = draw(
        st.one_of(st.sampled_from(seed_tickets()), fresh_tickets())
        if seed_tickets()
        else fresh_tickets()
    )
    times = odd_instants if extreme_years else instants(extreme_years=False)
    return draw(_mutate_ticket(base, times))


def _last_instant(data: Any) -> datetime:
    try:
        times = [datetime.fromisoformat(e["at"]) for e in data["events"]]
        aware = [t for t in times if t.tzinfo is not None]
        return max(aware) if aware else AS_OF
    except (KeyError, TypeError, ValueError, AttributeError):
        return AS_OF


@st.composite
def tickets(draw: st.DrawFn, extreme_years: bool = True) -> TicketInput:
    """A :class:`TicketInput`: data near the schema, judged before, during or after its events.

    ``extreme_years=False``: no event in year 1 or 9999 (see :func:`instants`).
    """
    data, done = draw(ticket_data(extreme_years))
    last = _last_instant(data)
    minutes = draw(
        st.sampled_from([None, -60 * 24 * 10, -60, 0, 60, 60 * 24 * 3, 60 * 24 * 30, 60 * 24 * 400])
    )
    try:
        as_of = AS_OF if minutes is None else last + timedelta(minutes=minutes)
    except OverflowError:  # an event at the end of year 9999
        as_of = last
    return TicketInput(data, as_of, done)


# ---- exports ----------------------------------------------------------------------------------

DEEP = [50, 1000, 5000, 100_000]


def _dumps(data: Any, ascii_only: bool = False) -> bytes:
    """JSON of ``data``; lone surrogates written as ``\\udc00`` escapes (valid JSON, bad text)."""
    text = json.dumps(data, ensure_ascii=ascii_only, allow_nan=True)
    return text.encode("utf-8", "surrogatepass") if not ascii_only else text.encode("ascii")


@st.composite
def _good_variant(draw: st.DrawFn, line: str) -> tuple[bytes, str]:
    """A good line written another way that means the same ticket."""
    how = draw(
        st.sampled_from(["as_is", "as_is", "as_is", "ascii", "spaces", "reordered", "note_u2028"])
    )
    if how == "as_is":
        return line.encode("utf-8"), how
    data = json.loads(line)
    if how == "ascii":
        return _dumps(data, ascii_only=True), how
    if how == "spaces":
        return b"  " + line.encode("utf-8") + b" \t", how
    if how == "reordered":
        return _dumps(dict(reversed(list(data.items())))), how
    # a line separator, a NEL and a form feed inside a string: valid JSON, one line of the file
    data["events"][0]["note"] = "第一行\u2028第二行\x85第三行\x0c"
    return _dumps(data), how


def _renamed(line: str, n: int) -> dict[str, Any]:
    data = json.loads(line)
    data["id"] = f"FUZZ-{n}-{data.get('id')}"
    return data


@st.composite
def _bad_line(draw: st.DrawFn, pool: tuple[str, ...], n: int) -> tuple[bytes, str]:
    """A line that should be rejected or skipped (or, for a mutated ticket, may pass)."""
    kind = draw(
        st.sampled_from(
            [
                "truncated",
                "broken",
                "deep",
                "surrogate",
                "time",
                "null",
                "wrong_type",
                "blank",
                "bom",
                "bad_utf8",
                "gbk",
                "comment",
                "mutated",
                "nul",
                "long",
                "extension",
            ]
        )
    )
    src = draw(st.sampled_from(pool))
    data = _renamed(src, n)
    if kind == "truncated":
        raw = _dumps(data)
        cut = draw(st.integers(0, max(len(raw) - 1, 0)))
        return raw[:cut], kind
    if kind == "broken":
        text = _dumps(data).decode("utf-8")
        broken = draw(
            st.sampled_from(
                [
                    text[:-1] + ",}",
                    text.replace('"', "'", 4),
                    text + text,
                    text.replace(":", "", 1),
                    "{" + text,
                    text.replace("[", "{", 1),
                    '{"id": NaN, "events": []}',
                    '{"id": "x", "events": [], /* c */}',
                    '{"id": "x" "events": []}',
                    "}{",
                ]
            )
        )
        return broken.encode("utf-8", "surrogatepass"), kind
    if kind == "deep":
        depth = draw(st.sampled_from(DEEP))
        shape = draw(st.sampled_from(["list", "dict", "events", "unit"]))
        if shape == "list":
            return b"[" * depth + b"]" * depth, f"deep:list:{depth}"
        if shape == "dict":
            return b'{"a":' * depth + b"1" + b"}" * depth, f"deep:dict:{depth}"
        if shape == "events":
            return (
                b'{"id": "FUZZ-deep-%d", "events": ' % n + b"[" * depth + b"]" * depth + b"}",
                f"deep:events:{depth}",
            )
        data["events"][0]["unit"] = "@"
        left, right = _dumps(data).split(b'"@"', 1)
        return left + b"[" * depth + b"]" * depth + right, f"deep:unit:{depth}"
    if kind == "surrogate":
        where = draw(st.sampled_from(["id", "unit", "type", "note", "key"]))
        value = draw(st.sampled_from(["\udc00", "\ud800", "a\udfffb", "\ud83d"]))
        if where == "id":
            data["id"] = value
        elif where == "key":
            data[value] = 1
        elif where == "note":
            data["events"][0]["note"] = value
        else:
            data["events"][-1][where] = value
        return _dumps(data, ascii_only=draw(st.booleans())), f"surrogate:{where}"
    if kind == "time":
        i = draw(st.integers(0, len(data["events"]) - 1))
        data["events"][i]["at"] = draw(odd_instants)
        return _dumps(data), f"time:{data['events'][i]['at']!r}"
    if kind == "null":
        return draw(
            st.sampled_from(
                [
                    b"null",
                    b"{}",
                    b'{"id": null, "events": []}',
                    _dumps({**data, "events": None}),
                    _dumps({**data, "events": [None]}),
                    _dumps({**data, "id": None}),
                    _dumps({**data, "tags": None}),
                    _dumps({**data, "repeat_count": None}),
                ]
            )
        ), kind
    if kind == "wrong_type":
        field_name = draw(
            st.sampled_from(["id", "events", "tags", "repeat_count", "kind", "personal"])
        )
        data[field_name] = draw(json_values)
        whole = draw(
            st.sampled_from([None, b"1", b'"ticket"', b"[]", b"true", b"[{}]", b"-0.0e999"])
        )
        return (whole if whole is not None else _dumps(data)), f"wrong_type:{field_name}"
    if kind == "blank":
        return draw(st.sampled_from([b"", b" ", b"\t", b"   \t  ", b"\r", b"\x0c", b"\x0b"])), kind
    if kind == "bom":
        return b"\xef\xbb\xbf" + _dumps(data), kind
    if kind == "bad_utf8":
        raw = _dumps(data)
        bad = draw(
            st.sampled_from([b"\xff", b"\xc3\x28", b"\x80", b"\xed\xa0\x80", b"\xf4\x90\x80\x80"])
        )
        at = raw.index(b'"id"') + 6
        return raw[:at] + bad + raw[at:], kind
    if kind == "gbk":
        text = _dumps(data).decode("utf-8", "surrogatepass")
        return text.encode("gb18030", "replace"), kind
    if kind == "comment":
        return draw(st.sampled_from([b"# comment", b"// comment", b"#", b"  # indented"])), kind
    if kind == "nul":
        return _dumps(data).replace(b'"events"', b'"ev\x00ents"', 1), kind
    if kind == "extension":  # an extension of an absurd or odd length, after a dispatch
        last = datetime.fromisoformat(data["events"][-1]["at"])
        length = draw(st.sampled_from([*DURATIONS, "36600日", "36600个工作日", "876000小时"]))
        for step, event in enumerate(("dispatched", "extension_requested", "extension_approved")):
            at = (last + timedelta(minutes=10 * (step + 1))).isoformat()
            data["events"].append({"type": event, "at": at, "unit": "市住建局", "length": length})
        del data["events"][-3]["length"]
        return _dumps(data), f"extension:{length}"
    if kind == "long":
        size = draw(st.sampled_from([10_000, 200_000]))
        data["id"] = "L" * size
        return _dumps(data), f"long:{size}"
    mutated, done = draw(_mutate_ticket(data))
    if isinstance(mutated, dict) and mutated.get("id") == data.get("id") is not None:
        mutated["id"] = f"FUZZ-{n}-m"
    try:
        return _dumps(mutated, ascii_only=draw(st.booleans())), "mutated:" + ",".join(done)
    except (ValueError, RecursionError):
        return b"{}", "mutated:unserialisable"


@st.composite
def exports(draw: st.DrawFn, max_lines: int = 24) -> ExportInput:
    """An :class:`ExportInput`: good lines of one profile's example export mixed with bad ones."""
    profile = draw(st.sampled_from(PROFILE_NAMES))
    pool = good_lines(profile)
    n_good = draw(st.integers(0, min(10, len(pool))))
    n_bad = draw(st.integers(0, max_lines - n_good))
    picked = draw(st.lists(st.sampled_from(pool), min_size=n_good, max_size=n_good, unique=True))
    slots = ["g"] * n_good + ["b"] * n_bad
    order = draw(st.permutations(slots)) if slots else []
    lines: list[bytes] = []
    good: list[int] = []
    done: list[str] = []
    goods = iter(picked)
    for n, slot in enumerate(order, 1):
        if slot == "g":
            raw, how = draw(_good_variant(next(goods)))
            good.append(n)
        else:
            raw, how = draw(_bad_line(pool, n))
        lines.append(raw)
        done.append(f"{n}:{slot}:{how}")
    newline = draw(st.sampled_from([b"\n", b"\n", b"\r\n"]))
    # a malformed period ends the audit before a line is read: about one export in six
    period = draw(st.sampled_from([*[None] * 12, "2026", "2025-07", "2026-1", "2026-13", "x"]))
    return ExportInput(
        profile=profile,
        lines=tuple(lines),
        good=tuple(good),
        bom=draw(st.booleans()),
        newline=newline,
        final_newline=draw(st.booleans()),
        period=period,
        mutations=tuple(done),
    )


# ---- CSV exports ------------------------------------------------------------------------------

CSV_TICKET_COLUMNS = (
    "id",
    "kind",
    "urgency",
    "complexity",
    "channel",
    "requester",
    "handling",
    "tags",
    "repeat_count",
)
CSV_EVENT_COLUMNS = ("type", "at", "unit", "reason", "length", "satisfaction", "note")
CSV_ENCODINGS = ("utf-8", "utf-8", "utf-8-sig", "gb18030", "utf-16")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)


def _csv_text(rows: list[list[str]], newline: str) -> tuple[str, list[int]]:
    """CSV text of ``rows`` and the line each row starts on (a quoted cell may hold newlines)."""
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=newline)
    starts: list[int] = []
    line = 1
    for row in rows:
        starts.append(line)
        before = buf.tell()
        writer.writerow(row)
        line += buf.getvalue()[before:].count("\n")
    return buf.getvalue(), starts


@st.composite
def _bad_csv_rows(
    draw: st.DrawFn, data: dict[str, Any], columns: list[str], per_event: bool
) -> tuple[list[list[str]], str]:
    """Rows (one or more) that should be rejected or skipped, for a ticket renamed apart."""
    kind = draw(
        st.sampled_from(
            [
                "extra_cells",
                "missing_cells",
                "bad_time",
                "bad_json",
                "empty_events",
                "no_id",
                "blank",
                "formula",
                "deep",
                "surrogate",
            ]
            if not per_event
            else [
                "extra_cells",
                "missing_cells",
                "bad_time",
                "no_id",
                "blank",
                "formula",
                "surrogate",
                "no_type",
            ]
        )
    )
    rows = _csv_rows(data, columns, per_event)
    if kind == "extra_cells":
        return [[*row, "x", "y"] for row in rows], kind
    if kind == "missing_cells":
        return [row[: max(1, len(row) // 2)] for row in rows], kind
    if kind == "bad_time":
        data["events"][-1]["at"] = draw(odd_instants.filter(lambda v: not isinstance(v, float)))
        return _csv_rows(data, columns, per_event), kind
    if kind == "bad_json":
        i = columns.index("events")
        rows[0][i] = rows[0][i][: draw(st.integers(0, max(len(rows[0][i]) - 1, 0)))]
        return rows, kind
    if kind == "empty_events":
        rows[0][columns.index("events")] = draw(st.sampled_from(["", "null", "{}", "[null]"]))
        return rows, kind
    if kind == "no_id":
        for row in rows:
            row[columns.index("id")] = ""
        return rows, kind
    if kind == "blank":
        return [[""] * len(columns)] if draw(st.booleans()) else [[]], kind
    if kind == "formula":
        formula = draw(
            st.sampled_from(
                ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "=1|cmd"]
            )
        )
        for row in rows:
            row[columns.index("id")] = formula
        return rows, "formula"
    if kind == "deep":
        rows[0][columns.index("events")] = "[" * 5000 + "]" * 5000
        return rows, kind
    if kind == "no_type":
        for row in rows:
            row[columns.index("type")] = ""
        return rows, kind
    for row in rows:
        row[columns.index("id")] = draw(st.sampled_from(["\udc00", "a\ud800b"]))
    return rows, kind


def _csv_rows(data: dict[str, Any], columns: list[str], per_event: bool) -> list[list[str]]:
    if not per_event:
        return [
            [
                json.dumps(data["events"], ensure_ascii=False)
                if c == "events"
                else _cell(data.get(c))
                for c in columns
            ]
        ]
    rows = []
    for event in data["events"]:
        rows.append(
            [_cell(event.get(c)) if c in CSV_EVENT_COLUMNS else _cell(data.get(c)) for c in columns]
        )
    return rows


@st.composite
def csv_exports(
    draw: st.DrawFn,
    max_records: int = 16,
    invalid_bytes: bool = True,
    encodings: tuple[str, ...] = CSV_ENCODINGS,
) -> ExportInput:
    """A CSV export (one row per ticket, or per event) of good tickets and bad rows, in one of
    ``encodings`` (default: what an office saves: UTF-8 with or without BOM, GB18030, UTF-16).

    With ``invalid_bytes``, a bad row of a UTF-8 file may hold bytes that are not UTF-8 (a lone
    surrogate written raw); without, such a cell is written ``?``.
    """
    profile = draw(st.sampled_from(PROFILE_NAMES))
    pool = good_lines(profile)
    per_event = draw(st.booleans())
    columns = list(CSV_TICKET_COLUMNS) + (list(CSV_EVENT_COLUMNS) if per_event else ["events"])
    columns = draw(st.permutations(columns))
    n_good = draw(st.integers(0, min(6, len(pool))))
    n_bad = draw(st.integers(0, max_records - n_good))
    picked = draw(st.lists(st.sampled_from(pool), min_size=n_good, max_size=n_good, unique=True))
    order = draw(st.permutations(["g"] * n_good + ["b"] * n_bad)) if n_good + n_bad else []
    rows: list[list[str]] = []
    good_rows: list[int] = []  # indexes into rows of each good ticket's first row
    done: list[str] = []
    title = draw(st.booleans())
    if title:
        rows.append(["市民热线工单导出"])
    rows.append(list(columns))
    goods = iter(picked)
    for n, slot in enumerate(order, 1):
        if slot == "g":
            data = json.loads(next(goods))
            good_rows.append(len(rows))
            rows.extend(_csv_rows(data, columns, per_event))
            done.append(f"{n}:g")
        else:
            data = _renamed(draw(st.sampled_from(pool)), n)
            bad, kind = draw(_bad_csv_rows(data, columns, per_event))
            rows.extend(bad)
            done.append(f"{n}:b:{kind}")
    newline = draw(st.sampled_from(["\r\n", "\n"]))
    text, starts = _csv_text(rows, newline)
    if draw(st.integers(0, 5)) == 0:  # a quote left open on the last line
        text += '"unclosed,' + newline
        done.append("unclosed_quote")
    encoding = draw(st.sampled_from(encodings))
    errors = "surrogatepass" if invalid_bytes and encoding.startswith("utf-8") else "replace"
    raw = text.encode(encoding, errors)
    return ExportInput(
        profile=profile,
        lines=(),
        good=tuple(starts[i] for i in good_rows),
        period=draw(st.sampled_from([None, None, "2026"])),
        mutations=(
            f"csv:{'per_event' if per_event else 'per_ticket'}:{encoding}:title={title}",
            *done,
        ),
        suffix=".csv",
        raw=raw,
        encoding=encoding,
    )


# ---- profiles ---------------------------------------------------------------------------------

TAGS = [
    "!foo",
    "!!python/name:os.system",
    '!!python/object/apply:os.system ["true"]',
    "!!python/object:builtins.dict",
    "!!binary",
    "!!timestamp",
    "!!int",
    "!!float",
    "!!str",
    "!!bool",
    "!!null",
    "!!set",
    "!!omap",
    "!!pairs",
    "!!map",
    "!!seq",
    "!!merge",
    "!!value",
    "!<tag:yaml.org,2002:str>",
    "!<!>",
    "!",
]

ODD_SCALARS = [
    "1e999999",
    "-1e999999",
    "99999999999999999999999999999999",
    "-0",
    ".nan",
    ".inf",
    "0x7fffffffffffffff",
    "0o777",
    "1_000",
    "0b1010",
    "1:30:00",
    "9:00",
    "NO",
    "yes",
    "~",
    "2026-13-45",
    "9999-12-31",
    "0001-01-01",
    "2026-09-30T16:40:00+08:00",
    '"\\ud800"',
    '"\\x00"',
    '"\\u2028"',
    "'",
    '"',
    "|",
    ">-",
    "{",
    "[",
    "]",
    "@reserved",
    "`tick",
    "%YAML 1.1",
    "*undefined_alias",
    "&anchor_only",
    "? complex",
    "x: y: z",
    "- a",
    "五个工作日",
    "３个工作日",
    "999999999999个工作日",
    "0个工作日",
    "/etc/passwd",
    "../../../../etc/passwd",
]

EXTENDS = [
    "moushi",
    "gaoling",
    "/etc/passwd",
    "../profiles/moushi",
    "..",
    "self",
    "nope",
    "a@2026-01-01",
]


def _tree_paths(node: Any, prefix: tuple[Any, ...] = (), depth: int = 0) -> list[tuple[Any, ...]]:
    out = [prefix]
    if depth > 12:
        return out
    if isinstance(node, dict):
        for k, v in node.items():
            out.extend(_tree_paths(v, (*prefix, k), depth + 1))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out.extend(_tree_paths(v, (*prefix, i), depth + 1))
    return out


yaml_junk = st.one_of(
    st.none(),
    st.booleans(),
    numbers,
    nasty_text,
    st.dates(),
    st.datetimes(timezones=st.sampled_from([UTC, SHANGHAI])),
    st.sampled_from(DURATIONS),
    st.lists(st.one_of(nasty_text, st.integers()), max_size=3),
    st.dictionaries(
        st.sampled_from(["requester", "kind", "any", "all", "not", "tags", "x"]),
        json_values,
        max_size=3,
    ),
    st.binary(max_size=8),
)
yaml_keys = st.one_of(
    nasty_text,
    st.integers(-5, 5),
    st.none(),
    st.booleans(),
    st.dates(),
    st.sampled_from(["id", "when", "clock", "duration", "cite", "extends", "override", "<<"]),
)


VALID_DURATIONS = [d for d in DURATIONS[:7]] + [
    "1个工作日",
    "10个工作日",
    "15日",
    "1小时",
    "20分钟",
    "3个自然日",
]
ALL_WORDS = tuple(w for words in VOCABULARY.values() for w in words)


@st.composite
def _plausible(draw: st.DrawFn, node: Any) -> Any:
    """Another value of the same kind: a duration, a word, a number, a flag, a list with one
    element less or in another order (a profile that may well still load)."""
    if isinstance(node, bool):
        return not node
    if isinstance(node, int):
        return draw(st.sampled_from([0, 1, 2, 3, 5, 10, 100, -1, node + 1]))
    if isinstance(node, str):
        if node in DURATIONS or node.endswith(("日", "小时", "分钟")):
            return draw(st.sampled_from(VALID_DURATIONS))
        for words in VOCABULARY.values():
            if node in words:
                return draw(st.sampled_from(words))
        return draw(st.sampled_from([node + "x", node[:1], node.upper(), "", node * 2]))
    if isinstance(node, list) and node:
        how = draw(st.sampled_from(["drop", "reverse", "first"]))
        if how == "drop":
            i = draw(st.integers(0, len(node) - 1))
            return node[:i] + node[i + 1 :]
        return node[::-1] if how == "reverse" else node[:1]
    if isinstance(node, dict) and node:
        key = draw(st.sampled_from(sorted(node, key=str)))
        return {k: v for k, v in node.items() if k != key}
    return None


@st.composite
def _mutate_tree(draw: st.DrawFn, tree: Any) -> tuple[Any, list[str]]:
    tree = copy.deepcopy(tree)
    done: list[str] = []
    paths = _tree_paths(tree)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(paths))
        op = draw(
            st.sampled_from(
                [
                    "plausible",
                    "plausible",
                    "plausible",
                    "delete",
                    "retype",
                    "swap",
                    "duplicate",
                    "rename_key",
                    "insert_key",
                ]
            )
        )
        where = ".".join(map(str, path)) or "<root>"
        try:
            node = _get(tree, path)
        except (KeyError, IndexError, TypeError):
            continue
        parent = _get(tree, path[:-1]) if path else None
        if op == "plausible" and path:
            value = draw(_plausible(node))
            if value is None:
                continue
            parent[path[-1]] = value
            paths = _tree_paths(tree)
        elif op == "delete" and path:
            del parent[path[-1]]
            paths = _tree_paths(tree)
        elif op == "retype":
            value = draw(yaml_junk)
            if path:
                parent[path[-1]] = value
            else:
                tree = value
            paths = _tree_paths(tree)
        elif op == "swap":
            other = _get(tree, draw(st.sampled_from(paths)))
            if path:
                parent[path[-1]] = copy.deepcopy(other)
            paths = _tree_paths(tree)
        elif op == "duplicate" and isinstance(parent, list):
            parent.insert(path[-1], copy.deepcopy(node))
            paths = _tree_paths(tree)
        elif op == "rename_key" and isinstance(parent, dict):
            new_key = draw(yaml_keys)
            if new_key not in parent:
                parent[new_key] = parent.pop(path[-1])
            paths = _tree_paths(tree)
        elif op == "insert_key" and isinstance(node, dict):
            node[draw(yaml_keys)] = draw(yaml_junk)
            paths = _tree_paths(tree)
        else:
            continue
        done.append(f"{op}:{where}")
    return tree, done


_VALUE_LINE = re.compile(r"^(\s*(?:- )?[^\s#:][^:#]*:)( +)(\S.*)$")
_KEY_ONLY_LINE = re.compile(r"^(\s*(?:- )?[^\s#:][^:#]*:)\s*$")
_ITEM_LINE = re.compile(r"^(\s*- )(\S.*)$")


def _value_lines(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if _VALUE_LINE.match(line) or _ITEM_LINE.match(line)]


def _set_value(line: str, value: str) -> str:
    m = _VALUE_LINE.match(line)
    if m:
        return f"{m.group(1)} {value}"
    m = _ITEM_LINE.match(line)
    if m:
        return f"{m.group(1)}{value}"
    return line


def _prefix_value(line: str, prefix: str) -> str:
    m = _VALUE_LINE.match(line)
    if m:
        return f"{m.group(1)} {prefix} {m.group(3)}"
    m = _ITEM_LINE.match(line)
    if m:
        return f"{m.group(1)}{prefix} {m.group(2)}"
    m = _KEY_ONLY_LINE.match(line)
    if m:
        return f"{m.group(1)} {prefix}"
    return line


BOMB = """lol0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
lol1: &l1 [*l0, *l0, *l0, *l0, *l0, *l0, *l0, *l0, *l0]
lol2: &l2 [*l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1]
lol3: &l3 [*l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2]
lol4: &l4 [*l3, *l3, *l3, *l3, *l3, *l3, *l3, *l3, *l3]
lol5: &l5 [*l4, *l4, *l4, *l4, *l4, *l4, *l4, *l4, *l4]
lol6: &l6 [*l5, *l5, *l5, *l5, *l5, *l5, *l5, *l5, *l5]
lol7: &l7 [*l6, *l6, *l6, *l6, *l6, *l6, *l6, *l6, *l6]
lol8: &l8 [*l7, *l7, *l7, *l7, *l7, *l7, *l7, *l7, *l7]
"""

MERGE_BOMB = """m0: &m0 {a0: 1, a1: 1, a2: 1, a3: 1, a4: 1, a5: 1, a6: 1, a7: 1}
m1: &m1 {<<: [*m0, *m0, *m0, *m0, *m0, *m0, *m0, *m0], b: 1}
m2: &m2 {<<: [*m1, *m1, *m1, *m1, *m1, *m1, *m1, *m1], c: 1}
m3: &m3 {<<: [*m2, *m2, *m2, *m2, *m2, *m2, *m2, *m2], d: 1}
m4: &m4 {<<: [*m3, *m3, *m3, *m3, *m3, *m3, *m3, *m3], e: 1}
m5: &m5 {<<: [*m4, *m4, *m4, *m4, *m4, *m4, *m4, *m4], f: 1}
m6: &m6 {<<: [*m5, *m5, *m5, *m5, *m5, *m5, *m5, *m5], g: 1}
m7: &m7 {<<: [*m6, *m6, *m6, *m6, *m6, *m6, *m6, *m6], h: 1}
"""

TEXT_OPS = [
    "tag",
    "anchor_alias",
    "merge",
    "bomb",
    "control",
    "truncate",
    "dup_line",
    "del_line",
    "indent",
    "odd_scalar",
    "deep",
    "unicode",
    "bytes",
    "long",
    "extends",
]


@st.composite
def _mutate_text(draw: st.DrawFn, text: str, name: str) -> tuple[str, bytes | None, list[str]]:
    """Text mutations; the bytes when a mutation works on bytes (encodings, bad UTF-8)."""
    lines = text.split("\n")
    done: list[str] = []
    raw: bytes | None = None
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(TEXT_OPS))
        values = _value_lines(lines)
        i = draw(st.integers(0, len(lines) - 1)) if lines else 0
        if op == "tag" and lines:
            tag = draw(st.sampled_from(TAGS))
            keyed = [j for j, line in enumerate(lines) if _KEY_ONLY_LINE.match(line)]
            j = draw(st.sampled_from(values + keyed)) if values + keyed else i
            lines[j] = _prefix_value(lines[j], tag)
            done.append(f"tag:{j + 1}:{tag}")
        elif op == "anchor_alias" and len(values) >= 2:
            a = draw(st.sampled_from(values))
            b = draw(st.sampled_from(values))
            lines[a] = _prefix_value(lines[a], "&fz")
            alias = draw(st.sampled_from(["*fz", "*nope", "*fz *fz", "[*fz, *fz]"]))
            lines[b] = _set_value(lines[b], alias)
            done.append(f"anchor_alias:{a + 1}->{b + 1}:{alias}")
        elif op == "merge" and lines:
            keyed = [j for j, line in enumerate(lines) if _KEY_ONLY_LINE.match(line)]
            if keyed:
                j = draw(st.sampled_from(keyed))
                indent = len(lines[j]) - len(lines[j].lstrip()) + 2
                lines[j] = _prefix_value(lines[j], "&fzm")
                merge = draw(
                    st.sampled_from(
                        [
                            "<<: *fzm",
                            "<<: 5",
                            "<<: [1, 2]",
                            "<<: *nope",
                            "<<: {a: 1}",
                            "<<: [*fzm, *fzm]",
                            "<<:",
                        ]
                    )
                )
                target = draw(st.sampled_from(keyed))
                pad = " " * (len(lines[target]) - len(lines[target].lstrip()) + 2)
                lines.insert(target + 1, pad + merge)
                done.append(f"merge:{j + 1}->{target + 2}:{merge}:{indent}")
        elif op == "bomb":
            lines = draw(st.sampled_from([BOMB, MERGE_BOMB])).split("\n") + lines
            done.append("bomb")
        elif op == "control" and lines:
            ch = draw(st.sampled_from(CONTROL + SURROGATES))
            col = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:col] + ch + lines[i][col:]
            done.append(f"control:{i + 1}:{col + 1}:U+{ord(ch):04X}")
        elif op == "truncate":
            whole = "\n".join(lines)
            cut = draw(st.integers(0, len(whole)))
            lines = whole[:cut].split("\n")
            done.append(f"truncate:{cut}")
        elif op == "dup_line" and lines:
            lines.insert(i, lines[i])
            done.append(f"dup_line:{i + 1}")
        elif op == "del_line" and lines:
            del lines[i]
            done.append(f"del_line:{i + 1}")
        elif op == "indent" and lines:
            how = draw(st.sampled_from(["  ", " ", "\t", "-1", "-2"]))
            if how.startswith("-"):
                lines[i] = lines[i][int(how[1:]) :]
            else:
                lines[i] = how + lines[i]
            done.append(f"indent:{i + 1}:{how!r}")
        elif op == "odd_scalar" and values:
            j = draw(st.sampled_from(values))
            scalar = draw(st.sampled_from(ODD_SCALARS))
            lines[j] = _set_value(lines[j], scalar)
            done.append(f"odd_scalar:{j + 1}:{scalar}")
        elif op == "deep" and values:
            j = draw(st.sampled_from(values))
            depth = draw(st.sampled_from(DEEP))
            shape = draw(st.sampled_from(["flow_list", "flow_map", "block"]))
            if shape == "flow_list":
                lines[j] = _set_value(lines[j], "[" * depth + "]" * depth)
            elif shape == "flow_map":
                lines[j] = _set_value(lines[j], "{a: " * depth + "1" + "}" * depth)
            else:
                depth = min(depth, 1000)
                lines[j] = _set_value(lines[j], "")
                lines[j + 1 : j + 1] = [" " * (2 * k + 40) + f"k{k}:" for k in range(depth)]
            done.append(f"deep:{j + 1}:{shape}:{depth}")
        elif op == "unicode" and values:
            j = draw(st.sampled_from(values))
            value = draw(nasty_text)
            lines[j] = _set_value(lines[j], json.dumps(value))
            done.append(f"unicode:{j + 1}")
        elif op == "bytes":
            how = draw(
                st.sampled_from(
                    ["bom", "utf16", "gb18030", "latin1", "bad_utf8", "nul", "crlf", "cr"]
                )
            )
            whole = "\n".join(lines)
            if how == "bom":
                raw = b"\xef\xbb\xbf" + whole.encode("utf-8", "surrogatepass")
            elif how == "utf16":
                raw = whole.encode("utf-16", "surrogatepass")
            elif how == "gb18030":
                raw = whole.encode("gb18030", "replace")
            elif how == "latin1":
                raw = whole.encode("latin-1", "replace")
            elif how == "bad_utf8":
                b = whole.encode("utf-8", "surrogatepass")
                at = draw(st.integers(0, len(b)))
                raw = b[:at] + b"\xff\xfe\x80" + b[at:]
            elif how == "nul":
                raw = whole.encode("utf-8", "surrogatepass") + b"\x00"
            elif how == "crlf":
                raw = whole.replace("\n", "\r\n").encode("utf-8", "surrogatepass")
            else:
                raw = whole.replace("\n", "\r").encode("utf-8", "surrogatepass")
            done.append(f"bytes:{how}")
            break  # the bytes are final
        elif op == "long" and values:
            j = draw(st.sampled_from(values))
            size = draw(st.sampled_from([10_000, 500_000, 3_000_000]))
            lines[j] = _set_value(lines[j], "x" * size)
            done.append(f"long:{j + 1}:{size}")
        elif op == "extends":
            target = draw(st.sampled_from(EXTENDS))
            target = name if target == "self" else target
            lines.insert(draw(st.integers(0, len(lines))), f"extends: {target}")
            done.append(f"extends:{target}")
    return "\n".join(lines), raw, done


GROW_SECTIONS = ("clocks", "extensions", "supervision", "screening", "kpis", "returns")


def _grown(tree: Any, section: str, times: int) -> Any:
    """``tree`` with the rules of ``section`` repeated ``times`` times, each copy a new id."""
    tree = copy.deepcopy(tree)
    items = tree.get(section) if isinstance(tree, dict) else None
    if not isinstance(items, list) or not items:
        return tree
    grown = []
    for k in range(times):
        for item in items:
            twin = copy.deepcopy(item)
            if k and isinstance(twin, dict) and isinstance(twin.get("id"), str):
                twin["id"] = f"{twin['id']}_{k}"
            grown.append(twin)
    tree[section] = grown
    return tree


@st.composite
def profiles(draw: st.DrawFn, grow: tuple[int, ...] = (10, 100, 1000)) -> ProfileInput:
    """A :class:`ProfileInput`: a bundled profile, its tree and/or its text mutated; or a big
    profile (one section's rules repeated ``grow`` times, each copy a new id: load and lint must
    stay near linear)."""
    name = draw(st.sampled_from(PROFILE_NAMES))
    done: list[str] = []
    if draw(st.integers(0, 11)) == 0:
        section = draw(st.sampled_from(GROW_SECTIONS))
        times = draw(st.sampled_from(grow))
        text = yaml.safe_dump(
            _grown(profile_tree(name), section, times),
            allow_unicode=True,
            sort_keys=False,
            width=200,
        )
        data = text.encode("utf-8")
        return ProfileInput(name, f"{name}.yaml", data, (f"grow:{section}x{times}",))
    if draw(st.booleans()):
        tree, tree_done = draw(_mutate_tree(profile_tree(name)))
        try:
            text = yaml.safe_dump(tree, allow_unicode=True, sort_keys=False, width=200)
        except (yaml.YAMLError, RecursionError, ValueError):
            text = profile_text(name)
            tree_done = ["unrepresentable"]
        done += tree_done
    else:
        text = profile_text(name)
    raw: bytes | None = None
    if not done or draw(st.integers(0, 2)) == 0:  # text mutations after a tree one: a third
        text, raw, text_done = draw(_mutate_text(text, name))
        done += text_done
    data = raw if raw is not None else text.encode("utf-8", "surrogatepass")
    return ProfileInput(seed=name, filename=f"{name}.yaml", data=data, mutations=tuple(done))


__all__ = [
    "AS_OF",
    "PROFILE_NAMES",
    "ExportInput",
    "ProfileInput",
    "TicketInput",
    "csv_exports",
    "exports",
    "good_lines",
    "profiles",
    "seed_tickets",
    "tickets",
]
