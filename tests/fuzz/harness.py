"""What each fuzzed input must do, checked in-process: the properties of the fuzz suite.

One function per surface (:func:`run_profile`, :func:`run_ticket`, :func:`run_export`) takes an
input of ``strategies.py``, runs it through the library and the CLI, and returns its
:class:`Outcome` (``ok``, or a clean :class:`HotlineRulesError` by code). Anything else escapes:

- a property that does not hold raises :class:`PropertyViolation` (an ``AssertionError``) whose
  ``key`` names the property (for deduplication) and whose message says what was seen;
- an exception the code did not mean to raise (a traceback: exit 1 of the CLI) is re-raised with
  its own traceback, so :func:`signature` can name its innermost frame in ``hotline_rules``;
- an input that runs longer than the limit raises :class:`FuzzTimeout` (see :func:`time_limit`).

Shared by the CI fuzz tests and ``bench/fuzz.py``.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import signal
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

from hypothesis import HealthCheck, settings
from strategies import AS_OF, PROFILE_NAMES, ExportInput, ProfileInput, TicketInput, seed_tickets

VALID_PERIODS = (None, "2026", "2025-07")
"""Periods of ``strategies.exports`` that are well formed (the others may be refused: exit 2)."""


class FuzzTimeout(BaseException):
    """A step ran past its time limit. A BaseException: ``except Exception`` must not eat it."""

    def __init__(self, label: str, seconds: float) -> None:
        super().__init__(f"{label} over {seconds:g} s of CPU")
        self.label = label


class PropertyViolation(AssertionError):
    """A property of the fuzz suite does not hold; ``key`` names it (a signature for dedup)."""

    def __init__(self, key: str, detail: str) -> None:
        super().__init__(f"{key}: {detail}")
        self.key = key


@dataclass(frozen=True)
class Outcome:
    """How an input ended when nothing went wrong: ``ok``, or ``error`` with the error's code."""

    kind: str
    code: str | None = None


OK = Outcome("ok")


STEP_LIMIT_S = 5.0
"""The CPU time each step of an input may take (a load, a lint, a CLI run, judging a ticket)."""


@contextmanager
def time_limit(seconds: float, label: str = "input") -> Iterator[None]:
    """Raise :class:`FuzzTimeout` after ``seconds`` of CPU time of this process (``SIGPROF``).

    CPU time, not wall time: on a busy machine (CI, other test runs) a step that waits for the
    processor is not a hang; a loop that does not end spends CPU and is caught all the same.
    (``bench/fuzz.py`` also kills a worker that stops answering, by the wall clock.)
    """
    if seconds <= 0:
        yield
        return

    def expired(signum: int, frame: FrameType | None) -> None:
        raise FuzzTimeout(label, seconds)

    previous = signal.signal(signal.SIGPROF, expired)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def step(label: str) -> Any:
    """One step of an input, held to :data:`STEP_LIMIT_S`."""
    return time_limit(STEP_LIMIT_S, label)


def ci_settings(examples: int) -> settings:
    """The CI budget of a fuzz test: ``examples`` inputs (``HOTLINE_FUZZ_EXAMPLES`` overrides),
    no deadline (the step limits above hold each input instead), slow inputs allowed."""
    return settings(
        max_examples=int(os.environ.get("HOTLINE_FUZZ_EXAMPLES", examples)),
        deadline=None,
        print_blob=True,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
            HealthCheck.filter_too_much,
        ],
    )


def holds(run: Any, *args: Any, **kwargs: Any) -> Outcome:
    """Run a surface's check in a test: a hang becomes a test failure hypothesis can report."""
    try:
        return run(*args, **kwargs)
    except FuzzTimeout as exc:
        raise PropertyViolation(f"hang in {exc.label}", str(exc)) from exc


# ---- signatures -------------------------------------------------------------------------------


def innermost(tb: TracebackType | None) -> traceback.FrameSummary | None:
    """The innermost frame of ``tb`` in ``hotline_rules`` (None when no frame is ours)."""
    ours = None
    for frame in traceback.extract_tb(tb):
        if "/hotline_rules/" in frame.filename.replace("\\", "/"):
            ours = frame
    return ours


def where(frame: traceback.FrameSummary | None, *, function: bool = True) -> str:
    if frame is None:
        return "<outside hotline_rules>"
    path = frame.filename.replace("\\", "/")
    path = path[path.rindex("/hotline_rules/") + 1 :]
    return f"{path}:{frame.name}" if function else path


def signature(exc: BaseException) -> str:
    """A crash's name for deduplication: the property broken, or exception type + innermost frame."""
    if isinstance(exc, PropertyViolation):
        return f"violation {exc.key}"
    if isinstance(exc, FuzzTimeout):
        # where a hang is interrupted varies: name the step and the module, not the line
        return f"hang in {exc.label} at {where(innermost(exc.__traceback__), function=False)}"
    return f"{type(exc).__name__} at {where(innermost(exc.__traceback__))}"


# ---- shared pieces ----------------------------------------------------------------------------


@cache
def _runner() -> Any:
    from click.testing import CliRunner

    return CliRunner()


@cache
def _command() -> Any:
    """The whole ``hotline-rules`` command, built once (typer's runner rebuilds it per call)."""
    import typer

    from hotline_rules.cli import app

    return typer.main.get_command(app)


def invoke(args: list[str], allowed: set[int]) -> Any:
    """Run the CLI in-process; re-raise what it did not catch; hold it to ``allowed`` exit codes."""
    with step(args[0]):
        result = _runner().invoke(_command(), args, catch_exceptions=True)
    exc = result.exception
    if exc is not None and not isinstance(exc, SystemExit):
        raise exc.with_traceback(result.exc_info[2] if result.exc_info else None)
    if result.exit_code not in allowed:
        raise PropertyViolation(
            f"{args[0]} exit {result.exit_code}",
            f"{args[0]} exited {result.exit_code} (allowed {sorted(allowed)}); "
            f"stderr: {result.stderr[-500:]!r}",
        )
    return result


def _json_stdout(result: Any, verb: str) -> Any:
    try:
        return json.loads(result.stdout)
    except ValueError as exc:
        raise PropertyViolation(
            f"{verb} --format json stdout is not JSON", f"{exc}: {result.stdout[:300]!r}"
        ) from None


def _clean(exc: Any, stage: str, *, located: bool) -> Outcome:
    """A HotlineRulesError as an outcome, after checking it says what and (if asked) where."""
    code = getattr(exc, "code", None)
    if not isinstance(code, str) or not code:
        raise PropertyViolation(f"{stage} error without a code", repr(exc))
    if located and not exc.location.file:
        raise PropertyViolation(f"{stage} error {code} without a file", exc.render())
    exc.render()
    json.dumps(exc.to_dict())
    return Outcome("error", f"{stage}:{code}")


@cache
def _engine(name: str) -> Any:
    from hotline_rules.engine.engine import Engine

    return Engine(name)


def _judge(engine: Any, ticket: Any, as_of: Any) -> str | None:
    """Evaluate and explain; the code of a clean refusal (None when evaluated)."""
    from hotline_rules.engine.explain import explain_lines
    from hotline_rules.engine.results import Evaluation
    from hotline_rules.errors import HotlineRulesError

    try:
        ev = engine.evaluate(ticket, as_of)
    except HotlineRulesError as exc:
        return _clean(exc, "evaluate", located=False).code
    if not isinstance(ev, Evaluation):
        raise PropertyViolation("evaluate returned no Evaluation", repr(type(ev)))
    lines = explain_lines(engine, ev, ticket)
    if not all(isinstance(line, str) for line in lines):
        raise PropertyViolation("explain_lines returned a non-string", repr(lines)[:300])
    json.dumps(ev.to_dict())
    return None


# ---- profiles ---------------------------------------------------------------------------------


def run_profile(inp: ProfileInput, workdir: Path, *, cli: bool = True) -> Outcome:
    """Load a mutated profile: a profile (which lints, compiles and judges) or a located error.

    With ``cli``, ``validate`` and ``lint`` of the file too (one in JSON, the other in text):
    exit 0 or 3 (lint: 0, 3 or 4), JSON stdout is one JSON document, and ``validate`` fails
    exactly when loading failed.
    """
    from hotline_rules.errors import HotlineRulesError
    from hotline_rules.profile import default_registry, load_profile_file

    path = workdir / inp.filename
    path.write_bytes(inp.data)
    outcome = OK
    try:
        with step("load"):
            loaded = load_profile_file(path)
    except HotlineRulesError as exc:
        outcome = _clean(exc, "load", located=True)
    else:
        from hotline_rules.engine.engine import Engine
        from hotline_rules.engine.ticket import parse_ticket
        from hotline_rules.profile.lint import lint

        with step("lint"):
            lint(loaded)
        try:
            with step("compile"):
                engine = Engine(loaded)
        except HotlineRulesError as exc:
            outcome = _clean(exc, "compile", located=False)
        else:
            with step("evaluate"):
                for data in seed_tickets()[:6]:
                    code = _judge(engine, parse_ticket(data), AS_OF)
                    if code is not None:
                        outcome = Outcome("error", code)
    if cli:
        load_failed = outcome.code is not None and outcome.code.startswith("load:")
        formats = ("json", "text") if len(inp.data) % 2 else ("text", "json")
        try:
            result = invoke(["validate", str(path), "--format", formats[0]], {0, 3})
            if formats[0] == "json":
                _json_stdout(result, "validate")
            if (result.exit_code == 3) != load_failed:
                raise PropertyViolation(
                    "validate disagrees with load_profile_file",
                    f"validate exit {result.exit_code}, load outcome {outcome}",
                )
            result = invoke(["lint", str(path), "--format", formats[1]], {0, 3, 4})
            if formats[1] == "json":
                _json_stdout(result, "lint")
        finally:
            default_registry.cache_clear()  # the registry caches every file it loaded
    return outcome


# ---- tickets ----------------------------------------------------------------------------------


def run_ticket(
    inp: TicketInput, workdir: Path | None = None, *, cli_profile: str | None = None
) -> Outcome:
    """Parse ticket data: a Ticket (judged by every bundled profile, then explained) or an error.

    With ``cli_profile`` and ``workdir``, also ``check`` and ``explain`` of the ticket written to
    a file, in JSON and in text: exit 0, 2 or 5, never a traceback.
    """
    from hotline_rules.engine.ticket import parse_ticket, parse_ticket_json
    from hotline_rules.errors import HotlineRulesError

    try:
        text = json.dumps(inp.data)
    except (ValueError, TypeError, RecursionError):
        text = None
    with step("parse"):
        if text is not None:
            try:
                parse_ticket_json(text)
            except HotlineRulesError as exc:
                _clean(exc, "parse_json", located=False)
        try:
            ticket = parse_ticket(inp.data)
        except HotlineRulesError as exc:
            ticket = None
            outcome = _clean(exc, "parse", located=False)
    if ticket is not None:
        outcome = OK
        with step("evaluate"):
            for name in PROFILE_NAMES:
                code = _judge(_engine(name), ticket, inp.as_of)
                if code is not None:
                    outcome = Outcome("error", code)
    if cli_profile and workdir is not None and text is not None:
        path = workdir / "ticket.json"
        if len(inp.mutations) % 2:  # raw text: a lone surrogate is then bytes that are not UTF-8
            raw = json.dumps(inp.data, ensure_ascii=False).encode("utf-8", "surrogatepass")
            path.write_bytes(raw)
        else:
            path.write_text(text, encoding="ascii")
        for verb in ("check", "explain"):
            for fmt in ("json", "text"):
                args = [
                    verb,
                    str(path),
                    "-p",
                    cli_profile,
                    "--as-of",
                    inp.as_of.isoformat(),
                    "-f",
                    fmt,
                ]
                result = invoke(args, {0, 2, 5})
                if fmt == "json":
                    _json_stdout(result, verb)
    return outcome


# ---- exports ----------------------------------------------------------------------------------


def check_accounting(accounting: Any, rows: int | None) -> None:
    """``rows read = evaluated + out of period + rejected + blank/comment`` (issue 12, item 2).

    ``accounting`` is the audit JSON's field: ``rows_read``, the counts it is made of and
    ``balanced``; ``rows`` the lines of the file when they are known without doubt.
    """
    if not isinstance(accounting, dict) or not isinstance(accounting.get("rows_read"), int):
        raise PropertyViolation("accounting has no rows_read", repr(accounting)[:300])
    parts = {
        k: v
        for k, v in accounting.items()
        if k != "rows_read" and isinstance(v, int) and not isinstance(v, bool)
    }
    if sum(parts.values()) != accounting["rows_read"] or accounting.get("balanced") is not True:
        raise PropertyViolation("accounting does not add up", repr(accounting))
    if rows is not None and accounting["rows_read"] != rows:
        raise PropertyViolation(
            "rows_read is not the file's line count", f"{accounting['rows_read']} != {rows} lines"
        )


def _utf8_majority(inp: ExportInput) -> bool:
    """More lines of non-ASCII UTF-8 text than lines that are not UTF-8: a UTF-8 file."""
    text = bad = 0
    for raw in inp.lines:
        try:
            decoded = raw.decode("utf-8")
        except UnicodeDecodeError:
            bad += 1
        else:
            text += not decoded.isascii()
    return text > bad


def _family(encoding: str) -> str:
    """An encoding's family: UTF-8 with or without its BOM, GB18030 and its subsets GBK and
    GB2312 (what reads the one reads the other's text), UTF-16 of either byte order."""
    name = codecs.lookup(encoding).name
    if name.startswith("utf-8"):
        return "utf-8"
    if name in ("gb18030", "gbk", "gb2312"):
        return "gb18030"
    if name.startswith("utf-16"):
        return "utf-16"
    return name


def _line_count(inp: ExportInput) -> int | None:
    """The lines of the export as JSON Lines counts them (None when a lone CR makes it moot,
    or for a CSV, whose header and title rows the audit may count its own way)."""
    if inp.raw is not None or not inp.content().removeprefix(b"\xef\xbb\xbf"):
        return None  # a file of a BOM alone: no line, or one blank one, as a reader sees it
    if any(b"\r" in raw for raw in inp.lines):
        return None
    rows = len(inp.lines)
    if rows and not inp.final_newline and inp.lines[-1] == b"":
        rows -= 1
    return rows


def _error_code(result: Any) -> str:
    try:
        return str(json.loads(result.stdout)["error"]["code"])
    except (ValueError, KeyError, TypeError):
        return "no error in stdout"


def run_export(inp: ExportInput, workdir: Path) -> Outcome:
    """Audit a mixed export through the CLI: exit 0, 2 or 5; every good line audited (and read
    in the right encoding); the accounting adds up; ``--format csv`` or text and ``--html``
    written without a traceback, with the same exit code."""
    path = workdir / f"export{inp.suffix}"
    path.write_bytes(inp.content())
    base = ["audit", str(path), "-p", inp.profile, "--as-of", AS_OF.isoformat(), "-q"]
    if inp.period is not None:
        base += ["--period", inp.period]
    result = invoke([*base, "--format", "json"], {0, 2, 5})
    if result.exit_code == 2:
        code = _error_code(result)
        if inp.period in VALID_PERIODS and inp.good:
            raise PropertyViolation(
                f"audit exit 2 with good lines ({code})",
                f"{len(inp.good)} good line(s), stderr {result.stderr[-400:]!r}",
            )
        outcome = Outcome("error", f"audit:{code}")
    else:
        report = _json_stdout(result, "audit")
        encoding = report.get("encoding")
        if inp.encoding is not None and inp.good:
            if encoding is not None and _family(encoding) != _family(inp.encoding):
                raise PropertyViolation(
                    f"a {_family(inp.encoding)} export read as another encoding",
                    f"written in {inp.encoding}, read as {encoding}",
                )
        elif encoding not in (None, "utf-8", "utf-8-sig") and _utf8_majority(inp):
            raise PropertyViolation(
                "a mostly UTF-8 export read in another encoding",
                f"read as {encoding}; good lines {list(inp.good)}",
            )
        rejected = {r.get("line"): r.get("code") for r in report.get("rejected", [])}
        lost = sorted(set(inp.good) & set(rejected))
        if lost:
            raise PropertyViolation(
                f"good line rejected ({rejected[lost[0]]})",
                "; ".join(f"line {n}: {rejected[n]}" for n in lost[:5]),
            )
        audited = report.get("tickets_evaluated", 0) + report.get("outside_period", 0)
        if audited < len(inp.good):
            raise PropertyViolation(
                "good lines not audited", f"{audited} audited < {len(inp.good)} good lines"
            )
        if "accounting" in report:  # issue 12 item 2: absent from audits older than it
            check_accounting(report["accounting"], _line_count(inp))
        outcome = OK
    html = workdir / "report.html"
    fmt = "csv" if len(inp.lines) % 2 else "text"
    second = invoke([*base, "--format", fmt, "--html", str(html)], {0, 2, 5})
    if second.exit_code != result.exit_code:
        raise PropertyViolation(
            "audit exit differs by format", f"json {result.exit_code}, {fmt} {second.exit_code}"
        )
    if second.exit_code != 2:
        if not html.is_file() or not html.read_text(encoding="utf-8"):
            raise PropertyViolation("audit --html wrote nothing", str(html))
        if fmt == "csv":
            list(csv.reader(io.StringIO(second.stdout)))
    return outcome


__all__ = [
    "OK",
    "STEP_LIMIT_S",
    "FuzzTimeout",
    "Outcome",
    "PropertyViolation",
    "check_accounting",
    "ci_settings",
    "holds",
    "run_export",
    "run_profile",
    "run_ticket",
    "signature",
    "step",
    "time_limit",
]
