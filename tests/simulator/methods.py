"""The miIO methods a profile declares: MIoT properties and actions, legacy get_prop and setters.

``MiioMethods`` is the part of ``SimulatedDevice`` that answers requests once they are decoded: it
checks the chunk limit, reads and writes the device state through the profile's MIoT properties and
legacy names, and answers the per-property codes (docs/miio-protocol.md#errors) real units answer.
A request-level error is raised as ``RequestError`` and becomes an error reply.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from .faults import Faults
from .profiles import (
    CODE_INTERNAL_ERROR,
    CODE_NOT_FOUND,
    CODE_NOT_READABLE,
    CODE_NOT_WRITABLE,
    CODE_OK,
    CODE_VALUE_ERROR,
    ERROR_INVALID_ARG,
    LegacyProperty,
    Profile,
)


class RequestError(Exception):
    """A request-level error the device answers instead of a result."""

    def __init__(self, code: int, message: str) -> None:
        """Carry the error code and message of the reply."""
        super().__init__(f"{code} {message}")
        self.code = code
        self.message = message


class MiioMethods:
    """Request handlers over ``props``, as the profile describes them (part of SimulatedDevice)."""

    profile: Profile
    props: MutableMapping[str, Any]
    faults: Faults
    max_properties: int
    device_id: int

    def _check_chunk(self, items: list[Any]) -> None:
        if len(items) > self.max_properties:
            raise RequestError(*self.profile.chunk_error)

    def _get_properties(self, params: Any) -> list[dict[str, Any]]:
        items = property_items(params, "piid")
        self._check_chunk(items)
        return [
            {
                "did": item.get("did", str(self.device_id)),
                "siid": item["siid"],
                "piid": item["piid"],
                **self._read_miot(item["siid"], item["piid"]),
            }
            for item in items
        ]

    def _read_miot(self, siid: int, piid: int) -> dict[str, Any]:
        forced = self.faults.property_codes.get((siid, piid))
        if forced is not None:
            return {"code": forced}
        prop = self.profile.miot_property(siid, piid)
        if prop is None or not prop.readable:
            return {"code": CODE_NOT_READABLE}
        if prop.key in self.faults.wire_values:
            return {"code": CODE_OK, "value": self.faults.wire_values[prop.key]}
        try:
            value = self.props[prop.key]
        except (LookupError, ValueError):
            return {"code": CODE_INTERNAL_ERROR}
        return {"code": CODE_OK, "value": value}

    def _set_properties(self, params: Any) -> list[dict[str, Any]]:
        items = property_items(params, "piid")
        self._check_chunk(items)
        results = []
        for item in items:
            siid, piid = item["siid"], item["piid"]
            entry = {"did": item.get("did", str(self.device_id)), "siid": siid, "piid": piid}
            prop = self.profile.miot_property(siid, piid)
            forced = self.faults.property_codes.get((siid, piid))
            if forced is not None:
                code = forced
            elif prop is None:
                code = CODE_NOT_FOUND
            elif not prop.writable:
                code = CODE_NOT_WRITABLE
            elif "value" not in item or not prop.spec.accepts(item["value"]):
                code = CODE_VALUE_ERROR
            elif refusal := self.profile.refusal(prop.key, self.props, item["value"]):
                code = refusal.code
            else:
                code = self._write(prop.key, item["value"])
            results.append({**entry, "code": code})
        return results

    def _write(self, key: str, value: Any) -> int:
        try:
            self.props[key] = value
        except ValueError:
            return CODE_VALUE_ERROR
        return CODE_OK

    def _action(self, params: Any) -> dict[str, Any]:
        # python-miio sends the action as an object; some clients wrap it in a list.
        if isinstance(params, list) and len(params) == 1:
            params = params[0]
        call = property_items([params], "aiid")[0]
        siid, aiid = call["siid"], call["aiid"]
        result = {"did": call.get("did", str(self.device_id)), "siid": siid, "aiid": aiid}
        action = self.profile.miot_action(siid, aiid)
        if action is None:
            return {**result, "code": CODE_NOT_FOUND}
        for key, value in action.writes.items():
            self.props[key] = value
        return {**result, "code": CODE_OK, "out": []}

    def _get_prop(self, params: Any) -> list[Any]:
        if not isinstance(params, list) or not all(isinstance(name, str) for name in params):
            raise RequestError(ERROR_INVALID_ARG, "invalid_arg")
        self._check_chunk(params)
        values: list[Any] = []
        for name in params:
            prop = self.profile.legacy_property(name)
            if prop is None:
                values.append(None)
            elif prop.key in self.faults.wire_values:
                values.append(self.faults.wire_values[prop.key])
            else:
                values.append(prop.codec.to_wire(self.props[prop.key]))
        return values

    def _legacy_set(self, prop: LegacyProperty, params: Any) -> list[str]:
        if not isinstance(params, list) or len(params) != 1 or not prop.spec.accepts(params[0]):
            raise RequestError(ERROR_INVALID_ARG, "invalid_arg")
        value = prop.codec.from_wire(params[0])
        if refusal := self.profile.refusal(prop.key, self.props, value):
            raise RequestError(refusal.legacy_code, refusal.reason or "refused")
        self.props[prop.key] = value
        return ["ok"]


def error_payload(code: int, message: str) -> dict[str, Any]:
    """Return the ``error`` member of an error reply."""
    return {"code": code, "message": message}


def property_items(params: Any, index_key: str) -> list[dict[str, Any]]:
    """Check that params is a list of {"siid": int, <index_key>: int, ...} objects."""
    if not isinstance(params, list) or not all(
        isinstance(item, dict)
        and isinstance(item.get("siid"), int)
        and isinstance(item.get(index_key), int)
        for item in params
    ):
        raise RequestError(ERROR_INVALID_ARG, "invalid_arg")
    return params
