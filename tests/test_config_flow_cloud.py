"""Token import from a Xiaomi account, against a local fake of its services and the simulator."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.config_entries import SOURCE_USER
from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_TOKEN, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType

from custom_components.xiaomi_living.client import cloud
from custom_components.xiaomi_living.const import DOMAIN
from tests.cloud_fake import XiaomiCloudFake, device_entry
from tests.conftest import AddDevice
from tests.simulator.device import SimulatedDevice
from tests.simulator.fleet import Simulator


@pytest.fixture
def fake(xiaomi_cloud_fake: XiaomiCloudFake, monkeypatch: pytest.MonkeyPatch) -> XiaomiCloudFake:
    """Point the flow's cloud client at the local fake instead of Xiaomi's servers."""
    monkeypatch.setattr(cloud, "ACCOUNT_URL", xiaomi_cloud_fake.account_url)
    monkeypatch.setattr(cloud, "API_URL_TEMPLATE", xiaomi_cloud_fake.api_url_template)
    return xiaomi_cloud_fake


def _entry_for(device: SimulatedDevice, name: str, did: str) -> dict[str, Any]:
    return device_entry(
        did=did,
        model=device.model,
        name=name,
        token=device.token_hex.upper(),
        local_ip=device.host,
        mac=device.mac,
    )


async def _sign_in_form(hass: HomeAssistant) -> str:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "cloud"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "cloud"
    return str(result["flow_id"])


def _credentials(fake: XiaomiCloudFake, **overrides: str) -> dict[str, str]:
    return {
        CONF_USERNAME: fake.settings.username,
        CONF_PASSWORD: fake.settings.password,
        "region": "cn",
        **overrides,
    }


async def test_cloud_import_adds_every_chosen_device(
    hass: HomeAssistant, simulator: Simulator, fake: XiaomiCloudFake
) -> None:
    """Sign in, pick two ACs: each is checked locally and becomes its own entry."""
    living = await simulator("xiaomi.aircondition.mc4")
    bedroom = await simulator("xiaomi.aircondition.ma4")
    fake.settings.devices = {
        "cn": [
            _entry_for(living, "Living room AC", "101"),
            _entry_for(bedroom, "Bedroom AC", "102"),
            # a lamp and a device without a token are not offered
            device_entry(did="103", model="yeelink.light.color1", name="Lamp", token="ab" * 16),
            device_entry(did="104", model="xiaomi.aircondition.mc4", name="Offline AC"),
        ]
    }
    flow_id = await _sign_in_form(hass)
    result = await hass.config_entries.flow.async_configure(flow_id, _credentials(fake))
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "cloud_devices"
    options = result["data_schema"].schema["devices"].config["options"]
    assert [option["value"] for option in options] == ["101", "102"]

    result = await hass.config_entries.flow.async_configure(flow_id, {"devices": ["101", "102"]})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Living room AC"
    await hass.async_block_till_done()
    entries = {entry.title: entry for entry in hass.config_entries.async_entries(DOMAIN)}
    assert set(entries) == {"Living room AC", "Bedroom AC"}
    assert entries["Bedroom AC"].data[CONF_HOST] == bedroom.host
    assert entries["Bedroom AC"].data[CONF_TOKEN] == bedroom.token_hex
    assert entries["Bedroom AC"].unique_id == str(bedroom.device_id)
    # the password is nowhere in what was saved
    for entry in entries.values():
        assert fake.settings.password not in str(entry.data)
        assert CONF_PASSWORD not in entry.data


@pytest.mark.parametrize(
    ("mode", "error"),
    [
        ("wrong_password", "invalid_auth"),
        ("two_factor", "two_factor_required"),
        ("captcha", "captcha_required"),
    ],
)
async def test_sign_in_refusals(
    hass: HomeAssistant, fake: XiaomiCloudFake, mode: str, error: str
) -> None:
    """Each refusal gets its own message; verification answers carry the URL to open."""
    fake.settings.login = mode  # type: ignore[assignment]
    flow_id = await _sign_in_form(hass)
    result = await hass.config_entries.flow.async_configure(flow_id, _credentials(fake))
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": error}
    if mode != "wrong_password":
        assert result["description_placeholders"]["url"].startswith("http")
    # the password is not echoed back into the form
    suggested = {
        str(key): key.description.get("suggested_value") if key.description else None
        for key in result["data_schema"].schema
    }
    assert suggested[CONF_PASSWORD] is None


async def test_network_failure(hass: HomeAssistant, fake: XiaomiCloudFake) -> None:
    """The account service unreachable is its own message."""
    flow_id = await _sign_in_form(hass)
    await fake.stop()
    result = await hass.config_entries.flow.async_configure(flow_id, _credentials(fake))
    assert result["errors"] == {"base": "cloud_cannot_connect"}


async def test_service_error(hass: HomeAssistant, fake: XiaomiCloudFake) -> None:
    """An error code from the device list is reported, not a crash."""
    fake.settings.api_error = (-8, "data type not valid")
    flow_id = await _sign_in_form(hass)
    result = await hass.config_entries.flow.async_configure(flow_id, _credentials(fake))
    assert result["errors"] == {"base": "cloud_error"}


async def test_account_without_supported_devices(
    hass: HomeAssistant, fake: XiaomiCloudFake
) -> None:
    """An account with nothing we can control ends with a clear message."""
    fake.settings.devices = {"cn": []}
    flow_id = await _sign_in_form(hass)
    result = await hass.config_entries.flow.async_configure(flow_id, _credentials(fake))
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "no_cloud_devices"


async def test_region_is_used(
    hass: HomeAssistant, simulator: Simulator, fake: XiaomiCloudFake
) -> None:
    """Devices are listed from the region the user picked."""
    device = await simulator("xiaomi.aircondition.mc4")
    fake.settings.devices = {"de": [_entry_for(device, "Office AC", "201")]}
    flow_id = await _sign_in_form(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, _credentials(fake, region="de")
    )
    assert result["step_id"] == "cloud_devices"
    result = await hass.config_entries.flow.async_configure(flow_id, {"devices": ["201"]})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Office AC"
    await hass.async_block_till_done()


async def test_device_unreachable_locally_is_named(
    hass: HomeAssistant, simulator: Simulator, fake: XiaomiCloudFake
) -> None:
    """A chosen device that does not answer locally is named; the user can leave it out."""
    good = await simulator("xiaomi.aircondition.mc4")
    gone = await simulator("xiaomi.aircondition.ma4")
    gone.faults.offline = True
    fake.settings.devices = {
        "cn": [_entry_for(good, "Living room AC", "301"), _entry_for(gone, "Garage AC", "302")]
    }
    flow_id = await _sign_in_form(hass)
    await hass.config_entries.flow.async_configure(flow_id, _credentials(fake))
    result = await hass.config_entries.flow.async_configure(flow_id, {"devices": ["301", "302"]})
    assert result["errors"] == {"base": "cloud_device_unreachable"}
    assert result["description_placeholders"]["failed"] == "Garage AC"
    result = await hass.config_entries.flow.async_configure(flow_id, {"devices": []})
    assert result["errors"] == {"base": "no_device_chosen"}
    result = await hass.config_entries.flow.async_configure(flow_id, {"devices": ["301"]})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()


async def test_configured_devices_are_not_offered_again(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice, fake: XiaomiCloudFake
) -> None:
    """Devices already added are left out; when nothing is left, the flow says so."""
    device = await simulator("xiaomi.aircondition.mc4")
    await add_device(device)
    fake.settings.devices = {"cn": [_entry_for(device, "Living room AC", str(device.device_id))]}
    flow_id = await _sign_in_form(hass)
    result = await hass.config_entries.flow.async_configure(flow_id, _credentials(fake))
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_extra_device_rejecting_its_token(
    hass: HomeAssistant, simulator: Simulator, fake: XiaomiCloudFake
) -> None:
    """A second device whose token changed between the check and its own flow is not added."""
    first = await simulator("xiaomi.aircondition.mc4")
    second = await simulator("xiaomi.aircondition.ma4")
    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": "cloud_device"},
        data={CONF_HOST: second.host, CONF_TOKEN: first.token_hex, "name": "Bedroom AC"},
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "token_rejected"
