"""Setting an entry up and unloading it, against the simulator."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import issue_registry as ir

from custom_components.xiaomi_living.const import DOMAIN
from tests.conftest import AddDevice
from tests.simulator.fleet import Simulator
from tests.simulator.profiles import MC4


async def test_setup_and_unload(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """An AC sets up from its entry, asks the device who it is, and unloads cleanly."""
    device = await simulator("xiaomi.aircondition.mc4")
    entry = await add_device(device)
    assert entry.state is ConfigEntryState.LOADED
    assert entry.runtime_data.info.model == "xiaomi.aircondition.mc4"
    assert [r.method for r in device.requests].count("miIO.info") == 1
    assert hass.states.get("climate.living_room_ac") is not None

    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.NOT_LOADED
    assert hass.states.get("climate.living_room_ac").state == "unavailable"


async def test_device_registry(
    hass: HomeAssistant,
    simulator: Simulator,
    add_device: AddDevice,
    device_registry: dr.DeviceRegistry,
) -> None:
    """One device per AC, with its model, firmware and MAC."""
    device = await simulator("xiaomi.aircondition.mc4")
    config_entry = await add_device(device)
    # By config entry: HA 2026.8+ deprecates looking a device up by identifiers alone
    (entry,) = dr.async_entries_for_config_entry(device_registry, config_entry.entry_id)
    assert entry.identifiers == {(DOMAIN, str(device.device_id))}
    assert entry.manufacturer == "Xiaomi"
    assert entry.model_id == "xiaomi.aircondition.mc4"
    assert entry.sw_version == device.profile.fw_ver
    assert (dr.CONNECTION_NETWORK_MAC, device.mac.lower()) in entry.connections
    assert entry.name == "Living room AC"


async def test_offline_device_retries_setup(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """No answer at setup: HA retries later and says why."""
    device = await simulator("xiaomi.aircondition.mc4")
    device.faults.offline = True
    entry = await add_device(device)
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert entry.reason == (
        f"No answer from the device at {device.host}; it may be off or out of the network"
    )


async def test_wrong_token_starts_reauth(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """A token the device rejects fails setup and asks the user for a new one."""
    device = await simulator("xiaomi.aircondition.mc4")
    entry = await add_device(device)
    await hass.config_entries.async_unload(entry.entry_id)
    device.change_token()
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_ERROR
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == ["reauth"]


async def test_unsupported_model_is_an_error(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """A device that turns out to be a model we do not control fails setup for good."""
    device = await simulator(replace(MC4, model="yeelink.light.color1"))
    entry = await add_device(device)
    assert entry.state is ConfigEntryState.SETUP_ERROR
    assert "yeelink.light.color1" in str(entry.reason)


async def test_firmware_without_local_miot_raises_a_repair(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """-10000 to MIoT: setup fails for good with a repair saying what to do; removal clears it."""
    device = await simulator("xiaomi.aircondition.mc4")
    device.faults.force_error(-10000, "Method not found.", method="get_properties", count=None)
    entry = await add_device(device)
    assert entry.state is ConfigEntryState.SETUP_ERROR
    assert "error -10000" in str(entry.reason)
    issue_id = f"no_local_control_{entry.entry_id}"
    issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_placeholders == {
        "model": "xiaomi.aircondition.mc4",
        "host": device.host,
        "name": "Living room AC",
    }

    # after a firmware update the device answers: the repair goes away on the next setup
    device.faults.clear_errors()
    await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None

    device.faults.force_error(-10000, "Method not found.", method="get_properties", count=None)
    await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is not None
    await hass.config_entries.async_remove(entry.entry_id)
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None


async def test_setup_installs_voice_sentences_and_removal_deletes_them(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """Sentences reach custom_sentences with the first entry and leave with the last one."""
    device = await simulator("xiaomi.aircondition.mc4")
    entry = await add_device(device)
    installed = Path(hass.config.path("custom_sentences"))
    assert {path.parent.name for path in installed.glob("*/xiaomi_living_*.yaml")} == {
        "en",
        "zh-CN",
        "zh-HK",
        "zh-TW",
    }
    await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    assert not list(installed.glob("*/xiaomi_living_*.yaml"))
