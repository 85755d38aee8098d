"""Audit results merge exactly: audit(A ∪ B) == merge(audit(A), audit(B)), in any grouping or order.

The export is demo work orders (a profile with per-month thresholds) with bad lines, blank lines
and a duplicate id mixed in; the samples and the kept rejected rows are capped small here, so the
caps are at work in every split. Results are compared whole, as their JSON (``to_dict``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from hotline_rules.audit import auditor as auditor_module
from hotline_rules.audit import merge as merge_module
from hotline_rules.audit.auditor import Auditor, AuditResult, CountedRule, Matches
from hotline_rules.audit.demo import demo_tickets
from hotline_rules.audit.merge import merge, merge_two
from hotline_rules.cli import app
from hotline_rules.engine.engine import Engine
from hotline_rules.engine.ticket import Rejected, Skipped, Ticket, iter_jsonl
from hotline_rules.errors import InputError
from hotline_rules.profile import load_profile

AS_OF = datetime.fromisoformat("2026-06-30T00:00:00+08:00")
PROFILE = "haikou"
SOURCE = "export.jsonl"
Item = Ticket | Rejected | Skipped


@pytest.fixture(autouse=True)
def small_caps(monkeypatch: pytest.MonkeyPatch) -> None:
    """Three ids per sample, four rejected rows kept: every split meets the caps."""
    monkeypatch.setattr(auditor_module, "SAMPLE", 3)
    monkeypatch.setattr(auditor_module, "REJECTED_EXAMPLES", 4)
    monkeypatch.setattr(merge_module, "REJECTED_EXAMPLES", 4)


@cache
def engine() -> Engine:
    return Engine(PROFILE)


def export_lines(n: int = 160) -> list[str]:
    """Demo tickets (every third tagged for a circumstance), a bad line every 23, a blank line
    every 31, one id repeated."""
    profile = load_profile(PROFILE).profile
    out: list[str] = []
    first = datetime.fromisoformat("2026-02-01T00:00:00+08:00")
    last = datetime.fromisoformat("2026-04-30T00:00:00+08:00")  # few months: counts add up
    for i, (data, _) in enumerate(demo_tickets(profile, n, seed=7, first=first, last=last)):
        if i % 3 == 0:  # tags the profile's circumstances count (thresholds 2 and 5 a month)
            data["tags"] = [
                *data.get("tags", ()),
                "blacklisted" if i % 2 else "overdue_by_platform",
            ]
        out.append(json.dumps(data, ensure_ascii=False))
        if i % 23 == 5:
            out.append('{"id": "broken", ')
        if i % 31 == 7:
            out.append("")
    out.append(out[0])  # the first ticket again: a duplicate id
    return out


@cache
def records() -> tuple[tuple[Item, int], ...]:
    """Every record of the export with its line."""
    return tuple((item, n) for n, item in enumerate(iter_jsonl(export_lines()), 1))


def audit_of(items: list[tuple[Item, int]]) -> AuditResult:
    auditor = Auditor(engine(), as_of=AS_OF, source=SOURCE)
    for item, line in items:
        auditor.feed(item, line)
    return auditor.finish()


def split(parts: list[int], n: int) -> Iterator[list[tuple[Item, int]]]:
    """The records dealt into ``n`` parts, record i into part ``parts[i] % n``; the duplicate
    stays with its first (a merge cannot see an id repeated across parts: documented)."""
    recs = records()
    chosen = [parts[i % len(parts)] % n for i in range(len(recs))]
    chosen[-1] = chosen[0]
    for k in range(n):
        yield [r for r, c in zip(recs, chosen, strict=True) if c == k]


@cache
def whole() -> dict[str, object]:
    return audit_of(list(records())).to_dict()


def test_the_export_meets_every_cap_and_threshold() -> None:
    """The data makes the property mean something: samples and rejected rows are cut, and both
    a circumstance that fires and one below its threshold are there."""
    result = AuditResult.from_dict(whole())  # type: ignore[arg-type]
    assert result.rows_rejected > 4 and len(result.rejected) == 4
    assert any(m.count > 3 for m in result.matches.values())
    assert result.fired and len(result.fired) < len(result.matches)
    assert result.rejected_by_code["record.duplicate_id"] == 1
    # KPI samples are cut too where the numerator is good; where it is bad, one fills its cap
    tallies = [t for up in result.units.values() for t in up.kpis.values()]
    assert any(t.against.count > 3 and not t.lower_is_better for t in tallies)
    assert any(t.against.count >= 3 and t.lower_is_better for t in tallies)


def against_by_hand() -> dict[tuple[str, str, str], tuple[int, list[str]]]:
    """Per (unit, month, KPI): how many tickets count against the KPI and the 3 smallest ids,
    worked out from each ticket's evaluation apart from the auditor's counting."""
    from hotline_rules.audit.auditor import UNDISPATCHED, period_key
    from hotline_rules.engine.units import credited_unit

    judge = engine()
    kpis = list(judge.profile.kpis)
    seen: set[str] = set()
    out: dict[tuple[str, str, str], list[str]] = {}
    for item, _ in records():
        if not isinstance(item, Ticket) or item.id in seen:
            continue
        seen.add(item.id)
        facts = judge.evaluate(item, AS_OF).facts
        unit = credited_unit(item, judge.profile) or UNDISPATCHED
        month = period_key(item.received_at.astimezone(judge.calc.zone), "month")
        for k in kpis:
            if k.denominator.test(facts) and bool(k.numerator.test(facts)) != k.higher_is_better:
                out.setdefault((unit, month, k.id), []).append(item.id)
    return {key: (len(ids), sorted(ids)[:3]) for key, ids in out.items()}


def test_a_kpi_keeps_the_smallest_ids_of_the_tickets_against_it() -> None:
    """A rate that is good when high keeps the tickets outside its numerator; one that is good
    when low (a return rate) keeps those inside it: the orders that make the figure bad."""
    result = audit_of(list(records()))
    got = {
        (unit, month, kpi): (t.against.count, t.against.sample)
        for (unit, month), up in result.units.items()
        for kpi, t in up.kpis.items()
        if t.against.count
    }
    assert got == against_by_hand()
    for up in result.units.values():
        for t in up.kpis.values():
            bad = t.numerator if t.lower_is_better else t.denominator - t.numerator
            assert t.against.count == bad


def test_a_part_saved_before_kpis_kept_tickets_still_merges() -> None:
    """A saved JSON without ``against`` (an older audit) reads as an empty sample and merges."""
    a, b = split([0, 1], 2)
    old = audit_of(a).to_dict()
    for unit in old["units"]:
        for tally in unit["kpis"].values():
            del tally["against"]
    read = AuditResult.from_dict(json.loads(json.dumps(old)))
    assert all(not t.against.count for up in read.units.values() for t in up.kpis.values())
    part_b = audit_of(b)
    merged = merge([read, part_b])
    want = AuditResult.from_dict(whole())  # type: ignore[arg-type]
    for key, up in want.units.items():
        for kpi, t in up.kpis.items():
            got = merged.units[key].kpis[kpi]
            assert (got.numerator, got.denominator) == (t.numerator, t.denominator)
            # the old part lists no ticket: what is listed is part b's, and the count is b's
            b_part = part_b.units.get(key)
            b_tally = b_part.kpis.get(kpi) if b_part is not None else None
            assert got.against == (b_tally.against if b_tally is not None else Matches())


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, 1), min_size=1, max_size=40))
def test_merge_of_two_parts_is_the_whole(parts: list[int]) -> None:
    a, b = split(parts, 2)
    assert merge_two(audit_of(a), audit_of(b)).to_dict() == whole()


@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(0, 2), min_size=1, max_size=40), st.permutations([0, 1, 2]))
def test_merge_is_associative_and_commutative(parts: list[int], order: list[int]) -> None:
    results = [audit_of(p) for p in split(parts, 3)]
    a, b, c = (results[i] for i in order)
    left = merge_two(merge_two(a, b), c).to_dict()
    right = merge_two(a, merge_two(b, c)).to_dict()
    assert left == right == merge(results).to_dict() == whole()


def test_merge_leaves_its_inputs_as_they_were() -> None:
    a, b = split([0, 1], 2)
    ra, rb = audit_of(a), audit_of(b)
    before = (ra.to_dict(), rb.to_dict())
    merge([ra, rb])
    assert (ra.to_dict(), rb.to_dict()) == before


def test_a_result_round_trips_through_its_json() -> None:
    result = audit_of(list(records()))
    again = AuditResult.from_dict(json.loads(json.dumps(result.to_dict())))
    assert again == result
    assert again.to_dict() == result.to_dict()


def test_thresholds_are_judged_after_the_merge() -> None:
    """2 matches in one part and 1 in the other reach a threshold of 3: it fires merged only."""
    rule = CountedRule("circumstance", 3, "month", None, "第九条", "……")

    def part(n: int, ids: list[str]) -> AuditResult:
        r = AuditResult("p", "0" * 64, {}, AS_OF, None, rules={"c.late": rule})
        r.matches[("c.late", "某局", "2026-03")] = Matches(n, ids)
        return r.judge()

    a, b = part(2, ["T2", "T9"]), part(1, ["T1"])
    assert not a.fired and not b.fired
    (fired,) = merge([a, b]).fired
    assert (fired.count, fired.threshold, fired.tickets) == (3, 3, ("T1", "T2", "T9"))


def test_a_new_counter_merges_by_addition_with_no_code_for_it() -> None:
    """Counters other parts of the project add (dicts of ints) are summed key by key."""
    a, b = split([0, 1], 2)
    ra, rb = audit_of(a), audit_of(b)
    merged = merge([ra, rb])
    for name in ("export_checks", "rejected_by_code", "rejected_by_source"):
        x, y = getattr(ra, name, {}), getattr(rb, name, {})
        assert getattr(merged, name, {}) == {k: x.get(k, 0) + y.get(k, 0) for k in {*x, *y}}


def test_results_of_different_audits_do_not_merge() -> None:
    a, b = split([0, 1], 2)
    ra, rb = audit_of(a), audit_of(b)
    for name, value in [
        ("profile_sha256", "f" * 64),
        ("calendar", {"holidays": "0.0"}),
        ("as_of", datetime.fromisoformat("2026-07-31T00:00:00+08:00")),
        ("period", "2026-03"),
    ]:
        other = AuditResult.from_dict(rb.to_dict())
        setattr(other, name, value)
        with pytest.raises(InputError) as err:
            merge([ra, other])
        assert err.value.code == "merge.incompatible"
        assert err.value.message_zh.startswith("不能合并不同审计的结果")
        assert "cannot merge results of different audits" in err.value.message_en
    with pytest.raises(InputError) as none:
        merge([])
    assert none.value.code == "merge.nothing"


runner = CliRunner()


def test_cli_merge_of_saved_halves_is_the_whole(tmp_path: Path) -> None:
    lines = export_lines()[:-1]  # not the repeated id: a merge cannot see it across files
    half = len(lines) // 2
    paths = []
    for name, part in (("a", lines[:half]), ("b", lines[half:]), ("all", lines)):
        path = tmp_path / f"{name}.jsonl"
        path.write_text("\n".join(part) + "\n", encoding="utf-8")
        paths.append(path)
    saved = []
    for path in paths:
        out = runner.invoke(
            app,
            ["audit", str(path), "-p", PROFILE, "--as-of", AS_OF.isoformat(), "-f", "json"],
        )
        assert out.exit_code == 0, out.output
        saved.append(tmp_path / f"{path.stem}.json")
        saved[-1].write_text(out.stdout, encoding="utf-8")
    merged = runner.invoke(app, ["merge", str(saved[0]), str(saved[1]), "-f", "json"])
    assert merged.exit_code == 0, merged.output
    got, want = json.loads(merged.stdout), json.loads(saved[2].read_text(encoding="utf-8"))
    # rejected rows name their file and line: the halves are two files, counted apart
    for key in ("rejected", "rejected_by_source"):
        got.pop(key), want.pop(key)
    assert {k: got[k] for k in got} == {k: want[k] for k in got}
    text = runner.invoke(app, ["merge", str(saved[0]), str(saved[1])])
    assert text.exit_code == 0, text.output
    assert "问责" in text.stdout


def test_cli_merge_names_a_file_that_is_no_result(tmp_path: Path) -> None:
    bad = tmp_path / "notes.json"
    bad.write_text('{"hello": 1}', encoding="utf-8")
    out = runner.invoke(app, ["merge", str(bad), "-f", "json"])
    assert out.exit_code == 2
    error = json.loads(out.stdout)["error"]
    assert error["code"] == "merge.not_a_result" and "notes.json" in json.dumps(error)


def test_cli_merge_names_the_part_of_another_audit(tmp_path: Path) -> None:
    a, b = split([0, 1], 2)
    first, other = audit_of(a).to_dict(), audit_of(b).to_dict()
    other["as_of"] = "2026-07-31T00:00:00+08:00"
    paths = [tmp_path / "a.json", tmp_path / "b.json"]
    for path, data in zip(paths, (first, other), strict=True):
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = runner.invoke(app, ["merge", *map(str, paths)])
    assert out.exit_code == 2
    assert (
        f"{paths[1]}: 错误 [merge.incompatible]：不能合并不同审计的结果：评估时刻不同" in out.stderr
    )
