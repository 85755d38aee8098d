"""Every numbered article of every seed is accounted for, article by article (issue 14).

docs/profiles.md is generated from the profiles' citations and ``unencoded`` lists
(``profile/articles.py``); these tests read each seed text and check that every article it
numbers (第N条; for haikou's news report, every paragraph 第N段) has a row there: encoded by
rule ids, or not encoded with a reason. A reviewer can then check the whole file in one sitting.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hotline_rules.engine.engine import Engine
from hotline_rules.profile.articles import article_rows
from hotline_rules.time.duration import chinese_number

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"

_NUMERAL = "零〇一二两三四五六七八九十百"
_ARTICLE_AT_START = re.compile(rf"^\s*第([{_NUMERAL}]+)条")
_ARTICLE = re.compile(rf"第([{_NUMERAL}]+)条")
_PARAGRAPH = re.compile(r"第(\d+)段")


def seed_articles(text: str) -> set[int]:
    """The articles a seed numbers: 第N条 at the start of a line."""
    found = set()
    for line in text.splitlines():
        m = _ARTICLE_AT_START.match(line)
        if m:
            found.add(chinese_number(m.group(1)))
    return found


def _covered(labels: list[str], pattern: re.Pattern[str]) -> set[int]:
    """Numbers the row labels name: single, listed (、), ranges (至) and open ends (及以后)."""
    out: set[int] = set()
    for label in labels:
        nums = [int(n) if n.isdigit() else chinese_number(n) for n in pattern.findall(label)]
        if not nums:
            continue
        if "至" in label and len(nums) >= 2:
            out.update(range(nums[0], nums[1] + 1))
        elif "及以后" in label:
            out.update(range(nums[0], nums[0] + 100))
        else:
            out.update(nums)
    return out


NUMBERED = ["gaoling", "hebi", "moushi", "qingpu_water"]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed texts not beside the checkout")
@pytest.mark.parametrize("name", NUMBERED)
def test_every_numbered_article_has_a_row(name: str) -> None:
    profile = Engine(name).profile
    text = (SEEDS / profile.meta.source_file).read_text(encoding="utf-8")
    articles = seed_articles(text)
    assert len(articles) >= 10, articles  # the seed was read, not an empty file
    rows = article_rows(profile)
    covered = _covered([a for a, _, _ in rows], _ARTICLE)
    assert articles <= covered, sorted(articles - covered)
    for article, ids, reason in rows:
        assert ids or (reason and reason.strip()), article


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed texts not beside the checkout")
def test_every_paragraph_of_the_haikou_report_has_a_row() -> None:
    """The haikou seed is a news report: its rows are 报道第N段, N the line of haikou.txt."""
    profile = Engine("haikou").profile
    lines = (SEEDS / profile.meta.source_file).read_text(encoding="utf-8").splitlines()
    paragraphs = {i for i, line in enumerate(lines, 1) if line.strip() not in ("", "?")}
    rows = article_rows(profile)
    covered = _covered([a for a, _, _ in rows], _PARAGRAPH)
    assert paragraphs <= covered, sorted(paragraphs - covered)
    for article, ids, reason in rows:
        assert ids or (reason and reason.strip()), article


def test_ranges_and_lists_are_read() -> None:
    assert _covered(["第二十六条至第三十一条"], _ARTICLE) == set(range(26, 32))
    assert _covered(["第七条第（一）、（三）项"], _ARTICLE) == {7}
    assert _covered(["报道第4段、第5段、第8段"], _PARAGRAPH) == {4, 5, 8}
    assert 15 in _covered(["第十条及以后"], _ARTICLE)
