"""The base of every Xiaomi Living entity, and the mapping of client errors to translated errors."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.device_registry import CONNECTION_NETWORK_MAC, DeviceInfo
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .client import DeviceError, MiioError, TokenRejectedError
from .const import DOMAIN
from .coordinator import AirConditionerCoordinator


class XiaomiLivingEntity(CoordinatorEntity[AirConditionerCoordinator]):
    """An entity of one device, named after the device."""

    _attr_has_entity_name = True

    def __init__(self, coordinator: AirConditionerCoordinator, key: str) -> None:
        """Identify the entity by the device id and the capability it shows."""
        super().__init__(coordinator)
        entry = coordinator.config_entry
        info = coordinator.info
        device_id = str(entry.unique_id)
        self.key = key
        self._attr_unique_id = f"{device_id}-{key}"
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, device_id)},
            connections={(CONNECTION_NETWORK_MAC, info.mac.lower())} if info.mac else set(),
            manufacturer="Xiaomi",
            model=coordinator.device.description.name,
            model_id=info.model,
            name=entry.title,
            sw_version=info.firmware_version,
            hw_version=info.hardware_version,
        )

    async def async_write(self, values: Mapping[str, Any]) -> None:
        """Send a command to the device; client errors become translated Home Assistant errors."""
        host = self.coordinator.host
        try:
            await self.coordinator.async_write(values)
        except DeviceError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="device_error",
                translation_placeholders={"code": str(err.code), "error": err.message},
            ) from err
        except TokenRejectedError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="token_rejected",
                translation_placeholders={"host": host},
            ) from err
        except MiioError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="cannot_connect",
                translation_placeholders={"host": host},
            ) from err

    @property
    def available(self) -> bool:
        """Available while polls succeed and the device reports this capability."""
        return super().available and self.coordinator.data.get(self.key) is not None
