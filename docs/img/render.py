"""Render the bundled demo report in headless Chromium: screenshots for the docs, console errors.

Run from the repository root (Debian: ``apt-get install chromium poppler-utils``)::

    .venv/bin/python docs/img/render.py            # writes docs/img/audit-report-haikou*.png
    .venv/bin/python docs/img/render.py --check    # only render and report console errors

It audits ``examples/exports/haikou.jsonl`` (as of 2026-12-31, the README's command) into an
HTML report, then

- takes a screenshot at desktop width (1280 px): ``audit-report-haikou.png``;
- prints it to PDF on A4 with the report's print stylesheet, and turns the first pages into
  PNGs (``pdftoppm``): ``audit-report-haikou-a4-1.png``, ``-a4-2.png``;
- lists every message Chromium's console logged (a script error, a resource that failed to
  load); the report has no script and loads nothing, so there must be none. Exit 1 if there are.

Why Chromium's command line and not a browser driver: Debian ships Chromium, and its headless
mode takes screenshots, prints PDFs and logs the console by itself, so nothing else is installed.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
EXPORT = ROOT / "examples" / "exports" / "haikou.jsonl"
AS_OF = "2026-12-31T00:00:00+08:00"
DESKTOP = (1280, 1800)
A4_PAGES = 2
_CONSOLE = re.compile(r":CONSOLE[:(]|Uncaught|net::ERR_")


def chromium() -> str | None:
    """The Chromium executable, if one is installed."""
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def write_report(directory: Path) -> Path:
    """The demo audit's HTML report, written by the command line as a user would."""
    html = directory / "report.html"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "hotline_rules",
            "audit",
            str(EXPORT),
            "--profile",
            "haikou",
            "--as-of",
            AS_OF,
            "--html",
            str(html),
            "--quiet",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    return html


def _run(browser: str, page: Path, *args: str) -> list[str]:
    """Run headless Chromium on ``page``; the console messages it logged."""
    done = subprocess.run(
        [
            browser,
            "--headless=new",
            "--no-sandbox",  # as root in a container; the page is our own file
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
            *args,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"chromium failed ({done.returncode}): {done.stderr[-800:]}")
    return [line for line in done.stderr.splitlines() if _CONSOLE.search(line)]


def render(page: Path, out: Path, *, screenshots: bool = True) -> list[str]:
    """Screenshots of ``page`` into ``out`` (desktop and A4 print); the console messages."""
    browser = chromium()
    if browser is None:
        raise RuntimeError("Chromium is not installed (Debian: apt-get install chromium)")
    with tempfile.TemporaryDirectory() as tmp:
        shot = out / "audit-report-haikou.png" if screenshots else Path(tmp) / "shot.png"
        messages = _run(
            browser, page, f"--window-size={DESKTOP[0]},{DESKTOP[1]}", f"--screenshot={shot}"
        )
        pdf = Path(tmp) / "report.pdf"
        messages += _run(browser, page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
        if screenshots:
            if shutil.which("pdftoppm") is None:
                raise RuntimeError(
                    "pdftoppm is not installed (Debian: apt-get install poppler-utils)"
                )
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "80",
                    "-f",
                    "1",
                    "-l",
                    str(A4_PAGES),
                    str(pdf),
                    str(out / "audit-report-haikou-a4"),
                ],
                check=True,
            )
            for n in range(1, A4_PAGES + 1):  # pdftoppm numbers pages 1 or 01 by their count
                for name in (
                    f"audit-report-haikou-a4-{n:02d}.png",
                    f"audit-report-haikou-a4-0{n}.png",
                ):
                    made = out / name
                    if made.exists():
                        made.replace(out / f"audit-report-haikou-a4-{n}.png")
    return messages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="no screenshots, console only")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        page = write_report(Path(tmp))
        messages = render(page, OUT, screenshots=not args.check)
    for line in messages:
        print(f"console: {line}")
    if not args.check:
        print(f"wrote {OUT / 'audit-report-haikou.png'} and the A4 pages beside it")
    print(f"{len(messages)} console message(s)")
    return 1 if messages else 0


if __name__ == "__main__":
    sys.exit(main())
