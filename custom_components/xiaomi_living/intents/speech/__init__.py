"""What Assist answers, as data: one module per language, the same keys in each.

``MESSAGES`` maps a script (``en``, ``zh-Hans``, ``zh-Hant``) to message key to template;
``{name}`` is the entity's name, value placeholders receive values already rendered by
``base.spoken``. The spoken form of one of our translated errors is ``error_<translation_key>``.
``VALUE_NAMES`` maps a script to a kind of value (mode, mode_now, fan, preset, direction, key)
to the spoken name of each canonical value; a value missing there is spoken as it is. Every
language has the same keys and, per message, the same placeholders (tests/test_intents_speech.py).

Each language module keeps its messages in four mappings (``COMMON``, ``ERRORS``, ``CLIMATE``,
``TV``) so a device family's phrases stay together; they are merged here, and no key may appear
in two of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import ModuleType
from typing import Final

from . import en, zh_hans, zh_hant

EN: Final = "en"
HANS: Final = "zh-Hans"
HANT: Final = "zh-Hant"

LANGUAGES: Final[Mapping[str, ModuleType]] = {EN: en, HANS: zh_hans, HANT: zh_hant}
MESSAGE_GROUPS: Final = ("COMMON", "ERRORS", "CLIMATE", "TV")


def _merged(language: ModuleType) -> dict[str, str]:
    messages: dict[str, str] = {}
    for group in MESSAGE_GROUPS:
        part: Mapping[str, str] = getattr(language, group)
        if duplicates := messages.keys() & part.keys():
            msg = f"{language.__name__}: {sorted(duplicates)} in more than one group"
            raise ValueError(msg)
        messages.update(part)
    return messages


MESSAGES: Final[Mapping[str, Mapping[str, str]]] = {
    script: _merged(language) for script, language in LANGUAGES.items()
}
VALUE_NAMES: Final[Mapping[str, Mapping[str, Mapping[str, str]]]] = {
    script: language.VALUE_NAMES for script, language in LANGUAGES.items()
}
