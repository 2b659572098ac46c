"""The base of every Xiaomi Living entity, and the mapping of client errors to translated errors."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.device_registry import CONNECTION_NETWORK_MAC, DeviceInfo
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from . import const
from .client import DeviceError, TokenRejectedError, XiaomiLivingClientError
from .client import television as tv
from .client.acpartner import SettingsWhileOffError, UnknownAcModelError
from .client.television import MiotRequiredError, WakeOnLanError
from .client.tv_http import TvHttpCommandError, TvHttpResponseError, TvHttpUnreachableError
from .const import DOMAIN, TV_TURN_OFF_POWER
from .coordinator import AirConditionerCoordinator, TvCoordinator, XiaomiLivingCoordinator


def translated_error(err: XiaomiLivingClientError, host: str) -> HomeAssistantError:
    """Turn a client error into a Home Assistant error with a translated message."""
    key: str
    placeholders: dict[str, str] = {"host": host}
    match err:
        case TvHttpCommandError():
            key, placeholders = "tv_refused", {"error": err.message}
        case TvHttpUnreachableError():
            key = "http_unreachable"
        case TvHttpResponseError():
            key, placeholders = "http_bad_answer", {"host": host, "error": str(err)}
        case MiotRequiredError():
            key = "miot_required"
        case UnknownAcModelError():
            key = "companion_unpaired"
        case SettingsWhileOffError():
            key = "companion_settings_while_off"
        case WakeOnLanError():
            key, placeholders = "wake_on_lan_failed", {"error": str(err)}
        case DeviceError():
            key, placeholders = "device_error", {"code": str(err.code), "error": err.message}
        case TokenRejectedError():
            key = "token_rejected"
        case _:
            key = "cannot_connect"
    return HomeAssistantError(
        translation_domain=DOMAIN, translation_key=key, translation_placeholders=placeholders
    )


class XiaomiLivingEntity[CoordinatorT: XiaomiLivingCoordinator[Any] = AirConditionerCoordinator](
    CoordinatorEntity[CoordinatorT]
):
    """An entity of one device, named after the device."""

    _attr_has_entity_name = True

    def __init__(self, coordinator: CoordinatorT, key: str) -> None:
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

    async def async_apply(
        self, send: Callable[[], Awaitable[object]], changes: Mapping[str, Any]
    ) -> None:
        """Send a command and show its changes; client errors become translated errors."""
        try:
            await self.coordinator.async_apply(send, changes)
        except XiaomiLivingClientError as err:
            raise translated_error(err, self.coordinator.host) from err

    async def async_write(
        self: XiaomiLivingEntity[AirConditionerCoordinator], values: Mapping[str, Any]
    ) -> None:
        """Send values to the device; client errors become translated Home Assistant errors."""
        try:
            await self.coordinator.async_write(values)
        except XiaomiLivingClientError as err:
            raise translated_error(err, self.coordinator.host) from err

    @property
    def available(self) -> bool:
        """Available while polls succeed and the device reports this capability."""
        return super().available and self.coordinator.data.get(self.key) is not None


class TelevisionEntity(XiaomiLivingEntity[TvCoordinator]):
    """An entity of a TV: available whenever Home Assistant can tell its state, off included."""

    @property
    def available(self) -> bool:
        """A TV that is off is still there: only a failed setup or token makes it unavailable."""
        return self.coordinator.last_update_success

    @property
    def power(self) -> str:
        """The set's power: on, screen off or fully off."""
        return str(self.coordinator.data.get(tv.POWER, tv.POWER_OFF))

    async def async_power_on(self) -> None:
        """Light the screen (MIoT), or wake a fully-off set with wake-on-LAN."""
        device = self.coordinator.device
        if self.power == tv.POWER_SCREEN_OFF:
            await self.async_apply(lambda: device.set_screen(True), {tv.POWER: tv.POWER_ON})
            return
        if self.power == tv.POWER_ON:
            return
        macs = self.coordinator.macs
        placeholders = {"name": self.coordinator.config_entry.title}
        if not self.coordinator.wake_on_lan:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="wake_on_lan_disabled",
                translation_placeholders=placeholders,
            )
        if not macs:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="wake_on_lan_no_mac",
                translation_placeholders=placeholders,
            )
        await self.async_apply(
            lambda: device.wake(
                macs,
                self.coordinator.host,
                const.WAKE_ON_LAN_BROADCAST,
                const.WAKE_ON_LAN_PORT,
            ),
            {tv.POWER: tv.POWER_ON},
        )

    async def async_power_off(self) -> None:
        """Darken the screen (default), or switch the set fully off (option, or no MIoT)."""
        device = self.coordinator.device
        if self.power == tv.POWER_OFF:
            return
        if (
            self.coordinator.turn_off_mode == TV_TURN_OFF_POWER
            or tv.CAP_SCREEN_OFF not in device.capabilities
        ):
            await self.async_apply(device.power_off, {tv.POWER: tv.POWER_OFF, tv.APP: None})
        elif self.power == tv.POWER_ON:
            await self.async_apply(
                lambda: device.set_screen(False), {tv.POWER: tv.POWER_SCREEN_OFF}
            )
