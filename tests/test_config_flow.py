"""The config flow against simulated devices: every error and abort the user can meet."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from ipaddress import ip_address
from typing import Any
from unittest.mock import patch

import pytest
from homeassistant.config_entries import SOURCE_USER, SOURCE_ZEROCONF, ConfigEntryState
from homeassistant.const import CONF_HOST, CONF_TOKEN
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers.service_info.zeroconf import ZeroconfServiceInfo
from homeassistant.helpers.translation import async_get_translations
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.xiaomi_living.const import (
    CONF_MAC,
    CONF_MODEL,
    CONF_SCAN_INTERVAL,
    CONF_TV_TURN_OFF,
    CONF_VOICE_SENTENCES,
    CONF_WAKE_ON_LAN,
    DOMAIN,
)
from tests.conftest import AddDevice, AddTv
from tests.simulator.device import SimulatedDevice
from tests.simulator.fleet import Simulator
from tests.simulator.profiles import MC4

OTHER_TOKEN = "ffeeddccbbaa99887766554433221100"


async def _text(hass: HomeAssistant, category: str, *key: str, language: str = "en") -> str:
    """Return one of our translated texts, as the frontend would show it."""
    texts = await async_get_translations(hass, language, category, [DOMAIN])
    return texts[".".join(("component", DOMAIN, category, *key))]


def _suggested(result: Any) -> dict[str, Any]:
    """Return what a form shows filled in: each field's suggested value, else its default."""
    shown: dict[str, Any] = {}
    for marker in result["data_schema"].schema:
        if (marker.description or {}).get("suggested_value") is not None:
            shown[str(marker)] = marker.description["suggested_value"]
        elif callable(marker.default):
            shown[str(marker)] = marker.default()
    return shown


async def _start_user_flow(hass: HomeAssistant) -> str:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert result["type"] is FlowResultType.MENU
    assert result["step_id"] == "user"
    assert "manual" in result["menu_options"]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "manual"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "manual"
    assert result["errors"] == {}
    return str(result["flow_id"])


async def test_user_flow_creates_entry(hass: HomeAssistant, simulator: Simulator) -> None:
    """Host and token are checked against the device, which names its model and id."""
    device = await simulator("xiaomi.aircondition.mc4")
    flow_id = await _start_user_flow(hass)
    # capitals and spaces in a pasted token are forgiven
    token = " ".join(device.token_hex.upper()[i : i + 8] for i in range(0, 32, 8))
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_HOST: f" {device.host} ", CONF_TOKEN: token}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "xiaomi.aircondition.mc4"
    assert result["data"] == {
        CONF_HOST: device.host,
        CONF_TOKEN: device.token_hex,
        CONF_MODEL: "xiaomi.aircondition.mc4",
        CONF_MAC: device.mac,
    }
    assert result["result"].unique_id == str(device.device_id)
    await hass.async_block_till_done()


@pytest.mark.parametrize("token", ["123", "zz" * 16, "00112233445566778899aabbccddeeff00"])
async def test_malformed_token_is_refused_before_sending(
    hass: HomeAssistant, simulator: Simulator, token: str
) -> None:
    """A token that is not 32 hex characters never reaches the device."""
    device = await simulator("xiaomi.aircondition.mc4")
    flow_id = await _start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_HOST: device.host, CONF_TOKEN: token}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_TOKEN: "invalid_token"}
    assert device.counters.hellos == 0


async def test_offline_device(hass: HomeAssistant, simulator: Simulator) -> None:
    """No answer at all: cannot connect; fixing the problem lets the same flow finish."""
    device = await simulator("xiaomi.aircondition.mc4")
    device.faults.offline = True
    flow_id = await _start_user_flow(hass)
    user_input = {CONF_HOST: device.host, CONF_TOKEN: device.token_hex}
    result = await hass.config_entries.flow.async_configure(flow_id, user_input)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "cannot_connect"}

    device.faults.offline = False
    result = await hass.config_entries.flow.async_configure(flow_id, user_input)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()


async def test_wrong_token(hass: HomeAssistant, simulator: Simulator) -> None:
    """The device answers the hello but not with our token: token rejected, not cannot connect."""
    device = await simulator("xiaomi.aircondition.mc4")
    flow_id = await _start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_HOST: device.host, CONF_TOKEN: OTHER_TOKEN}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "token_rejected"}


async def test_unsupported_model(hass: HomeAssistant, simulator: Simulator) -> None:
    """A device of a model we do not control aborts, naming the model."""
    device = await simulator(replace(MC4, model="yeelink.light.color1"))
    flow_id = await _start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_HOST: device.host, CONF_TOKEN: device.token_hex}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "unsupported_model"
    assert result["description_placeholders"] == {"model": "yeelink.light.color1"}


async def test_unexpected_error(hass: HomeAssistant, simulator: Simulator) -> None:
    """A bug while checking the device shows 'unknown' and logs the details."""
    device = await simulator("xiaomi.aircondition.mc4")
    flow_id = await _start_user_flow(hass)
    with patch(
        "custom_components.xiaomi_living.client.MiioClient.info", side_effect=RuntimeError("bug")
    ):
        result = await hass.config_entries.flow.async_configure(
            flow_id, {CONF_HOST: device.host, CONF_TOKEN: device.token_hex}
        )
    assert result["errors"] == {"base": "unknown"}


async def test_already_configured_updates_host(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """The same device at a new address is not added twice; its entry learns the new address."""
    device = await simulator("xiaomi.aircondition.mc4")
    entry = await add_device(device)
    moved = await simulator(
        "xiaomi.aircondition.mc4", device_id=device.device_id, token=device.token
    )
    await device.stop()
    flow_id = await _start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_HOST: moved.host, CONF_TOKEN: moved.token_hex}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert entry.data[CONF_HOST] == moved.host
    await hass.async_block_till_done()


async def test_reauth_with_new_token(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """After the device's token changes, reauth asks only for the new token and reloads."""
    device = await simulator("xiaomi.aircondition.mc4")
    entry = await add_device(device)
    new_token = device.change_token()
    result = await entry.start_reauth_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reauth_confirm"
    assert result["description_placeholders"] == {"name": "Living room AC", "host": device.host}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_TOKEN: "not a token"}
    )
    assert result["errors"] == {CONF_TOKEN: "invalid_token"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_TOKEN: OTHER_TOKEN}
    )
    assert result["errors"] == {"base": "token_rejected"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_TOKEN: new_token.hex()}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert entry.data[CONF_TOKEN] == new_token.hex()
    await hass.async_block_till_done()


async def test_reauth_refuses_another_device(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """A token that belongs to a different device at the entry's address is not accepted."""
    device = await simulator("xiaomi.aircondition.mc4")
    entry = await add_device(device)
    await device.stop()
    impostor = await simulator("xiaomi.aircondition.mc4", host=device.host)
    result = await entry.start_reauth_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_TOKEN: impostor.token_hex}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_device"
    assert entry.data[CONF_TOKEN] == device.token_hex


def _zeroconf(device: SimulatedDevice, *, host: str | None = None) -> ZeroconfServiceInfo:
    name = f"{device.model.replace('.', '-')}_miio{device.device_id}._miio._udp.local."
    address = ip_address(host or device.host)
    return ZeroconfServiceInfo(
        ip_address=address,
        ip_addresses=[address],
        hostname=f"{device.model.replace('.', '-')}.local.",
        name=name,
        port=54321,
        type="_miio._udp.local.",
        properties={"mac": device.mac.lower()},
    )


async def test_zeroconf_discovery_asks_only_for_the_token(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """A discovered AC shows its model and needs only its token."""
    device = await simulator("xiaomi.aircondition.mc4")
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_ZEROCONF}, data=_zeroconf(device)
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "zeroconf_confirm"
    assert result["description_placeholders"] == {
        "model": "xiaomi.aircondition.mc4",
        "host": device.host,
    }
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_TOKEN: OTHER_TOKEN}
    )
    assert result["errors"] == {"base": "token_rejected"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_TOKEN: device.token_hex}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["result"].unique_id == str(device.device_id)
    await hass.async_block_till_done()


async def test_zeroconf_updates_the_host_of_a_known_device(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """A known device announcing a new address gets its host updated, without a new flow."""
    device = await simulator("xiaomi.aircondition.mc4")
    entry = await add_device(device)
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_ZEROCONF}, data=_zeroconf(device, host="127.0.3.250")
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert entry.data[CONF_HOST] == "127.0.3.250"
    await hass.async_block_till_done()


@pytest.mark.parametrize(
    "name",
    [
        "yeelink-light-color1_miio12345._miio._udp.local.",  # another brand's miIO device
        "xiaomi-aircondition-zz99_miio12345._miio._udp.local.",  # an unknown AC model
        "not-a-miio-name._miio._udp.local.",
    ],
)
async def test_zeroconf_ignores_devices_we_do_not_control(hass: HomeAssistant, name: str) -> None:
    """Other miIO devices are left to the integrations that own them."""
    info = ZeroconfServiceInfo(
        ip_address=ip_address("127.0.3.251"),
        ip_addresses=[ip_address("127.0.3.251")],
        hostname="x.local.",
        name=name,
        port=54321,
        type="_miio._udp.local.",
        properties={},
    )
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_ZEROCONF}, data=info
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "not_xiaomi_device"


async def test_reconfigure_changes_host_and_token(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """Reconfigure checks the new host and token against the same device before saving."""
    device = await simulator("xiaomi.aircondition.mc4")
    entry = await add_device(device)
    moved = await simulator("xiaomi.aircondition.mc4", device_id=device.device_id)
    await device.stop()
    result = await entry.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"
    # the address is filled in, the stored token never is
    assert _suggested(result) == {CONF_HOST: device.host}
    assert device.token_hex not in repr(result)

    # a dead host is refused, and nothing is saved
    dead = await simulator("xiaomi.aircondition.mc4")
    dead.faults.offline = True
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: dead.host, CONF_TOKEN: moved.token_hex}
    )
    assert result["errors"] == {"base": "cannot_connect"}
    assert entry.data[CONF_HOST] == device.host

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: moved.host, CONF_TOKEN: "xyz"}
    )
    assert result["errors"] == {CONF_TOKEN: "invalid_token"}
    # the form shown again keeps the address typed, and still no token
    assert _suggested(result) == {CONF_HOST: moved.host}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: moved.host, CONF_TOKEN: moved.token_hex}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.data[CONF_HOST] == moved.host
    assert entry.data[CONF_TOKEN] == moved.token_hex
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED


@pytest.mark.parametrize("token", [None, "", "  "])
async def test_reconfigure_with_the_token_left_empty_keeps_it(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice, token: str | None
) -> None:
    """An empty (or absent) token keeps the stored one: only the address changes."""
    device = await simulator("xiaomi.aircondition.mc4")
    entry = await add_device(device)
    moved = await simulator(
        "xiaomi.aircondition.mc4", device_id=device.device_id, token=device.token
    )
    await device.stop()
    result = await entry.start_reconfigure_flow(hass)
    user_input = (
        {CONF_HOST: moved.host} if token is None else {CONF_HOST: moved.host, CONF_TOKEN: token}
    )
    result = await hass.config_entries.flow.async_configure(result["flow_id"], user_input)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.data[CONF_HOST] == moved.host
    assert entry.data[CONF_TOKEN] == device.token_hex
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert moved.counters.hellos > 0  # the stored token was checked at the new address


async def test_reconfigure_refuses_another_device(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """Pointing an entry at a different device is refused, in words about reconfiguring."""
    device = await simulator("xiaomi.aircondition.mc4")
    entry = await add_device(device)
    other = await simulator("xiaomi.aircondition.mc4")
    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: other.host, CONF_TOKEN: other.token_hex}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_wrong_device"
    assert entry.data[CONF_HOST] == device.host
    assert entry.data[CONF_TOKEN] == device.token_hex
    text = await _text(hass, "config", "abort", "reconfigure_wrong_device")
    assert "different device than the one being reconfigured" in text
    assert "authenticat" not in text
    for language in ("zh-Hans", "zh-Hant"):
        assert "重新" in await _text(
            hass, "config", "abort", "reconfigure_wrong_device", language=language
        )


async def test_options_change_the_poll_interval(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """An AC offers the poll interval only; saving reloads the entry with the new interval."""
    device = await simulator("xiaomi.aircondition.mc4")
    entry = await add_device(device)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.FORM
    assert [str(key) for key in result["data_schema"].schema] == [
        CONF_SCAN_INTERVAL,
        CONF_VOICE_SENTENCES,
    ]
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_SCAN_INTERVAL: 60, CONF_VOICE_SENTENCES: True}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert entry.options[CONF_SCAN_INTERVAL] == 60
    assert type(entry.options[CONF_SCAN_INTERVAL]) is int
    assert entry.runtime_data.coordinator.update_interval == timedelta(seconds=60)


async def test_options_name_the_device(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """The options dialog says which device it is for, in every language."""
    entry = await add_device(await simulator("xiaomi.aircondition.mc4"), title="Study AC")
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["description_placeholders"]["name"] == "Study AC"
    for language in ("en", "zh-Hans", "zh-Hant"):
        for part in ("title", "description"):
            text = await _text(hass, "options", "step", "init", part, language=language)
            assert "{name}" in text, (language, part)


@pytest.mark.parametrize("interval", [2, 4.9, 301, 0, -5])
async def test_options_refuse_an_interval_out_of_range(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice, interval: float
) -> None:
    """Out of 5-300 seconds: a translated field error naming the range; the form stays filled."""
    device = await simulator("xiaomi.aircondition.mc4")
    entry = await add_device(device)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_SCAN_INTERVAL: interval, CONF_VOICE_SENTENCES: False}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_SCAN_INTERVAL: "scan_interval_out_of_range"}
    assert _suggested(result) == {CONF_SCAN_INTERVAL: interval, CONF_VOICE_SENTENCES: False}
    placeholders = result["description_placeholders"]
    for language in ("en", "zh-Hans", "zh-Hant"):
        text = await _text(
            hass, "options", "error", "scan_interval_out_of_range", language=language
        )
        rendered = text.format(**placeholders)
        assert "5" in rendered, rendered
        assert "300" in rendered, rendered
    assert entry.options == {}

    # fixed, the same form saves
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_SCAN_INTERVAL: 5, CONF_VOICE_SENTENCES: True}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert entry.options[CONF_SCAN_INTERVAL] == 5


async def test_options_keep_a_fractional_interval(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice
) -> None:
    """A typed 7.5 s is kept as it is (only whole seconds become integers)."""
    entry = await add_device(await simulator("xiaomi.aircondition.mc4"))
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_SCAN_INTERVAL: 7.5, CONF_VOICE_SENTENCES: True}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert entry.options[CONF_SCAN_INTERVAL] == 7.5
    assert entry.runtime_data.coordinator.update_interval == timedelta(seconds=7.5)


async def test_miot_tv_by_host_and_token(hass: HomeAssistant, simulator: Simulator) -> None:
    """A MIoT TV is added like an AC: host and token, checked over miIO."""
    tv = await simulator("xiaomi.tv.mitv5proh1")
    flow_id = await _start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_HOST: tv.host, CONF_TOKEN: tv.token_hex}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_MODEL] == "xiaomi.tv.mitv5proh1"
    await hass.async_block_till_done()
    assert hass.states.get("media_player.xiaomi_tv_mitv5proh1").state == "on"


async def _start_tv_http_flow(hass: HomeAssistant) -> str:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "tv_http"}
    )
    assert result["step_id"] == "tv_http"
    return str(result["flow_id"])


async def test_http_only_tv_by_address(hass: HomeAssistant, simulator: Simulator) -> None:
    """An older MIUI TV is added by its address; its name and MAC come from its HTTP API."""
    tv = await simulator("xiaomi.tv.mitv5proh1")
    flow_id = await _start_tv_http_flow(hass)
    result = await hass.config_entries.flow.async_configure(flow_id, {CONF_HOST: tv.host})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == tv.tv.name
    assert result["data"] == {
        CONF_HOST: tv.host,
        CONF_MODEL: "xiaomi.tv.miui_http",
        CONF_MAC: tv.tv.mac.lower(),
    }
    assert CONF_TOKEN not in result["data"]
    assert result["result"].unique_id == tv.tv.mac.lower()
    await hass.async_block_till_done()


async def test_http_only_tv_errors(hass: HomeAssistant, simulator: Simulator) -> None:
    """A TV that is off, and a host that answers HTML, each get their own message."""
    tv = await simulator("xiaomi.tv.mitv5proh1")
    tv.tv.power = "off"
    flow_id = await _start_tv_http_flow(hass)
    result = await hass.config_entries.flow.async_configure(flow_id, {CONF_HOST: tv.host})
    assert result["errors"] == {"base": "tv_http_cannot_connect"}
    tv.tv.power = "on"
    tv.http.faults.html = True
    result = await hass.config_entries.flow.async_configure(flow_id, {CONF_HOST: tv.host})
    assert result["errors"] == {"base": "tv_http_bad_answer"}
    # a set that reports no MAC cannot be told apart from another one
    tv.http.faults.html = False
    tv.tv.mac = tv.tv.wifi_mac = "00:00:00:00:00:00"
    result = await hass.config_entries.flow.async_configure(flow_id, {CONF_HOST: tv.host})
    assert result["errors"] == {"base": "tv_http_bad_answer"}


async def test_http_only_tv_reconfigure_host(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """An HTTP-only TV's entry changes only its host, checked against the same set."""
    tv = await simulator("xiaomi.tv.mitv5proh1")
    entry = await add_tv(tv, http_only=True)
    hass.config_entries.async_update_entry(entry, unique_id=tv.tv.mac.lower())
    other = await simulator("xiaomi.tv.mitv5proh1")
    other.tv.mac = "a4:39:b3:00:00:99"
    result = await entry.start_reconfigure_flow(hass)
    assert result["step_id"] == "reconfigure_host"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: "127.0.3.253"}
    )
    assert result["errors"] == {"base": "tv_http_cannot_connect"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: other.host}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_wrong_device"

    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {CONF_HOST: tv.host})
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()


async def test_tv_options_offer_power_off_and_wake_on_lan(hass: HomeAssistant) -> None:
    """A TV entry also offers how to switch it off and whether to wake it over the network."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id="42",
        data={CONF_HOST: "127.0.3.252", CONF_MODEL: "xiaomi.tv.mitv5proh1", CONF_MAC: None},
    )
    entry.add_to_hass(hass)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert [str(key) for key in result["data_schema"].schema] == [
        CONF_SCAN_INTERVAL,
        CONF_VOICE_SENTENCES,
        CONF_TV_TURN_OFF,
        CONF_WAKE_ON_LAN,
    ]
    options = {
        CONF_SCAN_INTERVAL: 30,
        CONF_VOICE_SENTENCES: False,
        CONF_TV_TURN_OFF: "power_off",
        CONF_WAKE_ON_LAN: False,
    }
    result = await hass.config_entries.options.async_configure(result["flow_id"], options)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == options
