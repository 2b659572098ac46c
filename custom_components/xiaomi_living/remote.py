"""TVs as remotes: named keys over the HTTP API, with repeats and a delay between presses."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from homeassistant.components.remote import (
    ATTR_DELAY_SECS,
    ATTR_NUM_REPEATS,
    DEFAULT_DELAY_SECS,
    DEFAULT_NUM_REPEATS,
    RemoteEntity,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .client import television as tv
from .client.models.tv import REMOTE_KEYS, remote_keycode
from .client.state import TelevisionState
from .const import DOMAIN
from .coordinator import TelevisionCoordinator, XiaomiLivingConfigEntry
from .entity import TelevisionEntity

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: XiaomiLivingConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the remote of a TV."""
    if isinstance(coordinator := entry.runtime_data.coordinator, TelevisionCoordinator):
        async_add_entities([TelevisionRemote(coordinator)])


class TelevisionRemote(TelevisionEntity, RemoteEntity):
    """The TV's remote control: on while the screen is lit."""

    _attr_name = None
    _attr_translation_key = "remote"

    def __init__(self, coordinator: TelevisionCoordinator) -> None:
        """Control one TV."""
        super().__init__(coordinator, "remote")

    @property
    def is_on(self) -> bool:
        """Whether the screen is lit."""
        return self.power == tv.POWER_ON

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Light the screen, or wake the set with wake-on-LAN."""
        await self.async_power_on()

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Darken the screen, or switch fully off (option)."""
        await self.async_power_off()

    async def async_send_command(self, command: Iterable[str], **kwargs: Any) -> None:
        """Press the keys in order, ``num_repeats`` times, ``delay_secs`` apart.

        Every name is checked before the first press: an unknown one sends nothing.
        """
        names = list(command)
        keycodes: list[str] = []
        for name in names:
            keycode = remote_keycode(name)
            if keycode is None:
                raise ServiceValidationError(
                    translation_domain=DOMAIN,
                    translation_key="unknown_key",
                    translation_placeholders={"key": name, "keys": ", ".join(REMOTE_KEYS)},
                )
            keycodes.append(keycode)
        repeats: int = kwargs.get(ATTR_NUM_REPEATS, DEFAULT_NUM_REPEATS)
        delay: float = kwargs.get(ATTR_DELAY_SECS, DEFAULT_DELAY_SECS)
        presses = keycodes * repeats
        device = self.coordinator.device

        async def press_all() -> None:
            for index, keycode in enumerate(presses):
                if index and delay > 0:
                    await asyncio.sleep(delay)
                await device.press_key(keycode)

        # Home and power leave no app of ours in front; power also switches the set fully off.
        powers_off = "power" in presses

        def update(state: TelevisionState) -> TelevisionState:
            power = tv.POWER_OFF if powers_off else state.power
            return replace(state, power=power, app=None, playback=None)

        await self.async_apply(press_all, update if powers_off or "home" in presses else None)
