"""Assist intents for air conditioners, for what Home Assistant has no intent for.

Home Assistant's own intents already turn an air conditioner on and off, set its temperature and
report the room temperature. These add its mode (with an optional temperature), a relative
temperature change, fan speed, swing and fixed vane positions, and presets, plus on/off and set
temperature for sentences that name the AC generically ("turn on the AC", "空调调到24度"), which
the built-in sentences do not match. Values are resolved against what the targeted unit offers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, ClassVar, Final

import voluptuous as vol
from homeassistant.components.climate.const import (
    ATTR_CURRENT_TEMPERATURE,
    ATTR_FAN_MODE,
    ATTR_FAN_MODES,
    ATTR_HVAC_MODE,
    ATTR_HVAC_MODES,
    ATTR_MAX_TEMP,
    ATTR_MIN_TEMP,
    ATTR_PRESET_MODE,
    ATTR_PRESET_MODES,
    ATTR_SWING_HORIZONTAL_MODE,
    ATTR_SWING_HORIZONTAL_MODES,
    ATTR_SWING_MODE,
    ATTR_SWING_MODES,
    ATTR_TARGET_TEMP_STEP,
    SERVICE_SET_FAN_MODE,
    SERVICE_SET_HVAC_MODE,
    SERVICE_SET_PRESET_MODE,
    SERVICE_SET_SWING_HORIZONTAL_MODE,
    SERVICE_SET_SWING_MODE,
    SERVICE_SET_TEMPERATURE,
    ClimateEntityFeature,
)
from homeassistant.components.climate.const import DOMAIN as CLIMATE_DOMAIN
from homeassistant.const import (
    ATTR_SUPPORTED_FEATURES,
    ATTR_TEMPERATURE,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
)
from homeassistant.core import State
from homeassistant.helpers import intent

from .base import (
    LEVEL_PREFIX,
    POSITION_PREFIX,
    TARGET_SLOTS,
    PowerIntentHandler,
    TargetedIntentHandler,
    format_temperature,
    normalized,
    refused,
    say,
    spoken,
    spoken_list,
)
from .speech import EN, VALUE_NAMES

INTENT_CLIMATE_TURN_ON: Final = "XiaomiLivingClimateTurnOn"
INTENT_CLIMATE_TURN_OFF: Final = "XiaomiLivingClimateTurnOff"
INTENT_CLIMATE_SET_MODE: Final = "XiaomiLivingClimateSetMode"
INTENT_CLIMATE_SET_TEMPERATURE: Final = "XiaomiLivingClimateSetTemperature"
INTENT_CLIMATE_ADJUST_TEMPERATURE: Final = "XiaomiLivingClimateAdjustTemperature"
INTENT_CLIMATE_SET_FAN_SPEED: Final = "XiaomiLivingClimateSetFanSpeed"
INTENT_CLIMATE_SET_SWING: Final = "XiaomiLivingClimateSetSwing"
INTENT_CLIMATE_SET_PRESET: Final = "XiaomiLivingClimateSetPreset"
INTENT_CLIMATE_GET_TEMPERATURE: Final = "XiaomiLivingClimateGetTemperature"


# Words an LLM (or an older sentence file) may pass instead of the canonical value.
_MODE_SYNONYMS: Final = {
    "cooling": "cool",
    "cold": "cool",
    "heating": "heat",
    "warm": "heat",
    "drying": "dry",
    "dehumidify": "dry",
    "dehumidifying": "dry",
    "fan": "fan_only",
    "fan_mode": "fan_only",
    "ventilate": "fan_only",
    "automatic": "auto",
    "heat_cool_auto": "heat_cool",
}
_PRESET_SYNONYMS: Final = {
    "economy": "eco",
    "energy_saving": "eco",
    "night": "sleep",
    "sleeping": "sleep",
    "turbo": "boost",
    "powerful": "boost",
    "normal": "none",
    "off": "none",
}
_FAN_SYNONYMS: Final = {
    "minimum": "min",
    "lowest": "min",
    "maximum": "max",
    "highest": "max",
    "mid": "medium",
    "middle": "medium",
    "automatic": "auto",
    "faster": "up",
    "slower": "down",
}

# Where low, medium and high fall among a unit's ordered fan levels: people mean its slowest,
# its middle and its fastest (of 7 levels: 1, 4 and 7; of 5: 1, 3 and 5), as on a three-speed fan.
FAN_SPEED_POSITIONS: Final = {"low": 0.0, "medium": 1 / 2, "high": 1.0}
# One step up or down from auto, whose speed is not known: the middle of the upper or lower third
# (of 7 levels: 6 or 2), not the very end.
FAN_STEP_FROM_AUTO: Final = {"up": 5 / 6, "down": 1 / 6}
FAN_AUTO: Final = "auto"
SWING_ON: Final = "on"
SWING_OFF: Final = "off"
UP: Final = "up"
DOWN: Final = "down"
VERTICAL: Final = "vertical"
HORIZONTAL: Final = "horizontal"
BOTH: Final = "both"
DEFAULT_TEMPERATURE_STEP: Final = 0.5
DEFAULT_ADJUSTMENT: Final = 1.0
# How far from a step a spoken temperature may be and still be that step (float noise)
_STEP_TOLERANCE: Final = 1e-6


class ClimateIntentHandler(TargetedIntentHandler):
    """An intent about one air conditioner (any climate entity exposed to Assist)."""

    target_domain = CLIMATE_DOMAIN
    noun = "noun_climate"
    slot_schema: ClassVar[dict[Any, Any]] = TARGET_SLOTS

    @staticmethod
    def _features(state: State) -> ClimateEntityFeature:
        return ClimateEntityFeature(state.attributes.get(ATTR_SUPPORTED_FEATURES, 0))

    @staticmethod
    def _requested_temperature(slots: Mapping[str, Any]) -> float:
        """Return the temperature slot, plus half a degree for "二十四度半" (a sentence slot)."""
        value = float(slots["temperature"]["value"])
        half = slots.get("half", {}).get("value")
        return value + float(half) if half else value

    def _check_range(self, state: State, temperature: float, script: str) -> None:
        """Refuse a temperature outside the unit's range, or between two of its steps.

        "24.3" on a unit set in half degrees is neither 24 nor 24.5: the answer names both, and
        nothing is sent (rounding it silently would claim a change that was not asked for).
        """
        low = state.attributes.get(ATTR_MIN_TEMP)
        high = state.attributes.get(ATTR_MAX_TEMP)
        if low is not None and high is not None and not low <= temperature <= high:
            raise refused(
                script,
                "temperature_out_of_range",
                name=state.name,
                min=format_temperature(float(low)),
                max=format_temperature(float(high)),
            )
        step = float(state.attributes.get(ATTR_TARGET_TEMP_STEP) or DEFAULT_TEMPERATURE_STEP)
        steps = temperature / step
        if abs(steps - round(steps)) > _STEP_TOLERANCE:
            lower = math.floor(steps) * step
            raise refused(
                script,
                "temperature_whole_degrees" if step == 1 else "temperature_off_step",
                name=state.name,
                step=format_temperature(step),
                lower=format_temperature(round(lower, 1)),
                upper=format_temperature(round(lower + step, 1)),
            )


def _shown_target(intent_obj: intent.Intent, state: State, fallback: float) -> float:
    """Return the target the entity shows after a write (rounded to its step), else the ask."""
    current = intent_obj.hass.states.get(state.entity_id)
    value = current.attributes.get(ATTR_TEMPERATURE) if current else None
    return float(value) if value is not None else fallback


class ClimateTurnOnHandler(ClimateIntentHandler, PowerIntentHandler):
    """Turn on the AC a sentence names generically ("turn on the AC", "打开空调")."""

    intent_type = INTENT_CLIMATE_TURN_ON
    description = "Turns on an air conditioner in its last mode"
    power_service = SERVICE_TURN_ON


class ClimateTurnOffHandler(ClimateIntentHandler, PowerIntentHandler):
    """Turn off the AC a sentence names generically ("turn off the AC", "关空调")."""

    intent_type = INTENT_CLIMATE_TURN_OFF
    description = "Turns off an air conditioner"
    power_service = SERVICE_TURN_OFF


class ClimateSetModeHandler(ClimateIntentHandler):
    """Set the HVAC mode, and the temperature with it where the sentence gives one."""

    intent_type = INTENT_CLIMATE_SET_MODE
    description = (
        "Switches an air conditioner on in an HVAC mode (cool, heat, dry, fan_only, auto), "
        "optionally with a target temperature"
    )
    slot_schema: ClassVar[dict[Any, Any]] = {
        **TARGET_SLOTS,
        vol.Required(
            "mode", description="cool, heat, dry, fan_only, auto, heat_cool or off"
        ): intent.non_empty_string,
        vol.Optional("temperature", description="Target temperature in degrees"): vol.Coerce(float),
    }

    async def async_act(
        self, intent_obj: intent.Intent, slots: dict[str, Any], state: State, script: str
    ) -> str:
        """Switch to the mode (and temperature) if the unit has it."""
        requested = slots["mode"]["value"]
        offered = [mode for mode in state.attributes.get(ATTR_HVAC_MODES, []) if mode != "off"]
        mode = normalized(requested)
        mode = _MODE_SYNONYMS.get(mode, mode)
        if mode == "off":
            await self._call(intent_obj, state, SERVICE_TURN_OFF, {}, script)
            return say(script, "turned_off", name=state.name)
        if mode not in VALUE_NAMES[EN]["mode"]:
            raise refused(
                script,
                "unknown_mode",
                name=state.name,
                value=requested,
                options=spoken_list(script, "mode", offered),
            )
        if mode not in offered:
            raise refused(
                script,
                "unsupported_mode",
                name=state.name,
                value=spoken(script, "mode", mode),
                options=spoken_list(script, "mode", offered),
            )
        now = spoken(script, "mode_now", mode)
        if "temperature" not in slots:
            await self._call(
                intent_obj, state, SERVICE_SET_HVAC_MODE, {ATTR_HVAC_MODE: mode}, script
            )
            return say(script, "mode_set", name=state.name, mode=now)
        temperature = self._requested_temperature(slots)
        self._check_range(state, temperature, script)
        await self._call(
            intent_obj,
            state,
            SERVICE_SET_TEMPERATURE,
            {ATTR_HVAC_MODE: mode, ATTR_TEMPERATURE: temperature},
            script,
        )
        return say(
            script,
            "mode_temperature_set",
            name=state.name,
            mode=now,
            temperature=format_temperature(_shown_target(intent_obj, state, temperature)),
        )


class ClimateSetTemperatureHandler(ClimateIntentHandler):
    """Set the target temperature of the AC a sentence names generically ("空调调到24度")."""

    intent_type = INTENT_CLIMATE_SET_TEMPERATURE
    description = "Sets the target temperature of an air conditioner"
    slot_schema: ClassVar[dict[Any, Any]] = {
        **TARGET_SLOTS,
        vol.Required("temperature", description="Target temperature in degrees"): vol.Coerce(float),
    }

    async def async_act(
        self, intent_obj: intent.Intent, slots: dict[str, Any], state: State, script: str
    ) -> str:
        """Set the temperature if the unit can take it."""
        temperature = self._requested_temperature(slots)
        self._check_range(state, temperature, script)
        # "开空调 26度": switch on too (a sentence slot, not offered to LLMs)
        turn_on = slots.get("power", {}).get("value") == SWING_ON
        if turn_on:
            await self._call(intent_obj, state, SERVICE_TURN_ON, {}, script)
        await self._call(
            intent_obj, state, SERVICE_SET_TEMPERATURE, {ATTR_TEMPERATURE: temperature}, script
        )
        shown = format_temperature(_shown_target(intent_obj, state, temperature))
        key = "turned_on_at_temperature" if turn_on else "temperature_set"
        return say(script, key, name=state.name, temperature=shown)


class ClimateAdjustTemperatureHandler(ClimateIntentHandler):
    """Make it warmer or cooler by some degrees (one when the sentence says "a bit")."""

    intent_type = INTENT_CLIMATE_ADJUST_TEMPERATURE
    description = "Raises or lowers the target temperature of an air conditioner"
    slot_schema: ClassVar[dict[Any, Any]] = {
        **TARGET_SLOTS,
        vol.Required("direction", description="up (warmer) or down (cooler)"): vol.In([UP, DOWN]),
        vol.Optional("amount", description="Degrees to change by (default 1)"): vol.All(
            vol.Coerce(float), vol.Range(min=0, min_included=False)
        ),
    }

    async def async_act(
        self, intent_obj: intent.Intent, slots: dict[str, Any], state: State, script: str
    ) -> str:
        """Change the target by the amount, within the unit's range and step."""
        current = state.attributes.get(ATTR_TEMPERATURE)
        if current is None:
            raise refused(script, "no_target_temperature", name=state.name)
        amount = float(slots.get("amount", {}).get("value") or DEFAULT_ADJUSTMENT)
        up = slots["direction"]["value"] == UP
        step = float(state.attributes.get(ATTR_TARGET_TEMP_STEP) or DEFAULT_TEMPERATURE_STEP)
        low = float(state.attributes.get(ATTR_MIN_TEMP, float("-inf")))
        high = float(state.attributes.get(ATTR_MAX_TEMP, float("inf")))
        wanted = float(current) + (amount if up else -amount)
        target = min(max(round(wanted / step) * step, low), high)
        if target == float(current):
            key = "temperature_at_max" if up else "temperature_at_min"
            return say(script, key, name=state.name, temperature=format_temperature(target))
        await self._call(
            intent_obj, state, SERVICE_SET_TEMPERATURE, {ATTR_TEMPERATURE: target}, script
        )
        return say(
            script, "temperature_set", name=state.name, temperature=format_temperature(target)
        )


def resolve_fan_mode(  # noqa: PLR0911
    requested: str, fan_modes: list[str], current: str | None
) -> str | None:
    """Map a spoken fan speed onto one of the unit's fan modes, or None if it has no match.

    The unit's own names win (auto, low, level_3 ...). min and max are its slowest and fastest
    level, and so are low and high; medium its middle level (FAN_SPEED_POSITIONS); level_N its
    Nth level; up and down one level from the current one (from auto: FAN_STEP_FROM_AUTO).
    """
    value = normalized(requested)
    value = _FAN_SYNONYMS.get(value, value)
    if value in fan_modes:
        return value
    levels = [mode for mode in fan_modes if mode != FAN_AUTO]
    if not levels or value == FAN_AUTO:
        return None
    if value == "min":
        return levels[0]
    if value == "max":
        return levels[-1]
    if value in FAN_SPEED_POSITIONS:
        return levels[round((len(levels) - 1) * FAN_SPEED_POSITIONS[value])]
    if value.startswith(LEVEL_PREFIX) and value[len(LEVEL_PREFIX) :].isdigit():
        number = int(value[len(LEVEL_PREFIX) :])
        return levels[number - 1] if 1 <= number <= len(levels) else None
    if value in (UP, DOWN):
        if current in levels:
            index = levels.index(current) + (1 if value == UP else -1)
            return levels[min(max(index, 0), len(levels) - 1)]
        return levels[round((len(levels) - 1) * FAN_STEP_FROM_AUTO[value])]
    return None


class ClimateSetFanSpeedHandler(ClimateIntentHandler):
    """Set the fan speed, in the unit's own terms or as min/low/medium/high/max/auto/up/down."""

    intent_type = INTENT_CLIMATE_SET_FAN_SPEED
    description = (
        "Sets the fan speed of an air conditioner: auto, min, low, medium, high, max, up, down, "
        "level_N or one of the unit's fan modes"
    )
    slot_schema: ClassVar[dict[Any, Any]] = {
        **TARGET_SLOTS,
        vol.Required("fan_speed", description="Fan speed"): intent.non_empty_string,
    }

    async def async_act(
        self, intent_obj: intent.Intent, slots: dict[str, Any], state: State, script: str
    ) -> str:
        """Set the fan mode the words map to on this unit."""
        fan_modes = list(state.attributes.get(ATTR_FAN_MODES) or [])
        if not fan_modes or ClimateEntityFeature.FAN_MODE not in self._features(state):
            raise refused(script, "no_fan_speed", name=state.name)
        requested = str(slots["fan_speed"]["value"])
        fan_mode = resolve_fan_mode(requested, fan_modes, state.attributes.get(ATTR_FAN_MODE))
        if fan_mode is None:
            raise refused(
                script,
                "unknown_fan_speed",
                name=state.name,
                value=spoken(script, "fan", normalized(requested)),
                options=spoken_list(script, "fan", fan_modes),
            )
        await self._call(intent_obj, state, SERVICE_SET_FAN_MODE, {ATTR_FAN_MODE: fan_mode}, script)
        return say(script, "fan_set", name=state.name, fan=spoken(script, "fan", fan_mode))


# Swing axes: the feature, the modes attribute, the current mode attribute, and the service.
_SWING_AXES: Final = {
    VERTICAL: (
        ClimateEntityFeature.SWING_MODE,
        ATTR_SWING_MODES,
        ATTR_SWING_MODE,
        SERVICE_SET_SWING_MODE,
    ),
    HORIZONTAL: (
        ClimateEntityFeature.SWING_HORIZONTAL_MODE,
        ATTR_SWING_HORIZONTAL_MODES,
        ATTR_SWING_HORIZONTAL_MODE,
        SERVICE_SET_SWING_HORIZONTAL_MODE,
    ),
}


class ClimateSetSwingHandler(ClimateIntentHandler):
    """Swing on or off, or hold the vanes at a fixed position, vertically and/or horizontally."""

    intent_type = INTENT_CLIMATE_SET_SWING
    description = (
        "Turns the swing of an air conditioner's vanes on or off, or holds them at a fixed "
        "position (position_1, position_2 ...)"
    )
    slot_schema: ClassVar[dict[Any, Any]] = {
        **TARGET_SLOTS,
        vol.Required("swing", description="on, off or position_N"): intent.non_empty_string,
        vol.Optional(
            "direction", description="vertical, horizontal or both (default: the unit's main one)"
        ): vol.In([VERTICAL, HORIZONTAL, BOTH]),
    }

    async def async_act(
        self, intent_obj: intent.Intent, slots: dict[str, Any], state: State, script: str
    ) -> str:
        """Set the swing mode on each axis the sentence means."""
        requested = normalized(slots["swing"]["value"])
        if requested.isdigit():
            requested = f"{POSITION_PREFIX}{requested}"
        direction: str | None = slots.get("direction", {}).get("value")
        features = self._features(state)
        available = [axis for axis, (feature, *_) in _SWING_AXES.items() if feature in features]
        if direction in (VERTICAL, HORIZONTAL):
            axes = [direction] if direction in available else []
        elif direction == BOTH:
            axes = available
        elif requested in (SWING_ON, SWING_OFF):
            axes = available[:1]
        else:
            # A position: the first axis that has fixed positions
            axes = [
                axis
                for axis in available
                if any(
                    mode.startswith(POSITION_PREFIX)
                    for mode in state.attributes.get(_SWING_AXES[axis][1]) or []
                )
            ][:1] or available[:1]
        spoken_direction = spoken(script, "direction", direction or BOTH)
        if not axes:
            raise refused(script, "no_swing", name=state.name, direction=spoken_direction)
        if requested not in (SWING_ON, SWING_OFF):
            return await self._hold_position(intent_obj, state, axes[0], requested, script)
        for axis in axes:
            _, _, _, service = _SWING_AXES[axis]
            await self._call(intent_obj, state, service, {_SWING_AXES[axis][2]: requested}, script)
        key = "swing_on" if requested == SWING_ON else "swing_off"
        return say(script, key, name=state.name, direction=spoken_direction)

    async def _hold_position(
        self, intent_obj: intent.Intent, state: State, axis: str, position: str, script: str
    ) -> str:
        _, modes_attribute, mode_attribute, service = _SWING_AXES[axis]
        positions = [
            mode
            for mode in state.attributes.get(modes_attribute) or []
            if mode.startswith(POSITION_PREFIX)
        ]
        direction = spoken(script, "direction", axis)
        if not positions:
            raise refused(script, "no_positions", name=state.name, direction=direction)
        if position not in positions:
            raise refused(
                script,
                "unknown_position",
                name=state.name,
                value=spoken(script, "swing", position),
                options=spoken_list(script, "swing", positions),
            )
        await self._call(intent_obj, state, service, {mode_attribute: position}, script)
        return say(
            script,
            "swing_position",
            name=state.name,
            direction=direction,
            position=spoken(script, "swing", position),
        )


class ClimateSetPresetHandler(ClimateIntentHandler):
    """Switch a preset (eco, sleep, boost) on or off."""

    intent_type = INTENT_CLIMATE_SET_PRESET
    description = "Turns a preset of an air conditioner (eco, sleep, boost) on or off"
    slot_schema: ClassVar[dict[Any, Any]] = {
        **TARGET_SLOTS,
        vol.Required("preset", description="eco, sleep, boost, or none"): intent.non_empty_string,
        vol.Optional("state", description="on (default) or off"): vol.In([SWING_ON, SWING_OFF]),
    }

    async def async_act(
        self, intent_obj: intent.Intent, slots: dict[str, Any], state: State, script: str
    ) -> str:
        """Switch to the preset, or back to none when switching the active one off."""
        offered = list(state.attributes.get(ATTR_PRESET_MODES) or [])
        if not offered or ClimateEntityFeature.PRESET_MODE not in self._features(state):
            raise refused(script, "no_presets", name=state.name)
        requested = slots["preset"]["value"]
        preset = normalized(requested)
        preset = _PRESET_SYNONYMS.get(preset, preset)
        if preset not in offered:
            raise refused(
                script,
                "unknown_preset",
                name=state.name,
                value=spoken(script, "preset", preset),
                options=spoken_list(script, "preset", [p for p in offered if p != "none"]),
            )
        name = spoken(script, "preset", preset)
        turn_off = slots.get("state", {}).get("value") == SWING_OFF
        if preset == "none" or turn_off:
            if turn_off and state.attributes.get(ATTR_PRESET_MODE) != preset:
                return say(script, "preset_not_on", name=state.name, preset=name)
            await self._call(
                intent_obj, state, SERVICE_SET_PRESET_MODE, {ATTR_PRESET_MODE: "none"}, script
            )
            key = "preset_none" if preset == "none" else "preset_off"
            return say(script, key, name=state.name, preset=name)
        await self._call(
            intent_obj, state, SERVICE_SET_PRESET_MODE, {ATTR_PRESET_MODE: preset}, script
        )
        return say(script, "preset_on", name=state.name, preset=name)


class ClimateGetTemperatureHandler(ClimateIntentHandler):
    """Say the room temperature an AC measures ("what's the AC's temperature", "空调现在多少度").

    Ours rather than Home Assistant's HassClimateGetTemperature for sentences that name an AC:
    with several ACs and none named it asks which (the satellite's room decides first), and a
    unit that measures no room temperature says so, with its target, instead of reading out its
    state.
    """

    intent_type = INTENT_CLIMATE_GET_TEMPERATURE
    description = "Tells the room temperature an air conditioner measures, and its target"
    answers_query = True

    async def async_act(
        self, intent_obj: intent.Intent, slots: dict[str, Any], state: State, script: str
    ) -> str:
        """Read the entity's current and target temperatures; nothing is sent."""
        room = state.attributes.get(ATTR_CURRENT_TEMPERATURE)
        target = state.attributes.get(ATTR_TEMPERATURE)
        if room is None:
            if target is None:
                return say(script, "no_room_temperature", name=state.name)
            return say(
                script,
                "no_room_temperature_target",
                name=state.name,
                target=format_temperature(float(target)),
            )
        if target is None or state.state == "off":
            return say(
                script,
                "room_temperature",
                name=state.name,
                temperature=format_temperature(round(float(room), 1)),
            )
        return say(
            script,
            "room_temperature_target",
            name=state.name,
            temperature=format_temperature(round(float(room), 1)),
            target=format_temperature(float(target)),
        )


CLIMATE_INTENT_HANDLERS: Final[tuple[type[TargetedIntentHandler], ...]] = (
    ClimateGetTemperatureHandler,
    ClimateTurnOnHandler,
    ClimateTurnOffHandler,
    ClimateSetModeHandler,
    ClimateSetTemperatureHandler,
    ClimateAdjustTemperatureHandler,
    ClimateSetFanSpeedHandler,
    ClimateSetSwingHandler,
    ClimateSetPresetHandler,
)
