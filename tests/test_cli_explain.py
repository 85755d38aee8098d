"""``explain`` names the ticket's attributes that select its time limits, in Chinese."""

from __future__ import annotations

from pathlib import Path

from hotline_rules.engine.engine import Engine
from hotline_rules.engine.explain import explain_lines
from hotline_rules.engine.ticket import parse_ticket
from hotline_rules.time.deadline import parse_instant

AS_OF = parse_instant("2026-10-20T00:00:00+08:00")


def _attributes(profile: str | Path, **attrs: object) -> str:
    ticket = parse_ticket(
        {
            "id": "T-1",
            **attrs,
            "events": [{"type": "dispatched", "at": "2026-09-30T16:00:00+08:00", "unit": "甲局"}],
        }
    )
    engine = Engine(profile)
    (line,) = [
        x for x in explain_lines(engine, engine.evaluate(ticket, AS_OF), ticket) if "属性" in x
    ]
    return line


def test_every_attribute_is_named() -> None:
    line = _attributes(
        "gaoling",
        kind="complaint",
        urgency="urgent",
        complexity="complex",
        channel="hotline_12345",
        requester="enterprise",
        handling="transfer",
        tags=["multi_department"],
    )
    assert line.startswith(
        "  属性：诉求类型 投诉，紧急程度 较为紧急，复杂程度 复杂，来源 12345热线，诉求人 企业，办理方式 转办；标记："
    )


def test_an_attribute_the_time_limits_read_is_said_to_be_unset() -> None:
    # 某市's completion limits depend on 群众/企业 only
    assert _attributes("moushi", kind="help") == "  属性：诉求类型 求助，诉求人 未填"
    assert _attributes("moushi", requester="citizen") == "  属性：诉求人 群众"


def test_a_return_reason_is_given_in_the_regulations_words() -> None:
    ticket = parse_ticket(
        {
            "id": "T-2",
            "kind": "complaint",
            "events": [
                {"type": "dispatched", "at": "2026-09-30T16:00:00+08:00", "unit": "甲局"},
                {
                    "type": "return_requested",
                    "at": "2026-09-30T17:00:00+08:00",
                    "unit": "甲局",
                    "reason": "not_own",
                },
                {
                    "type": "return_requested",
                    "at": "2026-09-30T17:10:00+08:00",
                    "unit": "甲局",
                    "reason": "made_up",
                },
            ],
        }
    )
    engine = Engine("gaoling")
    lines = explain_lines(engine, engine.evaluate(ticket, AS_OF), ticket)
    assert any("理由 “不属于本单位负责的事项”（not_own）" in x for x in lines), lines
    assert any("理由 made_up" in x for x in lines)  # not one the regulation lists: as recorded
