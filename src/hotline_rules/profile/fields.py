"""Field types shared by the profile schema: durations, conditions, rule ids, citations.

Each parses text at load time (a duration ``2个工作日``, a condition mapping)
into the value the engine uses, reports a fault in both languages with the
path to the bad spot, and writes itself back as text in JSON and YAML.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    ValidationInfo,
    WithJsonSchema,
)

from hotline_rules.profile.conditions import Condition, compile_condition
from hotline_rules.profile.facts import FACTS, FIXED_VOCABULARIES, SHARED_VOCABULARIES, FactType
from hotline_rules.time.duration import DurationText
from hotline_rules.vocabulary import aliases


class Model(BaseModel):
    """Base of every profile model: frozen, unknown fields refused."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


def vocabularies(info: ValidationInfo) -> dict[str, frozenset[str]]:
    """The words in force while validating: shared ones plus the profile's own."""
    ctx = info.context or {}
    vocab = ctx.get("vocabularies")
    if vocab is None:
        return {
            name: frozenset(words)
            for name, words in (*SHARED_VOCABULARIES.items(), *FIXED_VOCABULARIES.items())
        }
    return dict(vocab)


def word_aliases(info: ValidationInfo) -> dict[str, dict[str, str]]:
    """Chinese name -> word per vocabulary (the loader's, with the profile's own words), or the
    shared ones when validating without a loader."""
    ctx = info.context or {}
    found = ctx.get("aliases")
    if found is None:
        return {
            name: aliases(words)
            for name, words in (*SHARED_VOCABULARIES.items(), *FIXED_VOCABULARIES.items())
        }
    return dict(found)


def _parse_condition(value: Any, info: ValidationInfo) -> Condition:
    if value is None:
        value = {}
    return compile_condition(value, vocabularies(info), word_aliases(info))


def _condition_json_schema() -> dict[str, Any]:
    props: dict[str, Any] = {}
    for name, spec in FACTS.items():
        vocab_name = spec.vocabulary or ""
        shared = SHARED_VOCABULARIES.get(vocab_name) or FIXED_VOCABULARIES.get(vocab_name)
        words = sorted(shared or ())
        word = {"anyOf": [{"enum": words}, {"type": "string"}]} if words else {"type": "string"}
        if spec.type is FactType.BOOL:
            schema: dict[str, Any] = {"type": "boolean"}
        elif spec.type is FactType.INT:
            schema = {
                "anyOf": [
                    {"type": "integer"},
                    {
                        "type": "object",
                        "properties": {
                            op: {"type": "integer"}
                            for op in (
                                "at_least",
                                "at_most",
                                "more_than",
                                "less_than",
                                "is",
                                "is_not",
                            )
                        },
                        "additionalProperties": False,
                    },
                ]
            }
        elif spec.type is FactType.ENUM:
            schema = {
                "anyOf": [
                    word,
                    {"type": "array", "items": word},
                    {
                        "type": "object",
                        "properties": {
                            "is": word,
                            "is_not": word,
                            "in": {"type": "array", "items": word},
                            "not_in": {"type": "array", "items": word},
                        },
                        "additionalProperties": False,
                    },
                ]
            }
        else:
            schema = {
                "anyOf": [
                    word,
                    {"type": "array", "items": word},
                    {
                        "type": "object",
                        "properties": {
                            "has": word,
                            "has_any": {"type": "array", "items": word},
                            "has_all": {"type": "array", "items": word},
                            "has_none": {"type": "array", "items": word},
                        },
                        "additionalProperties": False,
                    },
                ]
            }
        schema["description"] = f"{spec.zh} / {spec.en}"
        props[name] = schema
    props["any"] = {
        "type": "array",
        "items": {"$ref": "#/$defs/Condition"},
        "description": "任一成立 / any of",
    }
    props["all"] = {
        "type": "array",
        "items": {"$ref": "#/$defs/Condition"},
        "description": "全部成立 / all of",
    }
    props["not"] = {"$ref": "#/$defs/Condition", "description": "不成立 / not"}
    return {"type": "object", "properties": props, "additionalProperties": False}


CONDITION_JSON_SCHEMA = _condition_json_schema()

ConditionField = Annotated[
    Condition,
    PlainValidator(_parse_condition),
    PlainSerializer(lambda c: dict(c.source), return_type=dict),
    WithJsonSchema({"x-hotline-condition": True}),  # replaced by a $ref in json_schema.py
]
"""A condition over ticket facts (see ``conditions.py``), compiled at load."""

RuleId = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$",
        description="规则编号：小写英文、数字、下划线，可用点分段，如 completion.consultation / stable rule id",
    ),
]

Word = Annotated[
    str, Field(pattern=r"^[a-z][a-z0-9_]*$", description="词汇表中的词 / a vocabulary word")
]


class Cite(Model):
    """Where a rule comes from: article, item, and the regulation's own words."""

    article: str = Field(description="条，如 第九条 / article")
    item: str | None = Field(None, description="款、项，如 第二款、第（三）项 / paragraph or item")
    text: str = Field(description="原文 / the words of the regulation, quoted")
    document: str | None = Field(
        None, description="文件名；省略时为本配置的文件 / document, if not this profile's"
    )

    def label(self) -> str:
        """``第九条第二款`` (with the document when it is not the profile's own)."""
        out = f"{self.article}{self.item or ''}"
        return f"《{self.document}》{out}" if self.document else out


class Rule(Model):
    """Base of every rule: a stable id, its citation, and an optional note on choices made."""

    id: RuleId
    cite: Cite = Field(description="依据 / citation")
    note: str | None = Field(
        None,
        description="条文有歧义时的取舍及理由 / where the text is ambiguous: the choice and why",
    )


__all__ = [
    "CONDITION_JSON_SCHEMA",
    "Cite",
    "ConditionField",
    "DurationText",
    "Model",
    "Rule",
    "RuleId",
    "Word",
    "vocabularies",
    "word_aliases",
]
