"""Air conditioner switches: auxiliary heater, anti-mould dryer, buzzer and indicator light."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import XiaomiLivingConfigEntry
from .client.models import aircondition as ac
from .coordinator import AirConditionerCoordinator
from .entity import XiaomiLivingEntity

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
    """Add a switch for each of these capabilities the unit has."""
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
