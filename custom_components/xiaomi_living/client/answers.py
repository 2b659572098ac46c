"""Tolerant reading of the loosely typed values in device and cloud answers."""

from __future__ import annotations

from typing import Any


def non_empty_text(value: Any) -> str | None:
    """Return a non-empty string, or None."""
    if isinstance(value, str) and value:
        return value
    return None


def normalize_mac(value: Any) -> str | None:
    """Return a MAC address as lower case with colons, or None when there is none (or all zero)."""
    text = non_empty_text(value)
    if text is None:
        return None
    digits = "".join(char for char in text.lower() if char in "0123456789abcdef")
    if len(digits) != 12 or digits == "000000000000":
        return None
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2))
