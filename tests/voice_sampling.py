"""Seeded random sentences from our Assist sentence files: what the generated voice tests say.

``hassil``'s own sampler enumerates every expansion in order, so the first thousand sentences of a
template differ in one word at its end. This walks the same templates at random instead: each
alternative, optional, permutation, expansion rule and list value is drawn with a seeded random
source, so that a sample of a few thousand sentences covers the grammar's rules, and it records
which ``{name}`` and ``{area}`` it drew so that the test knows the target the sentence means.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from hassil.expression import (
    Alternative,
    Expression,
    Group,
    ListReference,
    Permutation,
    RuleReference,
    Sentence,
    TextChunk,
)
from hassil.intents import Intents, RangeSlotList, SlotList, TextSlotList

SENTENCES = Path(__file__).parent.parent / "custom_components" / "xiaomi_living" / "sentences"
# Numbers people say, where a range allows them (a range's own ends are sampled too)
_MAX_RULE_DEPTH = 30


@dataclass(slots=True)
class Sample:
    """One sentence, the intent its template belongs to, and what it drew for the target."""

    text: str
    intent: str
    domain: str | None
    picks: dict[str, str] = field(default_factory=dict)


def load_intents(variant: str) -> Intents:
    """Load every sentence file of one language variant (en, zh-CN, zh-HK, zh-TW) as one."""
    merged: dict[str, Any] = {"language": variant, "intents": {}, "lists": {}}
    for path in sorted((SENTENCES / variant).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name, intent in (data.get("intents") or {}).items():
            merged["intents"].setdefault(name, {"data": []})["data"].extend(intent["data"])
        merged["lists"].update(data.get("lists") or {})
        merged.setdefault("expansion_rules", {}).update(data.get("expansion_rules") or {})
    return Intents.from_dict(merged)


class Walker:
    """Draw sentences from templates with a seeded random source."""

    def __init__(
        self,
        intents: Intents,
        lists: dict[str, SlotList],
        seed: int,
        names: dict[str, SlotList] | None = None,
    ) -> None:
        """Use the files' lists and rules, with ``lists`` (areas, app names) on top.

        ``names`` gives the ``{name}`` list per domain a block requires (climate, media_player).
        """
        self.intents = intents
        self.lists = {**intents.slot_lists, **lists}
        self.given = {*lists, "name"} if names else set(lists)
        self.names = names or {}
        self._all_names = TextSlotList(
            name="name",
            values=[value for names in self.names.values() for value in names.values],  # type: ignore[attr-defined]
        )
        self.rng = random.Random(seed)

    def sample(self, count: int) -> list[Sample]:
        """Return ``count`` sentences, templates drawn evenly across intents and blocks."""
        rules = self.intents.expansion_rules
        templates = [
            (name, data, sentence)
            for name, intent in self.intents.intents.items()
            for data in intent.data
            for sentence in data.sentences
            # A wildcard is walked only where the test gave it values (app names, say)
            if all(
                list_name in self.given or list_name not in data.wildcard_list_names
                for list_name in sentence.list_names({**rules, **(data.expansion_rules or {})})
            )
        ]
        samples: list[Sample] = []
        while len(samples) < count:
            name, data, sentence = self.rng.choice(templates)
            rules = {**self.intents.expansion_rules, **(data.expansion_rules or {})}
            picks: dict[str, str] = {}
            domain = (data.requires_context or {}).get("domain")
            if self.names:
                self.lists["name"] = self.names.get(
                    domain if isinstance(domain, str) else "", self._all_names
                )
            text = self._walk(sentence.expression, rules, picks, 0)
            samples.append(
                Sample(
                    " ".join(text.split()), name, domain if isinstance(domain, str) else None, picks
                )
            )
        return samples

    def _walk(
        self, exp: Expression, rules: dict[str, Sentence], picks: dict[str, str], depth: int
    ) -> str:
        if depth > _MAX_RULE_DEPTH:
            raise ValueError("expansion rules nest too deep")
        if isinstance(exp, TextChunk):
            return exp.text
        if isinstance(exp, Alternative):
            return self._walk(self.rng.choice(exp.items), rules, picks, depth)
        if isinstance(exp, Permutation):
            items = list(exp.items)
            self.rng.shuffle(items)
            return "".join(self._walk(item, rules, picks, depth) for item in items)
        if isinstance(exp, Group):
            return "".join(self._walk(item, rules, picks, depth) for item in exp.items)
        if isinstance(exp, RuleReference):
            return self._walk(rules[exp.rule_name].expression, rules, picks, depth + 1)
        if isinstance(exp, ListReference):
            return self._value(exp, rules, picks, depth)
        raise TypeError(f"unknown expression {type(exp).__name__}")

    def _value(
        self, ref: ListReference, rules: dict[str, Sentence], picks: dict[str, str], depth: int
    ) -> str:
        slot_list = self.lists[ref.list_name]
        if isinstance(slot_list, RangeSlotList):
            value = self.rng.randrange(slot_list.start, slot_list.stop + 1, slot_list.step)
            return str(value)
        assert isinstance(slot_list, TextSlotList)
        choice = self.rng.choice(slot_list.values)
        text = self._walk(choice.text_in, rules, picks, depth + 1)
        if ref.slot_name in ("name", "area"):
            picks[ref.slot_name] = str(choice.value_out)
        return text
