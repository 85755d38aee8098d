"""Citations: rules that cite nothing, and articles written unlike the rest of the document."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from hotline_rules.profile.fields import Rule
from hotline_rules.profile.lint.context import Context
from hotline_rules.profile.lint.findings import Lint, LintSeverity

_PUNCTUATION = re.compile(r"[\s\W_]+")
_ZH_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千]+")
_ARABIC = re.compile(r"\d+")


def _shape(article: str) -> str:
    """``第九条`` -> ``第〇条``, ``第9条`` -> ``第0条``, ``报道第14段`` -> ``报道第0段``."""
    return _ARABIC.sub("0", _ZH_NUMERAL.sub("〇", article.strip()))


def check_citations(ctx: Context) -> Iterator[Lint]:
    """Rules that cite nothing, and articles written unlike the rest of the document."""
    shapes: Counter[str] = Counter()
    first: dict[str, str] = {}
    own: list[tuple[Rule, str]] = []
    for _, rule in ctx.rules():
        path = ctx.paths[rule.id]
        cite = rule.cite
        empty = [
            part
            for part, text in (("article", cite.article), ("text", cite.text))
            if not _PUNCTUATION.sub("", text)
        ]
        if empty:
            what_zh = "、".join({"article": "条文编号", "text": "原文"}[p] for p in empty)
            yield ctx.lint(
                "lint.cite_missing",
                LintSeverity.WARNING,
                rule,
                (*path, "cite", empty[0]),
                f"规则“{rule.id}”没有写明依据的{what_zh}（cite.{'、cite.'.join(empty)} 为空）",
                f"rule '{rule.id}' does not say where it comes from: cite.{', cite.'.join(empty)} "
                "is empty",
                "在 cite 中写明条、款、项（article、item）并照录条文原话（text），"
                "以便回答“依据是什么”。",
                "give the article and item, and quote the regulation's words in text, so that "
                "'why' can be answered from the output.",
            )
        if cite.document is None and "article" not in empty:
            shape = _shape(cite.article)
            shapes[shape] += 1
            first.setdefault(shape, cite.article.strip())
            own.append((rule, shape))
    if len(own) < 3:
        return
    usual, count = shapes.most_common(1)[0]
    if count * 2 <= len(own):
        return  # no style most citations follow
    for rule, shape in own:
        if shape != usual:
            yield ctx.lint(
                "lint.cite_article_style",
                LintSeverity.WARNING,
                rule,
                (*ctx.paths[rule.id], "cite", "article"),
                f"规则“{rule.id}”的条文编号“{rule.cite.article}”与本配置其他引用的写法"
                f"（如“{first[usual]}”，共 {count} 处）不同",
                f"the article '{rule.cite.article}' of rule '{rule.id}' is written unlike the "
                f"profile's other citations (like '{first[usual]}', {count} of them)",
                "统一写法（如“第九条”，款、项写在 item 中；引用其他文件时写 document）。",
                "write it as the others are (items go under item; another document's "
                "article names its document).",
            )


__all__ = ["check_citations"]
