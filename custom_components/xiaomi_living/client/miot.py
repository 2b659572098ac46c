"""MIoT over miIO: request payloads and typed results for properties and actions.

MIoT devices address a value by service id (siid) and property id (piid), and an action by siid and
action id (aiid). The ``did`` field of a request is echoed back and means nothing to the device; we
fill it with ``"siid-piid"`` so that a reply can be matched even if a device reorders it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class PropertyResult:
    """The device's answer for one property: ``code`` 0 is success, else ``value`` is None."""

    siid: int
    piid: int
    code: int
    value: Any = None

    @property
    def ok(self) -> bool:
        """Whether the device accepted the read or write of this property."""
        return self.code == 0


@dataclass(frozen=True, slots=True)
class ActionResult:
    """The device's answer to a successful action: its output arguments."""

    siid: int
    aiid: int
    out: tuple[Any, ...]


def _did(siid: int, piid: int) -> str:
    return f"{siid}-{piid}"


def get_properties_params(props: Sequence[MiotProperty]) -> list[dict[str, Any]]:
    """Build the parameters of a ``get_properties`` request."""
    return [{"did": _did(siid, piid), "siid": siid, "piid": piid} for siid, piid in props]


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


def parse_property_results(requested: Sequence[MiotProperty], result: Any) -> list[PropertyResult]:
    """Match a ``get_properties``/``set_properties`` reply to the request, in request order."""
    if not isinstance(result, list) or len(result) != len(requested):
        raise MalformedReplyError(
            f"expected a list of {len(requested)} property results, got {type(result).__name__}"
        )
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
