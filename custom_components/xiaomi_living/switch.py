"""Switches: an air conditioner's heater, dryer, buzzer and light; a TV's screen.

The screen switch darkens a TV's screen while its sound keeps playing (MIoT speaker mode), whatever
the entry's turn-off option says: the media player's turn_off may power the set fully off.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .client import television as tv
from .client.models import aircondition as ac
from .client.state import AirConditionerSettings, AirConditionerState
from .const import SCREEN_SWITCH_KEY
from .coordinator import AirConditionerCoordinator, TelevisionCoordinator, XiaomiLivingConfigEntry
from .entity import AirConditionerEntity, TelevisionEntity

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class AirConditionerSwitchDescription(SwitchEntityDescription):
    """A switch over one boolean capability (``key`` names the capability)."""

    value_fn: Callable[[AirConditionerState], bool | None]
    set_fn: Callable[[bool], AirConditionerSettings]


SWITCHES: tuple[AirConditionerSwitchDescription, ...] = (
    AirConditionerSwitchDescription(
        key=ac.AUX_HEAT,
        translation_key="aux_heat",
        value_fn=lambda state: state.aux_heat,
        set_fn=lambda on: {ac.AUX_HEAT: on},
    ),
    AirConditionerSwitchDescription(
        key=ac.DRYER,
        translation_key="dryer",
        value_fn=lambda state: state.dryer,
        set_fn=lambda on: {ac.DRYER: on},
    ),
    AirConditionerSwitchDescription(
        key=ac.BUZZER,
        translation_key="buzzer",
        entity_category=EntityCategory.CONFIG,
        value_fn=lambda state: state.buzzer,
        set_fn=lambda on: {ac.BUZZER: on},
    ),
    AirConditionerSwitchDescription(
        key=ac.LIGHT,
        translation_key="light",
        entity_category=EntityCategory.CONFIG,
        value_fn=lambda state: state.light,
        set_fn=lambda on: {ac.LIGHT: on},
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: XiaomiLivingConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a switch for each of these capabilities the unit has (a TV: its screen)."""
    match coordinator := entry.runtime_data.coordinator:
        case TelevisionCoordinator():
            if tv.CAP_SCREEN_OFF in coordinator.device.capabilities:
                async_add_entities([TelevisionScreenSwitch(coordinator)])
        case AirConditionerCoordinator():
            async_add_entities(
                AirConditionerSwitch(coordinator, description)
                for description in SWITCHES
                if description.key in coordinator.device.capabilities
            )


class AirConditionerSwitch(AirConditionerEntity, SwitchEntity):
    """One boolean setting of an air conditioner."""

    entity_description: AirConditionerSwitchDescription

    def __init__(
        self, coordinator: AirConditionerCoordinator, description: AirConditionerSwitchDescription
    ) -> None:
        """Control one capability."""
        super().__init__(coordinator, description.key)
        self.entity_description = description

    def reported(self, state: AirConditionerState) -> bool:
        """Whether the unit reports this setting."""
        return self.entity_description.value_fn(state) is not None

    @property
    def is_on(self) -> bool | None:
        """Whether the setting is on."""
        return self.entity_description.value_fn(self.coordinator.data)

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Switch the setting on."""
        await self.async_write(self.entity_description.set_fn(True))

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Switch the setting off."""
        await self.async_write(self.entity_description.set_fn(False))


class TelevisionScreenSwitch(TelevisionEntity, SwitchEntity):
    """A TV's screen: off darkens it and keeps the sound (MIoT speaker mode)."""

    _attr_translation_key = SCREEN_SWITCH_KEY

    def __init__(self, coordinator: TelevisionCoordinator) -> None:
        """Control the screen of one TV."""
        super().__init__(coordinator, SCREEN_SWITCH_KEY)

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
            await self.async_screen_off()
