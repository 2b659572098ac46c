# ruff: noqa: RUF001  (Chinese punctuation in the spoken answers is intended)
"""What every Assist intent of this integration shares: the spoken answers and finding the target.

The answers are in English, Simplified or Traditional Chinese, chosen from the conversation's
language. ``TargetedIntentHandler`` resolves exactly one entity of its ``target_domain``: by name
or alias, by area, or, when the sentence names none, the only one there is (or the only one in the
satellite's area); errors (ambiguous or unknown target, unavailable device) are spoken.

A device family subclasses it with its own ``target_domain`` and ``noun``, adds its phrases to
``MESSAGES``, and lists its handlers in ``intent.INTENT_HANDLERS``; sentences go to
``sentences/<variant>/<family>.yaml``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar, Final

import voluptuous as vol
from homeassistant.components.homeassistant.exposed_entities import async_should_expose
from homeassistant.const import (
    ATTR_ENTITY_ID,
    SERVICE_TURN_ON,
    STATE_UNAVAILABLE,
)
from homeassistant.core import HomeAssistant, State
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import intent
from homeassistant.util import language as language_util

from .const import DOMAIN

_LOGGER = logging.getLogger(__name__)

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
        "noun_tv": "TV",
        "error_cannot_connect": "{name} does not answer; it may be unplugged or out of the network",
        "error_device_error": "{name} refused the command (error {code})",
        "error_http_unreachable": (
            "{name} does not answer on its remote control port (6095) right now, "
            "which apps and keys need"
        ),
        "error_miot_required": "{name} can do this only when it is added with its token",
        "error_tv_refused": "{name} refused: {error}",
        "error_wake_on_lan_disabled": (
            "{name} is fully off and wake-on-LAN is switched off in its options; "
            "turn it on with its remote"
        ),
        "error_wake_on_lan_no_mac": (
            "{name} is fully off and its MAC address is unknown; turn it on with its remote"
        ),
        "tv_off": "{name} is off; turn it on first",
        "input_set": "{name} is now on {source}",
        "no_inputs": "{name} has no inputs to switch between",
        "unknown_input": "{name} has no input {value}. It has {options}",
        "app_opened": "Opened {app} on {name}",
        "unknown_app": "{name} has no app called {value}",
        "which_app": "Which app should I open on {name}?",
        "no_apps": "{name} cannot open apps right now",
        "volume_set": "{name} volume is now {volume}",
        "volume_up": "Turned up {name}",
        "volume_down": "Turned down {name}",
        "volume_at_max": "{name} is already at full volume",
        "volume_at_min": "{name} is already at the lowest volume",
        "no_volume": "{name} has no volume control",
        "no_volume_set": "{name} cannot be set to an exact volume; ask for louder or quieter",
        "muted": "Muted {name}",
        "unmuted": "Unmuted {name}",
        "no_mute": "{name} cannot be muted from here",
        "key_pressed": "Pressed {button} on {name}",
        "keys_pressed": "Pressed {button} {times} times on {name}",
        "no_remote": "{name} takes no remote keys from here",
        "channel_up": "{name} is on the next channel",
        "channel_down": "{name} is on the previous channel",
        "channels_up": "{name} went {times} channels up",
        "channels_down": "{name} went {times} channels down",
        "not_on_tuner": "{name} is showing {source}, which has no channels",
        "screen_off": "Turned off the screen of {name}; the sound keeps playing",
        "screen_on": "Turned on the screen of {name}",
        "screen_already_off": "The screen of {name} is already off",
        "no_screen": "{name} cannot turn off just its screen",
        "paused": "Paused {name}",
        "resumed": "Resumed {name}",
        "no_playback": "{name} has no play and pause control",
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
        "noun_tv": "电视",
        "error_cannot_connect": "{name}没有响应，可能已断电或不在网络中",
        "error_device_error": "{name}拒绝了这个命令（错误{code}）",
        "error_http_unreachable": "{name}的遥控端口（6095）现在没有响应，无法打开应用或按键",
        "error_miot_required": "{name}需要用令牌添加后才能这样控制",
        "error_tv_refused": "{name}拒绝了这个请求：{error}",
        "error_wake_on_lan_disabled": "{name}已完全关机，且选项中关闭了网络唤醒，请用遥控器开机",
        "error_wake_on_lan_no_mac": "{name}已完全关机，且不知道它的MAC地址，请用遥控器开机",
        "tv_off": "{name}已关闭，请先打开电视",
        "input_set": "{name}已切换到{source}",
        "no_inputs": "{name}没有可切换的信号源",
        "unknown_input": "{name}没有{value}信号源，可选：{options}",
        "app_opened": "{name}已打开{app}",
        "unknown_app": "{name}上没有“{value}”这个应用",
        "which_app": "要在{name}上打开哪个应用？",
        "no_apps": "{name}现在无法打开应用",
        "volume_set": "{name}音量已调到{volume}",
        "volume_up": "{name}音量已调高",
        "volume_down": "{name}音量已调低",
        "volume_at_max": "{name}已经是最大音量了",
        "volume_at_min": "{name}已经是最小音量了",
        "no_volume": "{name}不支持调节音量",
        "no_volume_set": "{name}不支持直接设置音量，可以说“大声一点”或“小声一点”",
        "muted": "{name}已静音",
        "unmuted": "{name}已取消静音",
        "no_mute": "{name}不支持静音",
        "key_pressed": "{name}已按下{button}键",
        "keys_pressed": "{name}已按{times}次{button}键",
        "no_remote": "{name}无法接收遥控按键",
        "channel_up": "{name}已换到下一个频道",
        "channel_down": "{name}已换到上一个频道",
        "channels_up": "{name}已往后换了{times}个频道",
        "channels_down": "{name}已往前换了{times}个频道",
        "not_on_tuner": "{name}正在显示{source}，没有频道可换",
        "screen_off": "{name}已息屏，声音继续播放",
        "screen_on": "{name}已亮屏",
        "screen_already_off": "{name}的屏幕已经关了",
        "no_screen": "{name}不支持单独关闭屏幕",
        "paused": "{name}已暂停",
        "resumed": "{name}已继续播放",
        "no_playback": "{name}不支持暂停和播放",
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
        "noun_tv": "電視",
        "error_cannot_connect": "{name}沒有回應，可能已斷電或不在網路中",
        "error_device_error": "{name}拒絕了這個指令（錯誤{code}）",
        "error_http_unreachable": "{name}的遙控連接埠（6095）現在沒有回應，無法開啟應用程式或按鍵",
        "error_miot_required": "{name}需要用權杖加入後才能這樣控制",
        "error_tv_refused": "{name}拒絕了這個請求：{error}",
        "error_wake_on_lan_disabled": "{name}已完全關機，且選項中關閉了網路喚醒，請用遙控器開機",
        "error_wake_on_lan_no_mac": "{name}已完全關機，且不知道它的MAC位址，請用遙控器開機",
        "tv_off": "{name}已關閉，請先打開電視",
        "input_set": "{name}已切換到{source}",
        "no_inputs": "{name}沒有可切換的訊號源",
        "unknown_input": "{name}沒有{value}訊號源，可選：{options}",
        "app_opened": "{name}已開啟{app}",
        "unknown_app": "{name}上沒有「{value}」這個應用程式",
        "which_app": "要在{name}上開啟哪個應用程式？",
        "no_apps": "{name}現在無法開啟應用程式",
        "volume_set": "{name}音量已調到{volume}",
        "volume_up": "{name}音量已調高",
        "volume_down": "{name}音量已調低",
        "volume_at_max": "{name}已經是最大音量了",
        "volume_at_min": "{name}已經是最小音量了",
        "no_volume": "{name}不支援調節音量",
        "no_volume_set": "{name}不支援直接設定音量，可以說「大聲一點」或「小聲一點」",
        "muted": "{name}已靜音",
        "unmuted": "{name}已取消靜音",
        "no_mute": "{name}不支援靜音",
        "key_pressed": "{name}已按下{button}鍵",
        "keys_pressed": "{name}已按{times}次{button}鍵",
        "no_remote": "{name}無法接收遙控按鍵",
        "channel_up": "{name}已轉到下一個頻道",
        "channel_down": "{name}已轉到上一個頻道",
        "channels_up": "{name}已往後轉了{times}個頻道",
        "channels_down": "{name}已往前轉了{times}個頻道",
        "not_on_tuner": "{name}正在顯示{source}，沒有頻道可轉",
        "screen_off": "{name}已關閉螢幕，聲音繼續播放",
        "screen_on": "{name}已打開螢幕",
        "screen_already_off": "{name}的螢幕已經關了",
        "no_screen": "{name}不支援單獨關閉螢幕",
        "paused": "{name}已暫停",
        "resumed": "{name}已繼續播放",
        "no_playback": "{name}不支援暫停和播放",
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
        "key": {"enter": "OK"},
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
        "key": {
            "home": "主页",
            "back": "返回",
            "menu": "菜单",
            "enter": "确定",
            "up": "上",
            "down": "下",
            "left": "左",
            "right": "右",
        },
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
        "key": {
            "home": "主頁",
            "back": "返回",
            "menu": "選單",
            "enter": "確定",
            "up": "上",
            "down": "下",
            "left": "左",
            "right": "右",
        },
    },
}


LEVEL_PREFIX: Final = "level_"
POSITION_PREFIX: Final = "position_"


def speech_script(language: str | None) -> str:
    """Return the script we answer in for a conversation language (English when we have none)."""
    best = language_util.matches(language or EN, list(_VARIANT_SCRIPTS))
    return _VARIANT_SCRIPTS[best[0]] if best else EN


def say(script: str, key: str, **values: Any) -> str:
    """Render one message in a script (an empty value leaves no double space)."""
    return " ".join(MESSAGES[script][key].format(**values).split())


def spoken(script: str, kind: str, value: str) -> str:
    """Speak a canonical value (a mode, fan speed, preset, swing position or direction)."""
    if value.startswith(LEVEL_PREFIX) and value[len(LEVEL_PREFIX) :].isdigit():
        return say(script, "fan_level", level=value[len(LEVEL_PREFIX) :])
    if value.startswith(POSITION_PREFIX) and value[len(POSITION_PREFIX) :].isdigit():
        return say(script, "position", position=value[len(POSITION_PREFIX) :])
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


def normalized(value: Any) -> str:
    """Spell a spoken or typed value as a canonical one: "Heat-Cool" -> "heat_cool"."""
    return str(value).strip().lower().replace("-", "_").replace(" ", "_")


class SpokenError(intent.IntentError):
    """An answer that tells the user why nothing was done."""

    def __init__(self, code: intent.IntentResponseErrorCode, speech: str) -> None:
        """Keep the response code and the sentence to speak."""
        super().__init__(speech)
        self.code = code
        self.speech = speech


TARGET_SLOTS: Final = {
    vol.Optional("name", description="Name or alias of the device"): intent.non_empty_string,
    vol.Optional("area", description="Area the device is in"): intent.non_empty_string,
    vol.Optional("floor"): intent.non_empty_string,
    vol.Optional("preferred_area_id"): cv.string,
    vol.Optional("preferred_floor_id"): cv.string,
}


def refused(script: str, key: str, **values: Any) -> SpokenError:
    """Say why a command cannot be carried out (nothing was sent)."""
    return SpokenError(intent.IntentResponseErrorCode.FAILED_TO_HANDLE, say(script, key, **values))


def _check_available(state: State, script: str) -> None:
    if state.state == STATE_UNAVAILABLE:
        raise refused(script, "unavailable", name=state.name)


def failure_speech(err: HomeAssistantError, state: State, script: str) -> str:
    """Say why a service call failed: our own translated errors have a spoken form."""
    key = f"error_{err.translation_key}"
    if err.translation_domain == DOMAIN and key in MESSAGES[script]:
        placeholders = {**(err.translation_placeholders or {}), "name": state.name}
        return say(script, key, **placeholders)
    return say(script, "failed", name=state.name)


def entity_names(hass: HomeAssistant, state: State) -> list[str]:
    """Return the names an entity is called by: its name and its aliases, as text.

    From 2026.10 an entry's aliases may hold ``er.COMPUTED_NAME`` (the entity's computed name)
    instead of text, and ``intent.async_get_entity_aliases`` resolves them as Home Assistant's
    own name matching does; before, aliases are plain strings.
    """
    entry = er.async_get(hass).async_get(state.entity_id)
    resolve = getattr(intent, "async_get_entity_aliases", None)
    aliases: Iterable[object]
    if resolve is not None:
        aliases = resolve(hass, entry, state=state)
    else:
        aliases = entry.aliases if entry else ()
    names = [state.name, *(alias for alias in aliases if isinstance(alias, str))]
    return list(dict.fromkeys(name.strip() for name in names if name and name.strip()))


class TargetedIntentHandler(intent.IntentHandler):
    """Resolve exactly one entity of ``target_domain``, then act on it and say what was done."""

    target_domain: ClassVar[str]
    # Key of the device noun in MESSAGES ("air conditioner", "空调").
    noun: ClassVar[str]
    # Device classes a sentence that names no entity means, when entities of them exist.
    device_classes: ClassVar[frozenset[str] | None] = None

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
        preferences = intent.MatchTargetsPreferences(
            area_id=slots.get("preferred_area_id", {}).get("value"),
            floor_id=slots.get("preferred_floor_id", {}).get("value"),
        )

        def match(device_classes: frozenset[str] | None) -> intent.MatchTargetsResult:
            constraints = intent.MatchTargetsConstraints(
                name=name,
                area_name=area,
                floor_name=slots.get("floor", {}).get("value"),
                domains={self.target_domain},
                device_classes=device_classes,
                assistant=intent_obj.assistant,
                single_target=True,
            )
            return intent.async_match_targets(intent_obj.hass, constraints, preferences)

        # "the TV" means a player of the TV class when there is one (not the speaker next to it);
        # a name means that entity whatever its class.
        result = match(None if name else self.device_classes)
        if (
            self.device_classes
            and not name
            and not result.is_match
            and result.no_match_reason is not intent.MatchFailedReason.MULTIPLE_TARGETS
        ):
            result = match(None)
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
            for spoken_name in entity_names(intent_obj.hass, state):
                if spoken_name.casefold() in text:
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
        *,
        target: tuple[str, str] | None = None,
    ) -> None:
        """Call a service on the entity, or on ``target`` (domain, entity id) of the same device.

        A failure is spoken, as our own translated error where it is one.
        """
        domain, entity_id = target or (self.target_domain, state.entity_id)
        try:
            await intent_obj.hass.services.async_call(
                domain,
                service,
                {ATTR_ENTITY_ID: entity_id, **data},
                blocking=True,
                context=intent_obj.context,
            )
        except HomeAssistantError as err:
            _LOGGER.warning("Voice command %s on %s failed: %s", service, entity_id, err)
            raise SpokenError(
                intent.IntentResponseErrorCode.FAILED_TO_HANDLE, failure_speech(err, state, script)
            ) from err


class PowerIntentHandler(TargetedIntentHandler):
    """Turn the target on or off: ``power_service`` is the domain's turn_on or turn_off."""

    power_service: ClassVar[str]

    async def async_act(
        self, intent_obj: intent.Intent, slots: dict[str, Any], state: State, script: str
    ) -> str:
        """Switch it on or off."""
        await self._call(intent_obj, state, self.power_service, {}, script)
        key = "turned_on" if self.power_service == SERVICE_TURN_ON else "turned_off"
        return say(script, key, name=state.name)
