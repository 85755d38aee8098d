"""Article by article: what each profile encodes and what it leaves out, and why.

``docs/profiles.md`` is generated from the profiles themselves (their rules'
citations and their ``unencoded`` lists), so it cannot drift from them; a
test fails when the file is out of date. Regenerate with
``python -m hotline_rules.profile.articles > docs/profiles.md``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotline_rules.profile.schema import Profile
from hotline_rules.time.duration import chinese_number

_ARTICLE_RE = re.compile(r"^第([零〇一二两三四五六七八九十百]+)条")


def _order(article: str, first_seen: int) -> tuple[int, int]:
    m = _ARTICLE_RE.match(article)
    if m:
        try:
            return (chinese_number(m.group(1)), first_seen)
        except ValueError:
            pass
    return (10_000, first_seen)


def article_rows(profile: Profile) -> list[tuple[str, list[str], str | None]]:
    """(article, rule ids encoding it, reason it is not encoded) in article order."""
    encoded: dict[str, list[str]] = {}
    seen: dict[str, int] = {}
    for _, rule in profile.rules():
        key = (
            rule.cite.article
            if rule.cite.document is None
            else f"{rule.cite.document} {rule.cite.article}"
        )
        encoded.setdefault(key, []).append(rule.id)
        seen.setdefault(key, len(seen))
    reasons: dict[str, str] = {}
    for item in profile.unencoded:
        reasons[item.article] = item.reason
        seen.setdefault(item.article, len(seen))
    articles = sorted(seen, key=lambda a: _order(a, seen[a]))
    return [(a, encoded.get(a, []), reasons.get(a)) for a in articles]


def markdown(profiles: Iterable[Profile]) -> str:
    """The whole ``docs/profiles.md``."""
    out = [
        "# 配置与条文对照 / Profiles, article by article",
        "",
        "本文件由 `python -m hotline_rules.profile.articles > docs/profiles.md` 从配置文件生成，请勿手改；",
        "配置改动后重新生成（测试会检查是否一致）。",
        "",
        "Generated from the profiles (their rules' citations and `unencoded` lists); do not edit by hand.",
        "",
    ]
    for p in profiles:
        doc = p.meta.document
        out += [
            f"## {p.meta.name_zh}（`{p.meta.id}`）",
            "",
            f"{p.meta.issuer}；{doc.title}"
            + (f"（{doc.number}）" if doc.number else "")
            + (f"，{doc.issued}" if doc.issued else "")
            + f"。原文：`shared/seeds/{p.meta.source_file}`。",
            "",
            "| 条文 | 编码为（规则编号） | 未编码的理由 |",
            "|---|---|---|",
        ]
        for article, ids, reason in article_rows(p):
            rules = "<br>".join(f"`{i}`" for i in ids) if ids else "—"
            out.append(f"| {article} | {rules} | {reason or ''} |")
        n_rules = len(p.rules())
        out += ["", f"共 {n_rules} 条规则，{len(p.unencoded)} 处未编码。", ""]
    return "\n".join(out)


if __name__ == "__main__":
    from hotline_rules.profile.registry import Registry

    registry = Registry(plugins=False)
    print(markdown(registry.load(name).profile for name in registry.names()), end="")
