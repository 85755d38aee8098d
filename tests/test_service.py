"""The HTTP service in-process: the same verdicts and errors as the CLI, limits, reload, logs.

Everything here goes through the ASGI application with starlette's test client (no socket);
``test_service_live.py`` runs a real uvicorn for concurrency, signals, schemathesis and Java.
"""

from __future__ import annotations

import json
import logging
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from openapi_spec_validator import validate
from openapi_spec_validator.validation import OpenAPIV30SpecValidator
from typer.testing import CliRunner

from hotline_rules.audit.demo import make_ticket
from hotline_rules.cli import app as cli_app
from hotline_rules.profile import load_profile
from hotline_rules.service import answers
from hotline_rules.service.app import create_app
from hotline_rules.service.guard import json_depth
from hotline_rules.service.openapi import to_303
from hotline_rules.service.profiles import ProfileSet
from hotline_rules.service.settings import Settings
from service_support import AS_OF, ROOT, example_tickets, read_json

OPENAPI_DOC = ROOT / "docs" / "en" / "openapi.json"


@pytest.fixture(scope="module")
def profiles() -> ProfileSet:
    return ProfileSet.load()


@pytest.fixture(scope="module")
def client(profiles: ProfileSet) -> TestClient:
    return TestClient(create_app(Settings(), profiles))


def cli_json(*args: str) -> Any:
    result = CliRunner().invoke(cli_app, [*args, "--format", "json"])
    return json.loads(result.stdout)


# ---- the same verdicts as the CLI ------------------------------------------------------------


@pytest.mark.parametrize(("profile", "path"), example_tickets(), ids=lambda x: str(x))
def test_check_answers_as_the_cli_does(client: TestClient, profile: str, path: Path) -> None:
    expected = cli_json("check", str(path), "--profile", profile, "--as-of", AS_OF)
    r = client.post(
        "/v1/check", json={"profile": profile, "ticket": read_json(path), "as_of": AS_OF}
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["result"] == expected
    assert body["decision_id"] == r.headers["x-decision-id"]
    assert body["profile_id"] == profile
    assert body["profile_version"] == expected["profile_version"]
    assert len(body["profile_sha256"]) == 64
    assert body["calendar"]["holidays"]
    assert body["estimated"] == any(c["estimated"] for c in expected["clocks"])


@pytest.mark.parametrize(("profile", "path"), example_tickets(), ids=lambda x: str(x))
def test_explain_answers_as_the_cli_does(client: TestClient, profile: str, path: Path) -> None:
    expected = cli_json("explain", str(path), "--profile", profile, "--as-of", AS_OF)
    r = client.post(
        "/v1/explain", json={"profile": profile, "ticket": read_json(path), "as_of": AS_OF}
    )
    assert r.status_code == 200, r.text
    assert r.json()["result"] == expected


def test_a_batch_answers_each_ticket_as_check_does(client: TestClient) -> None:
    moushi = [read_json(p) for prof, p in example_tickets() if prof == "moushi"]
    bad = {"id": "BAD-1", "events": [{"type": "received", "at": "2026-10-01T09:00:00"}]}
    r = client.post(
        "/v1/check",
        json={"profile": "moushi", "tickets": [*moushi, bad, 42], "as_of": AS_OF},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["counts"]["tickets"] == len(moushi) + 2
    assert body["counts"]["judged"] == len(moushi)
    assert body["counts"]["rejected"] == 2
    for item, ticket in zip(body["results"], moushi, strict=False):
        one = client.post(
            "/v1/check", json={"profile": "moushi", "ticket": ticket, "as_of": AS_OF}
        ).json()
        assert item["result"] == one["result"]
    naive, not_object = body["results"][-2:]
    assert naive == {
        "index": len(moushi),
        "rejected": {
            "line": len(moushi) + 1,
            "code": "record.time_naive",
            "ticket_id": "BAD-1",
            "reason_zh": naive["rejected"]["reason_zh"],
            "reason_en": naive["rejected"]["reason_en"],
        },
    }
    assert not_object["rejected"]["code"] == "record.not_object"


def test_a_batch_of_2000_tickets(client: TestClient) -> None:
    rng = random.Random(17)
    profile = load_profile("moushi").profile
    tickets = [make_ticket(rng, profile, n)[0] for n in range(2000)]
    r = client.post("/v1/check", json={"profile": "moushi", "tickets": tickets, "as_of": AS_OF})
    assert r.status_code == 200, r.text[:500]
    counts = r.json()["counts"]
    assert counts["tickets"] == 2000
    assert counts["judged"] + counts["rejected"] == 2000
    assert counts["judged"] >= 1990, r.json()["results"][:3]


def test_deadline_answers_as_the_cli_does(client: TestClient) -> None:
    start = "2026-09-30T16:00:00+08:00"
    expected = cli_json("deadline", "--start", start, "--add", "2个工作日")
    r = client.post("/v1/deadline", json={"start": start, "add": "2个工作日"})
    assert r.status_code == 200, r.text
    assert r.json()["result"] == expected
    expected = cli_json(
        "deadline", "--start", start, "-p", "moushi", "--clock", "completion",
        "--set", "requester=enterprise", "--set", "tags=a,b",
    )  # fmt: skip
    r = client.post(
        "/v1/deadline",
        json={
            "start": start,
            "profile": "moushi",
            "clock": "completion",
            "facts": {"requester": "enterprise", "tags": ["a", "b"]},
        },
    )
    assert r.status_code == 200, r.text
    assert r.json()["result"] == expected
    assert r.json()["profile_id"] == "moushi"


def test_may_return_and_may_extend(client: TestClient) -> None:
    ticket = read_json(ROOT / "examples" / "tickets" / "moushi.json")
    at = ticket["events"][1]["at"]
    r = client.post(
        "/v1/may-return",
        json={"profile": "moushi", "ticket": ticket, "at": at, "reason": "not_own"},
    )
    assert r.status_code == 200, r.text
    assert set(r.json()["result"]) >= {"allowed", "findings", "rule_id", "cite", "approval"}
    r = client.post(
        "/v1/may-extend",
        json={"profile": "moushi", "ticket": ticket, "at": at, "length": "5个工作日"},
    )
    assert r.status_code == 200, r.text
    assert isinstance(r.json()["result"]["allowed"], bool)


def test_profiles_and_calendar(client: TestClient, profiles: ProfileSet) -> None:
    listing = client.get("/v1/profiles").json()
    assert [p["id"] for p in listing["profiles"]] == sorted(profiles.profiles)
    detail = client.get("/v1/profiles/moushi").json()
    assert detail["sha256"] == profiles.get("moushi").sha256
    assert detail["rules_zh"] and all(r["summary_zh"] for r in detail["rules_zh"])
    expected = cli_json("calendar", "2026-10")
    year = client.get("/v1/calendar/2026").json()
    october = [d for d in year["days"] if d["date"].startswith("2026-10")]
    assert october == expected["days"]
    assert len(year["days"]) == 365
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json()["profiles"] == len(profiles.profiles)


# ---- errors: the CLI's codes and messages, always 4xx ------------------------------------------


def test_a_naive_time_is_refused_with_the_cli_error(client: TestClient, tmp_path: Path) -> None:
    ticket = {"id": "N-1", "events": [{"type": "received", "at": "2026-10-01T09:00:00"}]}
    path = tmp_path / "naive.json"
    path.write_text(json.dumps(ticket), encoding="utf-8")
    expected = cli_json("check", str(path), "--profile", "moushi")["error"]
    r = client.post("/v1/check", json={"profile": "moushi", "ticket": ticket})
    assert r.status_code == 400
    error = r.json()["error"]
    assert {**error, "file": None} == {**expected, "file": None}
    assert error["code"] == "ticket.naive_datetime" and error["path"] == "events.0.at"


def test_a_naive_as_of_is_refused(client: TestClient) -> None:
    ticket = read_json(ROOT / "examples" / "tickets" / "moushi.json")
    r = client.post(
        "/v1/check", json={"profile": "moushi", "ticket": ticket, "as_of": "2026-10-20T00:00"}
    )
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "time.naive_datetime"


def test_an_unknown_profile_is_404(client: TestClient) -> None:
    r = client.post("/v1/check", json={"profile": "nowhere", "ticket": {"id": "x"}})
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "profile.not_found"
    assert client.get("/v1/profiles/nowhere").status_code == 404


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (b"{not json", 400, "request.json_invalid"),
        (b'{"profile": "moushi"}', 400, "request.ticket_or_tickets"),
        (b'{"profile": "moushi", "ticket": {}, "extra": 1}', 422, "request.unknown_field"),
        (b'{"ticket": {}}', 422, "request.missing_field"),
        (b"[" * 40 + b"]" * 40, 400, "request.too_deep"),
        (b'{"profile": "moushi", "ticket": {"id": "\\udc00", "events": []}}', 200, None),
    ],
)
def test_bad_requests_are_4xx_with_a_code(
    client: TestClient, body: bytes, status: int, code: str | None
) -> None:
    r = client.post("/v1/check", content=body, headers={"content-type": "application/json"})
    assert r.status_code == status, r.text
    if code is not None:
        error = r.json()["error"]
        assert error["code"] == code
        assert error["message_zh"] and error["message_en"]


@pytest.mark.parametrize("path", ["/v1/check", "/v1/explain", "/v1/deadline"])
def test_invalid_json_is_located_by_line_and_column(client: TestClient, path: str) -> None:
    """As the CLI locates a bad file: the line and column where the JSON goes wrong, and what
    was expected there, in Chinese and English."""
    body = b'{"profile": "moushi",\n "tickets": [1,]}'
    r = client.post(path, content=body, headers={"content-type": "application/json"})
    assert r.status_code == 400, r.text
    error = r.json()["error"]
    assert error["code"] == "request.json_invalid"
    assert (error["line"], error["column"]) == (2, 16)  # json.loads: line 2, column 16
    assert "第 2 行第 16 列" in error["message_zh"] and "此处应有一个值" in error["message_zh"]
    assert "line 2, column 16: Expecting value" in error["message_en"]


def test_body_and_batch_limits(profiles: ProfileSet) -> None:
    small = TestClient(create_app(Settings(max_body_bytes=2048, max_batch=3), profiles))
    r = small.post("/v1/check", json={"profile": "moushi", "tickets": [{"id": "x" * 4000}]})
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "request.too_large"
    r = small.post(
        "/v1/check", json={"profile": "moushi", "tickets": [{"id": str(i)} for i in range(4)]}
    )
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "request.batch_too_large"


def test_a_slow_request_is_answered_503(
    profiles: ProfileSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(1.5)
        raise AssertionError("answered after the timeout")

    monkeypatch.setattr(answers, "check_batch", slow)
    client = TestClient(create_app(Settings(timeout_s=0.3), profiles))
    r = client.post("/v1/check", json={"profile": "moushi", "tickets": [{"id": "x"}]})
    assert r.status_code == 503
    assert r.json()["error"]["code"] == "request.timeout"


def test_a_large_single_ticket_is_judged_off_the_loop_and_timed(
    profiles: ProfileSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from hotline_rules.service.app import INLINE_BYTES

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(1.5)
        raise AssertionError("answered after the timeout")

    monkeypatch.setattr(answers, "check_one", slow)
    client = TestClient(create_app(Settings(timeout_s=0.3), profiles))
    big = {"id": "x", "personal": {"note": "x" * INLINE_BYTES}}
    r = client.post("/v1/check", json={"profile": "moushi", "ticket": big})
    assert r.status_code == 503


def test_an_unknown_year_is_4xx(client: TestClient) -> None:
    assert client.get("/v1/calendar/1800").json()["error"]["code"] == "calendar.out_of_range"
    assert client.get("/v1/calendar/0").status_code == 422
    assert client.get("/v1/calendar/abc").status_code == 422


# ---- reload ---------------------------------------------------------------------------------


def test_reload_is_off_without_a_token_file(client: TestClient) -> None:
    assert client.post("/v1/reload").status_code == 404


def test_reload_needs_the_token_and_keeps_the_old_set_on_error(tmp_path: Path) -> None:
    profile = tmp_path / "moushi.yaml"
    shutil.copy(ROOT / "profiles" / "moushi.yaml", profile)
    client = TestClient(create_app(Settings(profile_dirs=(tmp_path,), admin_token="s3cret")))
    ticket = read_json(ROOT / "examples" / "tickets" / "moushi.json")
    before = client.post(
        "/v1/check", json={"profile": "moushi", "ticket": ticket, "as_of": AS_OF}
    ).json()

    assert client.post("/v1/reload").status_code == 401
    r = client.post("/v1/reload", headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 401 and r.json()["error"]["code"] == "request.unauthorized"

    original = profile.read_text(encoding="utf-8")
    profile.write_text(original.replace("clocks:", "clocks: [", 1), encoding="utf-8")
    r = client.post("/v1/reload", headers={"Authorization": "Bearer s3cret"})
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"].startswith(("yaml.", "profile."))
    assert r.json()["error"]["file"].endswith("moushi.yaml")
    ready = client.get("/readyz").json()
    assert ready["generation"] == 1 and ready["last_reload_error"]["code"]
    after = client.post(
        "/v1/check", json={"profile": "moushi", "ticket": ticket, "as_of": AS_OF}
    ).json()
    assert after["result"] == before["result"]
    assert after["profile_sha256"] == before["profile_sha256"]

    profile.write_text("meta: [unclosed\n", encoding="utf-8")  # a YAML syntax error: 422 too
    r = client.post("/v1/reload", headers={"Authorization": "Bearer s3cret"})
    assert r.status_code == 422, r.text
    assert client.get("/readyz").json()["generation"] == 1

    profile.write_text(original + "\n# edited\n", encoding="utf-8")
    r = client.post("/v1/reload", headers={"Authorization": "Bearer s3cret"})
    assert r.status_code == 200, r.text
    assert r.json()["generation"] == 2
    again = client.post(
        "/v1/check", json={"profile": "moushi", "ticket": ticket, "as_of": AS_OF}
    ).json()
    assert again["profile_sha256"] != before["profile_sha256"]
    assert again["result"] == before["result"]


# ---- safe defaults --------------------------------------------------------------------------


def test_the_access_log_has_the_decision_id_and_no_personal_data(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    ticket = read_json(ROOT / "examples" / "tickets" / "gaoling.json")
    with caplog.at_level(logging.INFO, logger="hotline_rules.service.access"):
        r = client.post(
            "/v1/check?phone=13900000000",
            json={"profile": "gaoling", "ticket": ticket, "as_of": AS_OF},
        )
    lines = [json.loads(rec.getMessage()) for rec in caplog.records]
    assert lines[-1]["decision_id"] == r.headers["x-decision-id"]
    assert lines[-1]["route"] == "/v1/check" and lines[-1]["status"] == 200
    text = caplog.text
    for personal in (*ticket["personal"].values(), ticket["events"][0]["note"], "13900000000"):
        assert personal not in text


def test_no_cors_unless_configured(client: TestClient, profiles: ProfileSet) -> None:
    headers = {"Origin": "https://platform.example", "Access-Control-Request-Method": "POST"}
    assert "access-control-allow-origin" not in client.options("/v1/check", headers=headers).headers
    allowed = TestClient(create_app(Settings(cors_origins=("https://platform.example",)), profiles))
    r = allowed.options("/v1/check", headers=headers)
    assert r.headers["access-control-allow-origin"] == "https://platform.example"


def test_serve_without_the_extra_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "fastapi" else real(name, *a)
    )
    result = CliRunner().invoke(cli_app, ["serve"])
    assert result.exit_code == 2
    assert "serve.extra_missing" in result.stderr and "hotline-rules[server]" in result.stderr
    assert "需要可选依赖" in result.stderr


# ---- the OpenAPI document -------------------------------------------------------------------


def test_the_openapi_document_is_valid_303(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    assert document["openapi"] == "3.0.3"
    validate(document, cls=OpenAPIV30SpecValidator)
    text = json.dumps(document)
    assert '"type": "null"' not in text and '"examples": [' not in text

    def unions(node: Any) -> list[list[Any]]:
        if isinstance(node, list):
            return [u for x in node for u in unions(x)]
        if not isinstance(node, dict):
            return []
        own = [node[k] for k in ("anyOf", "oneOf") if k in node]
        return own + [u for v in node.values() for u in unions(v)]

    assert all({"nullable": True} not in u for u in unions(document))


def test_the_committed_openapi_document_is_current(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    committed = json.loads(OPENAPI_DOC.read_text(encoding="utf-8"))
    assert committed == document, (
        "docs/en/openapi.json is stale: regenerate it with "
        "`python -c 'from hotline_rules.service.server import print_openapi; print_openapi()' > docs/en/openapi.json`"
    )


def test_every_answer_of_this_file_fits_the_document(client: TestClient) -> None:
    """The models describe what the handlers send (which are the engine's own dicts)."""
    from hotline_rules.service import models

    ticket = read_json(ROOT / "examples" / "tickets" / "hebi.json")
    answer = client.post(
        "/v1/check", json={"profile": "hebi", "ticket": ticket, "as_of": AS_OF}
    ).json()
    models.CheckAnswer.model_validate(answer, strict=False)
    batch = client.post(
        "/v1/check", json={"profile": "hebi", "tickets": [ticket, {}], "as_of": AS_OF}
    ).json()
    models.CheckAnswer.model_validate(batch)
    models.ProfileDetail.model_validate(client.get("/v1/profiles/hebi").json())
    models.CalendarAnswer.model_validate(client.get("/v1/calendar/2026").json())


_NULL = {"type": "null"}
TRICKY_TEXT = st.text(alphabet=st.sampled_from('[]{}"\\a中\udc00'), max_size=6) | st.text(
    max_size=3
)
"""Strings full of what a depth scanner could mistake for structure: brackets, quotes, escapes."""


@given(
    st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(), TRICKY_TEXT),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TRICKY_TEXT, inner, max_size=3),
        max_leaves=30,
    )
)
def test_json_depth_agrees_with_a_parser(value: Any) -> None:
    def depth(v: Any) -> int:  # the slow obvious reference
        if isinstance(v, list):
            return 1 + max(map(depth, v), default=0)
        if isinstance(v, dict):
            return 1 + max(map(depth, v.values()), default=0)
        return 0

    for text in (json.dumps(value), json.dumps(value, ensure_ascii=False, indent=1)):
        assert json_depth(text.encode("utf-8", "surrogatepass")) == depth(value)


def test_json_depth_ignores_brackets_in_strings() -> None:
    assert json_depth(b'{"a": "[[[{{{\\"]]]"}') == 1
    assert json_depth(b"[" * 10_000) == 10_000  # unclosed levels count: refused, never parsed


@given(
    st.sampled_from([{"type": "string"}, {"$ref": "#/components/schemas/X"}, {"type": "integer"}])
)
def test_to_303_turns_null_unions_into_nullable(option: dict[str, Any]) -> None:
    out = to_303({"anyOf": [option, _NULL], "examples": ["a"], "title": "T"})
    assert "anyOf" not in out and out["nullable"] is True and out["example"] == "a"
    assert out.get("allOf") == [option] if "$ref" in option else out["type"] == option["type"]


def test_the_verdict_view_is_the_full_one_cut_down(client: TestClient) -> None:
    moushi = [read_json(p) for prof, p in example_tickets() if prof == "moushi"]
    full = client.post(
        "/v1/check", json={"profile": "moushi", "tickets": moushi, "as_of": AS_OF}
    ).json()
    cut = client.post(
        "/v1/check",
        json={"profile": "moushi", "tickets": moushi, "as_of": AS_OF, "view": "verdict"},
    ).json()
    assert cut["counts"] == full["counts"]
    for a, b in zip(full["results"], cut["results"], strict=True):
        r, v = a["result"], b["verdict"]
        assert v["ticket_id"] == r["ticket_id"] and v["as_of"] == r["as_of"]
        assert v["clocks"] == [
            {k: c[k] for k in ("rule_id", "unit", "state", "due", "estimated")} for c in r["clocks"]
        ]
        assert v["findings"] == [
            {k: f[k] for k in ("code", "severity", "rule_id")} for f in r["findings"]
        ]
    one = client.post(
        "/v1/check",
        json={"profile": "moushi", "ticket": moushi[0], "as_of": AS_OF, "view": "verdict"},
    ).json()
    assert one["verdict"] == cut["results"][0]["verdict"] and "result" not in one


def test_a_lone_surrogate_in_a_batch_is_one_rejected_record(client: TestClient) -> None:
    good = read_json(ROOT / "examples" / "tickets" / "moushi.json")
    body = json.dumps({"profile": "moushi", "as_of": AS_OF, "tickets": [good, {"id": "S-1"}]})
    body = body.replace('"S-1"', '"S-1\\udc00"')
    r = client.post("/v1/check", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 200
    items = r.json()["results"]
    assert "result" in items[0]
    assert items[1]["rejected"]["code"] == "record.bad_text"


def test_a_bug_is_a_json_500_with_the_decision_id(
    profiles: ProfileSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    def bug(*args: Any, **kwargs: Any) -> Any:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(answers, "check_one", bug)
    client = TestClient(create_app(Settings(), profiles), raise_server_exceptions=False)
    r = client.post("/v1/check", json={"profile": "moushi", "ticket": {"id": "x"}})
    assert r.status_code == 500
    assert r.json()["error"]["code"] == "internal.error"
    assert r.json()["decision_id"]
