"""Device conditions in real automations, checked against what the simulated devices report."""

from __future__ import annotations

from typing import Any

import pytest
import voluptuous as vol
from homeassistant.components.device_automation import DeviceAutomationType
from homeassistant.components.device_automation import (
    async_get_device_automations as get_device_automations,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers import condition
from homeassistant.helpers import device_registry as dr
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.xiaomi_living import device_condition
from custom_components.xiaomi_living.const import DOMAIN
from custom_components.xiaomi_living.coordinator import FAILURES_BEFORE_UNAVAILABLE
from tests.conftest import AddDevice, AddTv
from tests.simulator.fleet import Simulator
from tests.test_device_trigger import (
    AC,
    COOL,
    FIRED,
    HEAT,
    INPUTS,
    TV,
    device_id,
    fields,
    options,
    poll,
    registry_id,
    settle,
    start_ac,
    start_tv,
)

ASK = "xiaomi_living_test_ask"


def device_condition_config(
    hass: HomeAssistant, entity_id: str, condition_type: str, **extra: Any
) -> dict[str, Any]:
    """Return a device condition as the automation editor writes it."""
    return {
        "condition": "device",
        "domain": DOMAIN,
        "device_id": device_id(hass),
        "entity_id": registry_id(hass, entity_id),
        "type": condition_type,
        **extra,
    }


async def automations(hass: HomeAssistant, **conditions: dict[str, Any]) -> list[str]:
    """Set up one automation per condition, all on the ASK event; return who answers."""
    config = [
        {
            "alias": name,
            "triggers": [{"trigger": "event", "event_type": ASK}],
            "conditions": [config],
            "actions": [{"event": FIRED, "event_data": {"name": name}}],
        }
        for name, config in conditions.items()
    ]
    assert await async_setup_component(hass, "automation", {"automation": config})
    await hass.async_block_till_done()
    return list(conditions)


async def passing(hass: HomeAssistant) -> list[str]:
    """Fire the ASK event and return the automations whose condition passed."""
    events = async_capture_events(hass, FIRED)
    hass.bus.async_fire(ASK)
    await settle(hass)
    return sorted(event.data["name"] for event in events)


async def our_conditions(hass: HomeAssistant) -> list[dict[str, Any]]:
    assert await async_setup_component(hass, "device_automation", {})
    found = await get_device_automations(hass, DeviceAutomationType.CONDITION, [device_id(hass)])
    return [config for config in found[device_id(hass)] if config["domain"] == DOMAIN]


async def capabilities(
    hass: HomeAssistant, ws: WebSocketGenerator, config: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """Ask for a condition's fields as the automation editor does; return them by name."""
    assert await async_setup_component(hass, "device_automation", {})
    client = await ws(hass)
    await client.send_json_auto_id(
        {"type": "device_automation/condition/capabilities", "condition": config}
    )
    reply = await client.receive_json()
    assert reply["success"], reply
    return fields(reply["result"])


async def test_air_conditioner_conditions(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """An AC offers its mode, on and off, on its climate entity."""
    await start_ac(simulator, add_device)
    assert await our_conditions(hass) == [
        {
            "condition": "device",
            "device_id": device_id(hass),
            "domain": DOMAIN,
            "entity_id": registry_id(hass, AC),
            "type": condition_type,
            "metadata": {"secondary": False},
        }
        for condition_type in ("is_mode", "is_on", "is_off")
    ]


async def test_television_conditions(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """A TV offers on, off and its input, on its media player."""
    await start_tv(simulator, add_tv)
    listed = await our_conditions(hass)
    assert [config["type"] for config in listed] == ["is_on", "is_off", "is_input"]
    assert {config["entity_id"] for config in listed} == {registry_id(hass, TV)}


async def test_no_conditions_for_a_device_without_our_entities(hass: HomeAssistant) -> None:
    """A device of ours with no climate or media player has no conditions."""
    entry = MockConfigEntry(domain=DOMAIN)
    entry.add_to_hass(hass)
    device = dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id, identifiers={(DOMAIN, "bare")}
    )
    assert await device_condition.async_get_conditions(hass, device.id) == []


async def test_capabilities(
    hass: HomeAssistant,
    simulator: Simulator,
    add_device: AddDevice,
    add_tv: AddTv,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """The mode field offers the unit's modes, the source field the set's sources."""
    await start_ac(simulator, add_device)
    is_mode = await capabilities(hass, hass_ws_client, device_condition_config(hass, AC, "is_mode"))
    assert list(is_mode) == ["mode"]
    assert is_mode["mode"]["required"]
    assert options(is_mode["mode"]) == ["off", "cool", "dry", "fan_only", "heat"]
    for plain in ("is_on", "is_off"):
        config = device_condition_config(hass, AC, plain)
        assert await capabilities(hass, hass_ws_client, config) == {}


async def test_source_capabilities(
    hass: HomeAssistant,
    simulator: Simulator,
    add_tv: AddTv,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """The source field offers the set's inputs, then its apps."""
    await start_tv(simulator, add_tv)
    config = device_condition_config(hass, TV, "is_input")
    is_input = await capabilities(hass, hass_ws_client, config)
    assert list(is_input) == ["source"]
    sources = options(is_input["source"])
    assert sources[:5] == INPUTS
    assert "YouTube" in sources


@pytest.mark.parametrize(
    "extra",
    [
        {"type": "is_mode"},
        {"type": "is_mode", "mode": "warm"},
        {"type": "is_input"},
        {"type": "is_on", "mode": "cool"},
        {"type": "is_playing"},
    ],
)
async def test_invalid_condition_config(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice, extra: dict[str, Any]
) -> None:
    """A missing or unknown mode, a stray field or an unknown type is refused."""
    await start_ac(simulator, add_device)
    config = {**device_condition_config(hass, AC, "is_on"), **extra}
    with pytest.raises(vol.Invalid):
        await condition.async_validate_condition_config(hass, config)


async def test_air_conditioner(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """Mode, on and off follow the unit, also when its own remote changed it."""
    device = await start_ac(simulator, add_device)
    await automations(
        hass,
        cooling=device_condition_config(hass, AC, "is_mode", mode="cool"),
        heating=device_condition_config(hass, AC, "is_mode", mode="heat"),
        off_mode=device_condition_config(hass, AC, "is_mode", mode="off"),
        on=device_condition_config(hass, AC, "is_on"),
        off=device_condition_config(hass, AC, "is_off"),
    )
    assert await passing(hass) == ["off", "off_mode"]

    device.props.update({"power": True, "mode": COOL})
    await poll(hass)
    assert await passing(hass) == ["cooling", "on"]

    device.props["mode"] = HEAT
    await poll(hass)
    assert await passing(hass) == ["heating", "on"]

    device.faults.offline = True  # unavailable is neither on nor off, nor in a mode
    for _ in range(FAILURES_BEFORE_UNAVAILABLE):
        await poll(hass)
    assert hass.states.get(AC).state == "unavailable"
    assert await passing(hass) == []


async def test_television(hass: HomeAssistant, simulator: Simulator, add_tv: AddTv) -> None:
    """On, off and the input follow the set; a dark screen has no input."""
    tv = await start_tv(simulator, add_tv)
    await automations(
        hass,
        on=device_condition_config(hass, TV, "is_on"),
        off=device_condition_config(hass, TV, "is_off"),
        hdmi_1=device_condition_config(hass, TV, "is_input", source="HDMI 1"),
        hdmi_2=device_condition_config(hass, TV, "is_input", source="HDMI 2"),
    )
    assert await passing(hass) == ["hdmi_1", "on"]

    tv.tv.input_source = "HDMI 2"
    await poll(hass)
    assert await passing(hass) == ["hdmi_2", "on"]

    await hass.services.async_call(
        "media_player", "select_source", {"entity_id": TV, "source": "YouTube"}, blocking=True
    )
    assert hass.states.get(TV).attributes["source"] == "YouTube"
    assert hass.states.get(TV).state in ("on", "idle", "playing", "paused")
    assert await passing(hass) == ["on"]

    tv.tv.power = "screen_off"
    await poll(hass)
    assert await passing(hass) == ["off"]
