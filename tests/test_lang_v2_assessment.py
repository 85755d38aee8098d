"""Assessment periods and how months combine (issue 19, "aggregation periods")."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.lang_v2_support import load_body

from hotline_rules.profile import ProfileError

ASSESSMENT = """\
assessment:
  id: assessment.units
  periods: [month, quarter, year]
  combine: mean
  combine_cite: {article: 第十条, text: 年度考核得分为各月得分的平均值}
  cite: {article: 第十条, text: 按月考核，年度汇总}
"""


def test_combine_and_periods_are_read(tmp_path: Path) -> None:
    a = load_body(tmp_path, ASSESSMENT).profile.assessment
    assert a is not None
    assert a.periods == ("month", "quarter", "year")
    assert a.combine == "mean"
    assert a.combine_cite is not None and a.combine_cite.article == "第十条"


def test_combine_defaults_to_sum(tmp_path: Path) -> None:
    body = ASSESSMENT.replace("  combine: mean\n", "")
    a = load_body(tmp_path, body).profile.assessment
    assert a is not None and a.combine == "sum"


@pytest.mark.parametrize(
    ("old", "new"),
    [("combine: mean", "combine: median"), ("[month, quarter, year]", "[month, week]")],
)
def test_unknown_values_are_refused_at_their_line(tmp_path: Path, old: str, new: str) -> None:
    with pytest.raises(ProfileError) as info:
        load_body(tmp_path, ASSESSMENT.replace(old, new))
    assert info.value.location.line is not None
