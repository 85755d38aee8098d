"""The HTML report (issue 15): every KPI charted, ranked, cited, linked, valid, printable, offline.

Validity is checked with HTML Tidy (Debian's ``tidy``: no error and no warning), the browser
check with headless Chromium (``docs/img/render.py --check``: no console message); both skip
with the reason when the tool is not installed (``.ci/run`` installs them).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from typer.testing import CliRunner

from engine_support import engine
from hotline_rules.audit.summary import gaps_of
from hotline_rules.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = ROOT / "examples" / "exports"
AS_OF = "2026-12-31T00:00:00+08:00"
NAMES = ("gaoling", "haikou", "hebi", "moushi", "qingpu_water")


@cache
def report(name: str) -> str:
    """The HTML report of a bundled demo export (made once per profile per session)."""
    import tempfile

    with tempfile.TemporaryDirectory() as directory:
        out = Path(directory) / "report.html"
        result = CliRunner().invoke(
            app,
            [
                "audit",
                str(EXPORTS / f"{name}.jsonl"),
                "-p",
                name,
                "--as-of",
                AS_OF,
                "-q",
                "--html",
                str(out),
                "-f",
                "json",
            ],
        )
        assert result.exit_code == 0, result.output
        return out.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", NAMES)
def test_every_kpi_the_profile_defines_is_charted_per_unit_and_per_month(name: str) -> None:
    page = report(name)
    profile = engine(name).profile
    gaps = gaps_of(profile)
    for kpi in profile.kpis:
        assert f"<h3>{kpi.name_zh}</h3>" in page
        if kpi.id in gaps:  # not computable: said, never charted as 0% or 100%
            assert gaps[kpi.id][0] in page
            assert f"aria-label='{kpi.name_zh}（按单位" not in page
            continue
        assert f"aria-label='{kpi.name_zh}（按单位，差者在上）'" in page
        assert f"aria-label='{kpi.name_zh}（按月，全部单位）'" in page
        assert kpi.cite.label() in page  # the figure's article


@pytest.mark.parametrize("name", NAMES)
def test_self_contained_chinese_names_and_links_that_land(name: str) -> None:
    page = report(name)
    for banned in ("http://", "https://", "<script", "<link", "@import", "url("):
        assert banned not in page, banned
    # circumstances and duties are named by their article's words, never by a rule id
    assert "circumstance." not in page and "supervision." not in page
    ids = set(re.findall(r"id='([^']+)'", page))
    for target in re.findall(r"href='#([^']+)'", page):
        assert target in ids, target
    assert "@page{size:A4" in page and "@media print" in page


def test_times_are_in_the_profile_zone_with_their_offset() -> None:
    page = report("haikou")
    assert "评估时刻 2026-12-31 00:00+08:00" in page
    timelines = re.findall(r"<pre class='timeline'>(.*?)</pre>", page, re.S)
    assert timelines
    for text in timelines:
        for stamp in re.findall(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?:[+-]\d{2}:\d{2})?", text):
            assert re.search(r"[+-]\d{2}:\d{2}$", stamp), stamp


def test_ranking_links_each_unit_to_its_problem_tickets() -> None:
    page = report("gaoling")
    ranking = page.split("<section id='ranking'>", 1)[1].split("</section>", 1)[0]
    anchors = re.findall(r"<a href='#(u\d+)'>([^<]+)</a>", ranking)
    assert len(anchors) >= 10
    tickets = page.split("<section id='tickets'", 1)[1]
    for anchor, unit in anchors:
        assert f"<h3 id='{anchor}'>{unit}</h3>" in tickets


def test_no_personal_data_in_the_report() -> None:
    import json

    page = report("hebi")
    for line in (EXPORTS / "hebi.jsonl").read_text(encoding="utf-8").splitlines()[:300]:
        personal = json.loads(line)["personal"]
        assert personal["phone"] not in page


@pytest.mark.skipif(
    shutil.which("tidy") is None, reason="HTML Tidy is not installed (apt-get install tidy)"
)
@pytest.mark.parametrize("name", ["haikou", "gaoling"])
def test_the_report_passes_html_tidy(name: str, tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_text(report(name), encoding="utf-8")
    done = subprocess.run(
        ["tidy", "-q", "-e", "-utf8", str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr  # 1: warnings, 2: errors


@pytest.mark.skipif(
    not any(shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome")),
    reason="Chromium is not installed (apt-get install chromium)",
)
def test_headless_chromium_logs_no_console_message() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "img" / "render.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 console message(s)" in done.stdout


def test_the_screenshots_are_in_docs() -> None:
    """Regenerated by docs/img/render.py; docs/zh/audit.md shows them."""
    doc = (ROOT / "docs" / "zh" / "audit.md").read_text(encoding="utf-8")
    for name in ("audit-report-haikou.png", "audit-report-haikou-a4-1.png"):
        assert (ROOT / "docs" / "img" / name).stat().st_size > 10_000
        assert f"../img/{name}" in doc


def test_the_platform_check_and_a_snapshot_are_told_in_the_report(tmp_path: Path) -> None:
    """The wide example export carries the platform's own deadlines and was made weeks before
    the as-of: the director reads both in the report, not only in the terminal."""
    out = tmp_path / "wide.html"
    result = CliRunner().invoke(
        app,
        [
            "audit",
            str(ROOT / "examples/exports/wide.xlsx"),
            "-p",
            "moushi",
            "--mapping",
            str(ROOT / "examples/exports/wide-mapping.yaml"),
            "--as-of",
            "2026-12-31T00:00:00+08:00",
            "--html",
            str(out),
        ],
    )
    assert result.exit_code in (0, 5), result.output
    text = out.read_text(encoding="utf-8")
    assert re.search(r"平台截止时间：核对 \d+ 张，与本办法不一致 \d+ 张", text)
    assert "这份导出像是某一时刻的快照" in text
    # a demo export has no platform deadlines and runs up to the as-of: neither sentence
    plain = report("haikou")
    assert "平台截止时间" not in plain and "快照" not in plain


def _against(page: str) -> str:
    return page.split("<section id='against'>", 1)[1].split("</section>", 1)[0]


@pytest.mark.parametrize("name", ["haikou", "hebi"])
def test_each_kpi_figure_leads_to_the_tickets_against_it_and_their_timelines(name: str) -> None:
    """Overall and per unit, a KPI's rate links to its row of 指标背后的工单; that row names the
    first few ticket ids, each linked to its timeline, and puts the rest behind their count."""
    from hotline_rules.audit.summary import KPI_SHOWN, PER_UNIT

    page = report(name)
    section = _against(page)
    rows = dict(re.findall(r"<tr id='(f\d+)'>(.*?)</tr>", section, re.S))
    assert rows
    kpis = page.split("<section id='kpis'>", 1)[1].split("</section>", 1)[0]
    ranking = page.split("<section id='ranking'>", 1)[1].split("</section>", 1)[0]
    overall = re.findall(r"<a class='rate' href='#(f\d+)'", kpis)
    per_unit = re.findall(r"<a class='rate' href='#(f\d+)'", ranking)
    assert overall and len(per_unit) > len(overall)
    timelines = set(re.findall(r"<h4 id='(t\d+)'>", page))
    for target in overall + per_unit:
        row = rows[target]  # every figure's link lands on its row
        inline = row.split("<td class='ids'>", 1)[1].split("<details>", 1)[0].removesuffix("</td>")
        links = re.findall(r"<a href='#(t\d+)'>", inline)
        assert 1 <= len(links) <= (KPI_SHOWN if target in overall else PER_UNIT), row
        assert re.sub(r"<a [^>]*>[^<]*</a>|、|\s", "", inline) == "", row  # no id without a link
        assert set(links) <= timelines, row
        count = int(re.findall(r"<td class='num'>(\d+)</td>", row)[-1])
        if count > len(links):
            assert f"<summary>另 {count - len(links)} 张</summary>" in row
        else:
            assert "<details>" not in row


def test_the_tickets_section_says_where_the_full_list_is() -> None:
    """Only the smallest ids are kept; the section points to --tickets and the column that
    holds every order against a figure (the column's name is the one ticket_lines writes)."""
    from hotline_rules.audit.ticket_lines import CSV_COLUMNS

    section = _against(report("haikou"))
    assert "--tickets" in section
    assert "kpis_against" in CSV_COLUMNS and "<code>kpis_against</code>" in section


def test_a_rate_where_lower_is_better_lists_the_tickets_in_its_numerator() -> None:
    """重复办件率 (higher_is_better: false): the tickets that push it up are the repeats."""
    page = report("haikou")
    section = _against(page)
    assert "<h3>重复办件率：计入分子的工单（推高比率）</h3>" in section
    assert "<h3>即时答复率：分母中未计入分子的工单（拉低比率）</h3>" in section
    kpis = page.split("<section id='kpis'>", 1)[1].split("</section>", 1)[0]
    assert re.search(r"<a class='against' href='#f\d+'>推高比率的 129 张 ›</a>", kpis)
    # a KPI the profile cannot compute links to nothing
    assert "按时办结率：" not in section


def test_a_merged_result_links_its_figures_and_never_to_nowhere(tmp_path: Path) -> None:
    """``hotline-rules merge --html`` has no timelines: figures still lead to the tickets against
    them (ids as text), unit names are not links; a part saved before tallies kept tickets
    merges, and its tickets are simply not listed."""
    import json

    lines = (EXPORTS / "haikou.jsonl").read_text(encoding="utf-8").splitlines()
    parts = []
    for name, chunk in (("a", lines[:1000]), ("b", lines[1000:])):
        export = tmp_path / f"{name}.jsonl"
        export.write_text("\n".join(chunk) + "\n", encoding="utf-8")
        out = CliRunner().invoke(
            app, ["audit", str(export), "-p", "haikou", "--as-of", AS_OF, "-q", "-f", "json"]
        )
        assert out.exit_code == 0, out.output
        data = json.loads(out.stdout)
        if name == "a":  # as an older version saved it
            for unit in data["units"]:
                for tally in unit["kpis"].values():
                    del tally["against"]
        parts.append(tmp_path / f"{name}.json")
        parts[-1].write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    html = tmp_path / "merged.html"
    done = CliRunner().invoke(app, ["merge", *map(str, parts), "--html", str(html)])
    assert done.exit_code == 0, done.output
    page = html.read_text(encoding="utf-8")
    ids = set(re.findall(r"id='([^']+)'", page))
    for target in re.findall(r"href='#([^']+)'", page):
        assert target in ids, target
    section = _against(page)
    assert "本报告没有附工单经过" in section and "<a href='#t" not in section
    second_half = {json.loads(x)["id"] for x in lines[1000:]}
    listed = set(re.findall(r"haikou-\d+", section))
    assert listed and listed <= second_half
