"""Writes a unit refuses in its current state: ordered so they are not refused, or told why.

The simulator refuses as units do (docs/air-conditioners.md#refusals-and-quirks): the dryer outside
cool and dry (-4004 over MIoT, -5000 over legacy miIO), and, on some firmware, mode and fan
writes while the unit is off.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError

from tests.assist_fixtures import async_converse, async_install, async_setup_voice
from tests.conftest import AddDevice
from tests.simulator.fleet import Simulator
from tests.simulator.profiles import MA4_LEGACY, MC4_STRICT

CLIMATE = "climate.living_room_ac"
DRYER = "switch.living_room_ac_anti_mould_drying"


async def _call(hass: HomeAssistant, domain: str, service: str, entity: str, **data: Any) -> None:
    await hass.services.async_call(domain, service, {"entity_id": entity, **data}, blocking=True)


async def test_a_mode_asked_while_off_reaches_firmware_that_refuses_it_while_off(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """Power goes first in the same command: the strict firmware takes the mode."""
    device = await simulator(MC4_STRICT)
    await add_device(device)
    assert hass.states.get(CLIMATE).state == "off"

    await _call(hass, "climate", "set_hvac_mode", CLIMATE, hvac_mode="heat")

    assert device.props["power"] is True
    assert device.props["mode"] == 5
    assert hass.states.get(CLIMATE).state == "heat"
    (write,) = [r for r in device.requests if r.method == "set_properties"]
    assert [item["piid"] for item in write.params] == [1, 2]  # power, then mode


async def test_a_fan_speed_while_off_is_refused_with_the_reason(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """The unit stays off and at its fan speed; the error says to turn it on first."""
    device = await simulator(MC4_STRICT)
    await add_device(device)

    with pytest.raises(HomeAssistantError) as raised:
        await _call(hass, "climate", "set_fan_mode", CLIMATE, fan_mode="level_5")

    assert raised.value.translation_key == "refused_while_off"
    assert "only while it is on" in str(raised.value)
    assert device.props["fan_level"] == 0
    state = hass.states.get(CLIMATE)
    assert state.state == "off"
    assert state.attributes["fan_mode"] == "auto"


@pytest.mark.parametrize("profile", ["xiaomi.aircondition.mc4", MA4_LEGACY], ids=["miot", "legacy"])
async def test_the_dryer_outside_cool_or_dry_says_which_modes_it_needs(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice, profile: Any
) -> None:
    """In heat the dryer is refused (-4004 or -5000) with what to do; in cool it switches on."""
    device = await simulator(profile)
    await add_device(device)
    await _call(hass, "climate", "set_hvac_mode", CLIMATE, hvac_mode="heat")
    await _call(hass, "switch", "turn_off", DRYER)
    assert device.props["dryer"] is False

    with pytest.raises(HomeAssistantError) as raised:
        await _call(hass, "switch", "turn_on", DRYER)

    assert raised.value.translation_key == "dryer_needs_cool_or_dry"
    assert "cool or dry" in str(raised.value)
    assert device.props["dryer"] is False
    assert hass.states.get(DRYER).state == "off"

    await _call(hass, "climate", "set_hvac_mode", CLIMATE, hvac_mode="cool")
    await _call(hass, "switch", "turn_on", DRYER)
    assert device.props["dryer"] is True
    assert hass.states.get(DRYER).state == "on"


@pytest.mark.parametrize(
    ("language", "sentence", "answer"),
    [
        ("en", "set the living room AC fan to high", "only while it is on"),
        ("zh-CN", "把空调风速调到最大", "只在开机时接受"),
    ],
)
async def test_voice_says_why_a_fan_speed_is_refused_while_off(
    hass: HomeAssistant,
    simulator: Simulator,
    add_device: AddDevice,
    tmp_path: Path,
    language: str,
    sentence: str,
    answer: str,
) -> None:
    """The refusal reaches Assist in the language spoken, never as a success."""
    await async_setup_voice(hass, tmp_path)
    device = await simulator(MC4_STRICT)
    await add_device(device)
    await async_install(hass)

    result = await async_converse(hass, sentence, language)

    speech = result.response.speech["plain"]["speech"]
    assert answer in speech, speech
    assert result.response.response_type.value == "error"
    assert device.props["fan_level"] == 0
