"""Nothing a network or a device sends takes the integration down, as Home Assistant shows it."""

from __future__ import annotations

from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant

from custom_components.xiaomi_living.const import DOMAIN
from tests.conftest import AddDevice
from tests.simulator.fleet import Simulator

ENTITY = "climate.living_room_ac"


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
