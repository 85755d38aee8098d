"""JUnit XML for CI dashboards: one ``<testsuite>`` per suite file, one ``<testcase>`` per case.

A suite that cannot be loaded appears as a suite with one erroring case, so a
dashboard never shows a broken file as green or as absent.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from hotline_rules.errors import HotlineRulesError
from hotline_rules.suites.report import case_text, shown_path
from hotline_rules.suites.runner import Status, SuiteResult


def junit_xml(
    results: Sequence[SuiteResult], errors: Sequence[tuple[Path, HotlineRulesError]] = ()
) -> str:
    """The JUnit XML document of a run."""
    root = ET.Element("testsuites", name="hotline-rules test")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for sr in results:
        counts = {
            "tests": len(sr.results),
            "failures": sr.count(Status.FAILED),
            "errors": sr.count(Status.ERROR),
            "skipped": sr.count(Status.SKIPPED),
        }
        suite = ET.SubElement(
            root,
            "testsuite",
            {"name": sr.suite.name, "file": shown_path(sr.suite.path)}
            | {k: str(v) for k, v in counts.items()},
        )
        profile_id = sr.suite.profile.profile.meta.id
        for r in sr.results:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=f"{profile_id}.{sr.suite.path.name}",
                name=r.case.name,
                file=shown_path(r.case.file),
                line=str(r.case.line),
            )
            if r.status is Status.SKIPPED:
                ET.SubElement(case, "skipped", message=r.skip_reason or "")
            elif r.status is Status.FAILED:
                first = r.mismatches[0]
                message = (
                    f"{first.subject} {first.field}: expected {first.expected}, got {first.actual}"
                )
                ET.SubElement(case, "failure", message=message).text = case_text(r)
            elif r.status is Status.ERROR:
                ET.SubElement(case, "error", message="engine error").text = case_text(r)
        for k, v in counts.items():
            totals[k] += v
    for path, exc in errors:
        suite = ET.SubElement(
            root,
            "testsuite",
            name=path.name,
            file=shown_path(path),
            tests="1",
            failures="0",
            errors="1",
            skipped="0",
        )
        case = ET.SubElement(suite, "testcase", classname=path.name, name="load")
        ET.SubElement(case, "error", message=f"[{exc.code}] {exc.message_en}").text = exc.render()
        totals["tests"] += 1
        totals["errors"] += 1
    for k, v in totals.items():
        root.set(k, str(v))
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


__all__ = ["junit_xml"]
