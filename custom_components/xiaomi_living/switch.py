"""Switches: an air conditioner's heater, dryer, buzzer and light; a TV's screen.

The screen switch darkens a TV's screen while its sound keeps playing (MIoT speaker mode), whatever
the entry's turn-off option says: the media player's turn_off may power the set fully off.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import XiaomiLivingConfigEntry
from .client import television as tv
from .client.models import aircondition as ac
from .coordinator import AirConditionerCoordinator, TvCoordinator
from .entity import TelevisionEntity, XiaomiLivingEntity

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class XiaomiLivingSwitchDescription(SwitchEntityDescription):
    """A switch over one boolean capability."""


SWITCHES: tuple[XiaomiLivingSwitchDescription, ...] = (
    XiaomiLivingSwitchDescription(key=ac.AUX_HEAT, translation_key="aux_heat"),
    XiaomiLivingSwitchDescription(key=ac.DRYER, translation_key="dryer"),
    XiaomiLivingSwitchDescription(
        key=ac.BUZZER, translation_key="buzzer", entity_category=EntityCategory.CONFIG
    ),
    XiaomiLivingSwitchDescription(
        key=ac.LIGHT, translation_key="light", entity_category=EntityCategory.CONFIG
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: XiaomiLivingConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a switch for each of these capabilities the unit has (a TV: its screen)."""
    device_coordinator = entry.runtime_data.device_coordinator
    if isinstance(device_coordinator, TvCoordinator):
        if tv.CAP_SCREEN_OFF in device_coordinator.device.capabilities:
            async_add_entities([XiaomiTvScreenSwitch(device_coordinator)])
        return
    coordinator = entry.runtime_data.coordinator
    async_add_entities(
        XiaomiLivingSwitch(coordinator, description)
        for description in SWITCHES
        if description.key in coordinator.device.capabilities
    )


class XiaomiLivingSwitch(XiaomiLivingEntity, SwitchEntity):
    """One boolean setting of an air conditioner."""

    entity_description: XiaomiLivingSwitchDescription

    def __init__(
        self, coordinator: AirConditionerCoordinator, description: XiaomiLivingSwitchDescription
    ) -> None:
        """Control one capability."""
        super().__init__(coordinator, description.key)
        self.entity_description = description

    @property
    def is_on(self) -> bool | None:
        """Whether the setting is on."""
        value = self.coordinator.data.get(self.key)
        return bool(value) if value is not None else None

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Switch the setting on."""
        await self.async_write({self.key: True})

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Switch the setting off."""
        await self.async_write({self.key: False})


class XiaomiTvScreenSwitch(TelevisionEntity, SwitchEntity):
    """A TV's screen: off darkens it and keeps the sound (MIoT speaker mode)."""

    _attr_translation_key = "screen"

    def __init__(self, coordinator: TvCoordinator) -> None:
        """Control the screen of one TV."""
        super().__init__(coordinator, "screen")

    @property
    def is_on(self) -> bool:
        """Whether the screen is lit."""
        return self.power == tv.POWER_ON

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Light the screen (a fully-off set is woken as the media player would)."""
        await self.async_power_on()

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Darken the screen; a set that is fully off stays off."""
        if self.power == tv.POWER_ON:
            device = self.coordinator.device
            await self.async_apply(
                lambda: device.set_screen(False), {tv.POWER: tv.POWER_SCREEN_OFF}
            )
