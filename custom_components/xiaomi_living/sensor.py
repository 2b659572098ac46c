"""Air conditioner sensors: room climate, outdoor climate, power and energy."""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import PERCENTAGE, UnitOfEnergy, UnitOfPower, UnitOfTemperature
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType

from . import XiaomiLivingConfigEntry
from .client.models import aircondition as ac
from .coordinator import AirConditionerCoordinator
from .entity import XiaomiLivingEntity

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class XiaomiLivingSensorDescription(SensorEntityDescription):
    """A sensor that shows one capability's value as it is."""


SENSORS: tuple[XiaomiLivingSensorDescription, ...] = (
    XiaomiLivingSensorDescription(
        key=ac.CURRENT_TEMPERATURE,
        translation_key="room_temperature",
        device_class=SensorDeviceClass.TEMPERATURE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
    ),
    XiaomiLivingSensorDescription(
        key=ac.CURRENT_HUMIDITY,
        translation_key="room_humidity",
        device_class=SensorDeviceClass.HUMIDITY,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=PERCENTAGE,
    ),
    XiaomiLivingSensorDescription(
        key=ac.OUTDOOR_TEMPERATURE,
        translation_key="outdoor_temperature",
        device_class=SensorDeviceClass.TEMPERATURE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
    ),
    XiaomiLivingSensorDescription(
        key=ac.OUTDOOR_HUMIDITY,
        translation_key="outdoor_humidity",
        device_class=SensorDeviceClass.HUMIDITY,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=PERCENTAGE,
    ),
    XiaomiLivingSensorDescription(
        key=ac.POWER_CONSUMPTION,
        device_class=SensorDeviceClass.POWER,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfPower.WATT,
    ),
    XiaomiLivingSensorDescription(
        key=ac.ENERGY,
        device_class=SensorDeviceClass.ENERGY,
        state_class=SensorStateClass.TOTAL_INCREASING,
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: XiaomiLivingConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a sensor for each measurement this unit reports."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(
        XiaomiLivingSensor(coordinator, description)
        for description in SENSORS
        if description.key in coordinator.device.capabilities
    )


class XiaomiLivingSensor(XiaomiLivingEntity, SensorEntity):
    """One measurement of an air conditioner."""

    entity_description: XiaomiLivingSensorDescription

    def __init__(
        self, coordinator: AirConditionerCoordinator, description: XiaomiLivingSensorDescription
    ) -> None:
        """Show one capability."""
        super().__init__(coordinator, description.key)
        self.entity_description = description

    @property
    def native_value(self) -> StateType:
        """The value as the device reports it."""
        value = self.coordinator.data.get(self.key)
        return value if isinstance(value, int | float | str) else None
