"""Air conditioner sensors: room climate, outdoor climate, power and energy."""

from __future__ import annotations

from collections.abc import Callable
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

from .client.models import aircondition as ac
from .client.state import AirConditionerState
from .coordinator import AirConditionerCoordinator, XiaomiLivingConfigEntry
from .entity import AirConditionerEntity

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class AirConditionerSensorDescription(SensorEntityDescription):
    """A sensor that shows one capability's value as it is (``key`` names the capability)."""

    value_fn: Callable[[AirConditionerState], float | None]


SENSORS: tuple[AirConditionerSensorDescription, ...] = (
    AirConditionerSensorDescription(
        key=ac.CURRENT_TEMPERATURE,
        value_fn=lambda state: state.current_temperature,
        translation_key="room_temperature",
        device_class=SensorDeviceClass.TEMPERATURE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
    ),
    AirConditionerSensorDescription(
        key=ac.CURRENT_HUMIDITY,
        value_fn=lambda state: state.current_humidity,
        translation_key="room_humidity",
        device_class=SensorDeviceClass.HUMIDITY,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=PERCENTAGE,
    ),
    AirConditionerSensorDescription(
        key=ac.OUTDOOR_TEMPERATURE,
        value_fn=lambda state: state.outdoor_temperature,
        translation_key="outdoor_temperature",
        device_class=SensorDeviceClass.TEMPERATURE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
    ),
    AirConditionerSensorDescription(
        key=ac.OUTDOOR_HUMIDITY,
        value_fn=lambda state: state.outdoor_humidity,
        translation_key="outdoor_humidity",
        device_class=SensorDeviceClass.HUMIDITY,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=PERCENTAGE,
    ),
    AirConditionerSensorDescription(
        key=ac.POWER_CONSUMPTION,
        value_fn=lambda state: state.power_consumption,
        device_class=SensorDeviceClass.POWER,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfPower.WATT,
    ),
    AirConditionerSensorDescription(
        key=ac.ENERGY,
        value_fn=lambda state: state.energy,
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
    if isinstance(coordinator := entry.runtime_data.coordinator, AirConditionerCoordinator):
        async_add_entities(
            AirConditionerSensor(coordinator, description)
            for description in SENSORS
            if description.key in coordinator.device.capabilities
        )


class AirConditionerSensor(AirConditionerEntity, SensorEntity):
    """One measurement of an air conditioner."""

    entity_description: AirConditionerSensorDescription

    def __init__(
        self, coordinator: AirConditionerCoordinator, description: AirConditionerSensorDescription
    ) -> None:
        """Show one capability."""
        super().__init__(coordinator, description.key)
        self.entity_description = description

    def reported(self, state: AirConditionerState) -> bool:
        """Whether the unit reports this measurement."""
        return self.entity_description.value_fn(state) is not None

    @property
    def native_value(self) -> StateType:
        """The value as the device reports it."""
        return self.entity_description.value_fn(self.coordinator.data)
