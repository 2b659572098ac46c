# ruff: noqa: RUF001  (Chinese punctuation in sentences and answers is intended)
"""Assist voice control of a TV, sentence by sentence through the default agent.

Each table runs against one Home Assistant and one simulated mitv5proh1 (MIoT and its port-6095
API: inputs TV, AV, HDMI 1-3; installed apps; volume 0-100). Every sentence starts from the same
state (on, HDMI 1, volume 30, not muted, no app of ours in front) and is checked on the simulated
set (power, input, volume, mute, the app in front, the remote keys it received), in the answer
spoken and in the intent that handled it.
"""

from __future__ import annotations

from pathlib import Path

from homeassistant.core import HomeAssistant
from homeassistant.helpers import area_registry as ar
from homeassistant.helpers import entity_registry as er

from custom_components.xiaomi_living.const import CONF_WAKE_ON_LAN, DOMAIN
from custom_components.xiaomi_living.coordinator import FAILURES_BEFORE_UNAVAILABLE
from custom_components.xiaomi_living.intents.tv import find_app, find_input, is_input
from tests.assist_fixtures import (
    APP,
    CHANNEL,
    INPUT,
    KEY,
    MUTE,
    PLAYBACK,
    SCREEN,
    SET_VOLUME,
    UNSUPPORTED,
    VOLUME,
    TvVoiceCase,
    async_converse,
    async_install,
    async_run_tv_cases,
    async_setup_voice,
    put_in_area,
)
from tests.assist_fixtures import (
    TV_OFF as TURN_OFF,
)
from tests.assist_fixtures import (
    TV_ON as TURN_ON,
)
from tests.conftest import AddTv
from tests.simulator.fleet import Simulator
from tests.simulator.tv import SimulatedTv
from tests.simulator.tv_state import TvApp

TV_MODEL = "xiaomi.tv.mitv5proh1"

IQIYI = "com.gitvvideo.xiaomi"
TENCENT = "com.ktcp.video"
YOUKU = "com.youku.taitan.tv"
YOUTUBE = "com.google.android.youtube.tv"
BILIBILI = "com.xiaodianshi.tv.yst"
DARK = {"power": "screen_off"}
ON_TUNER = {"input_source": "TV"}
MUTED = {"muted": True}
EN_OFFERS = (
    "it can turn on and off, change the volume, mute, switch inputs, open apps, pause and play, "
    "and turn its screen off"
)
ZH_OFFERS = "可以开关机、调音量、静音、切换信号源、打开应用、暂停播放和息屏"

# What a set sold in mainland China lists: the same apps under their Chinese names.
CHINESE_APPS = [
    TvApp("com.mitv.tvhome", "PatchWall"),
    TvApp(IQIYI, "爱奇艺"),
    TvApp(TENCENT, "云视听极光"),
    TvApp(YOUKU, "优酷"),
    TvApp(BILIBILI, "云视听小电视"),
    TvApp("com.xiaomi.mitv.mediaexplorer", "高清播放器"),
]
TRADITIONAL_APPS = [
    TvApp(IQIYI, "愛奇藝"),
    TvApp(YOUTUBE, "YouTube"),
    TvApp("com.netflix.ninja", "Netflix"),
]

EN_CASES = [
    TvVoiceCase("turn on the TV", {"power": "on"}, "Turned on Living room TV", TURN_ON, DARK),
    TvVoiceCase("turn off the TV", DARK, "Turned off Living room TV", TURN_OFF),
    TvVoiceCase("switch off the television please", DARK, None, TURN_OFF),
    TvVoiceCase(
        "switch the TV to HDMI 2",
        {"input_source": "HDMI 2"},
        "Living room TV is now on HDMI 2",
        INPUT,
    ),
    TvVoiceCase("change the TV input to HDMI 3", {"input_source": "HDMI 3"}, None, INPUT),
    TvVoiceCase("switch the living room TV to AV", {"input_source": "AV"}, None, INPUT),
    TvVoiceCase(
        "open iQIYI on the TV",
        {"foreground_app": IQIYI},
        "Opened iQIYI on Living room TV",
        APP,
    ),
    TvVoiceCase("launch YouTube on the living room TV", {"foreground_app": YOUTUBE}, None, APP),
    TvVoiceCase(
        "open the Youku app", {"foreground_app": YOUKU}, "Opened Youku on Living room TV", APP
    ),
    TvVoiceCase(
        "set the TV volume to 40", {"volume": 40}, "Living room TV volume is now 40", SET_VOLUME
    ),
    TvVoiceCase("turn the TV up", {"volume": 35}, "Living room TV volume is now 35", VOLUME),
    # Steps up to 20; the stepping stops at the top (14 steps of 5 from 30)
    TvVoiceCase(
        "crank the TV volume up 20 steps",
        {"volume": 100},
        "Living room TV volume is now 100",
        VOLUME,
    ),
    TvVoiceCase("turn the TV down twelve notches", {"volume": 0}, None, VOLUME),
    TvVoiceCase("turn the TV down a bit", {"volume": 25}, None, VOLUME),
    TvVoiceCase("mute the TV", {"muted": True}, "Muted Living room TV", MUTE),
    TvVoiceCase("unmute the TV", {"muted": False}, "Unmuted Living room TV", MUTE, MUTED),
    TvVoiceCase("press OK on the TV", {}, "Pressed OK on Living room TV", KEY, keys=("enter",)),
    TvVoiceCase("go back on the TV", {}, None, KEY, keys=("back",)),
    TvVoiceCase(
        "press down three times on the TV",
        {},
        "Pressed down 3 times on Living room TV",
        KEY,
        keys=("down", "down", "down"),
    ),
    TvVoiceCase(
        "next channel", {}, "Living room TV is on the next channel", CHANNEL, ON_TUNER, ("up",)
    ),
    TvVoiceCase("previous channel on the TV", {}, None, CHANNEL, ON_TUNER, ("down",)),
    TvVoiceCase(
        "turn off the TV screen",
        DARK,
        "Turned off the screen of Living room TV; the sound keeps playing",
        SCREEN,
    ),
    TvVoiceCase(
        "turn the TV screen back on",
        {"power": "on"},
        "Turned on the screen of Living room TV",
        SCREEN,
        DARK,
    ),
    TvVoiceCase("pause the TV", {}, "Paused Living room TV", PLAYBACK, keys=("enter",)),
    TvVoiceCase("resume the TV", {}, "Resumed Living room TV", PLAYBACK, keys=("enter",)),
    # More ways to say it
    TvVoiceCase("power down the living room TV", DARK, None, TURN_OFF),
    TvVoiceCase("put the TV to sleep", DARK, None, TURN_OFF),
    TvVoiceCase("wake up the TV", {"power": "on"}, None, TURN_ON, DARK),
    TvVoiceCase("TV on", {"power": "on"}, None, TURN_ON, DARK),
    TvVoiceCase("switch to HDMI 2", {"input_source": "HDMI 2"}, None, INPUT),
    TvVoiceCase(
        "change the source to the second HDMI port", {"input_source": "HDMI 2"}, None, INPUT
    ),
    TvVoiceCase("switch the TV over to live TV", {"input_source": "TV"}, None, INPUT),
    TvVoiceCase("input HDMI 3", {"input_source": "HDMI 3"}, None, INPUT),
    TvVoiceCase("TV to HDMI one", {"input_source": "HDMI 1"}, None, INPUT, {"input_source": "AV"}),
    TvVoiceCase("launch the Tencent Video app on the TV", {"foreground_app": TENCENT}, None, APP),
    TvVoiceCase("watch YouTube on the TV", {"foreground_app": YOUTUBE}, None, APP),
    TvVoiceCase(
        "open Media Explorer on the TV",
        {"foreground_app": "com.xiaomi.mitv.mediaexplorer"},
        "Opened Media Explorer on Living room TV",
        APP,
    ),
    TvVoiceCase("I want to watch iQIYI", {"foreground_app": IQIYI}, None, APP),
    TvVoiceCase("TV volume 20", {"volume": 20}, None, SET_VOLUME),
    TvVoiceCase(
        "set the volume of the living room TV to 15 percent", {"volume": 15}, None, SET_VOLUME
    ),
    TvVoiceCase("turn the volume down on the TV by 2 steps", {"volume": 20}, None, VOLUME),
    TvVoiceCase("make the TV a bit louder", {"volume": 35}, None, VOLUME),
    # the volume word between the TV and the direction, or after "on the TV"
    TvVoiceCase("turn the TV volume up", {"volume": 35}, None, VOLUME),
    TvVoiceCase("turn the living room TV volume down 2 steps", {"volume": 20}, None, VOLUME),
    TvVoiceCase("turn the volume on the TV down", {"volume": 25}, None, VOLUME),
    TvVoiceCase("turn up the TV's volume", {"volume": 35}, None, VOLUME),
    TvVoiceCase("the TV is too loud", {"volume": 25}, None, VOLUME),
    TvVoiceCase("I can't hear the TV", {"volume": 35}, None, VOLUME),
    TvVoiceCase("crank up the TV a few notches", {"volume": 45}, None, VOLUME),
    TvVoiceCase("turn off the sound on the TV", {"muted": True}, None, MUTE),
    TvVoiceCase("turn the TV sound back on", {"muted": False}, None, MUTE, MUTED),
    TvVoiceCase("press home on the TV", {}, None, KEY, keys=("home",)),
    TvVoiceCase("TV back", {}, None, KEY, keys=("back",)),
    TvVoiceCase("go left twice on the TV", {}, None, KEY, keys=("left", "left")),
    TvVoiceCase("open the menu on the TV", {}, None, KEY, keys=("menu",)),
    TvVoiceCase("take the TV home", {}, None, KEY, keys=("home",)),
    TvVoiceCase("channel up", {}, None, CHANNEL, ON_TUNER, ("up",)),
    TvVoiceCase(
        "go forward three channels",
        {},
        "Living room TV went 3 channels up",
        CHANNEL,
        ON_TUNER,
        ("up", "up", "up"),
    ),
    TvVoiceCase("change the channel on the TV", {}, None, CHANNEL, ON_TUNER, ("up",)),
    TvVoiceCase("blank the TV screen", DARK, None, SCREEN),
    TvVoiceCase("switch the TV to audio only mode", DARK, None, SCREEN),
    TvVoiceCase("screen off", DARK, None, SCREEN),
    TvVoiceCase("play the TV", {}, None, PLAYBACK, keys=("enter",)),
    TvVoiceCase("keep playing on the TV", {}, None, PLAYBACK, keys=("enter",)),
    # The TV's own name (also its area plus "TV") stays with Home Assistant's intents
    TvVoiceCase("turn on the living room TV", {"power": "on"}, None, "HassTurnOn", DARK),
    TvVoiceCase("mute the living room TV", {"muted": True}, None, "HassMediaPlayerMute"),
    TvVoiceCase("set the living room TV volume to 45", {"volume": 45}, None, "HassSetVolume"),
]

ZH_CN_CASES = [
    TvVoiceCase("打开电视", {"power": "on"}, "客厅电视已打开", TURN_ON, DARK),
    TvVoiceCase("关电视", DARK, "客厅电视已关闭", TURN_OFF),
    TvVoiceCase("把电视关了", DARK, None, TURN_OFF),
    TvVoiceCase("电视切到HDMI 2", {"input_source": "HDMI 2"}, "客厅电视已切换到HDMI 2", INPUT),
    TvVoiceCase("电视切换到HDMI1", {"input_source": "HDMI 1"}, None, INPUT, {"input_source": "AV"}),
    TvVoiceCase("客厅电视切到AV", {"input_source": "AV"}, None, INPUT),
    TvVoiceCase("电视打开爱奇艺", {"foreground_app": IQIYI}, "客厅电视已打开爱奇艺", APP),
    TvVoiceCase(
        "在电视上打开腾讯视频", {"foreground_app": TENCENT}, "客厅电视已打开云视听极光", APP
    ),
    TvVoiceCase("打开优酷", {"foreground_app": YOUKU}, None, APP),
    TvVoiceCase("电视音量调到40", {"volume": 40}, "客厅电视音量已调到40", SET_VOLUME),
    TvVoiceCase("电视声音大一点", {"volume": 35}, "客厅电视音量已调到35", VOLUME),
    TvVoiceCase("电视声音小一点", {"volume": 25}, None, VOLUME),
    TvVoiceCase("电视静音", {"muted": True}, "客厅电视已静音", MUTE),
    TvVoiceCase("取消静音", {"muted": False}, "客厅电视已取消静音", MUTE, MUTED),
    TvVoiceCase("电视返回", {}, "客厅电视已按下返回键", KEY, keys=("back",)),
    TvVoiceCase("电视按确定", {}, "客厅电视已按下确定键", KEY, keys=("enter",)),
    TvVoiceCase("电视回到主页", {}, None, KEY, keys=("home",)),
    TvVoiceCase("电视按三下向下", {}, "客厅电视已按3次下键", KEY, keys=("down", "down", "down")),
    TvVoiceCase("换台", {}, "客厅电视已换到下一个频道", CHANNEL, ON_TUNER, ("up",)),
    TvVoiceCase("电视上一个台", {}, "客厅电视已换到上一个频道", CHANNEL, ON_TUNER, ("down",)),
    TvVoiceCase("电视息屏", DARK, "客厅电视已息屏，声音继续播放", SCREEN),
    TvVoiceCase("电视亮屏", {"power": "on"}, "客厅电视已亮屏", SCREEN, DARK),
    TvVoiceCase("电视暂停", {}, "客厅电视已暂停", PLAYBACK, keys=("enter",)),
    TvVoiceCase("电视继续播放", {}, "客厅电视已继续播放", PLAYBACK, keys=("enter",)),
    # 更多说法
    TvVoiceCase("帮我打开一下电视", {"power": "on"}, None, TURN_ON, DARK),
    TvVoiceCase("电视开一下", {"power": "on"}, None, TURN_ON, DARK),
    TvVoiceCase("我不看电视了", DARK, None, TURN_OFF),
    TvVoiceCase("电视待机", DARK, None, TURN_OFF),
    TvVoiceCase("把电视切换到HDMI3", {"input_source": "HDMI 3"}, None, INPUT),
    TvVoiceCase("切换到HDMI 2", {"input_source": "HDMI 2"}, None, INPUT),
    TvVoiceCase("信号源切到AV", {"input_source": "AV"}, None, INPUT),
    TvVoiceCase("电视切到有线电视", {"input_source": "TV"}, "客厅电视已切换到TV", INPUT),
    TvVoiceCase("电视换到第二个HDMI", {"input_source": "HDMI 2"}, None, INPUT),
    TvVoiceCase("我要看B站", {"foreground_app": BILIBILI}, "客厅电视已打开云视听小电视", APP),
    TvVoiceCase(
        "在电视上打开高清播放器", {"foreground_app": "com.xiaomi.mitv.mediaexplorer"}, None, APP
    ),
    TvVoiceCase("用电视看优酷", {"foreground_app": YOUKU}, None, APP),
    TvVoiceCase("客厅电视打开奇异果", {"foreground_app": IQIYI}, "客厅电视已打开爱奇艺", APP),
    TvVoiceCase("把电视音量调到百分之二十", {"volume": 20}, None, SET_VOLUME),
    TvVoiceCase("电视声音开到15", {"volume": 15}, None, SET_VOLUME),
    TvVoiceCase("电视音量调大三格", {"volume": 45}, "客厅电视音量已调到45", VOLUME),
    TvVoiceCase("声音大点", {"volume": 35}, None, VOLUME),
    TvVoiceCase("音量调小两格", {"volume": 20}, None, VOLUME),
    TvVoiceCase("电视太吵了", {"volume": 25}, None, VOLUME),
    TvVoiceCase("我听不清电视", {"volume": 35}, None, VOLUME),
    TvVoiceCase("静音一下电视", {"muted": True}, None, MUTE),
    TvVoiceCase("电视打开声音", {"muted": False}, None, MUTE, MUTED),
    TvVoiceCase("电视按一下菜单键", {}, None, KEY, keys=("menu",)),
    TvVoiceCase("电视向左移两下", {}, None, KEY, keys=("left", "left")),
    TvVoiceCase("按确定", {}, None, KEY, keys=("enter",)),
    TvVoiceCase("下一个频道", {}, None, CHANNEL, ON_TUNER, ("up",)),
    TvVoiceCase(
        "往后换三个台", {}, "客厅电视已往后换了3个频道", CHANNEL, ON_TUNER, ("up", "up", "up")
    ),
    TvVoiceCase("电视换个台", {}, None, CHANNEL, ON_TUNER, ("up",)),
    TvVoiceCase("关闭电视屏幕", DARK, None, SCREEN),
    TvVoiceCase("电视只听声音", DARK, None, SCREEN),
    TvVoiceCase("电视暂停一下", {}, None, PLAYBACK, keys=("enter",)),
    # The TV's own name (also its area plus 电视) stays with Home Assistant's intents
    TvVoiceCase("关闭客厅电视", DARK, "客厅电视已关闭", "HassTurnOff"),
    TvVoiceCase("把客厅电视音量调到45", {"volume": 45}, None, "HassSetVolume"),
]

ZH_HK_CASES = [
    TvVoiceCase("開電視", {"power": "on"}, "客廳電視已打開", TURN_ON, DARK),
    TvVoiceCase("電視轉去HDMI 2", {"input_source": "HDMI 2"}, "客廳電視已切換到HDMI 2", INPUT),
    TvVoiceCase("電視開愛奇藝", {"foreground_app": IQIYI}, "客廳電視已開啟愛奇藝", APP),
    TvVoiceCase("電視靜音", {"muted": True}, "客廳電視已靜音", MUTE),
    TvVoiceCase("電視聲音校大啲", {"volume": 35}, "客廳電視音量已調到35", VOLUME),
    TvVoiceCase("電視收聲", {"muted": True}, None, MUTE),
    TvVoiceCase("電視轉台", {}, "客廳電視已轉到下一個頻道", CHANNEL, ON_TUNER, ("up",)),
    TvVoiceCase("電視熄屏", DARK, "客廳電視已關閉螢幕，聲音繼續播放", SCREEN),
    TvVoiceCase("電視返回主頁", {}, "客廳電視已按下主頁鍵", KEY, keys=("home",)),
    TvVoiceCase("閂電視", DARK, "客廳電視已關閉", TURN_OFF),
]
ZH_TW_CASES = [
    TvVoiceCase("關電視", DARK, "客廳電視已關閉", TURN_OFF),
    TvVoiceCase("電視切換到HDMI 3", {"input_source": "HDMI 3"}, None, INPUT),
    TvVoiceCase("電視打開YouTube", {"foreground_app": YOUTUBE}, "客廳電視已開啟YouTube", APP),
    TvVoiceCase("電視大聲一點", {"volume": 35}, "客廳電視音量已調到35", VOLUME),
    TvVoiceCase("電視音量調到二十", {"volume": 20}, "客廳電視音量已調到20", SET_VOLUME),
    TvVoiceCase("電視靜音", {"muted": True}, "客廳電視已靜音", MUTE),
    TvVoiceCase("電視按確定", {}, "客廳電視已按下確定鍵", KEY, keys=("enter",)),
    TvVoiceCase("電視下一個頻道", {}, None, CHANNEL, ON_TUNER, ("up",)),
    TvVoiceCase("關閉電視螢幕", DARK, None, SCREEN),
    TvVoiceCase("電視暫停", {}, "客廳電視已暫停", PLAYBACK, keys=("enter",)),
]


async def _setup(
    hass: HomeAssistant,
    simulator: Simulator,
    add_tv: AddTv,
    tmp_path: Path,
    title: str,
    area: str | None,
    apps: list[TvApp] | None = None,
) -> tuple[SimulatedTv, object]:
    await async_setup_voice(hass, tmp_path)
    tv = await simulator(TV_MODEL)
    assert isinstance(tv, SimulatedTv)
    if apps is not None:
        tv.tv.installed_apps = apps
    entry = await add_tv(tv, title=title)
    if area:
        put_in_area(hass, entry, area)
    await async_install(hass)
    return tv, entry


async def test_english(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv, tmp_path: Path
) -> None:
    """English: every sentence does what it says to the living room TV, and says so."""
    tv, entry = await _setup(hass, simulator, add_tv, tmp_path, "Living room TV", "Living Room")
    failures = await async_run_tv_cases(hass, tv, entry, EN_CASES, "en")
    assert not failures, "\n".join(failures)


async def test_simplified_chinese(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv, tmp_path: Path
) -> None:
    """简体中文 (zh-CN, and zh-Hans which maps to it), for 客厅电视 with its apps' Chinese names."""
    tv, entry = await _setup(hass, simulator, add_tv, tmp_path, "客厅电视", "客厅", CHINESE_APPS)
    failures = await async_run_tv_cases(hass, tv, entry, ZH_CN_CASES, "zh-CN")
    failures += await async_run_tv_cases(hass, tv, entry, ZH_CN_CASES[::5], "zh-Hans")
    assert not failures, "\n".join(failures)


async def test_traditional_chinese(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv, tmp_path: Path
) -> None:
    """繁體中文: a smoke set for Hong Kong (zh-HK, and zh-Hant which maps to it) and Taiwan."""
    tv, entry = await _setup(
        hass, simulator, add_tv, tmp_path, "客廳電視", "客廳", TRADITIONAL_APPS
    )
    failures = await async_run_tv_cases(hass, tv, entry, ZH_HK_CASES, "zh-HK")
    failures += await async_run_tv_cases(hass, tv, entry, ZH_HK_CASES[:2], "zh-Hant")
    failures += await async_run_tv_cases(hass, tv, entry, ZH_TW_CASES, "zh-TW")
    assert not failures, "\n".join(failures)


BUILT_IN_EN_CASES = [
    TvVoiceCase("turn on the living room TV", {"power": "on"}, None, "HassTurnOn", DARK),
    TvVoiceCase("turn off the living room TV", DARK, None, "HassTurnOff"),
    TvVoiceCase("set the living room TV volume to 20", {"volume": 20}, None, "HassSetVolume"),
    TvVoiceCase(
        "increase the volume on the living room TV", {"volume": 35}, None, "HassSetVolumeRelative"
    ),
    TvVoiceCase(
        "turn down living room TV volume by 10%",
        {"volume": 20},
        None,
        "HassSetVolumeRelative",
    ),
    TvVoiceCase("mute the living room TV", {"muted": True}, None, "HassMediaPlayerMute"),
    TvVoiceCase(
        "unmute the living room TV", {"muted": False}, None, "HassMediaPlayerUnmute", MUTED
    ),
]
BUILT_IN_ZH_CASES = [
    TvVoiceCase("打开客厅电视", {"power": "on"}, "客厅电视已打开", "HassTurnOn", DARK),
    TvVoiceCase("关闭客厅电视", DARK, "客厅电视已关闭", "HassTurnOff"),
    TvVoiceCase("把客厅电视音量调到20", {"volume": 20}, None, "HassSetVolume"),
]


async def test_built_in_intents_on_our_tv(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv, tmp_path: Path
) -> None:
    """Home Assistant's own intents: on/off, volume, relative volume and mute; then our pause.

    With our sentences installed, the sentences that name the TV stay with the built-in intents,
    but for pause and resume, which those take only for a player that says it plays.
    """
    english, english_entry = await _setup(hass, simulator, add_tv, tmp_path, "Living room TV", None)
    chinese = await simulator(TV_MODEL)
    assert isinstance(chinese, SimulatedTv)
    chinese_entry = await add_tv(chinese, title="客厅电视")
    failures = await async_run_tv_cases(hass, english, english_entry, BUILT_IN_EN_CASES, "en")
    failures += await async_run_tv_cases(hass, chinese, chinese_entry, BUILT_IN_ZH_CASES, "zh-CN")
    failures += await async_run_tv_cases(
        hass, chinese, chinese_entry, BUILT_IN_ZH_CASES[:2], "zh-Hans"
    )
    assert not failures, "\n".join(failures)

    # Pause and resume of a named set are ours: the sets never say whether they play, and Home
    # Assistant's own intents take only a player that does (the OK key toggles playback)
    for tv, pause, resume, language in (
        (english, "pause the living room TV", "resume the living room TV", "en"),
        (chinese, "暂停客厅电视", "继续播放客厅电视", "zh-CN"),
    ):
        tv.tv.power = "on"
        tv.tv.foreground_app = YOUTUBE
        for entry in hass.config_entries.async_entries(DOMAIN):
            await entry.runtime_data.coordinator.async_refresh()
        tv.tv.keys_pressed.clear()
        result = await async_converse(hass, pause, language)
        assert result.response.intent is not None, result.response.speech
        assert result.response.intent.intent_type == PLAYBACK, pause
        result = await async_converse(hass, resume, language)
        assert result.response.intent is not None, result.response.speech
        assert result.response.intent.intent_type == PLAYBACK, resume
        assert tv.tv.keys_pressed == ["enter", "enter"]


ERROR_CASES_EN = [
    # Settings the set does not take from here: said, with what it can do; nothing is sent
    TvVoiceCase(
        "turn the TV brightness up a bit",
        {"volume": 30, "input_source": "HDMI 1"},
        f"Living room TV cannot change its brightness from here; {EN_OFFERS}",
        UNSUPPORTED,
        response_type="error",
    ),
    TvVoiceCase(
        "can you turn on subtitles on the TV",
        {},
        f"Living room TV cannot change its subtitles from here; {EN_OFFERS}",
        UNSUPPORTED,
        response_type="error",
    ),
    TvVoiceCase(
        "the TV is way too bright",
        {"power": "on"},
        f"Living room TV cannot change its brightness from here; {EN_OFFERS}",
        UNSUPPORTED,
        response_type="error",
    ),
    TvVoiceCase(
        "set a sleep timer on the TV for 30 minutes",
        {"power": "on"},
        f"Living room TV cannot change its sleep timer from here; {EN_OFFERS}",
        UNSUPPORTED,
        response_type="error",
    ),
    TvVoiceCase(
        "switch the TV to HDMI 2",
        {"input_source": "HDMI 1", "power": "screen_off"},
        "Living room TV is off; turn it on first",
        INPUT,
        DARK,
        response_type="error",
    ),
    TvVoiceCase(
        "switch the TV to HDMI 4",
        {"input_source": "HDMI 1"},
        "Living room TV has no input HDMI 4. It has TV, AV, HDMI 1, HDMI 2 and HDMI 3",
        INPUT,
        response_type="error",
    ),
    TvVoiceCase(
        "open Douyin on the TV",
        {"foreground_app": None},
        "Living room TV has no app called Douyin",
        APP,
        response_type="error",
    ),
    TvVoiceCase(
        "next channel",
        {},
        "Living room TV is showing HDMI 1, which has no channels",
        CHANNEL,
        response_type="error",
    ),
    TvVoiceCase(
        "turn the TV up",
        {"volume": 100},
        "Living room TV is already at full volume",
        VOLUME,
        {"volume": 100},
    ),
    TvVoiceCase(
        "turn the TV down",
        {"volume": 0},
        "Living room TV is already at the lowest volume",
        VOLUME,
        {"volume": 0},
    ),
    TvVoiceCase(
        "turn off the TV screen",
        {"power": "screen_off"},
        "The screen of Living room TV is already off",
        SCREEN,
        DARK,
    ),
    # An input said as an app switches to it
    TvVoiceCase(
        "open HDMI 2 on the TV",
        {"input_source": "HDMI 2"},
        "Living room TV is now on HDMI 2",
        APP,
    ),
]
ERROR_CASES_ZH = [
    TvVoiceCase(
        "电视亮度调高一点",
        {"volume": 30},
        f"Living room TV不支持在这里调亮度；{ZH_OFFERS}",
        UNSUPPORTED,
        response_type="error",
    ),
    TvVoiceCase(
        "给电视定个30分钟的定时关机",
        {"power": "on"},
        f"Living room TV不支持在这里调定时关机；{ZH_OFFERS}",
        UNSUPPORTED,
        response_type="error",
    ),
    TvVoiceCase(
        "电视屏幕太亮了",
        {"power": "on"},
        f"Living room TV不支持在这里调亮度；{ZH_OFFERS}",
        UNSUPPORTED,
        response_type="error",
    ),
    TvVoiceCase(
        "电视切到HDMI 2",
        {"input_source": "HDMI 1"},
        "Living room TV已关闭，请先打开电视",
        INPUT,
        DARK,
        response_type="error",
    ),
    TvVoiceCase(
        "电视打开抖音",
        {"foreground_app": None},
        "Living room TV上没有“抖音”这个应用",
        APP,
        response_type="error",
    ),
    TvVoiceCase(
        "电视换台",
        {},
        "Living room TV正在显示HDMI 1，没有频道可换",
        CHANNEL,
        response_type="error",
    ),
    TvVoiceCase(
        "电视声音大一点", {"volume": 100}, "Living room TV已经是最大音量了", VOLUME, {"volume": 100}
    ),
    # A question read as "open the app 了吗" asks back instead
    TvVoiceCase(
        "电视打开了吗",
        {"foreground_app": None},
        "要在Living room TV上打开哪个应用？",
        APP,
        response_type="error",
    ),
]


async def test_what_the_tv_cannot_do_is_spoken(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv, tmp_path: Path
) -> None:
    """A dark set, an input or app it lacks, channels on an HDMI input: answered, nothing done."""
    tv, entry = await _setup(hass, simulator, add_tv, tmp_path, "Living room TV", None)
    failures = await async_run_tv_cases(hass, tv, entry, ERROR_CASES_EN, "en")
    failures += await async_run_tv_cases(hass, tv, entry, ERROR_CASES_ZH, "zh-CN")
    assert not failures, "\n".join(failures)


async def test_which_tv_a_sentence_means(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv, tmp_path: Path
) -> None:
    """Two TVs: "the TV" is ambiguous until a room or a name says which."""
    living, _ = await _setup(hass, simulator, add_tv, tmp_path, "Living room TV", "Living Room")
    bedroom = await simulator(TV_MODEL)
    assert isinstance(bedroom, SimulatedTv)
    bedroom_entry = await add_tv(bedroom, title="Bedroom TV")
    put_in_area(hass, bedroom_entry, "Bedroom")

    result = await async_converse(hass, "turn off the TV", "en")
    assert result.response.response_type.value == "error"
    assert (
        result.response.speech["plain"]["speech"]
        == "Which TV do you mean: Bedroom TV and Living room TV?"
    )
    result = await async_converse(hass, "关电视", "zh-CN")
    assert (
        result.response.speech["plain"]["speech"]
        == "你指的是哪台电视：Bedroom TV、Living room TV？"
    )
    assert (living.tv.power, bedroom.tv.power) == ("on", "on")

    result = await async_converse(hass, "switch the bedroom TV to HDMI 3", "en")
    assert result.response.speech["plain"]["speech"] == "Bedroom TV is now on HDMI 3"
    assert (living.tv.input_source, bedroom.tv.input_source) == ("HDMI 1", "HDMI 3")
    result = await async_converse(hass, "mute the TV in the living room", "en")
    assert result.response.speech["plain"]["speech"] == "Muted Living room TV"
    assert (living.tv.muted, bedroom.tv.muted) == (True, False)


async def test_what_a_kind_of_set_cannot_do_is_spoken(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv, tmp_path: Path
) -> None:
    """Keys without the HTTP API, mute and screen-off without MIoT, waking without wake-on-LAN."""
    await async_setup_voice(hass, tmp_path)
    miot_only = await simulator(TV_MODEL)
    assert isinstance(miot_only, SimulatedTv)
    await miot_only.stop_http()
    bedroom = await add_tv(miot_only, title="Bedroom TV", options={CONF_WAKE_ON_LAN: False})
    ar.async_get(hass).async_update(put_in_area(hass, bedroom, "Bedroom"), aliases={"卧室"})
    http_only = await simulator(TV_MODEL)
    assert isinstance(http_only, SimulatedTv)
    put_in_area(hass, await add_tv(http_only, http_only=True, title="Kitchen TV"), "Kitchen")
    await async_install(hass)

    async def say(text: str, language: str = "en") -> str:
        result = await async_converse(hass, text, language)
        assert result.response.response_type.value == "error", text
        return str(result.response.speech["plain"]["speech"])

    assert await say("press OK on the bedroom TV") == (
        "Bedroom TV does not answer on its remote control port (6095) right now, "
        "which apps and keys need"
    )
    assert await say("卧室电视按确定", "zh-CN") == (
        "Bedroom TV的遥控端口（6095）现在没有响应，无法打开应用或按键"
    )
    # "mute the kitchen TV" is Home Assistant's (a named TV); the room form is ours
    assert await say("open YouTube on the TV in the bedroom") == (
        "Bedroom TV cannot open apps right now"
    )
    assert await say("mute the TV in the kitchen") == "Kitchen TV cannot be muted from here"
    assert (
        await say("turn off the kitchen TV screen") == "Kitchen TV cannot turn off just its screen"
    )
    assert await say("set the volume of the TV in the kitchen to 30") == (
        "Kitchen TV cannot be set to an exact volume; ask for louder or quieter"
    )
    assert http_only.tv.muted is False
    assert http_only.tv.power == "on"

    miot_only.tv.power = "off"
    for _ in range(FAILURES_BEFORE_UNAVAILABLE):  # a set that stays silent is fully off
        await bedroom.runtime_data.coordinator.async_refresh()
    assert hass.states.get("media_player.bedroom_tv").attributes["power_state"] == "off"
    assert await say("turn on the TV in the bedroom") == (
        "Bedroom TV is fully off and wake-on-LAN is switched off in its options; "
        "turn it on with its remote"
    )
    assert miot_only.tv.wake_on_lan_packets == 0

    # A TV whose remote entity is disabled takes no keys
    er.async_get(hass).async_update_entity(
        "remote.kitchen_tv_remote", disabled_by=er.RegistryEntryDisabler.USER
    )
    assert await say("press OK on the TV in the kitchen") == (
        "Kitchen TV takes no remote keys from here"
    )
    assert http_only.tv.keys_pressed == []


def test_inputs_and_apps_as_people_say_them() -> None:
    """Spellings of inputs, and apps by name, alias (either language) or a unique part."""
    sources = ["TV", "AV", "HDMI 1", "HDMI 2", "iQIYI", "YouTube Kids", "Tencent Video"]
    assert find_input("hdmi-2", sources) == "HDMI 2"
    assert find_input("ＨＤＭＩ１", sources) == "HDMI 1"  # full-width, as some keyboards type it
    assert find_input("live TV", sources) == "TV"
    assert find_input("antenna", ["DTMB", "HDMI 1"]) == "DTMB"
    assert find_input("HDMI 4", sources) is None
    assert find_input("iQIYI", sources) is None
    assert is_input("HDMI 3")
    assert not is_input("Netflix")

    assert find_app("爱奇艺", sources) == "iQIYI"
    assert find_app("iqiyi", ["爱奇艺", "HDMI 1"]) == "爱奇艺"
    assert find_app("腾讯视频", sources) == "Tencent Video"
    assert find_app("youtube", sources) == "YouTube Kids"  # the only app with that name in it
    assert find_app("video", ["Tencent Video", "Media Video"]) is None  # two: which one?
    assert find_app("HDMI 1", sources) is None
    assert find_app("  ", sources) is None
