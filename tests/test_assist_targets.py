# ruff: noqa: RUF001  (Chinese punctuation in sentences and answers is intended)
"""Which AC a sentence means, and every error Assist speaks instead of acting."""

from __future__ import annotations

from pathlib import Path

from homeassistant.core import HomeAssistant
from homeassistant.helpers import area_registry as ar
from homeassistant.helpers import device_registry as dr
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.xiaomi_living.coordinator import FAILURES_BEFORE_UNAVAILABLE
from tests.assist_fixtures import (
    MC4_BASELINE,
    MC4_MODES,
    VoiceCase,
    async_converse,
    async_install,
    async_run_cases,
    async_setup_voice,
    put_in_area,
)
from tests.conftest import AddDevice
from tests.simulator.fleet import Simulator
from tests.test_climate import MC5_WITH_EXTRAS, MC_WITH_VANES

COOL, HEAT = MC4_MODES["cool"], MC4_MODES["heat"]
SPEEDS = "auto, level 1, level 2, level 3, level 4, level 5, level 6 and level 7"
SPEEDS_ZH = "自动、1档、2档、3档、4档、5档、6档、7档"

# Values the unit does not have, or that nobody knows: the device is left as it was.
ERROR_CASES_EN = [
    VoiceCase(
        "set the AC to auto",
        MC4_BASELINE,
        "Living room AC has no auto mode. It offers cool, dry, fan and heat",
        response_type="error",
    ),
    VoiceCase(
        "set the AC to banana mode",
        MC4_BASELINE,
        "I don't know the mode banana. Living room AC offers cool, dry, fan and heat",
        response_type="error",
    ),
    VoiceCase(
        "set the AC fan to hurricane",
        MC4_BASELINE,
        f"Living room AC has no fan speed hurricane. It offers {SPEEDS}",
        response_type="error",
    ),
    VoiceCase(
        "turn on turbo mode",
        MC4_BASELINE,
        "Living room AC has no boost mode. It offers eco and sleep",
        response_type="error",
    ),
    VoiceCase(
        "turn on the horizontal swing",
        MC4_BASELINE,
        "Living room AC has no horizontal swing",
        response_type="error",
    ),
    VoiceCase(
        "set the vanes to position 3",
        MC4_BASELINE,
        "Living room AC has no fixed vertical vane positions",
        response_type="error",
    ),
    VoiceCase(
        "set the AC to 35 degrees",
        MC4_BASELINE,
        "Living room AC can be set from 16 to 31 degrees",
        response_type="error",
    ),
    VoiceCase(
        "cool to 10 degrees",
        {**MC4_BASELINE, "mode": HEAT},
        "Living room AC can be set from 16 to 31 degrees",
        before={"mode": HEAT},
        response_type="error",
    ),
]
ERROR_CASES_ZH = [
    VoiceCase(
        "把空调调成自动模式",
        MC4_BASELINE,
        "Living room AC没有自动模式，支持：制冷、除湿、送风、制热",
        response_type="error",
    ),
    VoiceCase(
        "把空调调成涡轮模式",
        MC4_BASELINE,
        "我不认识“涡轮”这个模式，Living room AC支持：制冷、除湿、送风、制热",
        response_type="error",
    ),
    VoiceCase(
        "空调风速调到飓风",
        MC4_BASELINE,
        f"Living room AC没有“飓风”这个风速，可选：{SPEEDS_ZH}",
        response_type="error",
    ),
    VoiceCase(
        "开启强力模式",
        MC4_BASELINE,
        "Living room AC没有强力模式，支持：节能、睡眠",
        response_type="error",
    ),
    VoiceCase("打开左右扫风", MC4_BASELINE, "Living room AC不支持左右扫风", response_type="error"),
    VoiceCase(
        "空调调到35度", MC4_BASELINE, "Living room AC的温度范围是16到31度", response_type="error"
    ),
]


async def test_values_the_unit_does_not_have(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice, tmp_path: Path
) -> None:
    """A mode, speed, preset, swing or temperature the unit lacks is named, with what it has."""
    await async_setup_voice(hass, tmp_path)
    device = await simulator("xiaomi.aircondition.mc4")
    entry = await add_device(device, title="Living room AC")
    await async_install(hass)
    failures = await async_run_cases(hass, device, entry, ERROR_CASES_EN, "en")
    failures += await async_run_cases(hass, device, entry, ERROR_CASES_ZH, "zh-CN")
    assert not failures, "\n".join(failures)


async def test_device_failures_are_spoken(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice, tmp_path: Path
) -> None:
    """A command the device refuses, and a device that is unavailable, are said so."""
    await async_setup_voice(hass, tmp_path)
    device = await simulator("xiaomi.aircondition.mc4")
    entry = await add_device(device, title="Living room AC")
    await async_install(hass)
    device.props.update(MC4_BASELINE)
    await entry.runtime_data.coordinator.async_refresh()

    device.faults.force_error(-4004, "internal error", count=None, method="set_properties")
    result = await async_converse(hass, "set the AC to heat", "en")
    assert result.response.response_type.value == "error"
    assert (
        result.response.speech["plain"]["speech"]
        == "Living room AC refused the command (error -4004)"
    )
    result = await async_converse(hass, "把空调调成制热模式", "zh-CN")
    assert result.response.speech["plain"]["speech"] == "Living room AC拒绝了这个命令（错误-4004）"
    assert device.props["mode"] == COOL
    device.faults.clear_errors()

    device.faults.offline = True
    for _ in range(FAILURES_BEFORE_UNAVAILABLE):
        await entry.runtime_data.coordinator.async_refresh()
    assert hass.states.get("climate.living_room_ac").state == "unavailable"
    for text, language, speech in [
        ("turn off the AC", "en", "Living room AC is unavailable right now"),
        ("fan to high", "en", "Living room AC is unavailable right now"),
        ("关空调", "zh-CN", "Living room AC目前离线，无法控制"),
        ("關冷氣", "zh-HK", "Living room AC目前離線，無法控制"),
    ]:
        result = await async_converse(hass, text, language)
        assert result.response.response_type.value == "error", text
        assert result.response.speech["plain"]["speech"] == speech
    assert device.props["power"] is True


async def _satellite(hass: HomeAssistant, area_id: str) -> str:
    """Register a voice satellite in an area; return its device id."""
    entry = MockConfigEntry(domain="test")
    entry.add_to_hass(hass)
    satellite = dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id, identifiers={("test", "satellite")}, name="Satellite"
    )
    dr.async_get(hass).async_update_device(satellite.id, area_id=area_id)
    return satellite.id


async def test_which_ac_a_sentence_means(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice, tmp_path: Path
) -> None:
    """Two ACs: by name, by area, by the satellite's area; else the user is asked which."""
    await async_setup_voice(hass, tmp_path)
    living = await simulator("xiaomi.aircondition.mc4")
    living_entry = await add_device(living, title="Living room AC")
    bedroom = await simulator("xiaomi.aircondition.mc4")
    bedroom_entry = await add_device(bedroom, title="Bedroom AC")
    put_in_area(hass, living_entry, "Living Room")
    bedroom_area = put_in_area(hass, bedroom_entry, "Bedroom")
    ar.async_get(hass).async_create("Kitchen")
    ar.async_get(hass).async_create("厨房")
    await async_install(hass)

    async def say(text: str, language: str = "en", device_id: str | None = None) -> str:
        result = await async_converse(hass, text, language, device_id)
        return str(result.response.speech["plain"]["speech"])

    assert (
        await say("turn on the AC")
        == "Which air conditioner do you mean: Bedroom AC and Living room AC?"
    )
    assert await say("打开空调", "zh-CN") == "你指的是哪台空调：Bedroom AC、Living room AC？"
    assert await say("打開冷氣", "zh-TW") == "你指的是哪一台冷氣：Bedroom AC、Living room AC？"
    assert living.props["power"] is bedroom.props["power"] is False

    assert await say("turn on the bedroom air conditioner") == "Turned on Bedroom AC"
    assert (bedroom.props["power"], living.props["power"]) == (True, False)
    assert await say("set the Living room AC to heat") == "Living room AC is now heating"
    assert living.props["mode"] == HEAT
    assert await say("turn on the kitchen AC") == "There is no air conditioner in Kitchen"
    assert await say("把厨房空调调成制冷模式", "zh-CN") == "厨房没有空调"

    satellite = await _satellite(hass, bedroom_area)
    assert (
        await say("make it two degrees warmer", device_id=satellite)
        == "Bedroom AC is set to 28 degrees"
    )
    assert bedroom.props["target_temperature"] == 28.0
    assert living.props["target_temperature"] == 26.0

    # Two ACs with one name: the room decides. The device is renamed, not the entity: from 2026.11
    # an entity's own name is prefixed with its device's ("Bedroom AC Living room AC").
    devices = dr.async_get(hass)
    (bedroom_device,) = dr.async_entries_for_config_entry(devices, bedroom_entry.entry_id)
    devices.async_update_device(bedroom_device.id, name_by_user="Living room AC")
    await hass.async_block_till_done()
    assert hass.states.get("climate.bedroom_ac").name == "Living room AC"
    assert await say("set the living room AC to cool") == (
        "There are several devices called Living room AC; please say which room"
    )
    assert (
        await say("把Living room AC调成制冷模式", "zh-CN")
        == "有多台设备叫Living room AC，请说明是哪个房间的"
    )


async def test_a_name_that_looks_like_an_area(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice, tmp_path: Path
) -> None:
    """An empty area 客厅: "关闭客厅空调" means the AC named 客厅空调."""
    await async_setup_voice(hass, tmp_path)
    device = await simulator("xiaomi.aircondition.mc4", props={"power": True})
    await add_device(device, title="客厅空调")
    ar.async_get(hass).async_create("客厅")
    await async_install(hass)
    result = await async_converse(hass, "关闭客厅空调", "zh-CN")
    assert result.response.speech["plain"]["speech"] == "客厅空调已关闭"
    assert device.props["power"] is False
    result = await async_converse(hass, "把客厅空调调成制热模式", "zh-CN")
    assert device.props["mode"] == HEAT


async def test_vane_positions_and_horizontal_swing(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice, tmp_path: Path
) -> None:
    """Fixed vane positions where the unit has them; horizontal swing where it has one."""
    await async_setup_voice(hass, tmp_path)
    vanes = await simulator(MC_WITH_VANES)
    vanes_entry = await add_device(vanes, title="Bedroom AC")
    await async_install(hass)
    baseline = {**MC4_BASELINE, "vertical_angle": 1}
    cases = [
        VoiceCase(
            "set the vanes to position 3",
            {"vertical_swing": False, "vertical_angle": 3},
            "Bedroom AC vertical vanes are now at position 3",
            "XiaomiLivingClimateSetSwing",
        ),
        VoiceCase(
            "point the AC vanes to 5", {"vertical_angle": 5}, None, "XiaomiLivingClimateSetSwing"
        ),
        VoiceCase(
            "set the vanes to position 7",
            {"vertical_angle": 1},
            "Bedroom AC has no vane position 7. It offers "
            "position 1, position 2, position 3, position 4 and position 5",
            response_type="error",
        ),
        VoiceCase("导风板调到位置2", {"vertical_angle": 2}, None, "XiaomiLivingClimateSetSwing"),
    ]
    failures = await async_run_cases(hass, vanes, vanes_entry, cases[:3], "en", baseline)
    failures += await async_run_cases(hass, vanes, vanes_entry, cases[3:], "zh-CN", baseline)

    wide = await simulator(MC5_WITH_EXTRAS)
    wide_entry = await add_device(wide, title="Study AC")
    put_in_area(hass, wide_entry, "Study")
    baseline = {**MC4_BASELINE, "horizontal_swing": False}
    cases = [
        VoiceCase(
            "turn on the horizontal swing on the study AC",
            {"horizontal_swing": True, "vertical_swing": False},
            "Turned on the horizontal swing on Study AC",
        ),
        VoiceCase(
            "turn on the swing in all directions on the study AC",
            {"horizontal_swing": True, "vertical_swing": True},
            "Turned on the swing on Study AC",
        ),
    ]
    failures += await async_run_cases(hass, wide, wide_entry, cases, "en", baseline)
    result = await async_converse(hass, "打开书房空调的左右扫风", "zh-CN")
    assert result.response.response_type.value == "error"  # no area 书房: nothing to match
    assert not failures, "\n".join(failures)
