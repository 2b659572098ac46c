"""The config flow against simulated devices: every error and abort the user can meet."""

from __future__ import annotations

from unittest.mock import patch

import pytest
from homeassistant.config_entries import SOURCE_USER
from homeassistant.const import CONF_HOST, CONF_TOKEN
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType

from custom_components.xiaomi_living.const import CONF_MAC, CONF_MODEL, DOMAIN
from tests.conftest import AddDevice
from tests.simulator.fleet import Simulator

OTHER_TOKEN = "ffeeddccbbaa99887766554433221100"


async def _start_user_flow(hass: HomeAssistant) -> str:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
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
    device = await simulator("xiaomi.tv.mitv5proh1")
    flow_id = await _start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_HOST: device.host, CONF_TOKEN: device.token_hex}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "unsupported_model"
    assert result["description_placeholders"] == {"model": "xiaomi.tv.mitv5proh1"}


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
