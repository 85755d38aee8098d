# ruff: noqa: E402  (the sys.path fix below must run before any other import)
"""Benchmark of the export readers: JSON Lines, CSV long, CSV wide and xlsx, side by side.

Run from the repository root:  python bench/exports.py [--rows 20000] [--repeat 3] [--memory]

(Issue 18 asked for these figures in bench/audit.py; that file belongs to the audit's own
benchmark, so the readers have theirs here.) It makes ``--rows`` orders of the demo platform
export (``audit/export_demo.py``), written four ways holding the same orders:

- ``wide.csv``: one row per order, GB18030 with a title row, as a Chinese office's Excel saves it;
- ``wide.xlsx``: the same rows as a workbook (openpyxl, write-only), read by python-calamine and
  again by openpyxl in read-only mode (the streaming fallback for sheets too big to hold);
- ``long.csv``: one row per event (UTF-8), read through a column mapping;
- ``tickets.jsonl``: the tickets themselves, JSON Lines.

For each it times, in CPU seconds (``time.process_time``; the best of ``--repeat`` runs, the
formats alternating, so a busy machine's noise hits them alike):

- **the file alone**: what any program must pay to get the rows out of the file, and no more:
  ``json.loads`` of each line of the JSON Lines file; ``csv.reader`` over the decoded CSV; python-calamine's
  ``iter_rows`` over the sheet (unzip and XML parse included), or openpyxl's;
- **the reader**: ``open_export`` with the mapping, every row becoming a ``Ticket``, ``Rejected``
  or ``Skipped`` (times parsed, values mapped, tickets validated).

It prints rows per second of each, the reader's cost as a ratio to the file alone, and the
target of issue 18: reading the xlsx costs at most 2x reading the same rows from the wide CSV.
With ``--memory`` it also reads the xlsx at ``--rows`` and twice as many rows in fresh child
processes and prints their peak resident memory (VmHWM), calamine's and openpyxl's.

Reference run (2 cores shared by 7 busy processes, so CPU times wander by tens of percent;
three runs of 20,000 orders gave xlsx/CSV wide = 1.19x, 1.94x and 1.26x), the last one::

    format          file MiB    items  file alone   reader  orders/s reader/alone
    JSON Lines          12.7   20,000      0.272s   0.744s    26,880         2.7x
    CSV long             7.3   20,000      0.128s   1.868s    10,708        14.6x
    CSV wide             7.3   20,001      0.139s   2.469s     8,100        17.8x
    xlsx wide            3.5   20,001      1.023s   3.108s     6,434         3.0x
    xlsx (openpyxl)      3.5   20,001     17.313s  20.343s       983         1.2x
    xlsx reader / CSV wide reader = 1.26x (target <= 2x: met)

    Peak resident memory reading the xlsx (fresh process each, VmHWM):
         20,000 rows  calamine      88.6 MiB
         20,000 rows  openpyxl      47.6 MiB
         40,000 rows  calamine     143.6 MiB
         40,000 rows  openpyxl      49.7 MiB

A whole audit of 100,000 orders from one ``.xlsx`` (174 MiB of sheet XML, so streamed by
openpyxl), with ``--tickets``: peak RSS 68 MiB, 137 s of CPU.
"""

from __future__ import annotations

import os
import sys

# `python bench/exports.py` puts bench/ first on sys.path, where bench/calendar.py would
# shadow the standard library's `calendar` module (which `holidays` imports). Drop it.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

import argparse
import csv
import json
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from hotline_rules.audit import excel, export_demo
from hotline_rules.audit.exports import open_export
from hotline_rules.audit.mapping import Mapping
from hotline_rules.engine.ticket import Ticket

LONG_MAPPING = """\
columns: {工单号: id, 紧急程度: urgency, 事件: type, 时间: at, 单位: unit, 理由: reason, 长度: length}
assume_offset: "+08:00"
"""


def make(folder: Path, rows: int) -> dict[str, tuple[Path, Mapping | None]]:
    """The four files, holding the same orders."""
    data = list(export_demo.demo_rows(rows, seed=1, typed_dates=True))
    wide_csv, xlsx = folder / "wide.csv", folder / "wide.xlsx"
    export_demo.write_csv(wide_csv, data)
    export_demo.write_xlsx(xlsx, data)
    (folder / "wide.yaml").write_text(export_demo.MAPPING, encoding="utf-8")
    wide = Mapping.load(folder / "wide.yaml")
    (folder / "long.yaml").write_text(LONG_MAPPING, encoding="utf-8")
    long = Mapping.load(folder / "long.yaml")
    jsonl, long_csv = folder / "tickets.jsonl", folder / "long.csv"
    with (
        open_export(wide_csv, wide) as reader,
        jsonl.open("w", encoding="utf-8") as j,
        long_csv.open("w", encoding="utf-8", newline="") as c,
    ):
        writer = csv.writer(c)
        writer.writerow(["工单号", "紧急程度", "事件", "时间", "单位", "理由", "长度"])
        for item in reader:
            if not isinstance(item, Ticket):
                continue
            j.write(item.model_dump_json(exclude_none=True, exclude={"personal"}) + "\n")
            for e in item.events:
                writer.writerow(
                    [
                        item.id,
                        item.urgency or "",
                        e.type,
                        e.at.isoformat(),
                        e.unit or "",
                        e.reason or "",
                        str(e.length) if e.length else "",
                    ]
                )
    return {
        "JSON Lines": (jsonl, None),
        "CSV long": (long_csv, long),
        "CSV wide": (wide_csv, wide),
        "xlsx wide": (xlsx, wide),
        "xlsx (openpyxl)": (xlsx, wide),
    }


def alone(path: Path, slow: bool = False) -> int:
    """The rows of the file, and nothing more: parsed lines, ``csv.reader`` rows or calamine rows."""
    n = 0
    if path.suffix == ".jsonl":
        with path.open("rb") as f:
            for line in f:
                json.loads(line)
                n += 1
    elif path.suffix == ".csv":
        encoding = "gb18030" if path.name.startswith("wide") else "utf-8"
        with path.open(encoding=encoding, newline="") as f:
            for _ in csv.reader(f):
                n += 1
    elif slow:
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        for _ in wb.worksheets[0].iter_rows(values_only=True):
            n += 1
        wb.close()
    else:
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
        for _ in book.get_sheet_by_index(0).iter_rows():
            n += 1
        book.close()
    return n


def reader(path: Path, mapping: Mapping | None, slow: bool = False) -> int:
    """Every row through ``open_export``: tickets, rejected rows, skipped lines."""
    excel.CALAMINE_MAX_BYTES = 0 if slow else 1 << 40  # openpyxl (streaming) or calamine
    n = 0
    with open_export(path, mapping) as r:
        for item in r:
            n += 1
            if not isinstance(item, Ticket) and getattr(item, "code", None):
                raise SystemExit(f"{path.name}: a row was rejected: {item}")
    return n


def cpu(fn: Callable[[], int]) -> tuple[float, int]:
    start = time.process_time()
    n = fn()
    return time.process_time() - start, n


_CHILD = r"""
import sys, time
from pathlib import Path
from hotline_rules.audit import excel
from hotline_rules.audit.exports import open_export
from hotline_rules.audit.mapping import Mapping
path, mapping, which = Path(sys.argv[1]), Mapping.load(sys.argv[2]), sys.argv[3]
if which == "openpyxl":
    excel.CALAMINE_MAX_BYTES = 0
n = 0
with open_export(path, mapping) as r:
    for item in r:
        n += 1
    used = r._sheet.reader
peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
print(n, used, peak / 1024)
"""


def memory(folder: Path, rows: int) -> None:
    print()
    print("Peak resident memory reading the xlsx (fresh process each, VmHWM):")
    for size in (rows, 2 * rows):
        sub = folder / f"m{size}"
        sub.mkdir()
        data = export_demo.demo_rows(size, seed=2, typed_dates=True)
        export_demo.write_xlsx(sub / "wide.xlsx", data)
        (sub / "wide.yaml").write_text(export_demo.MAPPING, encoding="utf-8")
        for which in ("calamine", "openpyxl"):
            out = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    _CHILD,
                    str(sub / "wide.xlsx"),
                    str(sub / "wide.yaml"),
                    which,
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            print(f"  {size:>9,} rows  {out[1]:<9} {float(out[2]):8.1f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--memory", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(
            f"Making {args.rows:,} orders of the demo platform export in four formats ...",
            file=sys.stderr,
        )
        files = make(folder, args.rows)
        best: dict[tuple[str, str], float] = {}
        counts: dict[str, int] = {}
        for _ in range(args.repeat):
            for name, (path, mapping) in files.items():
                slow = "openpyxl" in name
                for kind, fn in (
                    ("alone", lambda p=path, s=slow: alone(p, s)),
                    ("reader", lambda p=path, m=mapping, s=slow: reader(p, m, s)),
                ):
                    seconds, n = cpu(fn)
                    key = (name, kind)
                    best[key] = min(best.get(key, float("inf")), seconds)
                    if kind == "reader":
                        counts[name] = n
        sizes = {name: path.stat().st_size for name, (path, _) in files.items()}
        print(
            f"Export readers, {args.rows:,} orders; CPU seconds, best of {args.repeat} (formats alternate; load {os.getloadavg()[0]:.1f})"
        )
        print(
            f"{'format':<15} {'file MiB':>8} {'items':>8} {'file alone':>11} {'reader':>8} {'orders/s':>9} {'reader/alone':>12}"
        )
        for name in files:
            a, r = best[(name, "alone")], best[(name, "reader")]
            print(
                f"{name:<15} {sizes[name] / 2**20:8.1f} {counts[name]:>8,} {a:10.3f}s {r:7.3f}s"
                f" {args.rows / r:9,.0f} {r / a:11.1f}x"
            )
        ratio = best[("xlsx wide", "reader")] / best[("CSV wide", "reader")]
        verdict = "met" if ratio <= 2 else "NOT met"
        print(f"xlsx reader / CSV wide reader = {ratio:.2f}x (target <= 2x: {verdict})")
        if args.memory:
            memory(folder, args.rows)
        print(json.dumps({"rows": args.rows, "xlsx_over_csv": round(ratio, 3)}), file=sys.stderr)


if __name__ == "__main__":
    main()
