"""Air conditioners as climate entities."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from homeassistant.components.climate import ClimateEntity
from homeassistant.components.climate.const import (
    ATTR_HVAC_MODE,
    PRESET_BOOST,
    PRESET_ECO,
    PRESET_NONE,
    PRESET_SLEEP,
    SWING_OFF,
    SWING_ON,
    ClimateEntityFeature,
    HVACAction,
    HVACMode,
)
from homeassistant.const import ATTR_TEMPERATURE, UnitOfTemperature
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .client.models import aircondition as ac
from .client.state import AirConditionerSettings, AirConditionerState
from .coordinator import AirConditionerCoordinator, XiaomiLivingConfigEntry
from .entity import AirConditionerEntity

PARALLEL_UPDATES = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Preset:
    """A preset over one boolean capability: how to read it, how to switch it."""

    capability: str
    value_fn: Callable[[AirConditionerState], bool | None]
    set_fn: Callable[[bool], AirConditionerSettings]


# Presets and the boolean capability each one switches on; "none" switches them all off.
PRESETS: Final = {
    PRESET_ECO: Preset(
        capability=ac.ECO, value_fn=lambda state: state.eco, set_fn=lambda on: {ac.ECO: on}
    ),
    PRESET_SLEEP: Preset(
        capability=ac.SLEEP, value_fn=lambda state: state.sleep, set_fn=lambda on: {ac.SLEEP: on}
    ),
    PRESET_BOOST: Preset(
        capability=ac.TURBO, value_fn=lambda state: state.turbo, set_fn=lambda on: {ac.TURBO: on}
    ),
}

# Modes whose action does not depend on the room temperature.
_FIXED_ACTIONS = {
    HVACMode.OFF: HVACAction.OFF,
    HVACMode.FAN_ONLY: HVACAction.FAN,
    HVACMode.DRY: HVACAction.DRYING,
}
# Within this distance of the target the unit is considered to have reached it.
_ACTION_TOLERANCE = 0.5
# A unit that measures no room temperature but its own draw (the AC companions, which meter the
# AC's socket) is cooling or heating while it draws at least this many watts, and idle below:
# a running compressor draws hundreds of watts, the indoor fan alone some tens
# (docs/air-conditioners.md#what-the-unit-is-doing).
COMPRESSOR_RUNNING_WATTS: Final = 100.0
# Home Assistant 2026.11 names the temperature members native_* and reports the old names as
# deprecated (they break in 2027.11); 2026.2 knows only the old names. The entity offers the
# members of the Home Assistant it runs on, and reads its own values through its helpers.
NATIVE_TEMPERATURES: Final = hasattr(ClimateEntity, "native_temperature_unit")


async def async_setup_entry(
    hass: HomeAssistant,
    entry: XiaomiLivingConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the climate entity of an air conditioner."""
    if isinstance(coordinator := entry.runtime_data.coordinator, AirConditionerCoordinator):
        async_add_entities([AirConditionerClimate(coordinator)])


class AirConditionerClimate(AirConditionerEntity, ClimateEntity):
    """An air conditioner: modes, target temperature, fan, swing and presets."""

    _attr_name = None
    _attr_translation_key = "air_conditioner"
    if NATIVE_TEMPERATURES:
        _attr_native_temperature_unit = UnitOfTemperature.CELSIUS
    else:
        _attr_temperature_unit = UnitOfTemperature.CELSIUS

    def __init__(self, coordinator: AirConditionerCoordinator) -> None:
        """Derive the entity's features from what this unit has."""
        super().__init__(coordinator, ac.POWER)
        description = coordinator.device.description
        has = coordinator.device.capabilities
        self._attr_hvac_modes = [HVACMode.OFF, *map(HVACMode, description.hvac_modes)]
        self._attr_min_temp = description.min_temperature
        self._attr_max_temp = description.max_temperature
        self._attr_target_temperature_step = description.temperature_step
        features = (
            ClimateEntityFeature.TARGET_TEMPERATURE
            | ClimateEntityFeature.TURN_ON
            | ClimateEntityFeature.TURN_OFF
        )
        if ac.FAN_MODE in has:
            features |= ClimateEntityFeature.FAN_MODE
            self._attr_fan_modes = list(description.fan_modes)
        if ac.SWING_VERTICAL in has:
            features |= ClimateEntityFeature.SWING_MODE
            self._attr_swing_modes = _swing_modes(description.fields, has, ac.VANE_VERTICAL)
        if ac.SWING_HORIZONTAL in has:
            features |= ClimateEntityFeature.SWING_HORIZONTAL_MODE
            self._attr_swing_horizontal_modes = _swing_modes(
                description.fields, has, ac.VANE_HORIZONTAL
            )
        self._presets = {
            name: preset for name, preset in PRESETS.items() if preset.capability in has
        }
        if self._presets:
            features |= ClimateEntityFeature.PRESET_MODE
            self._attr_preset_modes = [PRESET_NONE, *self._presets]
        if ac.TARGET_HUMIDITY in has:
            features |= ClimateEntityFeature.TARGET_HUMIDITY
        self._attr_supported_features = features
        self._last_mode = self._device_mode()
        self._action_from_load = ac.CURRENT_TEMPERATURE not in has and ac.POWER_CONSUMPTION in has

    def reported(self, state: AirConditionerState) -> bool:
        """Whether the unit reports its power."""
        return state.power is not None

    def _device_mode(self) -> HVACMode | None:
        mode = self.coordinator.data.mode
        return HVACMode(mode) if mode in self.coordinator.device.description.hvac_modes else None

    def _handle_coordinator_update(self) -> None:
        if (mode := self._device_mode()) is not None:
            self._last_mode = mode
        super()._handle_coordinator_update()

    @property
    def hvac_mode(self) -> HVACMode | None:
        """Off while the unit is off, else its mode."""
        if self.coordinator.data.power is False:
            return HVACMode.OFF
        return self._device_mode()

    @property
    def hvac_action(self) -> HVACAction | None:
        """What the unit is doing: from its mode, and the room against the target or its draw."""
        mode = self.hvac_mode
        if mode is None or mode in _FIXED_ACTIONS:
            return _FIXED_ACTIONS.get(mode) if mode else None
        if self._action_from_load:
            return self._action_from_draw(mode)
        room, target = self._room_temperature(), self._target_temperature()
        if room is None or target is None:
            return None
        if mode in (HVACMode.COOL, HVACMode.AUTO) and room > target + _ACTION_TOLERANCE:
            return HVACAction.COOLING
        if mode in (HVACMode.HEAT, HVACMode.AUTO) and room < target - _ACTION_TOLERANCE:
            return HVACAction.HEATING
        return HVACAction.IDLE

    def _action_from_draw(self, mode: HVACMode) -> HVACAction | None:
        """Cooling or heating while the compressor draws power, idle while it does not.

        In auto the draw does not tell cooling from heating: unknown while it runs.
        """
        watts = self.coordinator.data.power_consumption
        if watts is None:
            return None
        if watts < COMPRESSOR_RUNNING_WATTS:
            return HVACAction.IDLE
        if mode is HVACMode.COOL:
            return HVACAction.COOLING
        if mode is HVACMode.HEAT:
            return HVACAction.HEATING
        return None

    def _room_temperature(self) -> float | None:
        return _float(self.coordinator.data.current_temperature)

    def _target_temperature(self) -> float | None:
        return _float(self.coordinator.data.target_temperature)

    if NATIVE_TEMPERATURES:

        @property
        def native_current_temperature(self) -> float | None:
            """The room temperature the unit measures, in °C."""
            return self._room_temperature()

        @property
        def native_target_temperature(self) -> float | None:
            """The target temperature, in °C."""
            return self._target_temperature()

    else:

        @property
        def current_temperature(self) -> float | None:
            """The room temperature the unit measures."""
            return self._room_temperature()

        @property
        def target_temperature(self) -> float | None:
            """The target temperature."""
            return self._target_temperature()

    @property
    def current_humidity(self) -> float | None:
        """The room humidity, where the unit measures it."""
        return _float(self.coordinator.data.current_humidity)

    @property
    def target_humidity(self) -> float | None:
        """The target humidity, where the unit has one."""
        return _float(self.coordinator.data.target_humidity)

    @property
    def fan_mode(self) -> str | None:
        """The fan speed."""
        return self.coordinator.data.fan_mode

    @property
    def swing_mode(self) -> str | None:
        """Vertical swing: on, or the vane's fixed position, or off."""
        state = self.coordinator.data
        return _swing(state.swing_vertical, state.vane_vertical)

    @property
    def swing_horizontal_mode(self) -> str | None:
        """Horizontal swing: on, or the vane's fixed position, or off."""
        state = self.coordinator.data
        return _swing(state.swing_horizontal, state.vane_horizontal)

    @property
    def preset_mode(self) -> str | None:
        """The active preset, or none."""
        if not self._presets:
            return None
        state = self.coordinator.data
        return next(
            (name for name, preset in self._presets.items() if preset.value_fn(state)), PRESET_NONE
        )

    async def async_set_hvac_mode(self, hvac_mode: HVACMode) -> None:
        """Switch off, or switch on in the given mode."""
        await self.async_write(_hvac_settings(hvac_mode))

    async def async_turn_on(self) -> None:
        """Switch on in the last active mode."""
        settings: AirConditionerSettings = {ac.POWER: True}
        if self._last_mode is not None:
            settings[ac.MODE] = self._last_mode.value
        await self.async_write(settings)

    async def async_turn_off(self) -> None:
        """Switch off."""
        await self.async_write({ac.POWER: False})

    async def async_set_temperature(self, **kwargs: Any) -> None:
        """Set the target temperature (rounded to the unit's step), and the mode if given."""
        settings: AirConditionerSettings = {}
        if (mode := kwargs.get(ATTR_HVAC_MODE)) is not None:
            settings = _hvac_settings(HVACMode(mode))
        if (temperature := kwargs.get(ATTR_TEMPERATURE)) is not None:
            # The unit's field knows how the target goes on the wire (whole degrees, tenths ...)
            step = self.target_temperature_step or 1.0
            settings[ac.TARGET_TEMPERATURE] = round(round(float(temperature) / step) * step, 1)
        await self.async_write(settings)

    async def async_set_fan_mode(self, fan_mode: str) -> None:
        """Set the fan speed."""
        await self.async_write({ac.FAN_MODE: fan_mode})

    async def async_set_swing_mode(self, swing_mode: str) -> None:
        """Swing vertically, stop, or hold the vane at a fixed position."""
        swinging, position = _swing_setting(swing_mode)
        settings: AirConditionerSettings = {ac.SWING_VERTICAL: swinging}
        if position is not None:
            settings[ac.VANE_VERTICAL] = position
        await self.async_write(settings)

    async def async_set_swing_horizontal_mode(self, swing_horizontal_mode: str) -> None:
        """Swing horizontally, stop, or hold the vane at a fixed position."""
        swinging, position = _swing_setting(swing_horizontal_mode)
        settings: AirConditionerSettings = {ac.SWING_HORIZONTAL: swinging}
        if position is not None:
            settings[ac.VANE_HORIZONTAL] = position
        await self.async_write(settings)

    async def async_set_preset_mode(self, preset_mode: str) -> None:
        """Switch on one preset and the others off (none switches all off)."""
        settings: AirConditionerSettings = {}
        for name, preset in self._presets.items():
            settings.update(preset.set_fn(name == preset_mode))
        await self.async_write(settings)

    async def async_set_humidity(self, humidity: int) -> None:
        """Set the target humidity."""
        await self.async_write({ac.TARGET_HUMIDITY: humidity})


def _float(value: float | None) -> float | None:
    return float(value) if value is not None else None


def _hvac_settings(mode: HVACMode) -> AirConditionerSettings:
    """Return what to write for an HVAC mode: off, or on in that mode."""
    if mode is HVACMode.OFF:
        return {ac.POWER: False}
    return {ac.POWER: True, ac.MODE: mode.value}


def _swing(swinging: bool | None, position: str | None) -> str | None:
    """Return the swing mode: on, or the vane's fixed position, or off."""
    if swinging is None:
        return None
    if swinging:
        return SWING_ON
    return position or SWING_OFF


def _swing_modes(fields: Mapping[str, ac.Field], has: frozenset[str], vane_key: str) -> list[str]:
    """List off and on, plus the fixed vane positions where the unit reports an angle."""
    positions = (fields[vane_key].values or {}) if vane_key in has else {}
    return [SWING_OFF, SWING_ON, *positions]


def _swing_setting(mode: str) -> tuple[bool, str | None]:
    """Return whether to swing and the vane position to hold: a position stops the swing."""
    if mode in (SWING_ON, SWING_OFF):
        return mode == SWING_ON, None
    return False, mode
