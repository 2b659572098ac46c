"""Air conditioner sensors: room climate, outdoor climate, power, energy and Wi-Fi signal.

Each measurement suggests how many decimals to show (what the units report: tenths of a degree,
whole percent and watts); the energy total's state is rounded to the watt-hour, so that the sums
of counter readings do not show float noise (17.3996366983317 kWh).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from homeassistant.components.sensor import (
    RestoreSensor,
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorExtraStoredData,
    SensorStateClass,
)
from homeassistant.const import (
    PERCENTAGE,
    SIGNAL_STRENGTH_DECIBELS_MILLIWATT,
    EntityCategory,
    UnitOfEnergy,
    UnitOfPower,
    UnitOfTemperature,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType

from .client.models import aircondition as ac
from .client.state import AirConditionerState
from .coordinator import AirConditionerCoordinator, XiaomiLivingConfigEntry
from .entity import AirConditionerEntity

PARALLEL_UPDATES = 0

_LOGGER = logging.getLogger(__name__)

# A counter reading below this share of the last one is a reset; a smaller dip is jitter. The
# rule Home Assistant's recorder applies to total_increasing sensors.
RESET_BELOW: Final = 0.9
# The energy total's state in kWh is rounded to this many decimals (1 Wh); the total is kept whole.
ENERGY_DECIMALS: Final = 3


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
        suggested_display_precision=1,
    ),
    AirConditionerSensorDescription(
        key=ac.CURRENT_HUMIDITY,
        value_fn=lambda state: state.current_humidity,
        translation_key="room_humidity",
        device_class=SensorDeviceClass.HUMIDITY,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=PERCENTAGE,
        suggested_display_precision=0,
    ),
    AirConditionerSensorDescription(
        key=ac.OUTDOOR_TEMPERATURE,
        value_fn=lambda state: state.outdoor_temperature,
        translation_key="outdoor_temperature",
        device_class=SensorDeviceClass.TEMPERATURE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        suggested_display_precision=1,
    ),
    AirConditionerSensorDescription(
        key=ac.OUTDOOR_HUMIDITY,
        value_fn=lambda state: state.outdoor_humidity,
        translation_key="outdoor_humidity",
        device_class=SensorDeviceClass.HUMIDITY,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=PERCENTAGE,
        suggested_display_precision=0,
    ),
    AirConditionerSensorDescription(
        key=ac.POWER_CONSUMPTION,
        value_fn=lambda state: state.power_consumption,
        device_class=SensorDeviceClass.POWER,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfPower.WATT,
        suggested_display_precision=0,
    ),
)

# Not the unit's counter as it is: a total kept by the sensor (AirConditionerEnergySensor).
ENERGY_TOTAL = AirConditionerSensorDescription(
    key=ac.ENERGY,
    value_fn=lambda state: state.energy,
    device_class=SensorDeviceClass.ENERGY,
    state_class=SensorStateClass.TOTAL_INCREASING,
    native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
    suggested_display_precision=2,
)

# The Wi-Fi signal miIO.info reports (ap.rssi): for diagnosis, so off until the user enables it.
WIFI_SIGNAL = SensorEntityDescription(
    key="wifi_signal",
    device_class=SensorDeviceClass.SIGNAL_STRENGTH,
    state_class=SensorStateClass.MEASUREMENT,
    native_unit_of_measurement=SIGNAL_STRENGTH_DECIBELS_MILLIWATT,
    entity_category=EntityCategory.DIAGNOSTIC,
    entity_registry_enabled_default=False,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: XiaomiLivingConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a sensor for each measurement this unit reports."""
    if isinstance(coordinator := entry.runtime_data.coordinator, AirConditionerCoordinator):
        capabilities = coordinator.device.capabilities
        sensors: list[SensorEntity] = [
            AirConditionerSensor(coordinator, description)
            for description in SENSORS
            if description.key in capabilities
        ]
        if ENERGY_TOTAL.key in capabilities:
            sensors.append(AirConditionerEnergySensor(coordinator, ENERGY_TOTAL))
        if coordinator.wifi_rssi is not None:
            sensors.append(WifiSignalSensor(coordinator))
        async_add_entities(sensors)


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


@dataclass
class EnergyTotalStoredData(SensorExtraStoredData):
    """What the energy total keeps across restarts: the total and the last counter reading."""

    counter: float | None

    def as_dict(self) -> dict[str, Any]:
        """Store the counter beside the total."""
        return {**super().as_dict(), "counter": self.counter}


class AirConditionerEnergySensor(AirConditionerSensor, RestoreSensor):
    """A kWh total that never goes down, kept from the unit's energy counter.

    Some firmware resets its counter (it "pulses"): the total adds each rise of the counter and,
    after a reset, what the counter has counted since, so the Energy dashboard never sees a drop.
    The total and the last counter reading survive restarts (restore state), so what the unit used
    while Home Assistant was down is counted too. The first reading ever starts the total at the
    counter: a sensor that showed the bare counter before goes on from where it stood.
    """

    _total: float | None = None
    _counter: float | None = None

    async def async_added_to_hass(self) -> None:
        """Take up the total where the last run left it, then count the current reading."""
        await super().async_added_to_hass()
        if (restored := await self.async_get_last_sensor_data()) is not None and (
            total := _kwh(restored.native_value)
        ) is not None:
            self._total = total
            extra = await self.async_get_last_extra_data()
            self._counter = _kwh(extra.as_dict().get("counter")) if extra is not None else None
        self._count(self.coordinator.data.energy)

    @callback
    def _handle_coordinator_update(self) -> None:
        self._count(self.coordinator.data.energy)
        super()._handle_coordinator_update()

    def _count(self, reading: float | None) -> None:
        """Add what the unit used since the last reading; an unknown reading changes nothing."""
        if reading is None:
            return
        last = self._counter
        if self._total is None:
            self._total = reading
        elif last is None:
            pass  # a restored total without its counter reading: this reading is the new base
        elif reading >= last:
            self._total += reading - last
        elif reading < RESET_BELOW * last:
            # The counter started again from zero, so all it shows was used since the reset.
            self._total += reading
            _LOGGER.debug(
                "%s: energy counter went down from %s to %s kWh, a reset; total %s kWh",
                self.entity_id,
                last,
                reading,
                self._total,
            )
        else:
            _LOGGER.debug(
                "%s: energy counter dipped from %s to %s kWh, not a reset; counting from %s kWh",
                self.entity_id,
                last,
                reading,
                last,
            )
            return
        self._counter = reading

    @property
    def native_value(self) -> StateType:
        """The total in kWh, to the watt-hour."""
        return None if self._total is None else round(self._total, ENERGY_DECIMALS)

    @property
    def extra_restore_state_data(self) -> EnergyTotalStoredData:
        """The total and the counter reading it has counted up to."""
        return EnergyTotalStoredData(self._total, self.native_unit_of_measurement, self._counter)


class WifiSignalSensor(AirConditionerEntity, SensorEntity):
    """The unit's Wi-Fi signal in dBm, read from miIO.info at a slow rate while enabled."""

    entity_description = WIFI_SIGNAL

    def __init__(self, coordinator: AirConditionerCoordinator) -> None:
        """Show the signal the coordinator last read."""
        super().__init__(coordinator, WIFI_SIGNAL.key)

    async def async_added_to_hass(self) -> None:
        """Ask the coordinator to read the signal while this (disabled by default) sensor runs."""
        await super().async_added_to_hass()
        self.async_on_remove(self.coordinator.async_want_wifi_rssi())

    def reported(self, state: AirConditionerState) -> bool:
        """Whether the last miIO.info answer carried a signal."""
        return self.coordinator.wifi_rssi is not None

    @property
    def native_value(self) -> StateType:
        """The signal in dBm."""
        return self.coordinator.wifi_rssi


def _kwh(value: object) -> float | None:
    """Return a restored number of kWh, or None for anything else."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) and number >= 0 else None
