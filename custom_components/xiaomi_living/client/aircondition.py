"""Read and write an air conditioner in canonical terms, whatever its family speaks on the wire."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, Final

from .answers import DroppedValues
from .errors import (
    CODE_GENERAL_ERROR,
    CODE_INTERNAL_ERROR,
    DeviceError,
    DryerModeError,
    MethodNotSupportedError,
    RefusedWhileOffError,
    SettingRefusedError,
    VaneWhileSwingError,
)
from .miio_client import MiioClient
from .models.aircondition import (
    DRYER,
    MODE,
    MODE_COOL,
    MODE_DRY,
    POWER,
    SWING_HORIZONTAL,
    SWING_VERTICAL,
    VANE_HORIZONTAL,
    VANE_VERTICAL,
    AirConditionerDescription,
    Field,
    Transport,
)

_LOGGER = logging.getLogger(__name__)


class AirConditionerClient:
    """One AC: a miIO client plus the description of its family.

    ``probe()`` learns which protocol the unit answers, where its family may speak either (MIoT
    ``get_properties`` or legacy ``get_prop``), and which optional capabilities it reports (some
    models of a family lack a humidity sensor, a buzzer ...); afterwards ``read()`` asks only for
    those, in one batched request where the family allows it. A unit that stops answering the
    learned protocol with "method not found" (a firmware update) is asked the other one.
    """

    def __init__(self, client: MiioClient, description: AirConditionerDescription) -> None:
        """Wrap a connected client."""
        self.client = client
        self.description = description
        self.transport = description.transport
        self._keys: tuple[str, ...] = tuple(description.fields)
        self.dropped_values = DroppedValues(client.host)

    @property
    def capabilities(self) -> frozenset[str]:
        """The capabilities this unit has (all of the family's until probed)."""
        return frozenset(self._keys)

    @property
    def protocols(self) -> tuple[Transport, ...]:
        """The protocols a unit of the family may speak, the learned one first."""
        other = {self.description.transport, self.description.fallback} - {self.transport, None}
        return (self.transport, *(t for t in other if t is not None))

    async def probe(self) -> dict[str, Any]:
        """Learn the unit's protocol, and read everything the family may have; keep what it has."""
        self._keys = tuple(self.description.fields)
        dropped_before = dict(self.dropped_values.counts)
        state = await self._read_learning(probing=True)
        # A value that came but was dropped still shows that the unit has the capability
        dropped = {
            key
            for key, count in self.dropped_values.counts.items()
            if count != dropped_before.get(key)
        }
        self._keys = tuple(
            key
            for key, field in self.description.fields.items()
            if not field.optional or state.get(key) is not None or key in dropped
        )
        return {key: state.get(key) for key in self._keys}

    async def read(self) -> dict[str, Any]:
        """Read the current state as canonical values (None where the device gave no value)."""
        return await self._read_learning(probing=False)

    async def write(self, values: Mapping[str, Any]) -> None:
        """Write canonical values, power first; raises SettingRefusedError for a refused one.

        Power leads: firmware that refuses a mode or fan speed while the unit is off takes
        them once the same command has switched it on.
        """
        ordered = sorted(values, key=lambda key: key != POWER)
        fields = {key: self.description.fields[key] for key in ordered}
        if any(not field.writable for field in fields.values()):
            raise ValueError(f"read-only capability among {sorted(values)}")
        if self.transport is Transport.MIOT:
            await self._write_miot(fields, values)
        else:
            await self._write_legacy(fields, values)

    async def _read_learning(self, *, probing: bool) -> dict[str, Any]:
        """Read over the learned protocol; where the family has another, fall back to it.

        While probing, a MIoT answer without power (every property refused) also counts as
        "not this protocol". The protocol that answered is kept.
        """
        protocols = self.protocols
        for index, transport in enumerate(protocols):
            last = index == len(protocols) - 1
            try:
                state = await self._read_over(transport)
            except MethodNotSupportedError:
                if last:
                    raise
                _LOGGER.debug("%s does not speak %s; asking the next", self.client.host, transport)
                continue
            if probing and state.get(POWER) is None and not last:
                _LOGGER.debug("%s: no power over %s; asking the next", self.client.host, transport)
                continue
            if transport is not self.transport:
                _LOGGER.debug("%s speaks %s", self.client.host, transport)
                self.transport = transport
            return state
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    async def _read_over(self, transport: Transport) -> dict[str, Any]:
        fields = {key: self.description.fields[key] for key in self._keys}
        if transport is Transport.MIOT:
            return await self._read_miot(fields)
        return await self._read_legacy(fields)

    async def _read_miot(self, fields: Mapping[str, Field]) -> dict[str, Any]:
        addresses = [field.miot for field in fields.values() if field.miot]
        results = await self.client.get_properties(
            addresses, chunk_size=self.description.chunk_size
        )
        by_address = {(r.siid, r.piid): r for r in results}
        state: dict[str, Any] = {}
        for key, field in fields.items():
            result = by_address.get(field.miot) if field.miot else None
            if result is None or not result.ok or result.value is None:
                state[key] = None
            else:
                state[key] = self.dropped_values.check(key, field.decode, result.value)
        return state

    async def _read_legacy(self, fields: Mapping[str, Field]) -> dict[str, Any]:
        names = [field.legacy for field in fields.values() if field.legacy]
        answers = await self.client.get_prop(
            names, one_per_request=self.description.chunk_size == 1
        )
        values = dict(zip(names, answers, strict=True))
        state: dict[str, Any] = {}
        for key, field in fields.items():
            wire = values.get(field.legacy) if field.legacy else None
            state[key] = (
                None if wire is None else self.dropped_values.check(key, field.decode, wire)
            )
        return state

    async def _write_miot(self, fields: Mapping[str, Field], values: Mapping[str, Any]) -> None:
        items = [
            (*field.miot, field.encode(values[key])) for key, field in fields.items() if field.miot
        ]
        results = await self.client.set_properties(items, chunk_size=self.description.chunk_size)
        for key, result in zip(fields, results, strict=True):
            if not result.ok:
                raise SettingRefusedError(result.code, key)

    async def _write_legacy(self, fields: Mapping[str, Field], values: Mapping[str, Any]) -> None:
        # One setter call per value, in order; a refusal arrives as an error reply
        for key, field in fields.items():
            try:
                await self.client.send(str(field.setter), [field.encode(values[key], legacy=True)])
            except MethodNotSupportedError:
                raise
            except DeviceError as err:
                raise SettingRefusedError(err.code, key) from err


# The codes units answer a write they refuse in their current state (docs/air-conditioners.md)
STATE_REFUSAL_CODES: Final = frozenset({CODE_INTERNAL_ERROR, CODE_GENERAL_ERROR})
# The modes the anti-mould dryer works in
DRYER_MODES: Final = frozenset({MODE_COOL, MODE_DRY})
_SWING_OF_VANE: Final = {VANE_VERTICAL: SWING_VERTICAL, VANE_HORIZONTAL: SWING_HORIZONTAL}


def explain_refusal(
    err: SettingRefusedError, state: Mapping[str, Any], settings: Mapping[str, Any]
) -> SettingRefusedError:
    """Say why a unit refused a setting, from the state it was in and what was asked.

    ``state`` and ``settings`` are canonical values keyed by capability. Returns the refusal as
    the most telling error: the dryer outside cool and dry, a vane position while swinging, any
    setting while off; otherwise the refusal as it came.
    """
    if err.code not in STATE_REFUSAL_CODES:
        return err

    def now(key: str) -> Any:
        return settings.get(key, state.get(key))

    if err.capability == DRYER and now(MODE) not in DRYER_MODES:
        return DryerModeError(err.code, err.capability)
    swing = _SWING_OF_VANE.get(err.capability)
    if swing is not None and now(swing):
        return VaneWhileSwingError(err.code, err.capability)
    if err.capability != POWER and now(POWER) is False:
        return RefusedWhileOffError(err.code, err.capability)
    return err
