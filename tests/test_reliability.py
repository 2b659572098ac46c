"""Nothing a network or a device sends takes the integration down, as Home Assistant shows it."""

from __future__ import annotations

import logging

import pytest
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.xiaomi_living.client import MiioClient
from custom_components.xiaomi_living.client.errors import CommandUnconfirmedError
from custom_components.xiaomi_living.const import DOMAIN
from tests.conftest import AddDevice, AddTv
from tests.simulator.fleet import Simulator
from tests.test_media_player import setup_tv

ENTITY = "climate.living_room_ac"
TV_ENTITY = "media_player.living_room_tv"


def _reauth_flows(hass: HomeAssistant) -> list[str]:
    return [
        flow["context"]["source"]
        for flow in hass.config_entries.flow.async_progress()
        if flow["handler"] == DOMAIN and flow["context"]["source"] == "reauth"
    ]


async def test_spoofed_replies_do_not_force_a_reauth(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """Packets from the device's address that fail the checksum are dropped; polling goes on."""
    device = await simulator("xiaomi.aircondition.mc4")
    entry = await add_device(device)
    coordinator = entry.runtime_data.coordinator
    assert hass.states.get(ENTITY).state == "off"

    # A spoof just before every reply of a poll, then spoofs instead of the first replies.
    device.faults.spoofed_replies = 10
    device.props["power"] = True
    device.props["mode"] = 2  # cool
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert hass.states.get(ENTITY).state == "cool"

    device.faults.spoof_instead = True
    device.faults.spoofed_replies = 2
    device.props["mode"] = 3  # dry
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    state = hass.states.get(ENTITY)
    assert state.state == "dry"
    assert state.state != STATE_UNAVAILABLE
    assert _reauth_flows(hass) == []
    assert coordinator.last_update_success
    assert entry.runtime_data.client.diagnostics.dropped["unverifiable"] >= 3


async def test_a_persistently_wrong_token_still_starts_reauth(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """Every exchange of a poll answered only by unverifiable packets: the token is rejected."""
    device = await simulator("xiaomi.aircondition.mc4")
    entry = await add_device(device)
    device.change_token()
    device.reboot()
    await entry.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()
    assert _reauth_flows(hass) == ["reauth"]


@pytest.mark.parametrize(
    "wire",
    ["hot", float("inf"), 2550.0, True, [26], {"value": 26}, None],
    ids=["string", "infinity", "out-of-range", "bool", "list", "object", "null"],
)
async def test_a_value_the_description_forbids_is_dropped_and_the_rest_updates(
    hass: HomeAssistant,
    simulator: Simulator,
    add_device: AddDevice,
    hass_client: ClientSessionGenerator,
    caplog: pytest.LogCaptureFixture,
    wire: object,
) -> None:
    """A bad target temperature reads as unknown; mode, room temperature and switches go on."""
    device = await simulator("xiaomi.aircondition.mc4")
    entry = await add_device(device)
    coordinator = entry.runtime_data.coordinator
    caplog.set_level(logging.DEBUG, logger="custom_components.xiaomi_living")

    device.faults.wire_values["target_temperature"] = wire
    device.props.update(power=True, mode=2, room_temperature=24.5, heater=True)
    for _ in range(2):
        await coordinator.async_refresh()
    await hass.async_block_till_done()

    state = hass.states.get(ENTITY)
    assert state.state == "cool"
    assert state.attributes["current_temperature"] == 24.5
    assert state.attributes["temperature"] is None
    assert hass.states.get("switch.living_room_ac_auxiliary_heater").state == "on"
    assert coordinator.last_update_success
    dropped_lines = [
        record for record in caplog.records if "dropped the target_temperature" in record.message
    ]
    if wire is None:
        # A property without a value is a property the unit did not report: nothing to drop
        assert dropped_lines == []
        return
    assert len(dropped_lines) == 2  # one line per dropped value, at debug level
    assert all(record.levelno == logging.DEBUG for record in dropped_lines)
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    assert diagnostics["dropped_values"]["target_temperature"]["count"] == 2

    # The device sends a good value again: it shows at once
    device.faults.wire_values.clear()
    device.props["target_temperature"] = 23.0
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert hass.states.get(ENTITY).attributes["temperature"] == 23.0


async def test_a_legacy_unit_sending_text_for_a_number_keeps_its_other_values(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """Over get_prop too: a string where tenths of a degree belong is dropped, alone."""
    device = await simulator("zhimi.aircondition.v1")
    entry = await add_device(device, title="Study AC")
    device.faults.wire_values["temp_dec"] = "255"
    device.props.update(power="on", st_temp_dec=220)
    await entry.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()
    state = hass.states.get("climate.study_ac")
    assert state.state != STATE_UNAVAILABLE
    assert state.attributes["current_temperature"] is None
    assert state.attributes["temperature"] == 22.0
    assert entry.runtime_data.coordinator.device.dropped_values.counts == {"current_temperature": 1}


async def test_a_tv_sending_a_volume_it_cannot_have_stays_on(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """A MIoT volume of 1e999 or "loud" is dropped; the set stays on with its input."""
    device = await simulator("xiaomi.tv.mitv5proh1")
    entry = await add_device(device)
    coordinator = entry.runtime_data.coordinator
    entity = next(state.entity_id for state in hass.states.async_all("media_player"))
    for wire in (float("inf"), "loud", 101, -3):
        device.faults.wire_values["volume"] = wire
        await coordinator.async_refresh()
        await hass.async_block_till_done()
        state = hass.states.get(entity)
        assert state.state == "on", wire
        assert state.attributes.get("source") is not None
    assert coordinator.device.dropped_values.counts["volume"] >= 4


# A write whose answers never come (every attempt of the call): the retry budget of a test
ALL_ATTEMPTS = 50


async def _set_cool(hass: HomeAssistant) -> None:
    await hass.services.async_call(
        "climate", "set_hvac_mode", {"entity_id": ENTITY, "hvac_mode": "cool"}, blocking=True
    )


async def test_an_unanswered_write_the_device_took_is_a_success(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """Only the answers were lost: the read back shows cool, so the service call succeeds."""
    device = await simulator("xiaomi.aircondition.mc4")
    await add_device(device)
    assert hass.states.get(ENTITY).state == "off"
    device.faults.lost_replies["set_properties"] = ALL_ATTEMPTS

    await _set_cool(hass)

    assert device.props["power"] is True
    assert device.props["mode"] == 2
    assert hass.states.get(ENTITY).state == "cool"


async def test_an_unanswered_write_the_device_did_not_take_says_so(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """The writes were lost on the way: the error says so and HA shows the device as it is."""
    device = await simulator("xiaomi.aircondition.mc4")
    entry = await add_device(device)
    device.faults.lost_requests["set_properties"] = ALL_ATTEMPTS
    device.props["target_temperature"] = 22.0  # changed at the unit since the last poll

    with pytest.raises(HomeAssistantError) as raised:
        await _set_cool(hass)

    assert raised.value.translation_key == "write_not_confirmed"
    assert "did not take it" in str(raised.value)
    state = hass.states.get(ENTITY)
    assert state.state == "off"  # what the device holds, not what was asked
    assert state.attributes["temperature"] == 22.0
    assert entry.runtime_data.coordinator.last_update_success


async def test_an_unanswered_write_to_a_silent_device_keeps_its_error(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """Nothing answers, the read back neither: the device does not answer, and nothing changed."""
    device = await simulator("xiaomi.aircondition.mc4")
    await add_device(device)
    device.faults.offline = True

    with pytest.raises(HomeAssistantError) as raised:
        await _set_cool(hass)

    assert raised.value.translation_key == "cannot_connect"
    assert hass.states.get(ENTITY).state == "off"


async def test_a_command_that_must_not_run_twice_goes_out_once(simulator: Simulator) -> None:
    """An action (a key press) whose answer is lost is not resent: it ran once, and we say so."""
    device = await simulator("xiaomi.tv.mitv5proh1")
    async with MiioClient(device.host, device.token, timeout=0.1, retries=3) as client:
        await client.hello()
        device.faults.lost_replies["action"] = 1
        with pytest.raises(CommandUnconfirmedError) as raised:
            await client.call_action(2, 1)
        assert raised.value.translation_key == "command_unconfirmed"
        assert [r.method for r in device.requests].count("action") == 1

        # A repeatable one (switching off) is resent under a new id when its answer is missing
        assert device.props["power"] == "off"
        device.props["power"] = "on"
        device.requests.clear()
        device.faults.lost_requests["action"] = 1
        attempts = client.diagnostics.attempts
        await client.call_action(2, 1, repeatable=True)
        assert client.diagnostics.attempts - attempts == 2
        assert [r.method for r in device.requests].count("action") == 1
        assert device.props["power"] == "off"


async def test_a_volume_step_is_not_doubled_when_its_answer_is_lost(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """The MIoT write took, its answers were lost: the HTTP read back sees it, no key press."""
    tv = await setup_tv(simulator, add_tv)
    assert tv.http is not None

    async def volume_up() -> None:
        await hass.services.async_call(
            "media_player", "volume_up", {"entity_id": TV_ENTITY}, blocking=True
        )

    before = tv.tv.volume
    await volume_up()  # answered: one step, over MIoT
    step = tv.tv.volume - before
    assert step > 0
    tv.faults.lost_replies["set_properties"] = ALL_ATTEMPTS

    await volume_up()

    assert tv.tv.volume == before + 2 * step
    assert "volumeup" not in tv.tv.keys_pressed
    assert hass.states.get(TV_ENTITY).attributes["volume_level"] == tv.tv.volume / 100
