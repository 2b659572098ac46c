"""MIoT over miIO: request payloads and typed results for properties and actions.

MIoT devices address a value by service id (siid) and property id (piid), and an action by siid and
action id (aiid). The ``did`` field of a request is echoed back and means nothing to the device; we
fill it with ``"siid-piid"`` so that a reply can be matched even if a device reorders it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from .errors import MalformedReplyError


class MiotProperty(NamedTuple):
    """The address of a MIoT property."""

    siid: int
    piid: int


class MiotValue(NamedTuple):
    """A value to write to a MIoT property."""

    siid: int
    piid: int
    value: Any


class PropertyResult(NamedTuple):
    """The device's answer for one property: ``code`` 0 is success, else ``value`` is None.

    A named tuple rather than a frozen dataclass: a poll makes one per property, and a tuple is
    built several times faster.
    """

    siid: int
    piid: int
    code: int
    value: Any = None

    @property
    def ok(self) -> bool:
        """Whether the device accepted the read or write of this property."""
        return self.code == 0


_new_result = tuple.__new__


@dataclass(frozen=True, slots=True)
class ActionResult:
    """The device's answer to a successful action: its output arguments."""

    siid: int
    aiid: int
    out: tuple[Any, ...]


def _did(siid: int, piid: int) -> str:
    return f"{siid}-{piid}"


def get_properties_params(props: Sequence[tuple[int, int]]) -> list[dict[str, Any]]:
    """Build the parameters of a ``get_properties`` request."""
    return [{"did": _did(siid, piid), "siid": siid, "piid": piid} for siid, piid in props]


@lru_cache(maxsize=256)
def get_properties_json(props: tuple[tuple[int, int], ...]) -> bytes:
    """Return the JSON of ``get_properties_params(props)``, encoded once per list of addresses.

    Devices of one model are polled for the same addresses, so the cache holds a few entries per
    model, shared by every device.
    """
    return json.dumps(get_properties_params(props)).encode("utf-8")


def set_properties_params(values: Sequence[MiotValue]) -> list[dict[str, Any]]:
    """Build the parameters of a ``set_properties`` request."""
    return [
        {"did": _did(siid, piid), "siid": siid, "piid": piid, "value": value}
        for siid, piid, value in values
    ]


def action_params(siid: int, aiid: int, in_params: Sequence[Any]) -> dict[str, Any]:
    """Build the parameters of an ``action`` request."""
    return {"did": _did(siid, aiid), "siid": siid, "aiid": aiid, "in": list(in_params)}


def _int_field(item: Mapping[str, Any], key: str) -> int:
    value = item.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise MalformedReplyError(f"MIoT reply item has no integer {key!r}")
    return value


def parse_property_results(
    requested: Sequence[tuple[int, int]], result: Any
) -> list[PropertyResult]:
    """Match a ``get_properties``/``set_properties`` reply to the request, in request order."""
    if not isinstance(result, list) or len(result) != len(requested):
        raise MalformedReplyError(
            f"expected a list of {len(requested)} property results, got {type(result).__name__}"
        )
    # Devices answer in request order: take the answer as it comes when it does, else match it
    # up by address (and find what is wrong with it).
    results = []
    for (siid, piid), item in zip(requested, result, strict=True):
        if type(item) is not dict:
            return _match_by_address(requested, result)
        got_siid = item.get("siid")
        got_piid = item.get("piid")
        code = item.get("code")
        if (
            type(got_siid) is not int
            or got_siid != siid
            or type(got_piid) is not int
            or got_piid != piid
            or type(code) is not int
        ):
            return _match_by_address(requested, result)
        value = item.get("value") if code == 0 else None
        results.append(_new_result(PropertyResult, (got_siid, got_piid, code, value)))
    return results


def _match_by_address(
    requested: Sequence[tuple[int, int]], result: list[Any]
) -> list[PropertyResult]:
    by_address: dict[MiotProperty, PropertyResult] = {}
    for item in result:
        if not isinstance(item, dict):
            raise MalformedReplyError("MIoT property result is not an object")
        address = MiotProperty(_int_field(item, "siid"), _int_field(item, "piid"))
        code = _int_field(item, "code")
        by_address[address] = PropertyResult(
            address.siid, address.piid, code, item.get("value") if code == 0 else None
        )
    try:
        return [by_address[MiotProperty(siid, piid)] for siid, piid in requested]
    except KeyError as err:
        raise MalformedReplyError(f"no result for property {err.args[0]}") from err


def parse_action_result(siid: int, aiid: int, result: Any) -> tuple[int, ActionResult]:
    """Read the code and output of an ``action`` reply; the caller raises for a non-zero code."""
    if not isinstance(result, dict):
        raise MalformedReplyError("MIoT action result is not an object")
    out = result.get("out", [])
    if not isinstance(out, list):
        raise MalformedReplyError("MIoT action output is not a list")
    return _int_field(result, "code"), ActionResult(siid, aiid, tuple(out))
