"""The client's error vocabulary: every error has its message in every language, written and spoken.

The error classes are discovered from ``client/errors.py``, so a new error cannot be added without
its translations (``exceptions`` in every ``translations/*.json``) and, unless it is one only the
config flow meets (``spoken = False``), its spoken form in every Assist language.
"""

from __future__ import annotations

import inspect
import json
import string
import types
from operator import attrgetter
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

import pytest

from custom_components.xiaomi_living.client import errors
from custom_components.xiaomi_living.client.errors import XiaomiLivingClientError
from custom_components.xiaomi_living.intents.speech import MESSAGES

TRANSLATIONS = Path(errors.__file__).parent.parent / "translations"
LANGUAGES = ("en", "zh-Hans", "zh-Hant")
HOST = "127.0.0.9"

ERROR_CLASSES = sorted(
    (
        value
        for value in vars(errors).values()
        if isinstance(value, type)
        and issubclass(value, XiaomiLivingClientError)
        and value.__module__ == errors.__name__
    ),
    key=lambda cls: cls.__name__,
)

# Sample constructor arguments, by annotated type.
SAMPLES: dict[Any, Any] = {str: "sample", int: -4004, bool: False}


def translations(language: str) -> dict[str, Any]:
    """Return one language's translations."""
    return json.loads((TRANSLATIONS / f"{language}.json").read_text(encoding="utf-8"))


def fields(template: str) -> set[str]:
    """Return the placeholders a message uses."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def sample(cls: type[XiaomiLivingClientError]) -> XiaomiLivingClientError:
    """Build an instance of an error class from its constructor's annotations."""
    if cls.__init__ is Exception.__init__:
        return cls("sample message")
    hints = get_type_hints(cls.__init__)
    arguments: dict[str, Any] = {}
    for name, parameter in inspect.signature(cls.__init__).parameters.items():
        if name == "self" or parameter.default is not inspect.Parameter.empty:
            continue
        hint = hints.get(name, str)
        if get_origin(hint) in (Union, types.UnionType):
            hint = next(arg for arg in get_args(hint) if arg is not type(None))
        arguments[name] = SAMPLES[hint]
    return cls(**arguments)


def test_errors_are_discovered() -> None:
    """The walk finds every family, and each class names a message of its own family."""
    assert {errors.MiioError, errors.TvHttpCommandError, errors.CloudError} <= set(ERROR_CLASSES)
    assert all(cls.translation_key for cls in ERROR_CLASSES)


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=attrgetter("__name__"))
def test_translated_in_every_language(cls: type[XiaomiLivingClientError]) -> None:
    """The message exists in every language and uses only (the same) values the error gives."""
    given = set(sample(cls).translation_placeholders(HOST))
    used: dict[str, set[str]] = {}
    for language in LANGUAGES:
        exceptions = translations(language)["exceptions"]
        assert cls.translation_key in exceptions, f"{language}: no {cls.translation_key}"
        used[language] = fields(exceptions[cls.translation_key]["message"])
        assert used[language] <= given, f"{language}: {used[language] - given} not given"
    assert used["zh-Hans"] == used["en"]
    assert used["zh-Hant"] == used["en"]


@pytest.mark.parametrize(
    "cls", [cls for cls in ERROR_CLASSES if cls.spoken], ids=attrgetter("__name__")
)
def test_spoken_in_every_language(cls: type[XiaomiLivingClientError]) -> None:
    """Assist can say every error a voice command can meet, from the values the error gives."""
    given = {*sample(cls).translation_placeholders(HOST), "name"}
    key = f"error_{cls.translation_key}"
    for script in LANGUAGES:
        assert key in MESSAGES[script], f"{script}: no {key}"
        assert fields(MESSAGES[script][key]) <= given


@pytest.mark.parametrize(
    "cls", [cls for cls in ERROR_CLASSES if not cls.spoken], ids=attrgetter("__name__")
)
def test_config_flow_errors_are_form_errors(cls: type[XiaomiLivingClientError]) -> None:
    """An error only the config flow meets is shown there under its own key, with its values."""
    given = set(sample(cls).translation_placeholders(HOST))
    for language in LANGUAGES:
        form_errors = translations(language)["config"]["error"]
        assert cls.translation_key in form_errors, f"{language}: no form error"
        assert fields(form_errors[cls.translation_key]) <= given
