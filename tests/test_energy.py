"""The energy total: a kWh total that never goes down, across counter resets and restarts."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, State, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import restore_state as rs
from homeassistant.helpers.event import async_track_state_change_event
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_mock_load_restore_state_from_storage,
    mock_restore_cache_with_extra_data,
)

from tests.conftest import AddDevice
from tests.simulator.climate import reset_energy
from tests.simulator.device import SimulatedDevice
from tests.simulator.fleet import Simulator

ENERGY = "sensor.living_room_ac_energy"
DEVICE_ID = 314159265
TOKEN = bytes.fromhex("00112233445566778899aabbccddeeff")
COUNTER = "electricity"  # the mc4's energy counter (MIoT 8.1) in the simulator


async def _start(simulator: Simulator, model: str = "xiaomi.aircondition.mc4") -> SimulatedDevice:
    return await simulator(model, device_id=DEVICE_ID, token=TOKEN)


def _record(hass: HomeAssistant) -> list[str]:
    """Collect every state the energy sensor is given from now on."""
    states: list[str] = []

    @callback
    def changed(event: Event[EventStateChangedData]) -> None:
        if (state := event.data["new_state"]) is not None:
            states.append(state.state)

    async_track_state_change_event(hass, [ENERGY], changed)
    return states


async def _never_down(hass: HomeAssistant, states: list[str]) -> list[float]:
    """Return the numbers among the states, asserting that none is below the one before."""
    await hass.async_block_till_done()  # the last state change is still being dispatched
    totals = [float(state) for state in states if state != STATE_UNAVAILABLE]
    assert totals == sorted(totals), f"the total went down: {totals}"
    return totals


async def _poll(
    hass: HomeAssistant, entry: MockConfigEntry, device: SimulatedDevice, counter: float
) -> str:
    """Set the unit's counter, poll it once, and return the energy sensor's state."""
    device.props[COUNTER] = counter
    await entry.runtime_data.coordinator.async_refresh()
    return hass.states.get(ENERGY).state


async def test_total_follows_a_growing_counter(
    hass: HomeAssistant,
    simulator: Simulator,
    add_device: AddDevice,
    entity_registry: er.EntityRegistry,
) -> None:
    """The first reading starts the total at the counter (as the bare counter showed); rises add."""
    device = await _start(simulator)
    entry = await add_device(device)
    state = hass.states.get(ENERGY)
    assert state.state == "12.5"
    assert state.attributes["state_class"] == "total_increasing"
    assert state.attributes["device_class"] == "energy"
    assert state.attributes["unit_of_measurement"] == "kWh"
    registry_entry = entity_registry.async_get(ENERGY)
    assert registry_entry.unique_id == f"{DEVICE_ID}-energy"  # users keep their history
    assert registry_entry.options["sensor"]["suggested_display_precision"] == 2

    assert await _poll(hass, entry, device, 13.0) == "13.0"
    assert await _poll(hass, entry, device, 13.25) == "13.25"
    assert await _poll(hass, entry, device, 13.25) == "13.25"


async def test_total_is_shown_to_the_watt_hour(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """The total's state is rounded to 1 Wh: no float noise from summing counter readings."""
    device = await _start(simulator)
    entry = await add_device(device)
    # a reading as the simulator's room physics (or a unit) can report it
    assert await _poll(hass, entry, device, 17.3996366983317) == "17.4"
    assert await _poll(hass, entry, device, 18.0) == "18.0"
    reset_energy(device)
    await entry.runtime_data.coordinator.async_refresh()
    for reading, shown in ((0.1, "18.1"), (0.2, "18.2"), (0.3, "18.3"), (0.8, "18.8")):
        assert await _poll(hass, entry, device, reading) == shown
    # what the total kept (every rise added up) is, unrounded
    assert repr(18.0 + 0.1 + (0.2 - 0.1) + (0.3 - 0.2)) == "18.300000000000004"
    assert await _poll(hass, entry, device, 1.2345678) == "19.235"


async def test_counter_reset_leaves_the_total_unchanged(
    hass: HomeAssistant,
    simulator: Simulator,
    add_device: AddDevice,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A reset to zero adds nothing; what the counter counts after it adds on top of the total."""
    caplog.set_level(logging.DEBUG, logger="custom_components.xiaomi_living.sensor")
    device = await _start(simulator)
    entry = await add_device(device)
    states = _record(hass)
    coordinator = entry.runtime_data.coordinator

    assert await _poll(hass, entry, device, 13.0) == "13.0"
    reset_energy(device)
    await coordinator.async_refresh()
    assert hass.states.get(ENERGY).state == "13.0"
    assert "energy counter went down from 13.0 to 0.0 kWh, a reset" in caplog.text
    assert await _poll(hass, entry, device, 0.1) == "13.1"
    assert await _poll(hass, entry, device, 0.2) == "13.2"
    assert await _poll(hass, entry, device, 0.3) == "13.3"
    assert await _poll(hass, entry, device, 0.8) == "13.8"

    # A reset seen only after the counter had counted again (a "pulse"): what it shows was used
    # since the reset, and is added.
    reset_energy(device, counted=0.2)
    await coordinator.async_refresh()
    assert hass.states.get(ENERGY).state == "14.0"
    assert await _poll(hass, entry, device, 1.0) == "14.8"

    assert await _never_down(hass, states) == [13.0, 13.1, 13.2, 13.3, 13.8, 14.0, 14.8]


async def test_reset_of_a_counter_the_room_physics_drives(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """A drying unit's counter grows with simulated time, resets, grows on: so does the total."""
    device = await simulator(
        "xiaomi.aircondition.mc4",
        device_id=DEVICE_ID,
        token=TOKEN,
        physics_speed=3600,  # one simulated hour per real second
        props={"power": True, "mode": 3},  # dry: a steady 400 W
    )
    entry = await add_device(device)
    coordinator = entry.runtime_data.coordinator
    states = _record(hass)
    for _ in range(2):
        device._physics_clock -= 1  # an hour of drying
        await coordinator.async_refresh()
    before_reset = float(hass.states.get(ENERGY).state)
    assert before_reset >= 12.5 + 0.8
    reset_energy(device)
    device._physics_clock -= 1
    await coordinator.async_refresh()
    seen = coordinator.data.energy  # what the unit answered: an hour's count since the reset
    assert 0.4 <= seen < 0.9 * before_reset
    # both states are rounded to the watt-hour
    assert float(hass.states.get(ENERGY).state) == pytest.approx(before_reset + seen, abs=0.001)
    assert len(await _never_down(hass, states)) == 3
    for state in states:
        assert len(state.partition(".")[2]) <= 3, state


async def test_small_dip_is_not_a_reset(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """A reading just under the last one (within 10%) is jitter: nothing added, nothing twice."""
    device = await _start(simulator)
    entry = await add_device(device)
    states = _record(hass)
    assert await _poll(hass, entry, device, 20.0) == "20.0"
    assert await _poll(hass, entry, device, 19.5) == "20.0"
    assert await _poll(hass, entry, device, 20.0) == "20.0"
    assert await _poll(hass, entry, device, 20.5) == "20.5"
    assert await _never_down(hass, states) == [20.0, 20.5]


async def test_unknown_readings_do_not_move_the_total(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """An invalid reading or a unit that stops answering shows unavailable; the total stays."""
    device = await _start(simulator)
    entry = await add_device(device)
    states = _record(hass)
    coordinator = entry.runtime_data.coordinator
    assert await _poll(hass, entry, device, 14.0) == "14.0"
    assert await _poll(hass, entry, device, -3.0) == STATE_UNAVAILABLE  # outside 0..1e7
    assert await _poll(hass, entry, device, 14.5) == "14.5"
    device.faults.offline = True
    device.props[COUNTER] = 15.0
    while coordinator.last_update_success:
        await coordinator.async_refresh()
    assert hass.states.get(ENERGY).state == STATE_UNAVAILABLE
    device.faults.offline = False
    await coordinator.async_refresh()
    assert hass.states.get(ENERGY).state == "15.0"
    assert await _never_down(hass, states) == [14.0, 14.5, 15.0]


async def test_restart_in_the_middle_keeps_the_total(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    simulator: Simulator,
    add_device: AddDevice,
) -> None:
    """The total and the counter it saw survive a restart; use while HA was down is counted.

    The restart goes through Home Assistant's restore state store: states are dumped as at
    shutdown, the entry goes away, and the next run reads the store back.
    """
    device = await _start(simulator)
    entry = await add_device(device)
    states = _record(hass)
    reset_energy(device, counted=0.0)
    assert await _poll(hass, entry, device, 0.5) == "13.0"
    assert await _poll(hass, entry, device, 7.5) == "20.0"

    await rs.async_get(hass).async_dump_states()
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    stored = {item["state"]["entity_id"]: item for item in hass_storage[rs.STORAGE_KEY]["data"]}
    assert stored[ENERGY]["extra_data"] == {
        "native_value": 20.0,
        "native_unit_of_measurement": "kWh",
        "counter": 7.5,
    }
    await async_mock_load_restore_state_from_storage(hass)

    # While Home Assistant is down, the unit resets its counter and counts 0.4 kWh.
    reset_energy(device, counted=0.4)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get(ENERGY).state == "20.4"
    assert await _poll(hass, entry, device, 1.0) == "21.0"

    # A second restart with the counter higher than before: the rise since is added.
    await rs.async_get(hass).async_dump_states()
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    await async_mock_load_restore_state_from_storage(hass)
    device.props[COUNTER] = 1.5
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get(ENERGY).state == "21.5"

    assert await _never_down(hass, states) == [13.0, 20.0, 20.4, 21.0, 21.5]


@pytest.mark.parametrize(
    ("extra_data", "expected"),
    [
        # A total stored without its counter reading: the first reading is the new base.
        ({"native_value": 30.0, "native_unit_of_measurement": "kWh"}, ["30.0", "30.5"]),
        # A counter reading that is not a number: the same.
        (
            {"native_value": 30.0, "native_unit_of_measurement": "kWh", "counter": "x"},
            ["30.0", "30.5"],
        ),
        # A stored total that is not a number is not taken up: the total starts at the counter.
        (
            {"native_value": "x", "native_unit_of_measurement": "kWh", "counter": 10.0},
            ["12.5", "13.0"],
        ),
        ({"native_value": -1, "native_unit_of_measurement": "kWh"}, ["12.5", "13.0"]),
        ({}, ["12.5", "13.0"]),
    ],
)
async def test_odd_restored_data(
    hass: HomeAssistant,
    simulator: Simulator,
    add_device: AddDevice,
    extra_data: dict[str, Any],
    expected: list[str],
) -> None:
    """Restored data that lacks a part, or holds something else, never makes the total jump."""
    mock_restore_cache_with_extra_data(hass, [(State(ENERGY, "30.0"), extra_data)])
    device = await _start(simulator)
    entry = await add_device(device)
    assert hass.states.get(ENERGY).state == expected[0]
    assert await _poll(hass, entry, device, 13.0) == expected[1]


async def test_unit_without_energy_counter_has_no_energy_sensor(
    hass: HomeAssistant,
    simulator: Simulator,
    add_device: AddDevice,
    entity_registry: er.EntityRegistry,
) -> None:
    """An ma4 reports no energy: it gets its room sensor but no energy total."""
    entry = await add_device(await _start(simulator, "xiaomi.aircondition.ma4"))
    unique_ids = {
        entity.unique_id
        for entity in er.async_entries_for_config_entry(entity_registry, entry.entry_id)
    }
    assert f"{DEVICE_ID}-current_temperature" in unique_ids
    assert f"{DEVICE_ID}-energy" not in unique_ids
    assert hass.states.get(ENERGY) is None


async def test_simulator_refuses_to_reset_a_counter_the_unit_lacks(simulator: Simulator) -> None:
    """reset_energy on a unit without an energy counter is a mistake in the test, said so."""
    device = await _start(simulator, "xiaomi.aircondition.ma4")
    with pytest.raises(ValueError, match="has no energy counter"):
        reset_energy(device)
