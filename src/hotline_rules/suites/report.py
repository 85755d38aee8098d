"""How a case's outcome reads for a person: the same lines in the terminal, in pytest and in JUnit."""

from __future__ import annotations

from pathlib import Path

from hotline_rules.suites.runner import STATUS_ZH, CaseResult, Status


def shown_path(path: str | Path) -> str:
    """A path relative to the working directory when it is below it (shorter, stable in docs)."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


def where(result: CaseResult) -> str:
    """``profiles/tests/citywide.test.yaml:63``."""
    return f"{shown_path(result.case.file)}:{result.case.line}"


def case_lines(result: CaseResult) -> list[str]:
    """A failing (or erroring) case: expected against actual, field by field, then the trace."""
    head = f"{STATUS_ZH[result.status]}：{result.case.name}（{where(result)}）"
    if result.status is Status.SKIPPED:
        return [f"{head}：{result.skip_reason}"]
    if result.status is Status.PASSED:
        return [head]
    out = [head]
    if result.error is not None:
        out.append("  引擎拒绝了该用例的输入 / the engine refused the input:")
        out += ["    " + line for line in result.error.splitlines()]
    for m in result.mismatches:
        out.append(f"  {m.subject} · {m.field}")
        out.append(f"    期望 expected: {m.expected}")
        out.append(f"    实际 actual:   {m.actual}")
    out += ["  " + line for line in result.trace]
    return out


def case_text(result: CaseResult) -> str:
    return "\n".join(case_lines(result))


def rule_location(file: str | None, line: int | None) -> str:
    if file is None:
        return "—"
    return f"{shown_path(file)}:{line}" if line is not None else shown_path(file)


__all__ = ["case_lines", "case_text", "rule_location", "shown_path", "where"]
