"""The spoken answers as data: every language says the same things with the same placeholders."""

from __future__ import annotations

import json
from pathlib import Path
from string import Formatter
from types import ModuleType

import pytest

from custom_components.xiaomi_living.intents import speech
from custom_components.xiaomi_living.intents.speech import EN, MESSAGES, VALUE_NAMES

TRANSLATIONS = Path(speech.__file__).parents[2] / "translations"
ERROR_PREFIX = "error_"
OTHERS = sorted(set(MESSAGES) - {EN})


def placeholders(template: str) -> set[str]:
    """Return the names a template formats: "{name} is {mode}" -> {"name", "mode"}."""
    return {field for _, field, _, _ in Formatter().parse(template) if field is not None}


def test_languages() -> None:
    """English, Simplified and Traditional Chinese, in both mappings."""
    assert set(MESSAGES) == set(VALUE_NAMES) == {"en", "zh-Hans", "zh-Hant"}


@pytest.mark.parametrize("script", OTHERS)
def test_message_keys_agree(script: str) -> None:
    """No message is missing in a language, and none exists in one only."""
    assert sorted(MESSAGES[script]) == sorted(MESSAGES[EN])


@pytest.mark.parametrize("script", OTHERS)
def test_placeholders_agree(script: str) -> None:
    """A message takes the same values in every language."""
    differing = {
        key: (placeholders(MESSAGES[EN][key]), placeholders(template))
        for key, template in MESSAGES[script].items()
        if key in MESSAGES[EN] and placeholders(template) != placeholders(MESSAGES[EN][key])
    }
    assert differing == {}


@pytest.mark.parametrize("script", OTHERS)
def test_value_names_agree(script: str) -> None:
    """Every kind of value, and every value of each kind, has a spoken name in every language."""
    english = {kind: sorted(names) for kind, names in VALUE_NAMES[EN].items()}
    assert {kind: sorted(names) for kind, names in VALUE_NAMES[script].items()} == english


def test_spoken_errors_have_translated_errors() -> None:
    """``error_<key>`` speaks one of our translated errors, with its placeholders (and the name)."""
    exceptions = json.loads((TRANSLATIONS / "en.json").read_text(encoding="utf-8"))["exceptions"]
    for key, template in MESSAGES[EN].items():
        if not key.startswith(ERROR_PREFIX):
            continue
        translation_key = key.removeprefix(ERROR_PREFIX)
        assert translation_key in exceptions, key
        given = placeholders(exceptions[translation_key]["message"]) | {"name"}
        assert placeholders(template) <= given, key


def test_key_in_two_groups_is_rejected() -> None:
    """A key in two groups of one language fails as the speech loads (one would hide the other)."""
    twice = ModuleType("twice")
    twice.COMMON = {"failed": "a"}  # type: ignore[attr-defined]
    twice.ERRORS = {"failed": "b"}  # type: ignore[attr-defined]
    twice.CLIMATE = twice.TV = {}  # type: ignore[attr-defined]

    with pytest.raises(ValueError, match="failed"):
        speech._merged(twice)
