"""Diagnostics: what a bug report needs, with everything that identifies the user redacted."""

from __future__ import annotations

from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_TOKEN, CONF_USERNAME
from homeassistant.core import HomeAssistant

from .const import CONF_MAC
from .coordinator import XiaomiLivingConfigEntry

# Token, MAC, addresses, network names, device ids and cloud credentials, wherever they appear
# (entry data, miIO.info's nested network details, the TV's system info).
TO_REDACT = {
    CONF_TOKEN,
    CONF_HOST,
    CONF_MAC,
    CONF_USERNAME,
    CONF_PASSWORD,
    "unique_id",
    "device_id",
    "did",
    "localIp",
    "gw",
    "mask",
    "ssid",
    "bssid",
    "ethmac",
    "wifimac",
}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: XiaomiLivingConfigEntry
) -> dict[str, Any]:
    """Return entry settings, device facts, the last state read and the traffic counters."""
    runtime = entry.runtime_data
    coordinator = runtime.coordinator
    return async_redact_data(
        {
            "entry": {
                "title": entry.title,
                "unique_id": entry.unique_id,
                "data": dict(entry.data),
                "options": dict(entry.options),
            },
            "device": {
                "model": runtime.info.model,
                "firmware_version": runtime.info.firmware_version,
                "hardware_version": runtime.info.hardware_version,
                "miio_info": dict(runtime.info.raw),
                "description": coordinator.device.description.key,
                "capabilities": sorted(coordinator.device.capabilities),
            },
            "state": coordinator.state_report(),
            # Values the device sent that its description does not allow: dropped, counted here
            "dropped_values": coordinator.device.dropped_values.as_dict(),
            "polling": {
                "interval_seconds": (
                    coordinator.update_interval.total_seconds()
                    if coordinator.update_interval
                    else None
                ),
                "last_update_success": coordinator.last_update_success,
                "consecutive_failures": coordinator.consecutive_failures,
            },
            "traffic": runtime.client.diagnostics.as_dict() if runtime.client else None,
        },
        TO_REDACT,
    )
