"""The ma family over either protocol: a unit is asked at setup, and again when it stops answering.

The sources disagree on what ma units speak locally (docs/air-conditioners.md#ma-family): the
simulator has an ma4 that answers both MIoT and legacy ``get_prop``, and one on firmware that
answers only legacy miIO (MIoT gets -10000). Both are added through the config flow and driven
through Home Assistant's services.
"""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.config_entries import SOURCE_USER
from homeassistant.const import CONF_HOST, CONF_TOKEN, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir

from custom_components.xiaomi_living.client.models.aircondition import Transport
from custom_components.xiaomi_living.const import DOMAIN
from tests.simulator.device import SimulatedDevice
from tests.simulator.fleet import Simulator
from tests.simulator.profiles import MA4, MA4_LEGACY


async def _add_through_the_flow(hass: HomeAssistant, device: SimulatedDevice) -> str:
    """Add the unit as a user does (host and token) and return its climate entity."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "manual"}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: device.host, CONF_TOKEN: device.token_hex}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"]["model"] == "xiaomi.aircondition.ma4"
    await hass.async_block_till_done()
    return _entity(hass, "climate", "power")


async def _call(hass: HomeAssistant, domain: str, service: str, entity: str, **data: Any) -> None:
    await hass.services.async_call(domain, service, {"entity_id": entity, **data}, blocking=True)


def _entity(hass: HomeAssistant, domain: str, key: str) -> str:
    registry = er.async_get(hass)
    return next(
        entry.entity_id
        for entry in registry.entities.values()
        if entry.domain == domain and entry.unique_id.endswith(f"-{key}")
    )


def _methods(device: SimulatedDevice) -> set[str]:
    return {request.method for request in device.requests}


@pytest.mark.parametrize(
    ("profile", "speaks"),
    [(MA4_LEGACY, Transport.LEGACY), (MA4, Transport.MIOT)],
    ids=["legacy-only", "both-protocols"],
)
async def test_an_ma4_is_added_and_controlled_over_what_it_speaks(
    hass: HomeAssistant, simulator: Simulator, profile: Any, speaks: Transport
) -> None:
    """Mode, temperature, fan, both swings, presets and switches reach the unit's state."""
    device = await simulator(profile)
    climate = await _add_through_the_flow(hass, device)
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    assert entry.runtime_data.coordinator.device.transport is speaks
    assert ir.async_get(hass).issues == {}
    assert hass.states.get(climate).state == "off"
    device.requests.clear()

    await _call(hass, "climate", "set_hvac_mode", climate, hvac_mode="cool")
    assert device.props["power"] is True
    assert device.props["mode"] == 1  # cool on spec xiaomi-ma4:2
    await _call(hass, "climate", "set_temperature", climate, temperature=23.5)
    assert device.props["target_temperature"] == 23.5
    await _call(hass, "climate", "set_fan_mode", climate, fan_mode="level_3")
    assert device.props["fan_level"] == 3
    await _call(hass, "climate", "set_swing_mode", climate, swing_mode="on")
    assert device.props["vertical_swing"] is True
    await _call(hass, "climate", "set_swing_horizontal_mode", climate, swing_horizontal_mode="on")
    assert device.props["horizontal_swing"] is True
    await _call(hass, "climate", "set_preset_mode", climate, preset_mode="eco")
    assert device.props["eco"] is True
    assert device.props["sleep_mode"] is False
    await _call(hass, "switch", "turn_on", _entity(hass, "switch", "aux_heat"))
    assert device.props["heater"] is True
    await _call(hass, "switch", "turn_off", _entity(hass, "switch", "buzzer"))
    assert device.props["buzzer"] is False
    await _call(hass, "switch", "turn_off", _entity(hass, "switch", "light"))
    assert device.props["led"] is False

    state = hass.states.get(climate)
    assert state.state == "cool"
    assert state.attributes["temperature"] == 23.5
    assert state.attributes["fan_mode"] == "level_3"
    assert state.attributes["swing_mode"] == "on"
    assert state.attributes["swing_horizontal_mode"] == "on"
    assert state.attributes["preset_mode"] == "eco"
    assert state.attributes["current_temperature"] == 27.5
    used = _methods(device)
    if speaks is Transport.LEGACY:
        assert "get_properties" not in used
        assert "set_properties" not in used
        assert {"get_prop", "set_mode", "set_power", "set_temp", "set_wind_level"} <= used
    else:
        assert not used & {"get_prop", "set_mode", "set_power"}


async def test_a_unit_that_stops_speaking_miot_is_asked_for_legacy(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """After a firmware update MIoT answers -10000: the next poll reads legacy and stays up."""
    device = await simulator(MA4)
    climate = await _add_through_the_flow(hass, device)
    coordinator = hass.config_entries.async_entries(DOMAIN)[0].runtime_data.coordinator
    assert coordinator.device.transport is Transport.MIOT
    device.faults.force_error(-10000, "Method not found.", count=None, method="get_properties")
    device.faults.force_error(-10000, "Method not found.", count=None, method="set_properties")
    device.props["mode"] = 4  # heat, set with the remote
    device.props["power"] = True

    await coordinator.async_refresh()
    await hass.async_block_till_done()

    assert coordinator.device.transport is Transport.LEGACY
    assert hass.states.get(climate).state == "heat"
    await _call(hass, "climate", "set_temperature", climate, temperature=21)
    assert device.props["target_temperature"] == 21
    assert hass.states.get(climate).state != STATE_UNAVAILABLE
