"""Audit: KPIs and accountability per unit and month, on small fixtures worked out by hand."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from engine_support import engine
from hotline_rules.audit.auditor import audit
from hotline_rules.cli import app
from hotline_rules.engine.ticket import iter_jsonl
from hotline_rules.profile.kpis import kpi_gaps

AS_OF = datetime.fromisoformat("2026-06-30T00:00:00+08:00")


def t(
    tid: str,
    unit: str,
    dispatched: str,
    completed: str | None = None,
    *,
    answered: bool = False,
    **attrs: Any,
) -> dict[str, Any]:
    events = [
        {"type": "received", "at": dispatched.replace("T10", "T09")},
        {"type": "dispatched", "at": dispatched, "unit": unit},
    ]
    if completed:
        events.append({"type": "completed", "at": completed, "unit": unit})
        if answered:  # 某市 第七条 办理完毕并答复, result fed back the same day
            events.append({"type": "reply_sent", "at": completed, "unit": unit})
            events.append({"type": "archived", "at": completed, "unit": unit})
    return {"id": tid, "events": events, **attrs}


# 某市 第七条: 群众 5个工作日, 企业 15个工作日, counted from dispatch (start day not counted).
# 2026-03-02 is a Monday: 5 working days -> 3月9日24时 (3/3,4,5,6,9); 15 -> 3月23日24时.
MOUSHI = [
    t(
        "M1",
        "市住建局",
        "2026-03-02T10:00:00+08:00",
        "2026-03-06T10:00:00+08:00",
        requester="citizen",
        answered=True,
    ),  # on time
    t(
        "M2",
        "市住建局",
        "2026-03-02T10:00:00+08:00",
        "2026-03-10T09:00:00+08:00",
        requester="citizen",
        answered=True,
    ),  # late
    t("M3", "市住建局", "2026-03-02T10:00:00+08:00", None, requester="citizen"),  # open, breached
    t(
        "M4",
        "市住建局",
        "2026-03-02T10:00:00+08:00",
        "2026-03-20T10:00:00+08:00",
        requester="enterprise",
        answered=True,
    ),  # on time
    t(
        "M5",
        "市城管局",
        "2026-04-01T10:00:00+08:00",
        "2026-04-03T10:00:00+08:00",
        requester="citizen",
        answered=True,
    ),  # on time
]


def lines(tickets: list[dict[str, Any]], bad_at: int | None = None) -> list[str]:
    out = [json.dumps(x, ensure_ascii=False) for x in tickets]
    if bad_at is not None:
        out.insert(
            bad_at, '{"id": "BAD", "events": [{"type": "received", "at": "2026-03-02T09:00:00"}]}'
        )
    return out


def test_kpis_per_unit_and_month_by_hand() -> None:
    result = audit(iter_jsonl(lines(MOUSHI, bad_at=2)), engine("moushi"), as_of=AS_OF)
    # nothing lost: 6 rows = 5 evaluated + 1 rejected (the naive timestamp on line 3)
    assert (result.rows_read, result.tickets_evaluated, len(result.rejected)) == (6, 5, 1)
    assert result.rejected[0].line == 3 and result.rejected[0].ticket_id == "BAD"
    units = {(u, p): up for (u, p), up in result.units.items()}
    zj = units[("市住建局", "2026-03")]
    assert zj.tickets == 4
    # 按时办结率 (本配置口径: 按时办结 / (已办结 + 已过期限未办结)): M1, M4 on time; M2 late;
    # M3 past its due and not completed counts below the line (issue 14)
    kpi = zj.kpis["kpi.on_time_completion"]
    assert (kpi.numerator, kpi.denominator) == (2, 4)
    assert zj.findings["deadline.breached"] == 2  # M2 (late) and M3 (still open)
    # M3: overdue and not completed (第八条第（一）项) and may be referred (第八条首句);
    # M2: completed late, may be referred (第八条首句, supervision.referral)
    assert zj.findings["supervision.triggered"] == 3
    cg = units[("市城管局", "2026-04")]
    assert (
        cg.kpis["kpi.on_time_completion"].numerator,
        cg.kpis["kpi.on_time_completion"].denominator,
    ) == (1, 1)


def test_period_filter_counts_what_it_leaves_out() -> None:
    result = audit(iter_jsonl(lines(MOUSHI)), engine("moushi"), as_of=AS_OF, period="2026-03")
    assert (result.rows_read, result.tickets_evaluated, result.outside_period) == (5, 4, 1)
    assert {u for u, _ in result.units} == {"市住建局"}


def test_thresholds_per_unit_and_month() -> None:
    # 海口: 一个月之内被列为黑榜办件2次的 -> 从重问责 (threshold 2 per month)
    tickets = [
        t("H1", "水务局", "2026-03-02T10:00:00+08:00", tags=["blacklisted"]),
        t("H2", "水务局", "2026-03-20T10:00:00+08:00", tags=["blacklisted"]),
        t("H3", "公安局", "2026-03-05T10:00:00+08:00", tags=["blacklisted"]),
        t("H4", "公安局", "2026-04-05T10:00:00+08:00", tags=["blacklisted"]),
        t("H5", "水务局", "2026-03-21T10:00:00+08:00"),
    ]
    result = audit(iter_jsonl(lines(tickets)), engine("haikou"), as_of=AS_OF)
    fired = [
        (f.rule_id, f.unit, f.period, f.count) for f in result.fired if "blacklisted" in f.rule_id
    ]
    # 水务局 twice in March fires; 公安局 once in March and once in April does not
    assert fired == [("circumstance.aggravated.blacklisted_monthly", "水务局", "2026-03", 2)]
    f = next(f for f in result.fired if f.unit == "水务局" and "blacklisted" in f.rule_id)
    assert f.tier == "aggravated" and f.threshold == 2 and set(f.tickets) == {"H1", "H2"}


def _write(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_cli_json_csv_and_strict(tmp_path: Path) -> None:
    path = _write(tmp_path, lines(MOUSHI, bad_at=0))
    args = ["audit", str(path), "-p", "moushi", "--as-of", "2026-06-30T00:00:00+08:00"]
    result = CliRunner().invoke(app, [*args, "-f", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["rows_read"] == 6 and data["rows_rejected"] == 1 and data["tickets_evaluated"] == 5
    assert data["rejected"][0]["line"] == 1
    assert data["profile_sha256"] and data["calendar"]["holidays"]
    result = CliRunner().invoke(app, [*args, "-f", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    row = next(r for r in rows if r["unit"] == "市住建局")
    assert (row["kpi.on_time_completion.numerator"], row["kpi.on_time_completion.denominator"]) == (
        "2",
        "4",
    )
    assert CliRunner().invoke(app, [*args, "--strict"]).exit_code == 2


def test_no_personal_data_in_any_output(tmp_path: Path) -> None:
    ticket = t("P1", "市住建局", "2026-03-02T10:00:00+08:00", requester="citizen")
    ticket["personal"] = {"name": "张三", "phone": "13800000000", "address": "某路1号"}
    path = _write(tmp_path, lines([ticket]))
    for fmt in ("text", "json", "csv"):
        out = CliRunner().invoke(app, ["audit", str(path), "-p", "moushi", "-f", fmt]).stdout
        assert "张三" not in out and "13800000000" not in out and "某路1号" not in out


def test_html_report_is_self_contained(tmp_path: Path) -> None:
    path = _write(tmp_path, lines(MOUSHI, bad_at=1))
    report = tmp_path / "report.html"
    result = CliRunner().invoke(
        app,
        [
            "audit",
            str(path),
            "-p",
            "moushi",
            "--as-of",
            "2026-06-30T00:00:00+08:00",
            "--html",
            str(report),
            "-q",
        ],
    )
    assert result.exit_code == 0
    html = report.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>")
    assert "<svg" in html and "按时办结率" in html and "市住建局" in html
    assert "第七条" in html  # the article behind the breached clocks in the timelines
    assert (
        "http://" not in html and "https://" not in html and "<script" not in html
    )  # nothing fetched
    assert ">M2</h4>" in html and ">M3</h4>" in html  # timelines of the flagged tickets
    assert "无法读取的行" in html


def test_demo_is_deterministic_and_audit_never_shows_its_personal_data(tmp_path: Path) -> None:
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    for path in (a, b):
        result = CliRunner().invoke(
            app, ["demo", "-p", "haikou", "-n", "200", "--seed", "7", "-o", str(path)]
        )
        assert result.exit_code == 0
    assert a.read_bytes() == b.read_bytes()
    rows = [json.loads(line) for line in a.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 200 and all(r["personal"]["name"] for r in rows)
    names = {r["personal"]["name"] for r in rows} | {r["personal"]["phone"] for r in rows}
    report = tmp_path / "r.html"
    args = ["audit", str(a), "-p", "haikou", "--as-of", "2026-12-31T00:00:00+08:00", "-q"]
    outputs = [
        CliRunner().invoke(app, [*args, "-f", f, "--html", str(report)]).stdout
        for f in ("text", "json", "csv")
    ]
    outputs.append(report.read_text(encoding="utf-8"))
    for out in outputs:
        assert not any(name in out for name in names)


def test_bundled_demo_exports_cover_every_kpi_and_some_accountability() -> None:
    root = Path(__file__).resolve().parent.parent / "examples" / "exports"
    for name in ("gaoling", "haikou", "hebi", "moushi", "qingpu_water"):
        with (root / f"{name}.jsonl").open(encoding="utf-8") as handle:
            result = audit(
                iter_jsonl(handle),
                engine(name),
                as_of=datetime.fromisoformat("2026-12-31T00:00:00+08:00"),
            )
        assert result.tickets_evaluated == 2000 and not result.rejected
        gaps = kpi_gaps(engine(name).profile)  # not computable: never tallied (haikou, issue 14)
        for kpi in engine(name).profile.kpis:
            if kpi.id in gaps:
                assert all(kpi.id not in up.kpis for up in result.units.values()), kpi.id
                continue
            assert any(
                kpi.id in up.kpis and up.kpis[kpi.id].denominator for up in result.units.values()
            ), kpi.id
    haikou = audit(
        iter_jsonl((root / "haikou.jsonl").read_text(encoding="utf-8").splitlines()),
        engine("haikou"),
        as_of=datetime.fromisoformat("2026-12-31T00:00:00+08:00"),
    )
    # calibrated to a real ledger (issue 15): a few circumstances fire, far fewer than tickets
    assert 0 < len(haikou.fired) < haikou.tickets_evaluated / 100


def test_personal_data_only_when_asked(tmp_path: Path) -> None:
    ticket = t("P9", "市住建局", "2026-03-02T10:00:00+08:00", requester="citizen")
    ticket["personal"] = {"name": "李四", "phone": "13900000000"}
    path = _write(tmp_path, lines([ticket]))
    args = [
        "audit",
        str(path),
        "-p",
        "moushi",
        "--as-of",
        "2026-06-30T00:00:00+08:00",
        "-f",
        "json",
        "-q",
    ]
    plain = json.loads(CliRunner().invoke(app, args).stdout)
    assert "李四" not in json.dumps(plain, ensure_ascii=False)
    shown = json.loads(CliRunner().invoke(app, [*args, "--include-personal-data"]).stdout)
    assert shown["personal_data_of_flagged_tickets"] == {
        "P9": {"name": "李四", "phone": "13900000000"}
    }
    # the office's duties are counted per rule: P9 is overdue and open -> 第八条第（一）项
    assert plain["duties"]["supervision.overdue"]["count"] == 1


def test_each_ticket_is_counted_by_the_version_that_judged_it(tmp_path: Path) -> None:
    """A KPI redefined by a new version: tickets received before it count by the old definition."""
    from hotline_rules.audit.auditor import Auditor
    from hotline_rules.engine.engine import Engine
    from hotline_rules.engine.ticket import parse_ticket
    from hotline_rules.profile.registry import Registry

    src = Path(__file__).resolve().parents[1] / "examples" / "versions"
    base = (src / "sample_city.yaml").read_text(encoding="utf-8")
    base += (
        "kpis:\n"
        "  - id: kpi.complaints\n"
        "    name_zh: 投诉占比\n"
        "    name_en: share of complaints\n"
        "    numerator: {kind: complaint}\n"
        "    denominator: {}\n"
        "    cite: {article: 第九条, text: 投诉占比}\n"
    )
    (tmp_path / "sample_city.yaml").write_text(base, encoding="utf-8")
    revised = (src / "sample_city@2026-07-01.yaml").read_text(encoding="utf-8")
    revised += "  kpis:\n    kpi.complaints:\n      numerator: {kind: [complaint, report]}\n"
    (tmp_path / "sample_city@2026-07-01.yaml").write_text(revised, encoding="utf-8")
    versions = Registry([tmp_path], bundled=False, plugins=False).versions("sample_city")
    eng = Engine(versions)
    auditor = Auditor(eng, as_of=datetime.fromisoformat("2026-08-31T00:00:00+08:00"))
    for n, (day, kind) in enumerate(
        [("06-29", "report"), ("06-30", "report"), ("07-01", "report"), ("07-02", "help")]
    ):
        auditor.add(
            parse_ticket(
                {
                    "id": f"T{n}",
                    "kind": kind,
                    "events": [
                        {"type": "received", "at": f"2026-{day}T09:00:00+08:00"},
                        {"type": "dispatched", "at": f"2026-{day}T10:00:00+08:00", "unit": "局"},
                    ],
                }
            )
        )
    units = auditor.finish().units
    june, july = (
        units[("局", "2026-06")].kpis["kpi.complaints"],
        units[("局", "2026-07")].kpis["kpi.complaints"],
    )
    # June, old definition: reports are not complaints -> 0/2 (the revised one would say 2/2)
    assert (june.numerator, june.denominator) == (0, 2)
    # July, revised definition: the report counts, the help does not -> 1/2
    assert (july.numerator, july.denominator) == (1, 2)


def test_trend_chart_scale_and_month_labels() -> None:
    """The month chart's scale tops a little above the highest month, and month labels never crowd."""
    from hotline_rules.audit.report import _line_chart as line_chart

    svg = line_chart("t", [("2026-01", 0.1), ("2026-02", 0.2)])
    assert ">25%<" in svg and ">0%<" in svg  # 0.2 x 1.25
    months = [(f"{2025 + i // 12}-{i % 12 + 1:02d}", 0.1) for i in range(24)]
    labels = [m[2:] for m, _ in months]
    shown = [label for label in labels if f">{label}<" in line_chart("t", months)]
    assert shown == labels[0::2]  # every other month; the 24th would crowd the 23rd
