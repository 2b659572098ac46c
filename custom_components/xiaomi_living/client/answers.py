"""Tolerant reading of the loosely typed values in device and cloud answers."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from .errors import DeviceValueError

_LOGGER = logging.getLogger(__name__)

# Integers longer than this are named by size in messages, not printed
_PRINTABLE_BITS = 128


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


def short_repr(value: Any) -> str:
    """Show a device's value in a message: its repr, cut short (a device may send megabytes).

    Lists and objects are named by type only: their repr could be long or deeply nested.
    """
    if isinstance(value, list | dict):
        return f"a JSON {'list' if isinstance(value, list) else 'object'}"
    if isinstance(value, int) and value.bit_length() > _PRINTABLE_BITS:
        return f"an integer of {value.bit_length()} bits"  # repr refuses past 4300 digits
    if isinstance(value, str) and len(value) > 40:
        value = value[:37]
        return f"{value!r}..."
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:37]}..."


class DroppedValues:
    """Values a device sent that its description does not allow: dropped, logged once, counted.

    A dropped value reads as unknown; the rest of the state still updates. The counts (and the
    latest reason per capability) go into the diagnostics.
    """

    __slots__ = ("counts", "latest", "source")

    def __init__(self, source: str) -> None:
        """Count the dropped values of one device, named ``source`` in the debug lines."""
        self.source = source
        self.counts: dict[str, int] = {}
        self.latest: dict[str, str] = {}

    def check[T](self, key: str, decode: Callable[[Any], T], wire: Any) -> T | None:
        """Return ``decode(wire)``, or None (and one debug line) on a DeviceValueError."""
        try:
            return decode(wire)
        except DeviceValueError as err:
            self.drop(key, str(err))
            return None

    def drop(self, key: str, reason: str) -> None:
        """Count one dropped value of ``key`` and say why in the debug log."""
        self.counts[key] = self.counts.get(key, 0) + 1
        self.latest[key] = reason
        _LOGGER.debug("%s: dropped the %s the device sent: %s", self.source, key, reason)

    def as_dict(self) -> dict[str, Any]:
        """Return the counts and the latest reason per capability, for the diagnostics."""
        return {
            key: {"count": count, "latest": self.latest[key]}
            for key, count in sorted(self.counts.items())
        }
