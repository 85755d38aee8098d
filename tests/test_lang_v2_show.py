"""``show`` says each language v2 construct in Chinese."""

from __future__ import annotations

from pathlib import Path

from hotline_rules.profile import load_profile_file
from hotline_rules.profile.summary import rows

LANG_V2 = Path(__file__).parent / "data" / "profiles" / "lang_v2.yaml"


def test_each_construct_has_its_chinese_line() -> None:
    table = {
        rule_id: (section, text)
        for section, rule_id, text, _ in rows(load_profile_file(LANG_V2).profile)
    }
    assert table["completion.citizen"][1] == "5个工作日（派单起，至办结并答复）"
    assert table["completion.inclusive"][1].startswith("10个工作日，含本数")
    assert table["screening.secret"][1].endswith("（据事实判断：标记 含 涉及国家秘密）")
    assert table["kpi.response"][1].endswith("（需时限：响应）")
    assert "后果：通报批评、扣分（每件扣0.5分）" in table["circumstance.improper_return"][1]
    assert "引擎认定的问题 含 不当退单" in table["circumstance.improper_return"][1]
    assert table["assessment.units"][1].startswith("月、季度、年（季度、年度为各月比率的平均）")
    assert table["rework.unsatisfied"] == (
        "发回重办",
        "重新办理后，办结重新起算5个工作日；以最后一轮的办理与回访为准",
    )
    assert table["units.first_receiving"][0] == "计入单位"
    assert "首接负责单位" in table["units.first_receiving"][1]
