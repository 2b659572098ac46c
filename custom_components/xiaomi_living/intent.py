# ruff: noqa: RUF001  (Chinese punctuation in the spoken answers is intended)
"""Assist intents for what Home Assistant has no intent for, spoken back in the user's language.

Home Assistant's own intents already turn an air conditioner on and off, set its temperature and
report the room temperature. These add its mode (with an optional temperature), a relative
temperature change, fan speed, swing and fixed vane positions, and presets, plus on/off and set
temperature for sentences that name the AC generically ("turn on the AC", "空调调到24度"), which
the built-in sentences do not match.

Every handler resolves exactly one entity: by name or alias, by area, or, when the sentence names
none, the only AC there is (or the only one in the satellite's area). Values are resolved against
what that entity offers, and the answer names the canonical value, in English, Simplified or
Traditional Chinese. Errors are spoken too: an ambiguous or unknown target, an unavailable device,
a mode or speed the unit does not have.

Extension point: a device family (TVs) subclasses ``TargetedIntentHandler`` with its own
``target_domain`` and ``noun``, adds its phrases to ``MESSAGES``, and lists its handlers in
``INTENT_HANDLERS``; sentences go to ``sentences/<variant>/<family>.yaml``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar, Final

import voluptuous as vol
from homeassistant.components.climate.const import (
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
from homeassistant.components.homeassistant.exposed_entities import async_should_expose
from homeassistant.const import (
    ATTR_ENTITY_ID,
    ATTR_SUPPORTED_FEATURES,
    ATTR_TEMPERATURE,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_UNAVAILABLE,
)
from homeassistant.core import HomeAssistant, State
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import intent
from homeassistant.util import language as language_util

_LOGGER = logging.getLogger(__name__)

INTENT_CLIMATE_TURN_ON: Final = "XiaomiLivingClimateTurnOn"
INTENT_CLIMATE_TURN_OFF: Final = "XiaomiLivingClimateTurnOff"
INTENT_CLIMATE_SET_MODE: Final = "XiaomiLivingClimateSetMode"
INTENT_CLIMATE_SET_TEMPERATURE: Final = "XiaomiLivingClimateSetTemperature"
INTENT_CLIMATE_ADJUST_TEMPERATURE: Final = "XiaomiLivingClimateAdjustTemperature"
INTENT_CLIMATE_SET_FAN_SPEED: Final = "XiaomiLivingClimateSetFanSpeed"
INTENT_CLIMATE_SET_SWING: Final = "XiaomiLivingClimateSetSwing"
INTENT_CLIMATE_SET_PRESET: Final = "XiaomiLivingClimateSetPreset"

# The scripts we answer in; each sentence variant maps to one of them.
EN: Final = "en"
HANS: Final = "zh-Hans"
HANT: Final = "zh-Hant"
_VARIANT_SCRIPTS: Final = {"en": EN, "zh-CN": HANS, "zh-HK": HANT, "zh-TW": HANT}

# Speech templates per script. ``{name}`` is the entity's name; value placeholders receive values
# already rendered by ``spoken``.
MESSAGES: Final[Mapping[str, Mapping[str, str]]] = {
    EN: {
        "list_and": " and ",
        "list_comma": ", ",
        "noun_climate": "air conditioner",
        "no_device": "I found no {noun}",
        "no_device_named": "I found no {noun} called {name}",
        "no_device_in_area": "There is no {noun} in {area}",
        "no_area": "I don't know an area called {area}",
        "not_exposed": "No {noun} is exposed to Assist",
        "ambiguous": "Which {noun} do you mean: {options}?",
        "duplicate_name": "There are several devices called {name}; please say which room",
        "unavailable": "{name} is unavailable right now",
        "failed": "{name} did not respond, please try again",
        "turned_on": "Turned on {name}",
        "turned_off": "Turned off {name}",
        "mode_set": "{name} is now {mode}",
        "mode_temperature_set": "{name} is now {mode} at {temperature} degrees",
        "unknown_mode": "I don't know the mode {value}. {name} offers {options}",
        "unsupported_mode": "{name} has no {value} mode. It offers {options}",
        "temperature_set": "{name} is set to {temperature} degrees",
        "turned_on_at_temperature": "Turned on {name} at {temperature} degrees",
        "temperature_out_of_range": "{name} can be set from {min} to {max} degrees",
        "temperature_at_max": "{name} is already at its highest setting, {temperature} degrees",
        "temperature_at_min": "{name} is already at its lowest setting, {temperature} degrees",
        "no_target_temperature": "{name} has no target temperature right now",
        "fan_set": "{name} fan speed is now {fan}",
        "fan_level": "level {level}",
        "no_fan_speed": "{name} has no adjustable fan speed",
        "unknown_fan_speed": "{name} has no fan speed {value}. It offers {options}",
        "swing_on": "Turned on the {direction}swing on {name}",
        "swing_off": "Turned off the {direction}swing on {name}",
        "swing_position": "{name} {direction}vanes are now at {position}",
        "no_swing": "{name} has no {direction}swing",
        "unknown_position": "{name} has no vane {value}. It offers {options}",
        "no_positions": "{name} has no fixed {direction}vane positions",
        "preset_on": "Turned on {preset} mode on {name}",
        "preset_off": "Turned off {preset} mode on {name}",
        "preset_not_on": "{name} is not in {preset} mode",
        "preset_none": "{name} is back to normal mode",
        "unknown_preset": "{name} has no {value} mode. It offers {options}",
        "no_presets": "{name} has no special modes",
        "position": "position {position}",
    },
    HANS: {
        "list_and": "、",
        "list_comma": "、",
        "noun_climate": "空调",
        "no_device": "没有找到{noun}",
        "no_device_named": "没有找到名为{name}的{noun}",
        "no_device_in_area": "{area}没有{noun}",
        "no_area": "没有名为{area}的区域",
        "not_exposed": "没有{noun}开放给语音助手",
        "ambiguous": "你指的是哪台{noun}：{options}？",
        "duplicate_name": "有多台设备叫{name}，请说明是哪个房间的",
        "unavailable": "{name}目前离线，无法控制",
        "failed": "{name}没有响应，请稍后再试",
        "turned_on": "{name}已打开",
        "turned_off": "{name}已关闭",
        "mode_set": "{name}已切换到{mode}模式",
        "mode_temperature_set": "{name}已切换到{mode}模式，温度{temperature}度",
        "unknown_mode": "我不认识“{value}”这个模式，{name}支持：{options}",
        "unsupported_mode": "{name}没有{value}模式，支持：{options}",
        "temperature_set": "{name}温度已调到{temperature}度",
        "turned_on_at_temperature": "{name}已打开，温度{temperature}度",
        "temperature_out_of_range": "{name}的温度范围是{min}到{max}度",
        "temperature_at_max": "{name}已经是最高温度{temperature}度了",
        "temperature_at_min": "{name}已经是最低温度{temperature}度了",
        "no_target_temperature": "{name}当前没有设定温度",
        "fan_set": "{name}风速已调到{fan}",
        "fan_level": "{level}档",
        "no_fan_speed": "{name}不支持调节风速",
        "unknown_fan_speed": "{name}没有“{value}”这个风速，可选：{options}",
        "swing_on": "{name}已打开{direction}扫风",
        "swing_off": "{name}已关闭{direction}扫风",
        "swing_position": "{name}{direction}导风板已调到{position}",
        "no_swing": "{name}不支持{direction}扫风",
        "unknown_position": "{name}没有“{value}”这个导风板位置，可选：{options}",
        "no_positions": "{name}不支持固定{direction}导风板位置",
        "preset_on": "{name}已开启{preset}模式",
        "preset_off": "{name}已关闭{preset}模式",
        "preset_not_on": "{name}没有开启{preset}模式",
        "preset_none": "{name}已恢复普通模式",
        "unknown_preset": "{name}没有{value}模式，支持：{options}",
        "no_presets": "{name}没有特殊模式",
        "position": "位置{position}",
    },
    HANT: {
        "list_and": "、",
        "list_comma": "、",
        "noun_climate": "冷氣",
        "no_device": "找不到{noun}",
        "no_device_named": "找不到名為{name}的{noun}",
        "no_device_in_area": "{area}沒有{noun}",
        "no_area": "找不到名為{area}的區域",
        "not_exposed": "沒有{noun}開放給語音助理",
        "ambiguous": "你指的是哪一台{noun}：{options}？",
        "duplicate_name": "有多部裝置叫{name}，請說明是哪個房間的",
        "unavailable": "{name}目前離線，無法控制",
        "failed": "{name}沒有回應，請稍後再試",
        "turned_on": "{name}已打開",
        "turned_off": "{name}已關閉",
        "mode_set": "{name}已切換到{mode}模式",
        "mode_temperature_set": "{name}已切換到{mode}模式，溫度{temperature}度",
        "unknown_mode": "我不認識「{value}」這個模式，{name}支援：{options}",
        "unsupported_mode": "{name}沒有{value}模式，支援：{options}",
        "temperature_set": "{name}溫度已調到{temperature}度",
        "turned_on_at_temperature": "{name}已打開，溫度{temperature}度",
        "temperature_out_of_range": "{name}的溫度範圍是{min}到{max}度",
        "temperature_at_max": "{name}已經是最高溫度{temperature}度了",
        "temperature_at_min": "{name}已經是最低溫度{temperature}度了",
        "no_target_temperature": "{name}目前沒有設定溫度",
        "fan_set": "{name}風速已調到{fan}",
        "fan_level": "{level}檔",
        "no_fan_speed": "{name}不支援調節風速",
        "unknown_fan_speed": "{name}沒有「{value}」這個風速，可選：{options}",
        "swing_on": "{name}已打開{direction}擺風",
        "swing_off": "{name}已關閉{direction}擺風",
        "swing_position": "{name}{direction}導風板已調到{position}",
        "no_swing": "{name}不支援{direction}擺風",
        "unknown_position": "{name}沒有「{value}」這個導風板位置，可選：{options}",
        "no_positions": "{name}不支援固定{direction}導風板位置",
        "preset_on": "{name}已開啟{preset}模式",
        "preset_off": "{name}已關閉{preset}模式",
        "preset_not_on": "{name}沒有開啟{preset}模式",
        "preset_none": "{name}已恢復普通模式",
        "unknown_preset": "{name}沒有{value}模式，支援：{options}",
        "no_presets": "{name}沒有特殊模式",
        "position": "位置{position}",
    },
}

# Spoken names of canonical values, per script and kind. A value missing here (a mode or speed of
# another integration's entity) is spoken as it is, underscores as spaces.
VALUE_NAMES: Final[Mapping[str, Mapping[str, Mapping[str, str]]]] = {
    EN: {
        "mode": {
            "cool": "cool",
            "heat": "heat",
            "dry": "dry",
            "fan_only": "fan",
            "auto": "auto",
            "heat_cool": "heat/cool",
            "off": "off",
        },
        # "Living room AC is now cooling"
        "mode_now": {
            "cool": "cooling",
            "heat": "heating",
            "dry": "drying",
            "fan_only": "on fan only",
            "auto": "in auto mode",
            "heat_cool": "in heat/cool mode",
        },
        "fan": {"auto": "auto", "low": "low", "medium": "medium", "high": "high"},
        "preset": {"eco": "eco", "sleep": "sleep", "boost": "boost", "none": "normal"},
        "direction": {"vertical": "vertical ", "horizontal": "horizontal ", "both": ""},
    },
    HANS: {
        "mode": {
            "cool": "制冷",
            "heat": "制热",
            "dry": "除湿",
            "fan_only": "送风",
            "auto": "自动",
            "heat_cool": "冷暖自动",
            "off": "关闭",
        },
        "fan": {"auto": "自动", "low": "低速", "medium": "中速", "high": "高速"},
        "preset": {"eco": "节能", "sleep": "睡眠", "boost": "强力", "none": "普通"},
        "direction": {"vertical": "上下", "horizontal": "左右", "both": ""},
    },
    HANT: {
        "mode": {
            "cool": "製冷",
            "heat": "製熱",
            "dry": "除濕",
            "fan_only": "送風",
            "auto": "自動",
            "heat_cool": "冷暖自動",
            "off": "關閉",
        },
        "fan": {"auto": "自動", "low": "低速", "medium": "中速", "high": "高速"},
        "preset": {"eco": "節能", "sleep": "睡眠", "boost": "強力", "none": "普通"},
        "direction": {"vertical": "上下", "horizontal": "左右", "both": ""},
    },
}

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

# Where low, medium and high fall among a unit's ordered fan levels: the middle of the lower,
# middle and upper third (of 7 levels: 2, 4 and 6; of 5: 2, 3 and 4; of 3: 1, 2 and 3).
FAN_SPEED_POSITIONS: Final = {"low": 1 / 6, "medium": 1 / 2, "high": 5 / 6}
FAN_AUTO: Final = "auto"
_LEVEL_PREFIX: Final = "level_"
_POSITION_PREFIX: Final = "position_"
SWING_ON: Final = "on"
SWING_OFF: Final = "off"
UP: Final = "up"
DOWN: Final = "down"
VERTICAL: Final = "vertical"
HORIZONTAL: Final = "horizontal"
BOTH: Final = "both"
DEFAULT_TEMPERATURE_STEP: Final = 0.5
DEFAULT_ADJUSTMENT: Final = 1.0


def speech_script(language: str | None) -> str:
    """Return the script we answer in for a conversation language (English when we have none)."""
    best = language_util.matches(language or EN, list(_VARIANT_SCRIPTS))
    return _VARIANT_SCRIPTS[best[0]] if best else EN


def say(script: str, key: str, **values: Any) -> str:
    """Render one message in a script (an empty value leaves no double space)."""
    return " ".join(MESSAGES[script][key].format(**values).split())


def spoken(script: str, kind: str, value: str) -> str:
    """Speak a canonical value (a mode, fan speed, preset, swing position or direction)."""
    if value.startswith(_LEVEL_PREFIX) and value[len(_LEVEL_PREFIX) :].isdigit():
        return say(script, "fan_level", level=value[len(_LEVEL_PREFIX) :])
    if value.startswith(_POSITION_PREFIX) and value[len(_POSITION_PREFIX) :].isdigit():
        return say(script, "position", position=value[len(_POSITION_PREFIX) :])
    names = VALUE_NAMES[script].get(kind, {})
    return names.get(value, value.replace("_", " "))


def join_words(script: str, words: Sequence[str]) -> str:
    """Join words as a list is spoken: "cool, dry and heat", "制冷、除湿、制热"."""
    if len(words) < 2:
        return "".join(words)
    messages = MESSAGES[script]
    return messages["list_comma"].join(words[:-1]) + messages["list_and"] + words[-1]


def spoken_list(script: str, kind: str, values: Iterable[str]) -> str:
    """Speak several canonical values as a list."""
    return join_words(script, [spoken(script, kind, value) for value in values])


def format_temperature(value: float) -> str:
    """24.0 -> "24", 24.5 -> "24.5"."""
    return f"{value:g}"


def _normalized(value: Any) -> str:
    return str(value).strip().lower().replace("-", "_").replace(" ", "_")


class SpokenError(intent.IntentError):
    """An answer that tells the user why nothing was done."""

    def __init__(self, code: intent.IntentResponseErrorCode, speech: str) -> None:
        """Keep the response code and the sentence to speak."""
        super().__init__(speech)
        self.code = code
        self.speech = speech


_TARGET_SLOTS: Final = {
    vol.Optional("name", description="Name or alias of the device"): intent.non_empty_string,
    vol.Optional("area", description="Area the device is in"): intent.non_empty_string,
    vol.Optional("floor"): intent.non_empty_string,
    vol.Optional("preferred_area_id"): cv.string,
    vol.Optional("preferred_floor_id"): cv.string,
}


def _check_available(state: State, script: str) -> None:
    if state.state == STATE_UNAVAILABLE:
        raise SpokenError(
            intent.IntentResponseErrorCode.FAILED_TO_HANDLE,
            say(script, "unavailable", name=state.name),
        )


class TargetedIntentHandler(intent.IntentHandler):
    """Resolve exactly one entity of ``target_domain``, then act on it and say what was done."""

    target_domain: ClassVar[str]
    # Key of the device noun in MESSAGES ("air conditioner", "空调").
    noun: ClassVar[str]

    def __init__(self) -> None:
        """Offer the intent to LLMs only where an entity of the target domain is exposed."""
        self.platforms = {self.target_domain}

    async def async_handle(self, intent_obj: intent.Intent) -> intent.IntentResponse:
        """Resolve the target, act, and answer in the user's language."""
        slots = self.async_validate_slots(intent_obj.slots)
        script = speech_script(intent_obj.language)
        response = intent_obj.create_response()
        try:
            state = self._match_target(intent_obj, slots, script)
            _check_available(state, script)
            speech = await self.async_act(intent_obj, slots, state, script)
        except SpokenError as err:
            response.async_set_error(err.code, err.speech)
            return response
        response.async_set_results(
            success_results=[
                intent.IntentResponseTarget(
                    type=intent.IntentResponseTargetType.ENTITY,
                    name=state.name,
                    id=state.entity_id,
                )
            ]
        )
        response.async_set_states([intent_obj.hass.states.get(state.entity_id) or state])
        response.async_set_speech(speech)
        return response

    async def async_act(
        self, intent_obj: intent.Intent, slots: dict[str, Any], state: State, script: str
    ) -> str:
        """Act on the entity; return what to say."""
        raise NotImplementedError

    def _match_target(self, intent_obj: intent.Intent, slots: dict[str, Any], script: str) -> State:
        """Find the one entity the sentence means, or raise the error to speak."""
        name: str | None = slots.get("name", {}).get("value")
        area: str | None = slots.get("area", {}).get("value")
        constraints = intent.MatchTargetsConstraints(
            name=name,
            area_name=area,
            floor_name=slots.get("floor", {}).get("value"),
            domains={self.target_domain},
            assistant=intent_obj.assistant,
            single_target=True,
        )
        preferences = intent.MatchTargetsPreferences(
            area_id=slots.get("preferred_area_id", {}).get("value"),
            floor_id=slots.get("preferred_floor_id", {}).get("value"),
        )
        result = intent.async_match_targets(intent_obj.hass, constraints, preferences)
        if result.is_match:
            return result.states[0]
        # "关闭客厅空调" matched as area 客厅 plus an AC word may be the name of an AC that is in
        # no area, or of one of several ACs there: then the name the user said decides.
        if (
            area
            and result.no_match_reason
            in (intent.MatchFailedReason.AREA, intent.MatchFailedReason.MULTIPLE_TARGETS)
            and (named := self._spoken_name(intent_obj)) is not None
        ):
            return named
        noun = say(script, self.noun)
        reason = result.no_match_reason
        key, values = "no_device", dict[str, Any]()
        if reason is intent.MatchFailedReason.MULTIPLE_TARGETS:
            names = sorted(state.name for state in result.states)
            key, values = "ambiguous", {"options": join_words(script, names)}
        elif reason is intent.MatchFailedReason.DUPLICATE_NAME:
            key, values = "duplicate_name", {"name": result.no_match_name or name}
        elif reason in (
            intent.MatchFailedReason.INVALID_AREA,
            intent.MatchFailedReason.INVALID_FLOOR,
        ):
            key, values = "no_area", {"area": result.no_match_name}
        elif reason is intent.MatchFailedReason.ASSISTANT:
            key = "not_exposed"
        elif name:
            key, values = "no_device_named", {"name": name}
        elif area:
            key, values = "no_device_in_area", {"area": area}
        raise SpokenError(
            intent.IntentResponseErrorCode.NO_VALID_TARGETS,
            say(script, key, noun=noun, **values),
        )

    def _spoken_name(self, intent_obj: intent.Intent) -> State | None:
        """Return the one exposed entity whose name or alias the sentence contains, if any."""
        text = (intent_obj.text_input or "").casefold()
        if not text:
            return None
        found: dict[str, tuple[int, State]] = {}
        for state in intent_obj.hass.states.async_all(self.target_domain):
            if intent_obj.assistant and not async_should_expose(
                intent_obj.hass, intent_obj.assistant, state.entity_id
            ):
                continue
            entry = er.async_get(intent_obj.hass).async_get(state.entity_id)
            names = [state.name, *(entry.aliases if entry else ())]
            for spoken_name in names:
                if spoken_name and spoken_name.casefold() in text:
                    length = max(len(spoken_name), found.get(state.entity_id, (0, state))[0])
                    found[state.entity_id] = (length, state)
        if not found:
            return None
        longest = max(length for length, _ in found.values())
        best = [state for length, state in found.values() if length == longest]
        return best[0] if len(best) == 1 else None

    async def _call(
        self,
        intent_obj: intent.Intent,
        state: State,
        service: str,
        data: Mapping[str, Any],
        script: str,
    ) -> None:
        """Call one of the target domain's services on the entity; a failure is spoken."""
        try:
            await intent_obj.hass.services.async_call(
                self.target_domain,
                service,
                {ATTR_ENTITY_ID: state.entity_id, **data},
                blocking=True,
                context=intent_obj.context,
            )
        except HomeAssistantError as err:
            _LOGGER.warning("Voice command %s on %s failed: %s", service, state.entity_id, err)
            raise SpokenError(
                intent.IntentResponseErrorCode.FAILED_TO_HANDLE,
                say(script, "failed", name=state.name),
            ) from err


class ClimateIntentHandler(TargetedIntentHandler):
    """An intent about one air conditioner (any climate entity exposed to Assist)."""

    target_domain = CLIMATE_DOMAIN
    noun = "noun_climate"
    slot_schema: ClassVar[dict[Any, Any]] = _TARGET_SLOTS

    @staticmethod
    def _features(state: State) -> ClimateEntityFeature:
        return ClimateEntityFeature(state.attributes.get(ATTR_SUPPORTED_FEATURES, 0))

    @staticmethod
    def _requested_temperature(slots: Mapping[str, Any]) -> float | None:
        """Return the temperature slot, plus half a degree for "二十四度半"."""
        if "temperature" not in slots:
            return None
        value = float(slots["temperature"]["value"])
        half = slots.get("half", {}).get("value")
        return value + float(half) if half else value

    def _check_range(self, state: State, temperature: float, script: str) -> None:
        low = state.attributes.get(ATTR_MIN_TEMP)
        high = state.attributes.get(ATTR_MAX_TEMP)
        if low is not None and high is not None and not low <= temperature <= high:
            raise SpokenError(
                intent.IntentResponseErrorCode.FAILED_TO_HANDLE,
                say(
                    script,
                    "temperature_out_of_range",
                    name=state.name,
                    min=format_temperature(float(low)),
                    max=format_temperature(float(high)),
                ),
            )


def _shown_target(intent_obj: intent.Intent, state: State, fallback: float) -> float:
    """Return the target the entity shows after a write (rounded to its step), else the ask."""
    current = intent_obj.hass.states.get(state.entity_id)
    value = current.attributes.get(ATTR_TEMPERATURE) if current else None
    return float(value) if value is not None else fallback


class ClimateTurnOnHandler(ClimateIntentHandler):
    """Turn on the AC a sentence names generically ("turn on the AC", "打开空调")."""

    intent_type = INTENT_CLIMATE_TURN_ON
    description = "Turns on an air conditioner in its last mode"

    async def async_act(
        self, intent_obj: intent.Intent, slots: dict[str, Any], state: State, script: str
    ) -> str:
        """Switch it on."""
        await self._call(intent_obj, state, SERVICE_TURN_ON, {}, script)
        return say(script, "turned_on", name=state.name)


class ClimateTurnOffHandler(ClimateIntentHandler):
    """Turn off the AC a sentence names generically ("turn off the AC", "关空调")."""

    intent_type = INTENT_CLIMATE_TURN_OFF
    description = "Turns off an air conditioner"

    async def async_act(
        self, intent_obj: intent.Intent, slots: dict[str, Any], state: State, script: str
    ) -> str:
        """Switch it off."""
        await self._call(intent_obj, state, SERVICE_TURN_OFF, {}, script)
        return say(script, "turned_off", name=state.name)


class ClimateSetModeHandler(ClimateIntentHandler):
    """Set the HVAC mode, and the temperature with it where the sentence gives one."""

    intent_type = INTENT_CLIMATE_SET_MODE
    description = (
        "Switches an air conditioner on in an HVAC mode (cool, heat, dry, fan_only, auto), "
        "optionally with a target temperature"
    )
    slot_schema: ClassVar[dict[Any, Any]] = {
        **_TARGET_SLOTS,
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
        mode = _normalized(requested)
        mode = _MODE_SYNONYMS.get(mode, mode)
        if mode == "off":
            await self._call(intent_obj, state, SERVICE_TURN_OFF, {}, script)
            return say(script, "turned_off", name=state.name)
        if mode not in VALUE_NAMES[EN]["mode"]:
            raise SpokenError(
                intent.IntentResponseErrorCode.FAILED_TO_HANDLE,
                say(
                    script,
                    "unknown_mode",
                    name=state.name,
                    value=requested,
                    options=spoken_list(script, "mode", offered),
                ),
            )
        if mode not in offered:
            raise SpokenError(
                intent.IntentResponseErrorCode.FAILED_TO_HANDLE,
                say(
                    script,
                    "unsupported_mode",
                    name=state.name,
                    value=spoken(script, "mode", mode),
                    options=spoken_list(script, "mode", offered),
                ),
            )
        now = spoken(script, "mode_now" if script == EN else "mode", mode)
        temperature = self._requested_temperature(slots)
        if temperature is None:
            await self._call(
                intent_obj, state, SERVICE_SET_HVAC_MODE, {ATTR_HVAC_MODE: mode}, script
            )
            return say(script, "mode_set", name=state.name, mode=now)
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
        **_TARGET_SLOTS,
        vol.Required("temperature", description="Target temperature in degrees"): vol.Coerce(float),
    }

    async def async_act(
        self, intent_obj: intent.Intent, slots: dict[str, Any], state: State, script: str
    ) -> str:
        """Set the temperature if the unit can take it."""
        temperature = float(slots["temperature"]["value"]) + float(
            slots.get("half", {}).get("value") or 0
        )
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
        **_TARGET_SLOTS,
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
            raise SpokenError(
                intent.IntentResponseErrorCode.FAILED_TO_HANDLE,
                say(script, "no_target_temperature", name=state.name),
            )
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
    level; low, medium and high the middle of the lower, middle and upper third of its levels
    (FAN_SPEED_POSITIONS); level_N its Nth level; up and down one level from the current one
    (from auto: to high or low).
    """
    value = _normalized(requested)
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
    if value.startswith(_LEVEL_PREFIX) and value[len(_LEVEL_PREFIX) :].isdigit():
        number = int(value[len(_LEVEL_PREFIX) :])
        return levels[number - 1] if 1 <= number <= len(levels) else None
    if value in (UP, DOWN):
        if current in levels:
            index = levels.index(current) + (1 if value == UP else -1)
            return levels[min(max(index, 0), len(levels) - 1)]
        return resolve_fan_mode("high" if value == UP else "low", fan_modes, None)
    return None


class ClimateSetFanSpeedHandler(ClimateIntentHandler):
    """Set the fan speed, in the unit's own terms or as min/low/medium/high/max/auto/up/down."""

    intent_type = INTENT_CLIMATE_SET_FAN_SPEED
    description = (
        "Sets the fan speed of an air conditioner: auto, min, low, medium, high, max, up, down, "
        "level_N or one of the unit's fan modes"
    )
    slot_schema: ClassVar[dict[Any, Any]] = {
        **_TARGET_SLOTS,
        vol.Required("fan_speed", description="Fan speed"): intent.non_empty_string,
    }

    async def async_act(
        self, intent_obj: intent.Intent, slots: dict[str, Any], state: State, script: str
    ) -> str:
        """Set the fan mode the words map to on this unit."""
        fan_modes = list(state.attributes.get(ATTR_FAN_MODES) or [])
        if not fan_modes or ClimateEntityFeature.FAN_MODE not in self._features(state):
            raise SpokenError(
                intent.IntentResponseErrorCode.FAILED_TO_HANDLE,
                say(script, "no_fan_speed", name=state.name),
            )
        requested = str(slots["fan_speed"]["value"])
        fan_mode = resolve_fan_mode(requested, fan_modes, state.attributes.get(ATTR_FAN_MODE))
        if fan_mode is None:
            raise SpokenError(
                intent.IntentResponseErrorCode.FAILED_TO_HANDLE,
                say(
                    script,
                    "unknown_fan_speed",
                    name=state.name,
                    value=spoken(script, "fan", _normalized(requested)),
                    options=spoken_list(script, "fan", fan_modes),
                ),
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
        **_TARGET_SLOTS,
        vol.Required("swing", description="on, off or position_N"): intent.non_empty_string,
        vol.Optional(
            "direction", description="vertical, horizontal or both (default: the unit's main one)"
        ): vol.In([VERTICAL, HORIZONTAL, BOTH]),
    }

    async def async_act(
        self, intent_obj: intent.Intent, slots: dict[str, Any], state: State, script: str
    ) -> str:
        """Set the swing mode on each axis the sentence means."""
        requested = _normalized(slots["swing"]["value"])
        if requested.isdigit():
            requested = f"{_POSITION_PREFIX}{requested}"
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
                    mode.startswith(_POSITION_PREFIX)
                    for mode in state.attributes.get(_SWING_AXES[axis][1]) or []
                )
            ][:1] or available[:1]
        spoken_direction = spoken(script, "direction", direction or BOTH)
        if not axes:
            raise SpokenError(
                intent.IntentResponseErrorCode.FAILED_TO_HANDLE,
                say(script, "no_swing", name=state.name, direction=spoken_direction),
            )
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
            if mode.startswith(_POSITION_PREFIX)
        ]
        direction = spoken(script, "direction", axis)
        if not positions:
            raise SpokenError(
                intent.IntentResponseErrorCode.FAILED_TO_HANDLE,
                say(script, "no_positions", name=state.name, direction=direction),
            )
        if position not in positions:
            raise SpokenError(
                intent.IntentResponseErrorCode.FAILED_TO_HANDLE,
                say(
                    script,
                    "unknown_position",
                    name=state.name,
                    value=spoken(script, "swing", position),
                    options=spoken_list(script, "swing", positions),
                ),
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
        **_TARGET_SLOTS,
        vol.Required("preset", description="eco, sleep, boost, or none"): intent.non_empty_string,
        vol.Optional("state", description="on (default) or off"): vol.In([SWING_ON, SWING_OFF]),
    }

    async def async_act(
        self, intent_obj: intent.Intent, slots: dict[str, Any], state: State, script: str
    ) -> str:
        """Switch to the preset, or back to none when switching the active one off."""
        offered = list(state.attributes.get(ATTR_PRESET_MODES) or [])
        if not offered or ClimateEntityFeature.PRESET_MODE not in self._features(state):
            raise SpokenError(
                intent.IntentResponseErrorCode.FAILED_TO_HANDLE,
                say(script, "no_presets", name=state.name),
            )
        requested = slots["preset"]["value"]
        preset = _normalized(requested)
        preset = _PRESET_SYNONYMS.get(preset, preset)
        if preset not in offered:
            raise SpokenError(
                intent.IntentResponseErrorCode.FAILED_TO_HANDLE,
                say(
                    script,
                    "unknown_preset",
                    name=state.name,
                    value=spoken(script, "preset", preset),
                    options=spoken_list(script, "preset", [p for p in offered if p != "none"]),
                ),
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


# Every intent this integration registers.
INTENT_HANDLERS: Final[tuple[type[TargetedIntentHandler], ...]] = (
    ClimateTurnOnHandler,
    ClimateTurnOffHandler,
    ClimateSetModeHandler,
    ClimateSetTemperatureHandler,
    ClimateAdjustTemperatureHandler,
    ClimateSetFanSpeedHandler,
    ClimateSetSwingHandler,
    ClimateSetPresetHandler,
)


async def async_setup_intents(hass: HomeAssistant) -> None:
    """Register the integration's intents (Home Assistant calls this once it loads us)."""
    for handler in INTENT_HANDLERS:
        intent.async_register(hass, handler())
