"""The PySpark adapter gives what ``hotline-rules audit`` gives, on a local[2] Spark.

A small export is read in several partitions (small blocks), with a bad line, a blank line and an
id repeated in another partition, so the line numbers, the rejected rows and the duplicate all
cross partition boundaries. Needs Java 17 (skipped, saying so, where there is no ``java``);
pyspark comes with the ``test`` extra. One Spark session for the module: its start is most of
the time (about 10-40 s, the JVM).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from hotline_rules.audit.auditor import Auditor, AuditResult
from hotline_rules.audit.demo import demo_tickets
from hotline_rules.audit.exports import open_export
from hotline_rules.engine.engine import Engine
from hotline_rules.profile import load_profile

AS_OF = datetime.fromisoformat("2026-06-30T00:00:00+08:00")
PROFILE = "haikou"

pytestmark = pytest.mark.skipif(
    shutil.which("java") is None and not os.environ.get("JAVA_HOME"),
    reason="Spark needs Java (17): no java on PATH and no JAVA_HOME",
)


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # executors run this interpreter
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("hotline-rules-test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.sql.files.maxPartitionBytes", str(40 * 1024))  # several partitions
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def write_export(path: Path, *, bad: bool) -> Path:
    profile = load_profile(PROFILE).profile
    lines = [json.dumps(data, ensure_ascii=False) for data, _ in demo_tickets(profile, 120, seed=5)]
    if bad:
        lines.insert(40, "{not json")
        lines.insert(41, "")
    lines.append(lines[3])  # an id of the first partition again, in the last
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def cli_result(path: Path) -> AuditResult:
    """What ``hotline-rules audit`` counts (its Auditor over its reader)."""
    auditor = Auditor(Engine(PROFILE), as_of=AS_OF, source=str(path))
    with open_export(path) as reader:
        for item in reader:
            auditor.feed(item, reader.line)
    return auditor.finish()


def test_json_lines_text_gives_the_cli_result(spark: Any, tmp_path: Path) -> None:
    from hotline_rules import spark as hotline_spark

    path = write_export(tmp_path / "export.jsonl", bad=True)
    df = spark.read.text(str(path))
    assert df.rdd.getNumPartitions() >= 3
    got = hotline_spark.audit(df, PROFILE, AS_OF)
    want = cli_result(path)
    want.source_format = "jsonl"
    assert got.to_dict() == want.to_dict()
    assert got.rejected_by_code == {"record.json_invalid": 1, "record.duplicate_id": 1}
    assert [r.line for r in got.rejected] == [41, 123]


def test_ticket_columns_give_the_cli_counts(spark: Any, tmp_path: Path) -> None:
    """One ticket per row, in columns (``spark.read.json``): the row number is the line."""
    from hotline_rules import spark as hotline_spark

    path = write_export(tmp_path / "export.jsonl", bad=False)
    got = hotline_spark.audit(spark.read.json(str(path)), PROFILE, AS_OF)
    want = cli_result(path)
    mine, theirs = got.to_dict(), want.to_dict()
    for key in ("format", "rejected", "rejected_by_source"):  # no file: no source named
        mine.pop(key), theirs.pop(key)
    assert mine == theirs
    assert [(r.line, r.code, r.source) for r in got.rejected] == [
        (121, "record.duplicate_id", None)
    ]
