# ruff: noqa: RUF001  (Chinese punctuation in templates is intended)
"""The installed sentences match what the written ones match, for less work (intents/compact.py)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from custom_components.xiaomi_living.assist import SENTENCES_DIR
from custom_components.xiaomi_living.intents.compact import (
    compact_sentence_file,
    compact_template,
)


def _expand(template: str) -> set[str]:
    """Every text a template of plain text, (a|b) and [a|b] can match (no refs)."""

    def sequence(text: str, index: int, stop: str) -> tuple[list[str], int]:
        results = [""]
        while index < len(text) and text[index] not in stop:
            char = text[index]
            if char in "([":
                branches: list[str] = []
                close = ")" if char == "(" else "]"
                index += 1
                while True:
                    options, index = sequence(text, index, "|" + close)
                    branches += options
                    if text[index] == close:
                        break
                    index += 1
                index += 1
                if char == "[":
                    branches.append("")
                results = [a + b for a, b in itertools.product(results, branches)]
            else:
                results = [a + char for a in results]
                index += 1
        return results, index

    return set(sequence(template, 0, "")[0])


@pytest.mark.parametrize(
    ("written", "installed"),
    [
        ("(有點|有啲|有些|太|好|好鬼)", "(有(點|啲|些)|太|好[鬼])"),
        ("[了|了啊|啦]", "[了[啊]|啦]"),
        ("<xl_the>(冷氣|冷氣機|空調)[的]{area}", "<xl_the>(冷氣[機]|空調)[的]{area}"),
        # Not plain Chinese: left as written
        ("(turn on|turn off) [the] {name}", "(turn on|turn off) [the] {name}"),
        ("(調|<xl_set>)到", "(調|<xl_set>)到"),
        ("[ ](TV|tv)[ ]", "[ ](TV|tv)[ ]"),
        ("(，|,|。)", "(，|,|。)"),
        # A top-level alternative of a rule keeps its shape
        ("{area}<xl_ac>|<xl_ac>", "{area}<xl_ac>|<xl_ac>"),
    ],
)
def test_alternatives_are_factored_only_when_plain_chinese(written: str, installed: str) -> None:
    """Common beginnings of Chinese words are shared; anything else stays as written."""
    assert compact_template(written) == installed


_WORDS = st.lists(
    st.text(alphabet="冷氣空調開關好有啲點", min_size=1, max_size=4), min_size=1, max_size=12
)


@given(words=_WORDS, optional=st.booleans())
def test_a_factored_alternative_matches_the_same_texts(words: list[str], optional: bool) -> None:
    """Whatever the words, the factored alternative stands for exactly the same texts."""
    inner = "|".join(words)
    written = f"[{inner}]" if optional else f"({inner})"
    assert _expand(compact_template(written)) == _expand(written)


@pytest.mark.parametrize("path", sorted(SENTENCES_DIR.glob("*/*.yaml")), ids=str)
def test_installed_files_keep_every_intent_and_english_as_written(path: Path) -> None:
    """Same intents, blocks, slots and contexts; English files unchanged; factoring is stable."""
    written = yaml.safe_load(path.read_text(encoding="utf-8"))
    installed_text = compact_sentence_file(path.read_text(encoding="utf-8"))
    installed = yaml.safe_load(installed_text)
    assert installed["language"] == written["language"]
    assert installed["intents"].keys() == written["intents"].keys()
    for name, intent in written["intents"].items():
        blocks = installed["intents"][name]["data"]
        assert len(blocks) == len(intent["data"])
        for block, original in zip(blocks, intent["data"], strict=True):
            assert len(block["sentences"]) == len(original["sentences"])
            for key in ("slots", "requires_context", "excludes_context", "response"):
                assert block.get(key) == original.get(key)
    if written["language"] == "en":
        assert installed == written
    else:
        assert installed != written  # something was factored
    assert compact_sentence_file(installed_text) == installed_text
