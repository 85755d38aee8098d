"""Replay of the v1 language: the five seed profiles as they were before language v2, judged again.

``tests/data/lang_v1/profiles/`` holds the five profiles exactly as they stood at commit c7d30bb
(the last commit before language v2); ``tests/data/lang_v1/golden.json`` holds what that commit's
engine and audit made of the demo exports and the example work orders. ``test_lang_v2_replay``
runs today's code over the same inputs and compares: every v1 profile must keep its verdicts.

Regenerate only at a commit whose verdicts are known to be right::

    .venv/bin/python -m tests.lang_v1_replay   # writes tests/data/lang_v1/golden.json
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "lang_v1"
PROFILES = DATA / "profiles"
GOLDEN = DATA / "golden.json"
EXPORTS = DATA / "exports"
"""The demo exports as of c7d30bb (``examples/exports`` has since been recalibrated, issue 15)."""
NAMES = ("gaoling", "haikou", "hebi", "moushi", "qingpu_water")
AS_OF = datetime.fromisoformat("2026-12-31T00:00:00+08:00")

V1_FACTS = (
    "kind",
    "urgency",
    "complexity",
    "channel",
    "requester",
    "handling",
    "tags",
    "repeat_count",
    "satisfaction",
    "returns",
    "return_requests",
    "redispatches",
    "extensions",
    "breached",
    "overdue",
    "overdue_unexcused",
    "completed",
    "reported",
    "supervised",
    "first_contact_late",
    "sign_for_late",
    "in_time_limit",
)
"""The facts v1 derived: a later language may add facts, never change these."""


def _digest(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def verdict(evaluation: Any) -> dict[str, Any]:
    """What a v1 test could see of one evaluation: clocks, findings and the v1 facts."""
    d = evaluation.to_dict()
    facts = d["facts"]
    return {
        "clocks": d["clocks"],
        "findings": d["findings"],
        "facts": {k: facts.get(k) for k in V1_FACTS},
    }


def _tickets(name: str) -> Iterator[tuple[str, Any]]:
    from hotline_rules.engine.ticket import iter_jsonl, load_ticket_file

    for path in sorted(EXPORTS.glob(f"{name}*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for i, item in enumerate(iter_jsonl(handle)):
                if hasattr(item, "events"):
                    yield f"{path.name}:{i}", item
    for path in sorted((ROOT / "examples" / "tickets").glob(f"{name}*.json")):
        if path.name.endswith(".expected.json"):
            continue
        yield path.name, load_ticket_file(path)


def compute() -> dict[str, Any]:
    """Every verdict digest and every audit of the v1 profiles, by today's code."""
    from hotline_rules.audit.auditor import audit
    from hotline_rules.engine.engine import Engine
    from hotline_rules.engine.ticket import iter_jsonl
    from hotline_rules.profile.loader import load_profile_file

    out: dict[str, Any] = {}
    for name in NAMES:
        engine = Engine(load_profile_file(PROFILES / f"{name}.yaml"))
        tickets = {key: _digest(verdict(engine.evaluate(t, AS_OF))) for key, t in _tickets(name)}
        audits = {}
        for path in sorted(EXPORTS.glob(f"{name}*.jsonl")):
            with path.open(encoding="utf-8") as handle:
                result = audit(iter_jsonl(handle), engine, as_of=AS_OF).to_dict()
            audits[path.name] = {
                "units": result.get("units"),
                "accountability": result.get("accountability"),
                "duties": result.get("duties"),
                "tickets_evaluated": result.get("tickets_evaluated"),
                "rows_rejected": result.get("rows_rejected"),
            }
        out[name] = {"tickets": tickets, "audits": audits}
    return out


if __name__ == "__main__":
    GOLDEN.write_text(
        json.dumps(compute(), ensure_ascii=False, sort_keys=True, indent=1) + "\n",
        encoding="utf-8",
    )
    print(f"wrote {GOLDEN}")
