"""Tolerant reading of the loosely typed values in device and cloud answers."""

from __future__ import annotations

from typing import Any


def non_empty_text(value: Any) -> str | None:
    """Return a non-empty string, or None.

    JSON can carry lone surrogates (an escape of U+D800 to U+DFFF out of a pair) that no UTF-8
    encoder takes, which would break whatever stores or sends the text on: they become U+FFFD.
    """
    if not isinstance(value, str) or not value:
        return None
    try:
        value.encode()
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= char <= "\udfff" else char for char in value)
    return value


def normalize_mac(value: Any) -> str | None:
    """Return a MAC address as lower case with colons, or None when there is none (or all zero)."""
    text = non_empty_text(value)
    if text is None:
        return None
    digits = "".join(char for char in text.lower() if char in "0123456789abcdef")
    if len(digits) != 12 or digits == "000000000000":
        return None
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2))
