# ruff: noqa: RUF001  (Chinese punctuation in sentences and answers is intended)
"""One sentence list for every Home Assistant version: AC and TV, English and Chinese.

Each sentence names its device by name, by alias, by area, or not at all, and is checked on the
simulated device (and, where the answer is ours, in what is said). The homes have the areas Home
Assistant creates at onboarding ("Living Room", "Kitchen", "Bedroom"; 客厅, 厨房, 卧室) next to
devices whose names start like one of them but that are in no area: the case where, from
2026.10 on, a sentence naming the device could be read as "area + AC word" and answer that there
is no air conditioner in that area. The same expectations hold on 2026.2 and on the newest
versions.
"""

from __future__ import annotations

from pathlib import Path

from homeassistant.core import HomeAssistant
from homeassistant.helpers import area_registry as ar
from pytest_homeassistant_custom_component.common import MockConfigEntry

from tests.assist_fixtures import (
    AC_OFF,
    AC_ON,
    ADJUST,
    APP,
    CHANNEL,
    FAN,
    INPUT,
    KEY,
    MC4_MODES,
    MUTE,
    PRESET,
    SCREEN,
    SET_MODE,
    SET_TEMPERATURE,
    SET_VOLUME,
    SWING,
    TV_OFF,
    VOLUME,
    TvVoiceCase,
    VoiceCase,
    add_alias,
    async_install,
    async_run_cases,
    async_run_tv_cases,
    async_setup_voice,
    put_in_area,
)
from tests.conftest import AddDevice, AddTv
from tests.simulator.device import SimulatedDevice
from tests.simulator.fleet import Simulator
from tests.simulator.tv import SimulatedTv

OFF = {"power": False}
COOL, DRY, FAN_ONLY, HEAT = (MC4_MODES[m] for m in ("cool", "dry", "fan_only", "heat"))
DARK = {"power": "screen_off"}
ON_TUNER = {"input_source": "TV"}
YOUTUBE = "com.google.android.youtube.tv"
IQIYI = "com.gitvvideo.xiaomi"
ERROR = "error"

DEFAULT_AREAS_EN = ("Living Room", "Kitchen", "Bedroom")
DEFAULT_AREAS_ZH_HANS = ("客厅", "厨房", "卧室")
DEFAULT_AREAS_ZH_HANT = ("客廳", "廚房", "睡房")

# "Living Room AC" (alias "Main Aircon") and "Living Room TV" (alias "Den TV"), in no area
EN_AC_CASES = [
    # By name, while an area "Living Room" exists that the AC is not in
    VoiceCase(
        "set the living room AC to 24 degrees",
        {"target_temperature": 24.0},
        "Living Room AC is set to 24 degrees",
        SET_TEMPERATURE,
    ),
    VoiceCase("turn off the living room AC", OFF, None, "HassTurnOff"),
    VoiceCase("turn on the living room AC", {"power": True}, None, "HassTurnOn", before=OFF),
    VoiceCase("please switch the living room AC off", OFF, None, "HassTurnOff"),
    VoiceCase(
        "start the living room AC", {"power": True}, "Turned on Living Room AC", AC_ON, before=OFF
    ),
    VoiceCase("shut off the living room AC", OFF, "Turned off Living Room AC", AC_OFF),
    VoiceCase(
        "set the living room AC to heat", {"mode": HEAT}, "Living Room AC is now heating", SET_MODE
    ),
    VoiceCase(
        "set the living room AC to cool at 23 degrees",
        {"mode": COOL, "target_temperature": 23.0},
        "Living Room AC is now cooling at 23 degrees",
        SET_MODE,
        before={"mode": HEAT},
    ),
    VoiceCase(
        "set the temperature of the living room AC to 25.5 degrees",
        {"target_temperature": 25.5},
        None,
        SET_TEMPERATURE,
    ),
    VoiceCase(
        "make the living room AC two degrees warmer",
        {"target_temperature": 28.0},
        "Living Room AC is set to 28 degrees",
        ADJUST,
    ),
    VoiceCase(
        "set the living room AC fan to high",
        {"fan_level": 7},
        "Living Room AC fan speed is now level 7",
        FAN,
    ),
    VoiceCase("turn on the swing on the living room AC", {"vertical_swing": True}, None, SWING),
    VoiceCase(
        "turn on eco mode on the living room AC",
        {"eco": True},
        "Turned on eco mode on Living Room AC",
        PRESET,
    ),
    # The question by name is ours (it says what the unit is set to as well)
    VoiceCase(
        "what is the temperature of the living room AC",
        {},
        None,
        "XiaomiLivingClimateGetTemperature",
        response_type="query_answer",
    ),
    # By alias
    VoiceCase(
        "set the main aircon to 22 degrees",
        {"target_temperature": 22.0},
        "Living Room AC is set to 22 degrees",
        SET_TEMPERATURE,
    ),
    VoiceCase("turn off the main aircon", OFF, None, "HassTurnOff"),
    VoiceCase(
        "set the main aircon to dry", {"mode": DRY}, "Living Room AC is now drying", SET_MODE
    ),
    VoiceCase("put the main aircon in sleep mode", {"sleep_mode": True}, None, PRESET),
    # Without a name: the only AC there is
    VoiceCase("turn on the AC", {"power": True}, "Turned on Living Room AC", AC_ON, before=OFF),
    VoiceCase("set the AC to 21 degrees", {"target_temperature": 21.0}, None, SET_TEMPERATURE),
    VoiceCase("switch to fan mode", {"mode": FAN_ONLY}, None, SET_MODE),
    VoiceCase("make it a bit cooler", {"target_temperature": 25.0}, None, ADJUST),
    VoiceCase("fan to max", {"fan_level": 7}, None, FAN),
    # Bad input: a clear answer, nothing sent
    VoiceCase(
        "set the living room AC to 40 degrees",
        {"target_temperature": 26.0},
        "Living Room AC can be set from 16 to 31 degrees",
        response_type=ERROR,
    ),
    VoiceCase(
        "set the living room AC to auto",
        {"mode": COOL},
        "Living Room AC has no auto mode. It offers cool, dry, fan and heat",
        response_type=ERROR,
    ),
    VoiceCase(
        "turn on the kitchen AC",
        {"power": False},
        "There is no air conditioner in Kitchen",
        before=OFF,
        response_type=ERROR,
    ),
]
EN_TV_CASES = [
    # By name, while an area "Living Room" exists that the TV is not in
    TvVoiceCase("turn off the living room TV", DARK, None, "HassTurnOff"),
    TvVoiceCase("turn on the living room TV", {"power": "on"}, None, "HassTurnOn", DARK),
    TvVoiceCase(
        "switch the living room TV to HDMI 2",
        {"input_source": "HDMI 2"},
        "Living Room TV is now on HDMI 2",
        INPUT,
    ),
    TvVoiceCase(
        "open YouTube on the living room TV",
        {"foreground_app": YOUTUBE},
        "Opened YouTube on Living Room TV",
        APP,
    ),
    TvVoiceCase("set the living room TV volume to 20", {"volume": 20}, None, "HassSetVolume"),
    TvVoiceCase("mute the living room TV", {"muted": True}, None, "HassMediaPlayerMute"),
    TvVoiceCase("turn off the living room TV screen", DARK, None, SCREEN),
    TvVoiceCase(
        "press OK on the living room TV", {}, "Pressed OK on Living Room TV", KEY, keys=("enter",)
    ),
    # By alias
    TvVoiceCase("switch the den TV to AV", {"input_source": "AV"}, None, INPUT),
    TvVoiceCase("turn off the den TV", DARK, None, "HassTurnOff"),
    # Without a name
    TvVoiceCase("turn the TV up", {"volume": 35}, "Living Room TV volume is now 35", VOLUME),
    TvVoiceCase("mute the TV", {"muted": True}, "Muted Living Room TV", MUTE),
    TvVoiceCase("next channel", {}, None, CHANNEL, ON_TUNER, ("up",)),
    TvVoiceCase("switch to HDMI 3", {"input_source": "HDMI 3"}, None, INPUT),
    # Bad input
    TvVoiceCase(
        "switch the living room TV to HDMI 4",
        {"input_source": "HDMI 1"},
        "Living Room TV has no input HDMI 4. It has TV, AV, HDMI 1, HDMI 2 and HDMI 3",
        response_type=ERROR,
    ),
    TvVoiceCase(
        "switch the TV to HDMI 2",
        {"input_source": "HDMI 1", **DARK},
        "Living Room TV is off; turn it on first",
        before=DARK,
        response_type=ERROR,
    ),
]

# "Bedroom AC" in the area Bedroom, "Kitchen TV" in the area Kitchen
EN_AREA_AC_CASES = [
    VoiceCase(
        "set the bedroom AC to 23 degrees",
        {"target_temperature": 23.0},
        "Bedroom AC is set to 23 degrees",
        SET_TEMPERATURE,
    ),
    VoiceCase("set the AC in the bedroom to heat", {"mode": HEAT}, None, SET_MODE),
    VoiceCase("turn off the bedroom air conditioner", OFF, None, AC_OFF),
    VoiceCase(
        "make it two degrees warmer in the bedroom", {"target_temperature": 28.0}, None, ADJUST
    ),
]
EN_AREA_TV_CASES = [
    TvVoiceCase("turn off the kitchen TV", DARK, None, "HassTurnOff"),
    TvVoiceCase("switch the TV in the kitchen to HDMI 2", {"input_source": "HDMI 2"}, None, INPUT),
]

# 客厅空调 (alias 大空调) and 客厅电视 (alias 大电视), in no area; the area 客厅 exists
ZH_AC_CASES = [
    # By name
    VoiceCase(
        "把客厅空调调到24度",
        {"target_temperature": 24.0},
        "客厅空调温度已调到24度",
        SET_TEMPERATURE,
    ),
    VoiceCase("客厅空调调到二十五度半", {"target_temperature": 25.5}, None, SET_TEMPERATURE),
    VoiceCase("打开客厅空调", {"power": True}, "客厅空调已打开", before=OFF),
    VoiceCase("关闭客厅空调", OFF, "客厅空调已关闭"),
    VoiceCase("把客厅空调调成制热模式", {"mode": HEAT}, "客厅空调已切换到制热模式", SET_MODE),
    VoiceCase("客厅空调除湿", {"mode": DRY}, None, SET_MODE),
    VoiceCase("客厅空调温度调高两度", {"target_temperature": 28.0}, None, ADJUST),
    VoiceCase("客厅空调风速调到最大", {"fan_level": 7}, "客厅空调风速已调到7档", FAN),
    VoiceCase("打开客厅空调的扫风", {"vertical_swing": True}, None, SWING),
    VoiceCase("客厅空调开启睡眠模式", {"sleep_mode": True}, None, PRESET),
    VoiceCase(
        "客厅空调温度是多少",
        {},
        None,
        "XiaomiLivingClimateGetTemperature",
        response_type="query_answer",
    ),
    # By alias
    VoiceCase(
        "把大空调调到22度", {"target_temperature": 22.0}, "客厅空调温度已调到22度", SET_TEMPERATURE
    ),
    VoiceCase("大空调调成制冷模式", {"mode": COOL}, None, SET_MODE, before={"mode": HEAT}),
    VoiceCase("关闭大空调", OFF, None),
    # Without a name
    VoiceCase("打开空调", {"power": True}, "客厅空调已打开", AC_ON, before=OFF),
    VoiceCase(
        "空调调到26度",
        {"target_temperature": 26.0},
        None,
        SET_TEMPERATURE,
        before={"target_temperature": 20.0},
    ),
    VoiceCase(
        "制冷24度",
        {"mode": COOL, "target_temperature": 24.0},
        None,
        SET_MODE,
        before={"mode": HEAT},
    ),
    VoiceCase("太热了", {"target_temperature": 25.0}, None, ADJUST),
    VoiceCase("风速调小一点", {"fan_level": 2}, None, FAN, before={"fan_level": 3}),
    VoiceCase("开启节能模式", {"eco": True}, None, PRESET),
    # Bad input
    VoiceCase(
        "把客厅空调调到35度",
        {"target_temperature": 26.0},
        "客厅空调的温度范围是16到31度",
        response_type=ERROR,
    ),
    VoiceCase("客厅空调风速调到飓风", {"fan_level": 0}, None, response_type=ERROR),
    VoiceCase(
        "把厨房空调调成制冷模式",
        {"mode": HEAT},
        "厨房没有空调",
        before={"mode": HEAT},
        response_type=ERROR,
    ),
]
ZH_TV_CASES = [
    # By name
    TvVoiceCase("关闭客厅电视", DARK, "客厅电视已关闭"),
    TvVoiceCase("打开客厅电视", {"power": "on"}, "客厅电视已打开", None, DARK),
    TvVoiceCase("客厅电视切到HDMI 2", {"input_source": "HDMI 2"}, "客厅电视已切换到HDMI 2", INPUT),
    TvVoiceCase("把客厅电视音量调到20", {"volume": 20}),
    TvVoiceCase("客厅电视静音", {"muted": True}, "客厅电视已静音", MUTE),
    TvVoiceCase("客厅电视声音大一点", {"volume": 35}, None, VOLUME),
    TvVoiceCase("客厅电视打开爱奇艺", {"foreground_app": IQIYI}, None, APP),
    TvVoiceCase("客厅电视息屏", DARK, None, SCREEN),
    # By alias
    TvVoiceCase("大电视切到AV", {"input_source": "AV"}, None, INPUT),
    TvVoiceCase("大电视静音", {"muted": True}, None, MUTE),
    # Without a name
    TvVoiceCase("关电视", DARK, "客厅电视已关闭", TV_OFF),
    TvVoiceCase("电视音量调到40", {"volume": 40}, "客厅电视音量已调到40", SET_VOLUME),
    TvVoiceCase("换台", {}, None, CHANNEL, ON_TUNER, ("up",)),
    TvVoiceCase("电视返回", {}, None, KEY, keys=("back",)),
    # Bad input
    TvVoiceCase(
        "客厅电视切到HDMI 4",
        {"input_source": "HDMI 1"},
        "客厅电视没有HDMI 4信号源，可选：TV、AV、HDMI 1、HDMI 2、HDMI 3",
        response_type=ERROR,
    ),
]

# 客廳冷氣 and 客廳電視, in no area; the area 客廳 exists (zh-HK and zh-TW)
ZH_HANT_AC_CASES = [
    VoiceCase(
        "把客廳冷氣調到24度",
        {"target_temperature": 24.0},
        "客廳冷氣溫度已調到24度",
        SET_TEMPERATURE,
    ),
    VoiceCase("關閉客廳冷氣", OFF, "客廳冷氣已關閉"),
    VoiceCase("客廳冷氣調成製冷模式", {"mode": COOL}, None, SET_MODE, before={"mode": HEAT}),
    VoiceCase(
        "冷氣調到26度",
        {"target_temperature": 26.0},
        None,
        SET_TEMPERATURE,
        before={"target_temperature": 20.0},
    ),
    VoiceCase("開冷氣", {"power": True}, "客廳冷氣已打開", AC_ON, before=OFF),
]
ZH_HANT_TV_CASES = [
    TvVoiceCase("客廳電視切換到HDMI 3", {"input_source": "HDMI 3"}, None, INPUT),
    TvVoiceCase("電視靜音", {"muted": True}, "客廳電視已靜音", MUTE),
]


async def _home(
    hass: HomeAssistant,
    simulator: Simulator,
    add_device: AddDevice,
    add_tv: AddTv,
    tmp_path: Path,
    areas: tuple[str, ...],
    ac: str,
    tv_name: str,
) -> tuple[SimulatedDevice, MockConfigEntry, SimulatedTv, MockConfigEntry]:
    """Set up a home: the default areas, one AC and one TV (in no area), our sentences."""
    await async_setup_voice(hass, tmp_path)
    for area in areas:
        ar.async_get(hass).async_create(area)
    device = await simulator("xiaomi.aircondition.mc4")
    entry = await add_device(device, title=ac)
    tv = await simulator("xiaomi.tv.mitv5proh1")
    assert isinstance(tv, SimulatedTv)
    tv_entry = await add_tv(tv, title=tv_name)
    await async_install(hass)
    return device, entry, tv, tv_entry


def _entity_id(hass: HomeAssistant, domain: str, name: str) -> str:
    return next(state.entity_id for state in hass.states.async_all(domain) if state.name == name)


async def test_english_by_name_alias_and_none(
    hass: HomeAssistant,
    simulator: Simulator,
    add_device: AddDevice,
    add_tv: AddTv,
    tmp_path: Path,
) -> None:
    """English, default areas present, devices named like one of them but in no area."""
    device, entry, tv, tv_entry = await _home(
        hass,
        simulator,
        add_device,
        add_tv,
        tmp_path,
        DEFAULT_AREAS_EN,
        "Living Room AC",
        "Living Room TV",
    )
    add_alias(hass, _entity_id(hass, "climate", "Living Room AC"), "Main Aircon")
    add_alias(hass, _entity_id(hass, "media_player", "Living Room TV"), "Den TV")
    await hass.async_block_till_done()
    failures = await async_run_cases(hass, device, entry, EN_AC_CASES, "en")
    failures += await async_run_tv_cases(hass, tv, tv_entry, EN_TV_CASES, "en")
    assert not failures, "\n".join(failures)


async def test_english_by_area(
    hass: HomeAssistant,
    simulator: Simulator,
    add_device: AddDevice,
    add_tv: AddTv,
    tmp_path: Path,
) -> None:
    """English, by area: the bedroom AC and the kitchen TV, among the default areas."""
    device, entry, tv, tv_entry = await _home(
        hass, simulator, add_device, add_tv, tmp_path, DEFAULT_AREAS_EN, "Bedroom AC", "Kitchen TV"
    )
    put_in_area(hass, entry, "Bedroom")
    put_in_area(hass, tv_entry, "Kitchen")
    failures = await async_run_cases(hass, device, entry, EN_AREA_AC_CASES, "en")
    failures += await async_run_tv_cases(hass, tv, tv_entry, EN_AREA_TV_CASES, "en")
    assert not failures, "\n".join(failures)


async def test_simplified_chinese(
    hass: HomeAssistant,
    simulator: Simulator,
    add_device: AddDevice,
    add_tv: AddTv,
    tmp_path: Path,
) -> None:
    """简体中文: 客厅空调 and 客厅电视 in no area while the area 客厅 exists; aliases; no name."""
    device, entry, tv, tv_entry = await _home(
        hass, simulator, add_device, add_tv, tmp_path, DEFAULT_AREAS_ZH_HANS, "客厅空调", "客厅电视"
    )
    add_alias(hass, _entity_id(hass, "climate", "客厅空调"), "大空调")
    add_alias(hass, _entity_id(hass, "media_player", "客厅电视"), "大电视")
    await hass.async_block_till_done()
    failures = await async_run_cases(hass, device, entry, ZH_AC_CASES, "zh-CN")
    failures += await async_run_tv_cases(hass, tv, tv_entry, ZH_TV_CASES, "zh-CN")
    failures += await async_run_cases(hass, device, entry, ZH_AC_CASES[:3], "zh-Hans")
    assert not failures, "\n".join(failures)


async def test_traditional_chinese(
    hass: HomeAssistant,
    simulator: Simulator,
    add_device: AddDevice,
    add_tv: AddTv,
    tmp_path: Path,
) -> None:
    """繁體中文 (zh-HK, zh-TW): 客廳冷氣 and 客廳電視 in no area while the area 客廳 exists."""
    device, entry, tv, tv_entry = await _home(
        hass, simulator, add_device, add_tv, tmp_path, DEFAULT_AREAS_ZH_HANT, "客廳冷氣", "客廳電視"
    )
    failures: list[str] = []
    for language in ("zh-HK", "zh-TW"):
        failures += await async_run_cases(hass, device, entry, ZH_HANT_AC_CASES, language)
        failures += await async_run_tv_cases(hass, tv, tv_entry, ZH_HANT_TV_CASES, language)
    assert not failures, "\n".join(failures)


def test_the_list_is_long_enough() -> None:
    """At least 40 sentences per language family."""
    english = EN_AC_CASES + EN_TV_CASES + EN_AREA_AC_CASES + EN_AREA_TV_CASES
    chinese = ZH_AC_CASES + ZH_TV_CASES + ZH_HANT_AC_CASES + ZH_HANT_TV_CASES
    assert len(english) >= 40
    assert len(chinese) >= 40
