# ruff: noqa: RUF001, RUF003  (Chinese punctuation in sentences and answers is intended)
"""Assist voice control of an air conditioner, sentence by sentence through the default agent.

Each table runs against one Home Assistant and one simulated mc4 (modes cool, dry, fan, heat; fan
auto and levels 1-7; vertical swing; eco and sleep presets; 16-31 °C in half degrees). Every
sentence starts from the same state (on, cooling at 26 °C, fan auto, no swing, no preset) and is
checked on the simulated device, in the answer spoken and in the intent that handled it.
"""

from __future__ import annotations

from pathlib import Path

from homeassistant.core import HomeAssistant
from homeassistant.helpers import intent

from tests.assist_fixtures import (
    AC_OFF as TURN_OFF,
)
from tests.assist_fixtures import (
    AC_ON as TURN_ON,
)
from tests.assist_fixtures import (
    ADJUST,
    FAN,
    MC4_MODES,
    PRESET,
    SET_MODE,
    SET_TEMPERATURE,
    SWING,
    VoiceCase,
    async_install,
    async_run_cases,
    async_setup_voice,
    put_in_area,
)
from tests.conftest import AddDevice
from tests.simulator.fleet import Simulator

OFF = {"power": False}
COOL, DRY, FAN_ONLY, HEAT = (MC4_MODES[m] for m in ("cool", "dry", "fan_only", "heat"))

EN_CASES = [
    # On and off, for a sentence that names the AC generically or by area
    VoiceCase("turn on the AC", {"power": True}, "Turned on Living room AC", TURN_ON, before=OFF),
    VoiceCase(
        "could you switch on the air conditioner please", {"power": True}, None, TURN_ON, before=OFF
    ),
    VoiceCase("turn off the AC", OFF, "Turned off Living room AC", TURN_OFF),
    VoiceCase(
        "shut the living room air conditioner off", OFF, "Turned off Living room AC", TURN_OFF
    ),
    VoiceCase("power off my aircon", OFF, None, TURN_OFF),
    # HVAC mode
    VoiceCase(
        "set the living room AC to heat",
        {"power": True, "mode": HEAT},
        "Living room AC is now heating",
        SET_MODE,
    ),
    VoiceCase("switch the AC to dry mode", {"mode": DRY}, "Living room AC is now drying", SET_MODE),
    VoiceCase(
        "put the air conditioner in fan mode",
        {"mode": FAN_ONLY},
        "Living room AC is now on fan only",
        SET_MODE,
    ),
    VoiceCase(
        "set the AC in the living room to cooling",
        {"mode": COOL},
        "Living room AC is now cooling",
        SET_MODE,
        before={"mode": HEAT},
    ),
    VoiceCase("heating mode on the living room AC", {"mode": HEAT}, None, SET_MODE),
    VoiceCase("switch to heating", {"mode": HEAT}, None, SET_MODE),
    VoiceCase("dehumidify mode", {"mode": DRY}, None, SET_MODE),
    VoiceCase(
        "start cooling",
        {"power": True, "mode": COOL},
        "Living room AC is now cooling",
        SET_MODE,
        before={"power": False, "mode": HEAT},
    ),
    VoiceCase("living room AC to heat", {"mode": HEAT}, None, SET_MODE),
    # Mode and temperature in one sentence
    VoiceCase(
        "cool to 24 degrees",
        {"mode": COOL, "target_temperature": 24.0},
        "Living room AC is now cooling at 24 degrees",
        SET_MODE,
        before={"mode": HEAT},
    ),
    VoiceCase(
        "heat the living room AC to 22 degrees",
        {"mode": HEAT, "target_temperature": 22.0},
        "Living room AC is now heating at 22 degrees",
        SET_MODE,
    ),
    VoiceCase(
        "set the AC to heat at 23.5 degrees",
        {"mode": HEAT, "target_temperature": 23.5},
        "Living room AC is now heating at 23.5 degrees",
        SET_MODE,
    ),
    VoiceCase(
        "set the living room AC to 20 degrees in heat mode",
        {"mode": HEAT, "target_temperature": 20.0},
        None,
        SET_MODE,
    ),
    VoiceCase(
        "heat to twenty two degrees",
        {"power": True, "mode": HEAT, "target_temperature": 22.0},
        None,
        SET_MODE,
        before=OFF,
    ),
    # Temperature, for a sentence that names the AC generically
    VoiceCase(
        "set the AC to 24 degrees",
        {"target_temperature": 24.0},
        "Living room AC is set to 24 degrees",
        SET_TEMPERATURE,
    ),
    VoiceCase(
        "change the air conditioner temperature to 25.5",
        {"target_temperature": 25.5},
        "Living room AC is set to 25.5 degrees",
        SET_TEMPERATURE,
    ),
    VoiceCase(
        "set the temperature of the AC to 21 degrees",
        {"target_temperature": 21.0},
        None,
        SET_TEMPERATURE,
    ),
    # Relative temperature
    VoiceCase(
        "make it two degrees warmer",
        {"target_temperature": 28.0},
        "Living room AC is set to 28 degrees",
        ADJUST,
    ),
    VoiceCase(
        "make it two degrees warmer in the living room",
        {"target_temperature": 28.0},
        "Living room AC is set to 28 degrees",
        ADJUST,
    ),
    VoiceCase(
        "make the AC a bit cooler",
        {"target_temperature": 25.0},
        "Living room AC is set to 25 degrees",
        ADJUST,
    ),
    VoiceCase("turn the AC down three degrees", {"target_temperature": 23.0}, None, ADJUST),
    VoiceCase(
        "raise the temperature on the living room AC by 2 degrees",
        {"target_temperature": 28.0},
        None,
        ADJUST,
    ),
    VoiceCase("I'm too hot", {"target_temperature": 25.0}, None, ADJUST),
    VoiceCase("it's a bit cold in here", {"target_temperature": 27.0}, None, ADJUST),
    VoiceCase("a degree warmer", {"target_temperature": 27.0}, None, ADJUST),
    VoiceCase(
        "two degrees warmer",
        {"target_temperature": 31.0},
        "Living room AC is already at its highest setting, 31 degrees",
        ADJUST,
        before={"target_temperature": 31.0},
    ),
    # Fan speed: low/medium/high are levels 2, 4 and 6 of the unit's 7, min and max 1 and 7
    VoiceCase("fan to high", {"fan_level": 7}, "Living room AC fan speed is now level 7", FAN),
    VoiceCase(
        "set the fan speed to max", {"fan_level": 7}, "Living room AC fan speed is now level 7", FAN
    ),
    VoiceCase("set the living room AC fan to low", {"fan_level": 1}, None, FAN),
    VoiceCase("medium fan on the AC", {"fan_level": 4}, None, FAN),
    VoiceCase(
        "auto fan",
        {"fan_level": 0},
        "Living room AC fan speed is now auto",
        FAN,
        before={"fan_level": 3},
    ),
    VoiceCase("set the fan speed to level 5", {"fan_level": 5}, None, FAN),
    VoiceCase("turn up the fan", {"fan_level": 4}, None, FAN, before={"fan_level": 3}),
    VoiceCase("make the fan slower", {"fan_level": 2}, None, FAN, before={"fan_level": 3}),
    VoiceCase(
        "minimum fan speed", {"fan_level": 1}, "Living room AC fan speed is now level 1", FAN
    ),
    # Swing
    VoiceCase(
        "turn on the swing",
        {"vertical_swing": True},
        "Turned on the swing on Living room AC",
        SWING,
    ),
    VoiceCase(
        "stop the swing",
        {"vertical_swing": False},
        "Turned off the swing on Living room AC",
        SWING,
        before={"vertical_swing": True},
    ),
    VoiceCase(
        "make the living room AC swing up and down",
        {"vertical_swing": True},
        "Turned on the vertical swing on Living room AC",
        SWING,
    ),
    VoiceCase(
        "turn the AC swing off",
        {"vertical_swing": False},
        None,
        SWING,
        before={"vertical_swing": True},
    ),
    # Presets
    VoiceCase(
        "sleep mode",
        {"sleep_mode": True, "eco": False},
        "Turned on sleep mode on Living room AC",
        PRESET,
    ),
    VoiceCase(
        "turn on eco mode on the living room AC",
        {"eco": True},
        "Turned on eco mode on Living room AC",
        PRESET,
    ),
    VoiceCase("put the AC in energy saving mode", {"eco": True}, None, PRESET),
    VoiceCase(
        "turn off sleep mode",
        {"sleep_mode": False},
        "Turned off sleep mode on Living room AC",
        PRESET,
        before={"sleep_mode": True},
    ),
    VoiceCase(
        "switch back to normal mode",
        {"eco": False},
        "Living room AC is back to normal mode",
        PRESET,
        before={"eco": True},
    ),
    VoiceCase(
        "turn off eco mode",
        {"eco": False, "sleep_mode": True},
        "Living room AC is not in eco mode",
        PRESET,
        before={"sleep_mode": True},
    ),
    # The room temperature, asked of the AC generically (ours answers, with the target)
    VoiceCase(
        "what is the temperature of the AC",
        {},
        "It is 28 degrees where Living room AC is; it is set to 26",
        "XiaomiLivingClimateGetTemperature",
        response_type="query_answer",
    ),
]


ZH_CN_CASES = [
    # 开关
    VoiceCase("打开空调", {"power": True}, "客厅空调已打开", TURN_ON, before=OFF),
    VoiceCase("帮我把空调打开", {"power": True}, None, TURN_ON, before=OFF),
    VoiceCase("请打开客厅空调", {"power": True}, "客厅空调已打开", TURN_ON, before=OFF),
    VoiceCase("关空调", OFF, "客厅空调已关闭", TURN_OFF),
    VoiceCase("把客厅的空调关了", OFF, "客厅空调已关闭", TURN_OFF),
    # 模式
    VoiceCase(
        "把空调调成制冷模式",
        {"mode": COOL},
        "客厅空调已切换到制冷模式",
        SET_MODE,
        before={"mode": HEAT},
    ),
    VoiceCase("把客厅空调调成制热模式", {"mode": HEAT}, "客厅空调已切换到制热模式", SET_MODE),
    VoiceCase("空调切换到除湿", {"mode": DRY}, "客厅空调已切换到除湿模式", SET_MODE),
    VoiceCase("空调开送风", {"mode": FAN_ONLY}, "客厅空调已切换到送风模式", SET_MODE),
    VoiceCase("开启制热模式", {"mode": HEAT}, None, SET_MODE),
    VoiceCase("开制冷", {"mode": COOL}, None, SET_MODE, before={"mode": HEAT}),
    VoiceCase("抽湿模式", {"mode": DRY}, None, SET_MODE),
    VoiceCase("打开空调的制热模式", {"power": True, "mode": HEAT}, None, SET_MODE, before=OFF),
    # 模式加温度
    VoiceCase(
        "制冷24度",
        {"mode": COOL, "target_temperature": 24.0},
        "客厅空调已切换到制冷模式，温度24度",
        SET_MODE,
        before={"mode": HEAT},
    ),
    VoiceCase(
        "制热二十八度",
        {"mode": HEAT, "target_temperature": 28.0},
        "客厅空调已切换到制热模式，温度28度",
        SET_MODE,
    ),
    VoiceCase(
        "空调调成制热模式，温度二十二度", {"mode": HEAT, "target_temperature": 22.0}, None, SET_MODE
    ),
    VoiceCase(
        "打开空调制冷26度",
        {"power": True, "mode": COOL, "target_temperature": 26.0},
        None,
        SET_MODE,
        before={"power": False, "mode": HEAT, "target_temperature": 20.0},
    ),
    VoiceCase(
        "空调开到25度制冷",
        {"mode": COOL, "target_temperature": 25.0},
        None,
        SET_MODE,
        before={"mode": HEAT},
    ),
    # 温度
    VoiceCase(
        "空调调到24度", {"target_temperature": 24.0}, "客厅空调温度已调到24度", SET_TEMPERATURE
    ),
    VoiceCase("把空调温度设为二十三度", {"target_temperature": 23.0}, None, SET_TEMPERATURE),
    VoiceCase(
        "空调二十五度半", {"target_temperature": 25.5}, "客厅空调温度已调到25.5度", SET_TEMPERATURE
    ),
    VoiceCase("客厅空调调成22度", {"target_temperature": 22.0}, None, SET_TEMPERATURE),
    VoiceCase(
        "开空调，26度",
        {"power": True, "target_temperature": 26.0},
        "客厅空调已打开，温度26度",
        SET_TEMPERATURE,
        before={"power": False, "target_temperature": 20.0},
    ),
    VoiceCase("请把客厅空调调到27度", {"target_temperature": 27.0}, None, SET_TEMPERATURE),
    # 相对温度，中文数字
    VoiceCase("空调温度调高两度", {"target_temperature": 28.0}, "客厅空调温度已调到28度", ADJUST),
    VoiceCase("温度调低一点", {"target_temperature": 25.0}, None, ADJUST),
    VoiceCase("空调冷一点", {"target_temperature": 25.0}, None, ADJUST),
    VoiceCase("再高一度", {"target_temperature": 27.0}, None, ADJUST),
    VoiceCase("太热了", {"target_temperature": 25.0}, None, ADJUST),
    VoiceCase("我有点冷", {"target_temperature": 27.0}, None, ADJUST),
    VoiceCase("空调温度调低三度", {"target_temperature": 23.0}, None, ADJUST),
    VoiceCase("调高半度", {"target_temperature": 26.5}, "客厅空调温度已调到26.5度", ADJUST),
    VoiceCase("温度调高十度", {"target_temperature": 31.0}, "客厅空调温度已调到31度", ADJUST),
    VoiceCase(
        "温度调高两度",
        {"target_temperature": 31.0},
        "客厅空调已经是最高温度31度了",
        ADJUST,
        before={"target_temperature": 31.0},
    ),
    # 风速：低、中、高为 7 档中的 2、4、6 档
    VoiceCase("风速调到最大", {"fan_level": 7}, "客厅空调风速已调到7档", FAN),
    VoiceCase("把客厅空调风速调到最小", {"fan_level": 1}, "客厅空调风速已调到1档", FAN),
    VoiceCase("空调风速三档", {"fan_level": 3}, None, FAN),
    VoiceCase("开自动风", {"fan_level": 0}, "客厅空调风速已调到自动", FAN, before={"fan_level": 4}),
    VoiceCase("风速大一点", {"fan_level": 4}, None, FAN, before={"fan_level": 3}),
    VoiceCase("风速调小一点", {"fan_level": 2}, None, FAN, before={"fan_level": 3}),
    VoiceCase("高风", {"fan_level": 7}, "客厅空调风速已调到7档", FAN),
    VoiceCase("空调风速调到中档", {"fan_level": 4}, None, FAN),
    # 扫风
    VoiceCase("打开扫风", {"vertical_swing": True}, "客厅空调已打开扫风", SWING),
    VoiceCase(
        "关闭扫风",
        {"vertical_swing": False},
        "客厅空调已关闭扫风",
        SWING,
        before={"vertical_swing": True},
    ),
    VoiceCase("打开空调的上下扫风", {"vertical_swing": True}, "客厅空调已打开上下扫风", SWING),
    VoiceCase(
        "空调别扫风了", {"vertical_swing": False}, None, SWING, before={"vertical_swing": True}
    ),
    # 预设模式
    VoiceCase("开启节能模式", {"eco": True}, "客厅空调已开启节能模式", PRESET),
    VoiceCase("睡眠模式", {"sleep_mode": True}, "客厅空调已开启睡眠模式", PRESET),
    VoiceCase(
        "关闭睡眠模式",
        {"sleep_mode": False},
        "客厅空调已关闭睡眠模式",
        PRESET,
        before={"sleep_mode": True},
    ),
    VoiceCase("把空调切换到省电模式", {"eco": True}, None, PRESET),
    VoiceCase(
        "恢复普通模式", {"eco": False}, "客厅空调已恢复普通模式", PRESET, before={"eco": True}
    ),
    # 室温（Home Assistant 自己的意图回答）
    VoiceCase(
        "空调现在多少度",
        {},
        "客厅空调所在房间现在28度，设定温度26度",
        "XiaomiLivingClimateGetTemperature",
        response_type="query_answer",
    ),
]

# zh-Hans (HA's Simplified Chinese UI language) maps to the zh-CN sentences
ZH_HANS_CASES = [ZH_CN_CASES[i] for i in (0, 5, 13, 18, 24, 34, 42, 46)]

ZH_HK_CASES = [
    VoiceCase("開冷氣", {"power": True}, "客廳冷氣已打開", TURN_ON, before=OFF),
    VoiceCase("閂冷氣", OFF, "客廳冷氣已關閉", TURN_OFF),
    VoiceCase(
        "冷氣較到24度", {"target_temperature": 24.0}, "客廳冷氣溫度已調到24度", SET_TEMPERATURE
    ),
    VoiceCase("客廳冷氣轉做抽濕", {"mode": DRY}, "客廳冷氣已切換到除濕模式", SET_MODE),
    VoiceCase(
        "製冷24度",
        {"mode": COOL, "target_temperature": 24.0},
        "客廳冷氣已切換到製冷模式，溫度24度",
        SET_MODE,
        before={"mode": HEAT},
    ),
    VoiceCase("冷氣凍啲", {"target_temperature": 25.0}, "客廳冷氣溫度已調到25度", ADJUST),
    VoiceCase("風速調到最大", {"fan_level": 7}, "客廳冷氣風速已調到7檔", FAN),
    VoiceCase("打開擺風", {"vertical_swing": True}, "客廳冷氣已打開擺風", SWING),
    VoiceCase("開啟睡眠模式", {"sleep_mode": True}, "客廳冷氣已開啟睡眠模式", PRESET),
]

ZH_TW_CASES = [
    VoiceCase("打開冷氣", {"power": True}, "客廳冷氣已打開", TURN_ON, before=OFF),
    VoiceCase("關閉冷氣", OFF, "客廳冷氣已關閉", TURN_OFF),
    VoiceCase(
        "冷氣調到26度",
        {"target_temperature": 26.0},
        None,
        SET_TEMPERATURE,
        before={"target_temperature": 22.0},
    ),
    VoiceCase(
        "客廳冷氣調成製冷模式",
        {"mode": COOL},
        "客廳冷氣已切換到製冷模式",
        SET_MODE,
        before={"mode": HEAT},
    ),
    VoiceCase("冷氣溫度調低一點", {"target_temperature": 25.0}, None, ADJUST),
    VoiceCase("開啟節能模式", {"eco": True}, "客廳冷氣已開啟節能模式", PRESET),
    VoiceCase(
        "冷氣風速調到自動", {"fan_level": 0}, "客廳冷氣風速已調到自動", FAN, before={"fan_level": 5}
    ),
    VoiceCase("除濕模式", {"mode": DRY}, None, SET_MODE),
]


async def test_english(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice, tmp_path: Path
) -> None:
    """English: every sentence does what it says to the living room AC, and says so."""
    await async_setup_voice(hass, tmp_path)
    device = await simulator("xiaomi.aircondition.mc4")
    entry = await add_device(device, title="Living room AC")
    put_in_area(hass, entry, "Living Room")
    await async_install(hass)
    failures = await async_run_cases(hass, device, entry, EN_CASES, "en")
    assert not failures, "\n".join(failures)


async def test_simplified_chinese(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice, tmp_path: Path
) -> None:
    """简体中文 (zh-CN, and zh-Hans which maps to it): the same, for 客厅空调."""
    await async_setup_voice(hass, tmp_path)
    device = await simulator("xiaomi.aircondition.mc4")
    entry = await add_device(device, title="客厅空调")
    put_in_area(hass, entry, "客厅")
    await async_install(hass)
    failures = await async_run_cases(hass, device, entry, ZH_CN_CASES, "zh-CN")
    failures += await async_run_cases(hass, device, entry, ZH_HANS_CASES, "zh-Hans")
    assert not failures, "\n".join(failures)


async def test_traditional_chinese(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice, tmp_path: Path
) -> None:
    """繁體中文: a smoke set for Hong Kong (zh-HK, and zh-Hant which maps to it) and Taiwan."""
    await async_setup_voice(hass, tmp_path)
    device = await simulator("xiaomi.aircondition.mc4")
    entry = await add_device(device, title="客廳冷氣")
    put_in_area(hass, entry, "客廳")
    await async_install(hass)
    failures = await async_run_cases(hass, device, entry, ZH_HK_CASES, "zh-HK")
    failures += await async_run_cases(hass, device, entry, ZH_HK_CASES[:3], "zh-Hant")
    failures += await async_run_cases(hass, device, entry, ZH_TW_CASES, "zh-TW")
    assert not failures, "\n".join(failures)


BUILT_IN_EN_CASES = [
    VoiceCase(
        "turn on the living room AC",
        {"power": True},
        "Turned on the thermostat",
        "HassTurnOn",
        before=OFF,
    ),
    VoiceCase("turn off the Living room AC", OFF, "Turned off the thermostat", "HassTurnOff"),
    # A named AC's temperature is ours, in every language (see the sentence files)
    VoiceCase(
        "set the living room AC to 24 degrees",
        {"target_temperature": 24.0},
        "Living room AC is set to 24 degrees",
        SET_TEMPERATURE,
    ),
    # ... and so is its temperature question (Home Assistant's says "off degrees" for a unit
    # that measures none)
    VoiceCase(
        "what is the temperature of the living room AC",
        {},
        "It is 28 degrees where Living room AC is; it is set to 26",
        "XiaomiLivingClimateGetTemperature",
        response_type="query_answer",
    ),
]
BUILT_IN_ZH_CASES = [
    VoiceCase("打开客厅空调", {"power": True}, "客厅空调已打开", "HassTurnOn", before=OFF),
    VoiceCase("关闭客厅空调", OFF, "客厅空调已关闭", "HassTurnOff"),
    # From 2026.10 Home Assistant's own sentences read this as the area 客厅空; ours take it
    VoiceCase(
        "把客厅空调调到24度",
        {"target_temperature": 24.0},
        "客厅空调温度已调到24度",
        SET_TEMPERATURE,
    ),
    VoiceCase(
        "客厅空调温度是多少",
        {},
        "客厅空调所在房间现在28度，设定温度26度",
        "XiaomiLivingClimateGetTemperature",
        response_type="query_answer",
    ),
]


async def test_built_in_intents_on_our_entities(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice, tmp_path: Path
) -> None:
    """Home Assistant's own intents turn our ACs on and off, set and report the temperature.

    With our sentences installed, the sentences that name a device stay with the built-in intents.
    """
    await async_setup_voice(hass, tmp_path)
    english = await simulator("xiaomi.aircondition.mc4")
    english_entry = await add_device(english, title="Living room AC")
    chinese = await simulator("xiaomi.aircondition.mc4")
    chinese_entry = await add_device(chinese, title="客厅空调")
    await async_install(hass)
    failures = await async_run_cases(hass, english, english_entry, BUILT_IN_EN_CASES, "en")
    failures += await async_run_cases(hass, chinese, chinese_entry, BUILT_IN_ZH_CASES, "zh-CN")
    failures += await async_run_cases(
        hass, chinese, chinese_entry, BUILT_IN_ZH_CASES[:2], "zh-Hans"
    )
    assert not failures, "\n".join(failures)

    # Home Assistant's own set-temperature intent (an LLM's, or a sentence of the user's) still
    # sets our AC by its name
    response = await intent.async_handle(
        hass,
        "test",
        "HassClimateSetTemperature",
        {"name": {"value": "Living room AC"}, "temperature": {"value": 23}},
        assistant="conversation",
    )
    assert response.response_type is intent.IntentResponseType.ACTION_DONE
    assert english.props["target_temperature"] == 23.0
