"""Diagnostics carry what a bug report needs, and nothing that identifies the user."""

from __future__ import annotations

import json

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from tests.conftest import AddDevice
from tests.simulator.fleet import Simulator


async def test_diagnostics_are_useful_and_redacted(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    simulator: Simulator,
    add_device: AddDevice,
) -> None:
    """The real diagnostics output of an AC: state and counters in; token, MAC, IP, ids out."""
    device = await simulator("xiaomi.aircondition.mc4")
    entry = await add_device(device)
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)

    assert diagnostics["device"]["model"] == "xiaomi.aircondition.mc4"
    assert diagnostics["device"]["firmware_version"] == device.profile.fw_ver
    assert "cool" in json.dumps(diagnostics["state"])
    assert diagnostics["state"]["target_temperature"] == 26.0
    assert diagnostics["traffic"]["calls"] >= 2
    assert diagnostics["polling"]["last_update_success"] is True
    assert diagnostics["entry"]["data"]["token"] == "**REDACTED**"
    assert diagnostics["entry"]["data"]["host"] == "**REDACTED**"

    dump = json.dumps(diagnostics).lower()
    for secret in (
        device.token_hex,
        device.token_hex.upper().lower(),
        device.mac.lower(),
        device.host,
        str(device.device_id),
    ):
        assert secret.lower() not in dump, secret
