# ruff: noqa: RUF001  (Chinese punctuation in answers is intended)
"""Our Assist handlers refuse what a unit cannot take, and answer questions about it.

Driven through Home Assistant's intent machinery (``intent.async_handle``) against simulated
units, so that they hold whatever sentence (or LLM) brings the slots.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import intent

from custom_components.xiaomi_living.intents.climate import (
    INTENT_CLIMATE_GET_TEMPERATURE,
    INTENT_CLIMATE_SET_TEMPERATURE,
)
from tests.assist_fixtures import add_alias, async_install, async_setup_voice, put_in_area
from tests.conftest import AddDevice
from tests.simulator.fleet import Simulator


async def _handle(
    hass: HomeAssistant, intent_type: str, language: str = "en", **slots: object
) -> intent.IntentResponse:
    return await intent.async_handle(
        hass,
        "test",
        intent_type,
        {key: {"value": value} for key, value in slots.items()},
        language=language,
        assistant="conversation",
    )


def _speech(response: intent.IntentResponse) -> str:
    return str(response.speech["plain"]["speech"])


@pytest.mark.parametrize(
    ("model", "temperature", "language", "answer"),
    [
        (
            "xiaomi.aircondition.mc4",
            24.3,
            "en",
            "Living room AC is set in steps of 0.5 degrees: say 24 or 24.5",
        ),
        (
            "xiaomi.aircondition.mc4",
            24.3,
            "zh-CN",
            "Living room AC的温度每档0.5度，可以说24度或24.5度",
        ),
        (
            "lumi.acpartner.mcn02",
            24.5,
            "en",
            "Living room AC is set in whole degrees: say 24 or 25",
        ),
    ],
)
async def test_a_temperature_between_two_steps_is_refused_with_both(
    hass: HomeAssistant,
    simulator: Simulator,
    add_device: AddDevice,
    tmp_path: Path,
    model: str,
    temperature: float,
    language: str,
    answer: str,
) -> None:
    """Nothing is sent; the answer names the step and the two temperatures around it."""
    await async_setup_voice(hass, tmp_path)
    device = await simulator(model)
    await add_device(device)
    await async_install(hass)
    before = dict(device.props)
    device.requests.clear()

    response = await _handle(
        hass, INTENT_CLIMATE_SET_TEMPERATURE, language, temperature=temperature
    )

    assert response.response_type is intent.IntentResponseType.ERROR
    assert _speech(response) == answer
    assert device.props == before
    assert not [r for r in device.requests if r.method.startswith("set")]


async def test_the_room_temperature_question(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice, tmp_path: Path
) -> None:
    """Two ACs: asked which; by area: that one's reading and target; none measured: said so."""
    await async_setup_voice(hass, tmp_path)
    living = await simulator("xiaomi.aircondition.mc4", props={"power": True})
    put_in_area(hass, await add_device(living, title="Living room AC"), "Living Room")
    kids = await simulator("lumi.acpartner.mcn02")
    put_in_area(hass, await add_device(kids, title="Kids room AC"), "Kids Room")
    await async_install(hass)

    asked = await _handle(hass, INTENT_CLIMATE_GET_TEMPERATURE)
    assert _speech(asked) == "Which air conditioner do you mean: Kids room AC and Living room AC?"

    living_room = await _handle(hass, INTENT_CLIMATE_GET_TEMPERATURE, area="Living Room")
    assert living_room.response_type is intent.IntentResponseType.QUERY_ANSWER
    assert _speech(living_room) == (
        f"It is {living.props['room_temperature']:g} degrees where Living room AC is; "
        f"it is set to {living.props['target_temperature']:g}"
    )

    kids_room = await _handle(hass, INTENT_CLIMATE_GET_TEMPERATURE, area="Kids Room")
    assert _speech(kids_room) == (
        "Kids room AC does not measure the room temperature; it is set to "
        f"{kids.props['tar_temp']:g} degrees"
    )
    chinese = await _handle(hass, INTENT_CLIMATE_GET_TEMPERATURE, "zh-CN", area="Kids Room")
    assert _speech(chinese) == f"Kids room AC不测量室内温度，设定温度是{kids.props['tar_temp']:g}度"


async def test_the_answer_names_the_device_in_the_language_spoken(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice, tmp_path: Path
) -> None:
    """An alias in the answer's script names the device; without one, its own name does."""
    await async_setup_voice(hass, tmp_path)
    study = await simulator("xiaomi.aircondition.mc4")
    await add_device(study, title="Study AC")
    add_alias(hass, "climate.study_ac", "书房空调")
    await async_install(hass)

    chinese = await _handle(
        hass, INTENT_CLIMATE_SET_TEMPERATURE, "zh-CN", name="Study AC", temperature=24
    )
    assert _speech(chinese) == "书房空调温度已调到24度"
    taiwanese = await _handle(
        hass, INTENT_CLIMATE_SET_TEMPERATURE, "zh-TW", name="书房空调", temperature=25
    )
    assert _speech(taiwanese) == "书房空调溫度已調到25度"
    english = await _handle(hass, INTENT_CLIMATE_SET_TEMPERATURE, name="书房空调", temperature=23)
    assert _speech(english) == "Study AC is set to 23 degrees"
    assert study.props["target_temperature"] == 23.0


async def test_which_one_is_asked_in_the_language_spoken(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice, tmp_path: Path
) -> None:
    """The candidates of "which AC?" are named as the answer's language writes them."""
    await async_setup_voice(hass, tmp_path)
    for title, alias in (("Study AC", "书房空调"), ("Living room AC", "客厅空调")):
        await add_device(await simulator("xiaomi.aircondition.mc4"), title=title)
        add_alias(hass, f"climate.{title.lower().replace(' ', '_')}", alias)
    await async_install(hass)

    chinese = await _handle(hass, INTENT_CLIMATE_GET_TEMPERATURE, "zh-CN")
    assert _speech(chinese) == "你指的是哪台空调：书房空调、客厅空调？"
    english = await _handle(hass, INTENT_CLIMATE_GET_TEMPERATURE)
    assert _speech(english) == "Which air conditioner do you mean: Living room AC and Study AC?"
