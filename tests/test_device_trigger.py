"""Device triggers in real automations, fired by what the simulated devices do between polls."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import voluptuous as vol
from homeassistant.components.device_automation import DeviceAutomationType
from homeassistant.components.device_automation import (
    async_get_device_automations as get_device_automations,
)
from homeassistant.components.device_automation.trigger import async_validate_trigger_config
from homeassistant.core import Event, HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.xiaomi_living import device_trigger
from custom_components.xiaomi_living.const import DEFAULT_SCAN_INTERVAL, DOMAIN
from custom_components.xiaomi_living.coordinator import FAILURES_BEFORE_UNAVAILABLE
from tests.conftest import AddDevice, AddTv
from tests.simulator.device import SimulatedDevice
from tests.simulator.fleet import Simulator
from tests.simulator.tv import SimulatedTv

AC_MODEL = "xiaomi.aircondition.mc4"
TV_MODEL = "xiaomi.tv.mitv5proh1"
AC = "climate.living_room_ac"
TV = "media_player.living_room_tv"
# The mc4's mode numbers (docs/air-conditioners.md): 2 cool, 3 dry, 4 fan only, 5 heat.
COOL, HEAT = 2, 5
FIRED = "xiaomi_living_test_fired"
INPUTS = ["TV", "AV", "HDMI 1", "HDMI 2", "HDMI 3"]


async def start_ac(simulator: Simulator, add_device: AddDevice, **props: Any) -> SimulatedDevice:
    """Start an mc4 in the living room, with the given properties."""
    device = await simulator(AC_MODEL, props=props)
    await add_device(device)
    return device


async def start_tv(simulator: Simulator, add_tv: AddTv) -> SimulatedTv:
    """Start a MIoT + HTTP set in the living room, on, showing HDMI 1."""
    tv = await simulator(TV_MODEL)
    assert isinstance(tv, SimulatedTv)
    await add_tv(tv)
    return tv


def device_id(hass: HomeAssistant) -> str:
    """Return the registry id of the only device of our only entry."""
    (entry,) = hass.config_entries.async_entries(DOMAIN)
    (device,) = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    return device.id


def registry_id(hass: HomeAssistant, entity_id: str) -> str:
    """Return the entity registry id (what the automation editor stores) of an entity."""
    entry = er.async_get(hass).async_get(entity_id)
    assert entry is not None
    return entry.id


async def poll(hass: HomeAssistant, seconds: float | None = None) -> None:
    """Let the clock pass the poll interval (or ``seconds``): the coordinators read the devices."""
    interval = DEFAULT_SCAN_INTERVAL.total_seconds() + 1 if seconds is None else seconds
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=interval))
    await settle(hass)


async def settle(hass: HomeAssistant) -> None:
    """Wait until Home Assistant is idle, and for what the last state changes led to.

    A state written in the last turn of ``async_block_till_done`` may still have its listeners
    (the automations' triggers) scheduled: a second wait runs them and what they start.
    """
    await hass.async_block_till_done(wait_background_tasks=True)
    await hass.async_block_till_done(wait_background_tasks=True)


def trigger(hass: HomeAssistant, entity_id: str, trigger_type: str, **extra: Any) -> dict[str, Any]:
    """Return a device trigger as the automation editor writes it."""
    return {
        "trigger": "device",
        "domain": DOMAIN,
        "device_id": device_id(hass),
        "entity_id": registry_id(hass, entity_id),
        "type": trigger_type,
        **extra,
    }


async def automations(hass: HomeAssistant, **triggers: dict[str, Any]) -> list[Event]:
    """Set up one automation per trigger; each fires FIRED with its name and the new state."""
    events = async_capture_events(hass, FIRED)
    config = [
        {
            "alias": name,
            "triggers": [config],
            "actions": [
                {
                    "event": FIRED,
                    "event_data": {
                        "name": name,
                        "state": "{{ trigger.to_state.state }}",
                        "source": "{{ trigger.to_state.attributes.get('source') }}",
                    },
                }
            ],
        }
        for name, config in triggers.items()
    ]
    assert await async_setup_component(hass, "automation", {"automation": config})
    await hass.async_block_till_done()
    return events


def fired(events: list[Event]) -> list[str]:
    """Return the names of the automations that ran, in order, and forget them."""
    names = [event.data["name"] for event in events]
    events.clear()
    return names


async def our_triggers(hass: HomeAssistant) -> list[dict[str, Any]]:
    assert await async_setup_component(hass, "device_automation", {})
    found = await get_device_automations(hass, DeviceAutomationType.TRIGGER, [device_id(hass)])
    return [config for config in found[device_id(hass)] if config["domain"] == DOMAIN]


async def capabilities(
    hass: HomeAssistant, ws: WebSocketGenerator, config: dict[str, Any]
) -> dict[str, Any]:
    """Ask for a trigger's fields as the automation editor does, over the websocket API."""
    assert await async_setup_component(hass, "device_automation", {})
    client = await ws(hass)
    await client.send_json_auto_id(
        {"type": "device_automation/trigger/capabilities", "trigger": config}
    )
    reply = await client.receive_json()
    assert reply["success"], reply
    result: dict[str, Any] = reply["result"]
    return result


def fields(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Return the editor's fields by name."""
    return {field["name"]: field for field in result.get("extra_fields", [])}


def options(field: dict[str, Any]) -> list[str]:
    """Return the values a select field offers."""
    return [option[0] if isinstance(option, list) else option for option in field["options"]]


async def test_air_conditioner_triggers(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """An AC offers its mode change and its target reached, on its climate entity."""
    await start_ac(simulator, add_device)
    assert await our_triggers(hass) == [
        {
            "platform": "device",
            "device_id": device_id(hass),
            "domain": DOMAIN,
            "entity_id": registry_id(hass, AC),
            "type": trigger_type,
            "metadata": {"secondary": False},
        }
        for trigger_type in ("mode_changed", "target_temperature_reached")
    ]


async def test_television_triggers(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """A TV offers turned on, turned off and input changed, on its media player."""
    await start_tv(simulator, add_tv)
    listed = await our_triggers(hass)
    assert [config["type"] for config in listed] == ["turned_on", "turned_off", "input_changed"]
    assert {config["entity_id"] for config in listed} == {registry_id(hass, TV)}


async def test_no_triggers_for_a_device_without_our_entities(hass: HomeAssistant) -> None:
    """A device of ours with no climate or media player (or none at all) has no triggers."""
    entry = MockConfigEntry(domain=DOMAIN)
    entry.add_to_hass(hass)
    device = dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id, identifiers={(DOMAIN, "bare")}
    )
    assert await device_trigger.async_get_triggers(hass, device.id) == []


async def test_mode_changed_capabilities(
    hass: HomeAssistant,
    simulator: Simulator,
    add_device: AddDevice,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """From and to offer the unit's own modes; a duration is optional."""
    await start_ac(simulator, add_device)
    result = fields(await capabilities(hass, hass_ws_client, trigger(hass, AC, "mode_changed")))
    assert sorted(result) == ["for", "from", "to"]
    modes = ["off", "cool", "dry", "fan_only", "heat"]  # no auto on an mc4
    assert options(result["from"]) == modes
    assert options(result["to"]) == modes
    assert all(field["optional"] for field in result.values())
    assert result["for"]["type"] == "positive_time_period_dict"
    reached = await capabilities(
        hass, hass_ws_client, trigger(hass, AC, "target_temperature_reached")
    )
    assert fields(reached) == {}


async def test_television_capabilities(
    hass: HomeAssistant,
    simulator: Simulator,
    add_tv: AddTv,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """Input changed offers the set's inputs and apps; on and off take a duration."""
    await start_tv(simulator, add_tv)
    result = fields(await capabilities(hass, hass_ws_client, trigger(hass, TV, "input_changed")))
    assert sorted(result) == ["for", "to"]
    sources = options(result["to"])
    assert sources == hass.states.get(TV).attributes["source_list"]
    assert sources[:5] == INPUTS
    assert "YouTube" in sources
    for trigger_type in ("turned_on", "turned_off"):
        result = fields(await capabilities(hass, hass_ws_client, trigger(hass, TV, trigger_type)))
        assert list(result) == ["for"]


async def test_choices_from_the_registry_and_of_unknown_entities(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """Without a state the registry's capabilities tell the modes; an unknown entity has none."""
    await start_ac(simulator, add_device, power=True)
    hass.states.async_remove(AC)
    assert device_trigger.hvac_mode_choices(hass, AC) == ["off", "cool", "dry", "fan_only", "heat"]
    assert device_trigger.entity_choices(hass, "climate.nowhere", "hvac_modes") == []
    assert device_trigger.entity_choices(hass, "0" * 32, "hvac_modes") == []
    assert device_trigger.hvac_mode_choices(hass, "0" * 32) == device_trigger.HVAC_MODES
    # A source field of a set with no sources (yet) takes any text.
    assert device_trigger.source_validator(hass, "0" * 32)("Any input") == "Any input"


@pytest.mark.parametrize(
    "extra",
    [
        {"type": "mode_changed", "to": "warm"},
        {"type": "mode_changed", "from": "cool", "for": "soon"},
        {"type": "target_temperature_reached", "to": "cool"},
        {"type": "turned_on", "to": "HDMI 1"},
        {"type": "switched", "to": "cool"},
    ],
)
async def test_invalid_trigger_config(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice, extra: dict[str, Any]
) -> None:
    """Unknown modes, durations, fields or types are refused when the automation is checked."""
    await start_ac(simulator, add_device)
    config = {**trigger(hass, AC, "mode_changed"), **extra}
    config["platform"] = config.pop("trigger")
    with pytest.raises(vol.Invalid):
        await async_validate_trigger_config(hass, config)


async def test_mode_changed(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """Mode changes made on the unit (its remote) fire after the next poll, filtered by from/to."""
    device = await start_ac(simulator, add_device, power=True, mode=COOL)
    events = await automations(
        hass,
        any_mode=trigger(hass, AC, "mode_changed"),
        to_heat=trigger(hass, AC, "mode_changed", to="heat"),
        heat_to_off=trigger(hass, AC, "mode_changed", **{"from": "heat", "to": "off"}),
        off_a_minute=trigger(hass, AC, "mode_changed", to="off", **{"for": {"minutes": 1}}),
    )
    await poll(hass)
    assert fired(events) == []  # nothing changed on the unit

    device.props["mode"] = HEAT
    await poll(hass)
    assert hass.states.get(AC).state == "heat"
    assert sorted(fired(events)) == ["any_mode", "to_heat"]

    device.props["power"] = False
    await poll(hass)
    assert sorted(fired(events)) == ["any_mode", "heat_to_off"]
    await poll(hass, seconds=61)
    assert fired(events) == ["off_a_minute"]
    assert events == []


async def test_mode_changed_not_from_unavailable(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """Coming back from unavailable in the same mode is no change of mode."""
    device = await start_ac(simulator, add_device, power=True, mode=COOL)
    events = await automations(hass, any_mode=trigger(hass, AC, "mode_changed"))
    device.faults.offline = True
    for _ in range(FAILURES_BEFORE_UNAVAILABLE):
        await poll(hass)
    assert hass.states.get(AC).state == "unavailable"
    device.faults.offline = False
    await poll(hass)
    assert hass.states.get(AC).state == "cool"
    assert fired(events) == []


async def test_target_temperature_reached(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """Fires when the room comes within 0.5 °C of the target while the unit cools or heats."""
    device = await start_ac(
        simulator, add_device, power=True, mode=COOL, target_temperature=24.0,
        room_temperature=28.0,
    )  # fmt: skip
    events = await automations(hass, reached=trigger(hass, AC, "target_temperature_reached"))
    assert hass.states.get(AC).attributes["hvac_action"] == "cooling"

    device.props["room_temperature"] = 25.0  # closer, not there yet
    await poll(hass)
    assert fired(events) == []

    device.props["room_temperature"] = 24.5
    await poll(hass)
    assert hass.states.get(AC).attributes["hvac_action"] == "idle"
    assert fired(events) == ["reached"]
    assert events == []

    device.props["room_temperature"] = 24.0  # still there: not again
    await poll(hass)
    assert fired(events) == []

    # Heating up to a target it then reaches.
    device.props.update({"mode": HEAT, "target_temperature": 26.0, "room_temperature": 22.0})
    await poll(hass)
    assert hass.states.get(AC).attributes["hvac_action"] == "heating"
    assert fired(events) == []
    device.props["room_temperature"] = 25.6
    await poll(hass)
    assert fired(events) == ["reached"]


async def test_target_temperature_met_by_a_new_target(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """A target raised to the room's temperature while cooling is a target reached, at once."""
    await start_ac(
        simulator, add_device, power=True, mode=COOL, target_temperature=24.0,
        room_temperature=28.0,
    )  # fmt: skip
    events = await automations(hass, reached=trigger(hass, AC, "target_temperature_reached"))
    await hass.services.async_call(
        "climate", "set_temperature", {"entity_id": AC, "temperature": 28}, blocking=True
    )
    await settle(hass)
    assert fired(events) == ["reached"]


async def test_target_temperature_not_reached_by_switching(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """Switching the mode or off, or going unavailable, is not reaching the target."""
    device = await start_ac(
        simulator, add_device, power=True, mode=COOL, target_temperature=24.0,
        room_temperature=28.0,
    )  # fmt: skip
    events = await automations(hass, reached=trigger(hass, AC, "target_temperature_reached"))
    device.props["mode"] = HEAT  # 28 °C is past a 24 °C target when heating: idle
    await poll(hass)
    assert hass.states.get(AC).attributes["hvac_action"] == "idle"
    device.props["mode"] = COOL
    await poll(hass)
    assert hass.states.get(AC).attributes["hvac_action"] == "cooling"
    device.props["power"] = False
    await poll(hass)
    assert hass.states.get(AC).attributes["hvac_action"] == "off"
    assert fired(events) == []
    # The automation goes away with its entity: removing the entry stops the listener.
    (entry,) = hass.config_entries.async_entries(DOMAIN)
    assert await hass.config_entries.async_remove(entry.entry_id)
    await settle(hass)
    assert fired(events) == []


async def test_turned_on_and_off(hass: HomeAssistant, simulator: Simulator, add_tv: AddTv) -> None:
    """The screen going dark or the set going fully off is off; lit again is on."""
    tv = await start_tv(simulator, add_tv)
    events = await automations(
        hass,
        on=trigger(hass, TV, "turned_on"),
        off=trigger(hass, TV, "turned_off"),
        off_a_minute=trigger(hass, TV, "turned_off", **{"for": {"minutes": 1}}),
    )
    tv.tv.power = "screen_off"
    await poll(hass)
    assert hass.states.get(TV).state == "off"
    assert fired(events) == ["off"]
    await poll(hass, seconds=61)
    assert fired(events) == ["off_a_minute"]

    tv.tv.power = "on"
    await poll(hass)
    assert fired(events) == ["on"]
    assert hass.states.get(TV).state not in ("off", "unavailable")

    tv.tv.power = "off"  # fully off: a set that stops answering is off after three polls
    for _ in range(FAILURES_BEFORE_UNAVAILABLE):
        await poll(hass)
    assert hass.states.get(TV).attributes["power_state"] == "off"
    assert fired(events) == ["off"]


async def test_turned_on_by_home_assistant(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """A set turned on from Home Assistant fires at once, before any poll."""
    tv = await start_tv(simulator, add_tv)
    tv.tv.power = "screen_off"
    await poll(hass)
    events = await automations(hass, on=trigger(hass, TV, "turned_on"))
    await hass.services.async_call("media_player", "turn_on", {"entity_id": TV}, blocking=True)
    await settle(hass)
    assert tv.tv.power == "on"
    assert fired(events) == ["on"]


async def test_input_changed(hass: HomeAssistant, simulator: Simulator, add_tv: AddTv) -> None:
    """A change of input while the set is on fires, with the new source; on and off do not."""
    tv = await start_tv(simulator, add_tv)
    events = await automations(
        hass,
        any_input=trigger(hass, TV, "input_changed"),
        to_hdmi_2=trigger(hass, TV, "input_changed", to="HDMI 2"),
        to_hdmi_3=trigger(hass, TV, "input_changed", to="HDMI 3"),
    )
    assert hass.states.get(TV).attributes["source"] == "HDMI 1"
    tv.tv.input_source = "HDMI 2"
    await poll(hass)
    assert sorted(fired(events)) == ["any_input", "to_hdmi_2"]

    tv.tv.power = "screen_off"
    await poll(hass)
    tv.tv.input_source = "AV"
    tv.tv.power = "on"
    await poll(hass)
    assert hass.states.get(TV).attributes["source"] == "AV"
    assert fired(events) == []  # turning on (to another input) is not a change of input

    await hass.services.async_call(
        "media_player", "select_source", {"entity_id": TV, "source": "HDMI 3"}, blocking=True
    )
    await settle(hass)
    assert tv.tv.input_source == "HDMI 3"
    assert [event.data["source"] for event in events] == ["HDMI 3", "HDMI 3"]
    assert sorted(fired(events)) == ["any_input", "to_hdmi_3"]
