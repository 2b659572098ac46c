"""Air conditioner sensors: how many decimals they suggest, and the Wi-Fi signal from miIO.info."""

from __future__ import annotations

from datetime import timedelta

import pytest
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE, EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.xiaomi_living import coordinator as coordinator_module
from custom_components.xiaomi_living.coordinator import wifi_rssi
from tests.conftest import AddDevice
from tests.simulator.device import SimulatedDevice
from tests.simulator.fleet import Simulator
from tests.test_climate import MC5_WITH_EXTRAS

SIGNAL = "sensor.living_room_ac_signal_strength"
INFO = "miIO.info"


def _info_requests(device: SimulatedDevice) -> int:
    return sum(1 for request in device.requests if request.method == INFO)


async def test_sensors_suggest_their_precision(
    hass: HomeAssistant,
    simulator: Simulator,
    add_device: AddDevice,
    entity_registry: er.EntityRegistry,
) -> None:
    """Tenths of a degree, whole percent, whole watts, hundredths of a kWh."""
    await add_device(await simulator(MC5_WITH_EXTRAS))
    expected = {
        "sensor.living_room_ac_room_temperature": 1,
        "sensor.living_room_ac_room_humidity": 0,
        "sensor.living_room_ac_power": 0,
        "sensor.living_room_ac_energy": 2,
    }
    for entity_id, precision in expected.items():
        registry_entry = entity_registry.async_get(entity_id)
        assert registry_entry is not None, entity_id
        assert registry_entry.options["sensor"]["suggested_display_precision"] == precision


async def test_outdoor_sensors_suggest_their_precision(
    hass: HomeAssistant,
    simulator: Simulator,
    add_device: AddDevice,
    entity_registry: er.EntityRegistry,
) -> None:
    """The zhimi family's outdoor temperature and humidity, as the room's."""
    await add_device(
        await simulator("zhimi.aircondition.v1", props={"ot_temp_dec": 315, "ot_humidity": 48})
    )
    for entity_id, precision in {
        "sensor.living_room_ac_outdoor_temperature": 1,
        "sensor.living_room_ac_outdoor_humidity": 0,
    }.items():
        registry_entry = entity_registry.async_get(entity_id)
        assert registry_entry is not None, entity_id
        assert registry_entry.options["sensor"]["suggested_display_precision"] == precision
    assert hass.states.get("sensor.living_room_ac_outdoor_temperature").state == "31.5"


async def _enable_signal(
    hass: HomeAssistant, entity_registry: er.EntityRegistry, entry: MockConfigEntry
) -> None:
    """Enable the signal sensor as the user does, and reload the entry (HA would, later)."""
    entity_registry.async_update_entity(SIGNAL, disabled_by=None)
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()


@pytest.mark.parametrize("model", ["xiaomi.aircondition.mc4", "lumi.acpartner.v2"])
async def test_wifi_signal_is_a_disabled_diagnostic_sensor(
    hass: HomeAssistant,
    simulator: Simulator,
    add_device: AddDevice,
    entity_registry: er.EntityRegistry,
    model: str,
) -> None:
    """The signal miIO.info reports: a diagnostic in dBm, off until the user enables it."""
    device = await simulator(model)
    device.rssi = -58
    entry = await add_device(device)
    registry_entry = entity_registry.async_get(SIGNAL)
    assert registry_entry is not None
    assert registry_entry.unique_id == f"{device.device_id}-wifi_signal"
    assert registry_entry.disabled_by is er.RegistryEntryDisabler.INTEGRATION
    assert registry_entry.entity_category is EntityCategory.DIAGNOSTIC
    assert hass.states.get(SIGNAL) is None

    await _enable_signal(hass, entity_registry, entry)
    state = hass.states.get(SIGNAL)
    assert state.state == "-58"
    assert state.attributes["device_class"] == "signal_strength"
    assert state.attributes["unit_of_measurement"] == "dBm"
    assert state.attributes["state_class"] == "measurement"


async def test_wifi_signal_is_read_at_a_slow_rate_while_enabled(
    hass: HomeAssistant,
    simulator: Simulator,
    add_device: AddDevice,
    entity_registry: er.EntityRegistry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No extra request per poll: miIO.info again only once RSSI_INTERVAL has passed."""
    device = await simulator("xiaomi.aircondition.mc4")
    entry = await add_device(device)
    await _enable_signal(hass, entity_registry, entry)
    coordinator = entry.runtime_data.coordinator
    assert hass.states.get(SIGNAL).state == "-45"

    device.rssi = -71
    asked = _info_requests(device)
    for _ in range(5):
        await coordinator.async_refresh()
    assert _info_requests(device) == asked  # within the interval: not asked
    assert hass.states.get(SIGNAL).state == "-45"

    monkeypatch.setattr(coordinator_module, "RSSI_INTERVAL", timedelta(0))
    await coordinator.async_refresh()
    assert _info_requests(device) == asked + 1
    assert hass.states.get(SIGNAL).state == "-71"

    # a failed read keeps the last signal, and the poll itself succeeds
    device.rssi = -80
    device.faults.force_error(-5000, "general error", method=INFO, count=None)
    await coordinator.async_refresh()
    assert coordinator.last_update_success
    assert hass.states.get(SIGNAL).state == "-71"
    assert hass.states.get("climate.living_room_ac").state == "off"


async def test_wifi_signal_is_not_read_while_its_sensor_is_disabled(
    hass: HomeAssistant,
    simulator: Simulator,
    add_device: AddDevice,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A disabled sensor costs nothing: polls never ask miIO.info, whatever the interval."""
    monkeypatch.setattr(coordinator_module, "RSSI_INTERVAL", timedelta(0))
    device = await simulator("xiaomi.aircondition.mc4")
    entry = await add_device(device)
    asked = _info_requests(device)
    for _ in range(3):
        await entry.runtime_data.coordinator.async_refresh()
    assert _info_requests(device) == asked


async def test_wifi_signal_not_read_after_a_failed_poll(
    hass: HomeAssistant,
    simulator: Simulator,
    add_device: AddDevice,
    entity_registry: er.EntityRegistry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A poll that failed asks nothing more; the signal follows the unit into unavailable."""
    device = await simulator("xiaomi.aircondition.mc4")
    entry = await add_device(device)
    await _enable_signal(hass, entity_registry, entry)
    monkeypatch.setattr(coordinator_module, "RSSI_INTERVAL", timedelta(0))
    coordinator = entry.runtime_data.coordinator
    # the unit still answers miIO.info, but its properties fail
    device.faults.force_error(-5000, "general error", method="get_properties", count=None)
    asked = _info_requests(device)
    while coordinator.last_update_success:
        await coordinator.async_refresh()
    assert _info_requests(device) == asked
    assert hass.states.get(SIGNAL).state == STATE_UNAVAILABLE
    assert entry.state is ConfigEntryState.LOADED

    device.faults.clear_errors()
    await coordinator.async_refresh()
    assert _info_requests(device) == asked + 1
    assert hass.states.get(SIGNAL).state == "-45"


async def test_no_signal_sensor_without_a_signal(
    hass: HomeAssistant,
    simulator: Simulator,
    add_device: AddDevice,
    entity_registry: er.EntityRegistry,
) -> None:
    """A unit whose miIO.info carries no ap.rssi gets no signal sensor."""
    device = await simulator("xiaomi.aircondition.mc4")
    device.rssi = None  # type: ignore[assignment]
    await add_device(device)
    assert entity_registry.async_get(SIGNAL) is None


@pytest.mark.parametrize(
    ("info", "expected"),
    [
        ({"ap": {"ssid": "x", "rssi": -45}}, -45),
        ({"ap": {"rssi": 0}}, 0),
        ({"ap": {"rssi": -127}}, -127),
        ({"ap": {"rssi": 12}}, None),
        ({"ap": {"rssi": -128}}, None),
        ({"ap": {"rssi": "-45"}}, None),
        ({"ap": {"rssi": True}}, None),
        ({"ap": {"rssi": -45.5}}, None),
        ({"ap": "none"}, None),
        ({"ap": {}}, None),
        ({}, None),
    ],
)
def test_wifi_rssi_from_miio_info(info: dict[str, object], expected: int | None) -> None:
    """Only a whole dBm value that a radio can report is a signal."""
    assert wifi_rssi(info) == expected
