"""Air conditioners as climate entities, driven through Home Assistant against the simulator."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

import pytest
from homeassistant.components.climate import (
    ATTR_FAN_MODE,
    ATTR_HVAC_MODE,
    ATTR_PRESET_MODE,
    ATTR_SWING_HORIZONTAL_MODE,
    ATTR_SWING_MODE,
    SERVICE_SET_FAN_MODE,
    SERVICE_SET_HUMIDITY,
    SERVICE_SET_HVAC_MODE,
    SERVICE_SET_PRESET_MODE,
    SERVICE_SET_SWING_HORIZONTAL_MODE,
    SERVICE_SET_SWING_MODE,
    SERVICE_SET_TEMPERATURE,
)
from homeassistant.components.climate import (
    DOMAIN as CLIMATE_DOMAIN,
)
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import (
    ATTR_ENTITY_ID,
    ATTR_TEMPERATURE,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_UNAVAILABLE,
    Platform,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from syrupy.assertion import SnapshotAssertion

from custom_components.xiaomi_living.client.models import aircondition as ac
from custom_components.xiaomi_living.const import DOMAIN
from custom_components.xiaomi_living.coordinator import FAILURES_BEFORE_UNAVAILABLE
from tests.conftest import AddDevice
from tests.simulator.catalog import climate_test_models
from tests.simulator.device import SimulatedDevice
from tests.simulator.fleet import Simulator
from tests.simulator.profiles import BOOL, MC4, MiotProperty, ValueSpec, _int_range, _read_only

ENTITY = "climate.living_room_ac"
# Fixed identities so that snapshots are stable.
DEVICE_ID = 314159265
TOKEN = bytes.fromhex("00112233445566778899aabbccddeeff")
MAC = "64:90:C1:12:34:56"

# Every reported AC model the simulator impersonates (one per family at least), from the
# descriptions and the simulator's profiles: a new one gets its tests and its snapshot.
MODELS = climate_test_models()


async def _start(simulator: Simulator, model: str, **options: Any) -> SimulatedDevice:
    return await simulator(model, device_id=DEVICE_ID, token=TOKEN, mac=MAC, **options)


async def _call(hass: HomeAssistant, service: str, **data: Any) -> None:
    await hass.services.async_call(
        CLIMATE_DOMAIN, service, {ATTR_ENTITY_ID: ENTITY, **data}, blocking=True
    )


@pytest.mark.parametrize("model", MODELS)
async def test_entities(
    hass: HomeAssistant,
    simulator: Simulator,
    add_device: AddDevice,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    model: str,
) -> None:
    """Every entity of every AC family (all platforms), with its state and attributes."""
    entry = await add_device(await _start(simulator, model))
    entities = er.async_entries_for_config_entry(entity_registry, entry.entry_id)
    assert entities
    for entity in sorted(entities, key=lambda e: e.entity_id):
        assert entity == snapshot(name=f"{entity.entity_id}-entry")
        assert hass.states.get(entity.entity_id) == snapshot(name=f"{entity.entity_id}-state")


PLAIN_NAMES = {
    "xiaomi.aircondition.mc4": "Mijia Air Conditioner",
    "xiaomi.aircondition.ma4": "Mijia Air Conditioner",
    "zhimi.aircondition.v1": "Zhimi Air Conditioner",
    "lumi.acpartner.mcn02": "Mijia AC Companion 2",
    "lumi.acpartner.v2": "Mijia/Aqara AC Companion",
}


@pytest.mark.parametrize("model", sorted(PLAIN_NAMES))
async def test_device_has_a_plain_model_name(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice, model: str
) -> None:
    """The device's model is a name people use; its model id is the miIO model it answers."""
    entry = await add_device(await _start(simulator, model))
    (device,) = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    assert device.model == PLAIN_NAMES[model]
    assert device.model_id == model
    assert device.manufacturer == "Xiaomi"
    assert "(" not in device.model


def test_every_family_has_a_plain_name() -> None:
    """No protocol or numbering in a name: those are the model id's and the family key's."""
    for description in ac.AIR_CONDITIONERS:
        for word in ("MIoT", "miIO", "numbering", "(", description.key):
            assert word not in description.name, (description.key, word)


# (model, service, service data, expected simulator props, expected HA state or attribute)
SERVICE_CASES: list[tuple[str, str, dict[str, Any], dict[str, Any], tuple[str, Any]]] = [
    # mc4: MIoT, mc numbering
    ("xiaomi.aircondition.mc4", SERVICE_SET_HVAC_MODE, {ATTR_HVAC_MODE: "cool"},
     {"power": True, "mode": 2}, ("state", "cool")),
    ("xiaomi.aircondition.mc4", SERVICE_SET_HVAC_MODE, {ATTR_HVAC_MODE: "heat"},
     {"power": True, "mode": 5}, ("state", "heat")),
    ("xiaomi.aircondition.mc4", SERVICE_SET_HVAC_MODE, {ATTR_HVAC_MODE: "dry"},
     {"power": True, "mode": 3}, ("hvac_action", "drying")),
    ("xiaomi.aircondition.mc4", SERVICE_SET_HVAC_MODE, {ATTR_HVAC_MODE: "fan_only"},
     {"power": True, "mode": 4}, ("hvac_action", "fan")),
    ("xiaomi.aircondition.mc4", SERVICE_SET_TEMPERATURE, {ATTR_TEMPERATURE: 24.5},
     {"target_temperature": 24.5}, (ATTR_TEMPERATURE, 24.5)),
    ("xiaomi.aircondition.mc4", SERVICE_SET_TEMPERATURE, {ATTR_TEMPERATURE: 23.3},
     {"target_temperature": 23.5}, (ATTR_TEMPERATURE, 23.5)),
    ("xiaomi.aircondition.mc4", SERVICE_SET_TEMPERATURE,
     {ATTR_TEMPERATURE: 22, ATTR_HVAC_MODE: "cool"},
     {"power": True, "mode": 2, "target_temperature": 22.0}, ("state", "cool")),
    ("xiaomi.aircondition.mc4", SERVICE_SET_FAN_MODE, {ATTR_FAN_MODE: "level_7"},
     {"fan_level": 7}, (ATTR_FAN_MODE, "level_7")),
    ("xiaomi.aircondition.mc4", SERVICE_SET_FAN_MODE, {ATTR_FAN_MODE: "auto"},
     {"fan_level": 0}, (ATTR_FAN_MODE, "auto")),
    ("xiaomi.aircondition.mc4", SERVICE_SET_SWING_MODE, {ATTR_SWING_MODE: "on"},
     {"vertical_swing": True}, (ATTR_SWING_MODE, "on")),
    ("xiaomi.aircondition.mc4", SERVICE_SET_PRESET_MODE, {ATTR_PRESET_MODE: "eco"},
     {"eco": True, "sleep_mode": False}, (ATTR_PRESET_MODE, "eco")),
    ("xiaomi.aircondition.mc4", SERVICE_SET_PRESET_MODE, {ATTR_PRESET_MODE: "sleep"},
     {"eco": False, "sleep_mode": True}, (ATTR_PRESET_MODE, "sleep")),
    ("xiaomi.aircondition.mc4", SERVICE_TURN_ON, {}, {"power": True}, ("state", "cool")),
    # ma4: older numbering and its own mode values; cool must land as cool, not dry
    ("xiaomi.aircondition.ma4", SERVICE_SET_HVAC_MODE, {ATTR_HVAC_MODE: "cool"},
     {"power": True, "mode": 1}, ("state", "cool")),
    ("xiaomi.aircondition.ma4", SERVICE_SET_HVAC_MODE, {ATTR_HVAC_MODE: "heat"},
     {"power": True, "mode": 4}, ("state", "heat")),
    ("xiaomi.aircondition.ma4", SERVICE_SET_HVAC_MODE, {ATTR_HVAC_MODE: "dry"},
     {"power": True, "mode": 2}, ("state", "dry")),
    ("xiaomi.aircondition.ma4", SERVICE_SET_TEMPERATURE, {ATTR_TEMPERATURE: 20},
     {"target_temperature": 20.0}, (ATTR_TEMPERATURE, 20.0)),
    ("xiaomi.aircondition.ma4", SERVICE_SET_FAN_MODE, {ATTR_FAN_MODE: "level_5"},
     {"fan_level": 5}, (ATTR_FAN_MODE, "level_5")),
    ("xiaomi.aircondition.ma4", SERVICE_SET_PRESET_MODE, {ATTR_PRESET_MODE: "sleep"},
     {"sleep_mode": True, "eco": False}, (ATTR_PRESET_MODE, "sleep")),
    # zhimi v1: legacy methods, tenths of a degree, horizontal swing
    ("zhimi.aircondition.v1", SERVICE_SET_HVAC_MODE, {ATTR_HVAC_MODE: "heat"},
     {"power": "on", "mode": 3}, ("state", "heat")),
    ("zhimi.aircondition.v1", SERVICE_SET_HVAC_MODE, {ATTR_HVAC_MODE: "auto"},
     {"power": "on", "mode": 0}, ("state", "auto")),
    ("zhimi.aircondition.v1", SERVICE_SET_TEMPERATURE, {ATTR_TEMPERATURE: 24.5},
     {"st_temp_dec": 245}, (ATTR_TEMPERATURE, 24.5)),
    ("zhimi.aircondition.v1", SERVICE_SET_FAN_MODE, {ATTR_FAN_MODE: "level_2"},
     {"speed_level": 2}, (ATTR_FAN_MODE, "level_2")),
    ("zhimi.aircondition.v1", SERVICE_SET_SWING_MODE, {ATTR_SWING_MODE: "on"},
     {"vertical_swing": "on"}, (ATTR_SWING_MODE, "on")),
    ("zhimi.aircondition.v1", SERVICE_SET_SWING_HORIZONTAL_MODE,
     {ATTR_SWING_HORIZONTAL_MODE: "on"}, {"horizon_swing": "on"},
     (ATTR_SWING_HORIZONTAL_MODE, "on")),
    # lumi.acpartner.mcn02: string values, whole degrees, three fan speeds
    ("lumi.acpartner.mcn02", SERVICE_SET_HVAC_MODE, {ATTR_HVAC_MODE: "fan_only"},
     {"power": "on", "mode": "wind"}, ("state", "fan_only")),
    ("lumi.acpartner.mcn02", SERVICE_SET_TEMPERATURE, {ATTR_TEMPERATURE: 25},
     {"tar_temp": 25}, (ATTR_TEMPERATURE, 25)),
    ("lumi.acpartner.mcn02", SERVICE_SET_FAN_MODE, {ATTR_FAN_MODE: "low"},
     {"fan_level": "small_fan"}, (ATTR_FAN_MODE, "low")),
    ("lumi.acpartner.mcn02", SERVICE_SET_SWING_MODE, {ATTR_SWING_MODE: "on"},
     {"ver_swing": "on"}, (ATTR_SWING_MODE, "on")),
    # lumi.acpartner.v2: state string in, IR configuration command out (python-miio's codes)
    ("lumi.acpartner.v2", SERVICE_SET_HVAC_MODE, {ATTR_HVAC_MODE: "heat"},
     {"power": 1, "mode": 0}, ("state", "heat")),
    ("lumi.acpartner.v2", SERVICE_SET_TEMPERATURE, {ATTR_TEMPERATURE: 23.4},
     {"target_temperature": 23}, (ATTR_TEMPERATURE, 23)),
    ("lumi.acpartner.v2", SERVICE_SET_FAN_MODE, {ATTR_FAN_MODE: "high"},
     {"fan_speed": 2}, (ATTR_FAN_MODE, "high")),
    ("lumi.acpartner.v2", SERVICE_SET_SWING_MODE, {ATTR_SWING_MODE: "on"},
     {"swing": "0"}, (ATTR_SWING_MODE, "on")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("model", "service", "data", "props", "expected"),
    SERVICE_CASES,
    ids=[f"{case[0].split('.')[-1]}-{case[1]}-{i}" for i, case in enumerate(SERVICE_CASES)],
)
async def test_service_changes_device_then_state(
    hass: HomeAssistant,
    simulator: Simulator,
    add_device: AddDevice,
    model: str,
    service: str,
    data: dict[str, Any],
    props: dict[str, Any],
    expected: tuple[str, Any],
) -> None:
    """Each service writes the device, and HA shows the accepted state right after the call."""
    device = await _start(simulator, model)
    await add_device(device)
    await _call(hass, service, **data)
    assert {key: device.props[key] for key in props} == props
    state = hass.states.get(ENTITY)
    attribute, value = expected
    assert (state.state if attribute == "state" else state.attributes[attribute]) == value


def test_whole_degree_families_say_so_in_their_field() -> None:
    """The target's field knows the family's whole degrees: the climate entity only rounds."""
    for description in ac.AIR_CONDITIONERS:
        field = description.fields[ac.TARGET_TEMPERATURE]
        assert field.whole == description.temperature_step.is_integer(), description.key


async def test_whole_degree_target_goes_out_as_an_integer(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """A whole-degree unit receives 25, not 25.0, and shows it at once."""
    device = await _start(simulator, "lumi.acpartner.mcn02")
    await add_device(device)
    await _call(hass, SERVICE_SET_TEMPERATURE, temperature=25.2)
    assert type(device.props["tar_temp"]) is int
    assert device.props["tar_temp"] == 25
    assert hass.states.get(ENTITY).attributes[ATTR_TEMPERATURE] == 25


async def test_turn_off_and_back_on_to_last_mode(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """turn_on returns to the mode the unit had before it was switched off."""
    device = await _start(simulator, "xiaomi.aircondition.mc4")
    await add_device(device)
    await _call(hass, SERVICE_SET_HVAC_MODE, hvac_mode="heat")
    await _call(hass, SERVICE_TURN_OFF)
    assert device.props["power"] is False
    assert hass.states.get(ENTITY).state == "off"
    device.props["mode"] = 2  # someone pressed the remote's mode button while it was off
    await _call(hass, SERVICE_TURN_ON)
    assert device.props["power"] is True
    assert device.props["mode"] == 5
    assert hass.states.get(ENTITY).state == "heat"


async def test_preset_none_clears_presets(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """The none preset switches every preset off."""
    device = await _start(simulator, "xiaomi.aircondition.mc4", props={"eco": True})
    await add_device(device)
    assert hass.states.get(ENTITY).attributes[ATTR_PRESET_MODE] == "eco"
    await _call(hass, SERVICE_SET_PRESET_MODE, preset_mode="none")
    assert device.props["eco"] is False
    assert hass.states.get(ENTITY).attributes[ATTR_PRESET_MODE] == "none"


@pytest.mark.parametrize(
    ("room", "target", "action"),
    [(28.0, 24.0, "cooling"), (24.2, 24.0, "idle"), (20.0, 24.0, "idle")],
)
async def test_hvac_action_cooling(
    hass: HomeAssistant,
    simulator: Simulator,
    add_device: AddDevice,
    room: float,
    target: float,
    action: str,
) -> None:
    """In cool mode the unit cools while the room is warmer than the target."""
    device = await _start(
        simulator,
        "xiaomi.aircondition.mc4",
        props={"power": True, "mode": 2, "room_temperature": room, "target_temperature": target},
    )
    await add_device(device)
    assert hass.states.get(ENTITY).attributes["hvac_action"] == action


async def test_hvac_action_heating_and_off(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """In heat mode the unit heats a cold room; off is off."""
    device = await _start(
        simulator,
        "xiaomi.aircondition.mc4",
        props={"power": True, "mode": 5, "room_temperature": 18.0, "target_temperature": 22.0},
    )
    await add_device(device)
    assert hass.states.get(ENTITY).attributes["hvac_action"] == "heating"
    await _call(hass, SERVICE_TURN_OFF)
    assert hass.states.get(ENTITY).attributes["hvac_action"] == "off"


# (model, props with the AC on, mode, companion's load power in W, expected hvac_action)
COMPANION_ACTIONS: list[tuple[str, dict[str, Any], str, float, str | None]] = [
    ("lumi.acpartner.v2", {"power": 1, "mode": 1}, "cool", 850.0, "cooling"),
    ("lumi.acpartner.v2", {"power": 1, "mode": 1}, "cool", 100.0, "cooling"),
    ("lumi.acpartner.v2", {"power": 1, "mode": 1}, "cool", 99.0, "idle"),
    ("lumi.acpartner.v2", {"power": 1, "mode": 0}, "heat", 1200.0, "heating"),
    ("lumi.acpartner.v2", {"power": 1, "mode": 0}, "heat", 35.0, "idle"),
    # auto: the draw does not say whether it cools or heats
    ("lumi.acpartner.v2", {"power": 1, "mode": 2}, "auto", 900.0, None),
    ("lumi.acpartner.v2", {"power": 1, "mode": 2}, "auto", 20.0, "idle"),
    ("lumi.acpartner.v2", {"power": 1, "mode": 3}, "dry", 400.0, "drying"),
    ("lumi.acpartner.v2", {"power": 1, "mode": 4}, "fan_only", 40.0, "fan"),
    ("lumi.acpartner.v2", {"power": 0, "mode": 1}, "off", 900.0, "off"),
    ("lumi.acpartner.mcn02", {"power": "on", "mode": "cool"}, "cool", 640.0, "cooling"),
    ("lumi.acpartner.mcn02", {"power": "on", "mode": "cool"}, "cool", 12.0, "idle"),
    ("lumi.acpartner.mcn02", {"power": "on", "mode": "heat"}, "heat", 700.0, "heating"),
    ("lumi.acpartner.mcn02", {"power": "off", "mode": "heat"}, "off", 0.0, "off"),
]


@pytest.mark.parametrize(
    ("model", "props", "mode", "watts", "action"),
    COMPANION_ACTIONS,
    ids=[f"{c[0].split('.')[-1]}-{c[2]}-{c[3]:g}W" for c in COMPANION_ACTIONS],
)
async def test_companion_action_follows_its_load_power(
    hass: HomeAssistant,
    simulator: Simulator,
    add_device: AddDevice,
    model: str,
    props: dict[str, Any],
    mode: str,
    watts: float,
    action: str | None,
) -> None:
    """A companion measures no room temperature: the AC's draw tells whether it runs."""
    device = await _start(simulator, model, props={**props, "load_power": watts})
    await add_device(device)
    state = hass.states.get(ENTITY)
    assert state.state == mode
    assert "current_temperature" not in state.attributes or (
        state.attributes["current_temperature"] is None
    )
    assert state.attributes.get("hvac_action") == action


async def test_companion_action_changes_as_the_compressor_starts(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """Switched to cool, idle until the draw rises past the threshold; then idle again below."""
    device = await _start(simulator, "lumi.acpartner.v2", props={"load_power": 3.0})
    entry = await add_device(device)
    assert hass.states.get(ENTITY).attributes["hvac_action"] == "off"
    await _call(hass, SERVICE_SET_HVAC_MODE, hvac_mode="cool")
    assert hass.states.get(ENTITY).attributes["hvac_action"] == "idle"
    device.props["load_power"] = 780.0
    await entry.runtime_data.coordinator.async_refresh()
    assert hass.states.get(ENTITY).attributes["hvac_action"] == "cooling"
    device.props["load_power"] = 45.0
    await entry.runtime_data.coordinator.async_refresh()
    assert hass.states.get(ENTITY).attributes["hvac_action"] == "idle"


async def test_companion_action_with_physics(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """The simulator's room physics draws compressor power in cool: the companion says cooling."""
    device = await _start(simulator, "lumi.acpartner.v2", physics_speed=60.0)
    entry = await add_device(device)
    await _call(hass, SERVICE_SET_HVAC_MODE, hvac_mode="cool")
    await entry.runtime_data.coordinator.async_refresh()
    assert float(hass.states.get("sensor.living_room_ac_power").state) == 900
    assert hass.states.get(ENTITY).attributes["hvac_action"] == "cooling"
    await _call(hass, SERVICE_SET_HVAC_MODE, hvac_mode="fan_only")
    await entry.runtime_data.coordinator.async_refresh()
    assert hass.states.get(ENTITY).attributes["hvac_action"] == "fan"


async def test_temperature_out_of_range_is_refused_before_sending(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """A target outside the model's range never reaches the device."""
    device = await _start(simulator, "xiaomi.aircondition.mc4")
    await add_device(device)
    sent = len(device.requests)
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, SERVICE_SET_TEMPERATURE, temperature=35)
    assert err.value.translation_key == "temp_out_of_range"
    assert len(device.requests) == sent
    assert device.props["target_temperature"] == 26.0


async def test_mode_the_model_lacks_is_refused_before_sending(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """mc4 has no auto mode: the call fails with a translated error and sends nothing."""
    device = await _start(simulator, "xiaomi.aircondition.mc4")
    await add_device(device)
    sent = len(device.requests)
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, SERVICE_SET_HVAC_MODE, hvac_mode="auto")
    assert err.value.translation_key == "not_valid_hvac_mode"
    with pytest.raises(ServiceValidationError):
        await _call(hass, SERVICE_SET_FAN_MODE, fan_mode="turbo")
    assert len(device.requests) == sent


async def test_device_error_names_the_code_and_keeps_the_state(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """A refused write raises a translated error naming the code; HA keeps the real state."""
    device = await _start(simulator, "xiaomi.aircondition.mc4")
    await add_device(device)
    device.faults.force_error(-4004, "internal error", method="set_properties", count=None)
    with pytest.raises(HomeAssistantError) as err:
        await _call(hass, SERVICE_SET_HVAC_MODE, hvac_mode="cool")
    assert err.value.translation_key == "device_error"
    assert str(err.value) == "The device refused the command (error -4004: internal error)"
    assert device.props["power"] is False
    assert hass.states.get(ENTITY).state == "off"


async def test_legacy_device_error(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """A legacy setter answered with an error is reported the same way."""
    device = await _start(simulator, "zhimi.aircondition.v1")
    await add_device(device)
    device.faults.force_error(-5001, "invalid_arg", method="set_temp")
    with pytest.raises(HomeAssistantError, match="error -5001"):
        await _call(hass, SERVICE_SET_TEMPERATURE, temperature=25)
    assert device.props["st_temp_dec"] == 260
    assert hass.states.get(ENTITY).attributes[ATTR_TEMPERATURE] == 26.0


async def test_unreachable_during_command(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """A device that stops answering gives a translated 'no answer' error."""
    device = await _start(simulator, "xiaomi.aircondition.mc4")
    await add_device(device)
    device.faults.offline = True
    with pytest.raises(HomeAssistantError) as err:
        await _call(hass, SERVICE_TURN_ON)
    assert err.value.translation_key == "cannot_connect"
    assert device.host in str(err.value)


async def test_token_rejected_during_command(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """A token that stops working gives a translated 'token rejected' error."""
    device = await _start(simulator, "xiaomi.aircondition.mc4")
    await add_device(device)
    device.change_token()
    device.reboot()
    with pytest.raises(HomeAssistantError) as err:
        await _call(hass, SERVICE_TURN_ON)
    assert err.value.translation_key == "token_rejected"


async def test_unavailable_after_three_failed_polls_and_back_after_one(
    hass: HomeAssistant,
    simulator: Simulator,
    add_device: AddDevice,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Two failed polls keep the last state; the third makes it unavailable; one good poll heals."""
    caplog.set_level(logging.INFO)
    device = await _start(simulator, "xiaomi.aircondition.mc4")
    entry = await add_device(device)
    coordinator = entry.runtime_data.coordinator
    device.faults.offline = True
    for _ in range(FAILURES_BEFORE_UNAVAILABLE - 1):
        await coordinator.async_refresh()
        assert hass.states.get(ENTITY).state == "off"
    await coordinator.async_refresh()
    assert hass.states.get(ENTITY).state == STATE_UNAVAILABLE
    await coordinator.async_refresh()
    assert hass.states.get(ENTITY).state == STATE_UNAVAILABLE
    unavailable_logs = [r for r in caplog.records if "Error fetching" in r.getMessage()]
    assert len(unavailable_logs) == 1

    device.faults.offline = False
    await coordinator.async_refresh()
    assert hass.states.get(ENTITY).state == "off"
    assert len([r for r in caplog.records if "recovered" in r.getMessage()]) == 1


async def test_no_unavailability_under_30_percent_loss(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """100 polls with 30% of datagrams lost in each direction never show the AC unavailable."""
    device = await _start(simulator, "xiaomi.aircondition.mc4")
    entry = await add_device(device)
    coordinator = entry.runtime_data.coordinator
    device.faults.loss = 0.3
    device.faults.rng.seed(20261128)
    for _ in range(100):
        await coordinator.async_refresh()
        assert hass.states.get(ENTITY).state != STATE_UNAVAILABLE
    assert device.counters.lost > 0


@pytest.mark.parametrize(
    ("entity_id", "prop"),
    [
        ("switch.living_room_ac_auxiliary_heater", "heater"),
        ("switch.living_room_ac_anti_mould_drying", "dryer"),
        ("switch.living_room_ac_buzzer", "buzzer"),
        ("switch.living_room_ac_indicator_light", "led"),
    ],
)
async def test_switches(
    hass: HomeAssistant,
    simulator: Simulator,
    add_device: AddDevice,
    entity_id: str,
    prop: str,
) -> None:
    """Each companion switch changes the device and then HA."""
    device = await _start(simulator, "xiaomi.aircondition.mc4")
    await add_device(device)
    for service, value in ((SERVICE_TURN_ON, True), (SERVICE_TURN_OFF, False)):
        await hass.services.async_call(
            Platform.SWITCH, service, {ATTR_ENTITY_ID: entity_id}, blocking=True
        )
        assert device.props[prop] is value
        assert hass.states.get(entity_id).state == ("on" if value else "off")


# An mc-family unit with the optional properties mc4 lacks: humidity sensor and target, horizontal
# swing and a power meter (the family's numbering, docs/air-conditioners.md#mc-family).
MC5_WITH_EXTRAS = replace(
    MC4,
    model="xiaomi.aircondition.mc5",
    defaults={
        **MC4.defaults,
        "target_humidity": 50,
        "horizontal_swing": False,
        "room_humidity": 61,
        "power_consumption": 850.0,
    },
    miot=(
        *MC4.miot,
        MiotProperty(siid=2, piid=14, key="target_humidity", spec=_int_range(30, 70, 1)),
        MiotProperty(siid=3, piid=3, key="horizontal_swing", spec=BOOL),
        _read_only(4, 9, "room_humidity", "int"),
        _read_only(20, 1, "power_consumption", "float"),
    ),
)


async def test_optional_capabilities_become_features(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """A unit that reports humidity, horizontal swing and power gets the matching features."""
    device = await simulator(MC5_WITH_EXTRAS, device_id=DEVICE_ID, token=TOKEN, mac=MAC)
    await add_device(device)
    state = hass.states.get(ENTITY)
    assert state.attributes["current_humidity"] == 61
    assert state.attributes["humidity"] == 50
    assert state.attributes[ATTR_SWING_HORIZONTAL_MODE] == "off"
    assert hass.states.get("sensor.living_room_ac_room_humidity").state == "61"
    power = hass.states.get("sensor.living_room_ac_power")
    assert power.state == "850.0"
    assert power.attributes["unit_of_measurement"] == "W"

    await _call(hass, SERVICE_SET_HUMIDITY, humidity=45)
    assert device.props["target_humidity"] == 45
    assert hass.states.get(ENTITY).attributes["humidity"] == 45
    await _call(hass, SERVICE_SET_SWING_HORIZONTAL_MODE, swing_horizontal_mode="on")
    assert device.props["horizontal_swing"] is True


async def test_token_change_during_polling_starts_reauth(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """When the device starts rejecting the token, polling stops and HA asks for a new token."""
    device = await simulator("xiaomi.aircondition.mc4")
    entry = await add_device(device)
    device.change_token()
    device.reboot()  # the client's next exchange starts with a hello, as after a real re-pairing
    await entry.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == ["reauth"]


async def test_device_vanishing_between_info_and_probe(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """The device answers miIO.info and then goes silent: setup is retried, not failed."""
    device = await simulator("xiaomi.aircondition.mc4")
    device.faults.force_error(-9999, "user ack timeout", method="get_properties", count=None)
    entry = await add_device(device)
    assert entry.state is ConfigEntryState.SETUP_RETRY


MC_WITH_VANES = replace(
    MC4,
    model="xiaomi.aircondition.mc2",
    defaults={
        **MC4.defaults,
        "vertical_angle": 3,
        "horizontal_swing": True,
        "horizontal_angle": 1,
    },
    miot=(
        *MC4.miot,
        MiotProperty(siid=3, piid=3, key="horizontal_swing", spec=BOOL),
        MiotProperty(
            siid=3,
            piid=5,
            key="horizontal_angle",
            spec=ValueSpec(kind="int", values=(1, 2, 3, 4, 5)),
        ),
        MiotProperty(
            siid=3, piid=6, key="vertical_angle", spec=ValueSpec(kind="int", values=(1, 2, 3, 4, 5))
        ),
    ),
)


async def test_fixed_vane_positions_are_swing_modes(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """Where the unit reports a vane angle, its positions are swing modes next to on and off."""
    device = await simulator(MC_WITH_VANES, device_id=DEVICE_ID, token=TOKEN, mac=MAC)
    await add_device(device)
    state = hass.states.get(ENTITY)
    assert state.attributes["swing_modes"] == ["off", "on", *(f"position_{n}" for n in range(1, 6))]
    assert state.attributes[ATTR_SWING_MODE] == "position_3"

    await _call(hass, SERVICE_SET_SWING_MODE, swing_mode="on")
    assert device.props["vertical_swing"] is True
    assert hass.states.get(ENTITY).attributes[ATTR_SWING_MODE] == "on"

    await _call(hass, SERVICE_SET_SWING_MODE, swing_mode="position_5")
    assert device.props["vertical_swing"] is False
    assert device.props["vertical_angle"] == 5
    assert hass.states.get(ENTITY).attributes[ATTR_SWING_MODE] == "position_5"

    assert hass.states.get(ENTITY).attributes[ATTR_SWING_HORIZONTAL_MODE] == "on"
    await _call(hass, SERVICE_SET_SWING_HORIZONTAL_MODE, swing_horizontal_mode="position_2")
    assert device.props["horizontal_swing"] is False
    assert device.props["horizontal_angle"] == 2
    assert hass.states.get(ENTITY).attributes[ATTR_SWING_HORIZONTAL_MODE] == "position_2"


async def test_companion_with_fixed_off_code_refuses_settings_while_off(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """A companion paired to a remote with a fixed off code: settings while off are refused."""
    # Gree remote 0x00010727: its IR template has a fixed "off" command
    device = await _start(simulator, "lumi.acpartner.v2", props={"ac_model": "010500000001072701"})
    await add_device(device)
    with pytest.raises(HomeAssistantError) as err:
        await _call(hass, SERVICE_SET_TEMPERATURE, temperature=22)
    assert err.value.translation_key == "companion_settings_while_off"
    assert device.props["target_temperature"] == 26


async def test_companion_without_ac_model_says_how_to_pair(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """A companion that reports no usable AC model tells the user to pair it in Mi Home."""
    device = await _start(simulator, "lumi.acpartner.v2", props={"ac_model": "01"})
    await add_device(device)
    with pytest.raises(HomeAssistantError) as err:
        await _call(hass, SERVICE_SET_HVAC_MODE, hvac_mode="cool")
    assert err.value.translation_key == "companion_unpaired"
    assert device.host in str(err.value)
