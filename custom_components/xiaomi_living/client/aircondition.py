"""Read and write an air conditioner in canonical terms, whatever its family speaks on the wire."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import DeviceError
from .miio_client import MiioClient
from .models.aircondition import AirConditionerDescription, Field, Transport


class AirConditionerClient:
    """One AC: a miIO client plus the description of its family.

    ``probe()`` learns which optional capabilities this unit reports (some models of a family lack
    a humidity sensor, a buzzer ...); afterwards ``read()`` asks only for those, in one batched
    request where the family allows it.
    """

    def __init__(self, client: MiioClient, description: AirConditionerDescription) -> None:
        """Wrap a connected client."""
        self.client = client
        self.description = description
        self._keys: tuple[str, ...] = tuple(description.fields)

    @property
    def capabilities(self) -> frozenset[str]:
        """The capabilities this unit has (all of the family's until probed)."""
        return frozenset(self._keys)

    async def probe(self) -> dict[str, Any]:
        """Read everything the family may have; keep what this unit answers."""
        self._keys = tuple(self.description.fields)
        state = await self.read()
        self._keys = tuple(
            key
            for key, field in self.description.fields.items()
            if not field.optional or state.get(key) is not None
        )
        return {key: state.get(key) for key in self._keys}

    async def read(self) -> dict[str, Any]:
        """Read the current state as canonical values (None where the device gave no value)."""
        fields = {key: self.description.fields[key] for key in self._keys}
        if self.description.transport is Transport.MIOT:
            return await self._read_miot(fields)
        return await self._read_legacy(fields)

    async def write(self, values: Mapping[str, Any]) -> None:
        """Write canonical values; raises DeviceError when the device refuses any of them."""
        fields = {key: self.description.fields[key] for key in values}
        if any(not field.writable for field in fields.values()):
            raise ValueError(f"read-only capability among {sorted(values)}")
        if self.description.transport is Transport.MIOT:
            await self._write_miot(fields, values)
        else:
            await self._write_legacy(fields, values)

    async def _read_miot(self, fields: Mapping[str, Field]) -> dict[str, Any]:
        addresses = [field.miot for field in fields.values() if field.miot]
        results = await self.client.get_properties(
            addresses, chunk_size=self.description.chunk_size
        )
        by_address = {(r.siid, r.piid): r for r in results}
        state: dict[str, Any] = {}
        for key, field in fields.items():
            result = by_address.get(field.miot) if field.miot else None
            state[key] = field.decode(result.value) if result and result.ok else None
        return state

    async def _read_legacy(self, fields: Mapping[str, Field]) -> dict[str, Any]:
        names = [field.legacy for field in fields.values() if field.legacy]
        values = dict(zip(names, await self.client.get_prop(names), strict=True))
        state: dict[str, Any] = {}
        for key, field in fields.items():
            wire = values.get(field.legacy) if field.legacy else None
            state[key] = None if wire is None else field.decode(wire)
        return state

    async def _write_miot(self, fields: Mapping[str, Field], values: Mapping[str, Any]) -> None:
        items = [
            (*field.miot, field.encode(values[key])) for key, field in fields.items() if field.miot
        ]
        results = await self.client.set_properties(items, chunk_size=self.description.chunk_size)
        for key, result in zip(fields, results, strict=True):
            if not result.ok:
                raise DeviceError(result.code, f"{key} refused")

    async def _write_legacy(self, fields: Mapping[str, Field], values: Mapping[str, Any]) -> None:
        # One setter call per value; a refusal arrives as an error reply (DeviceError)
        for key, field in fields.items():
            await self.client.send(str(field.setter), [field.encode(values[key])])
