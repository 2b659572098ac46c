"""The base of every Xiaomi Living entity, and the mapping of client errors to translated errors."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.device_registry import CONNECTION_NETWORK_MAC, DeviceInfo
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .client import XiaomiLivingClientError
from .client import television as tv
from .client.state import AirConditionerSettings, AirConditionerState, TelevisionState
from .const import DOMAIN, TV_TURN_OFF_POWER
from .coordinator import AirConditionerCoordinator, TelevisionCoordinator, XiaomiLivingCoordinator


def translated_error(err: XiaomiLivingClientError, host: str) -> HomeAssistantError:
    """Turn a client error into a Home Assistant error with a translated message.

    Each client error names its own message (``client/errors.py``); ``host`` is the device the
    failed call went to.
    """
    return HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key=err.translation_key,
        translation_placeholders=err.translation_placeholders(host),
    )


class XiaomiLivingEntity[CoordinatorT: XiaomiLivingCoordinator[Any, Any]](
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


class AirConditionerEntity(XiaomiLivingEntity[AirConditionerCoordinator]):
    """An entity of an air conditioner: available while polls succeed and it reports its value."""

    @property
    def available(self) -> bool:
        """Available while polls succeed and the unit reports what this entity shows."""
        return super().available and self.reported(self.coordinator.data)

    @abstractmethod
    def reported(self, state: AirConditionerState) -> bool:
        """Whether the state carries the value this entity shows."""

    async def async_write(self, settings: AirConditionerSettings) -> None:
        """Send settings to the device; client errors become translated Home Assistant errors."""
        try:
            await self.coordinator.async_write(settings)
        except XiaomiLivingClientError as err:
            raise translated_error(err, self.coordinator.host) from err


class TelevisionEntity(XiaomiLivingEntity[TelevisionCoordinator]):
    """An entity of a TV: available whenever Home Assistant can tell its state, off included."""

    @property
    def available(self) -> bool:
        """A TV that is off is still there: only a failed setup or token makes it unavailable."""
        return self.coordinator.last_update_success

    @property
    def power(self) -> str:
        """The set's power: on, screen off or fully off."""
        return self.coordinator.data.power

    async def async_apply(
        self,
        send: Callable[[], Awaitable[object]],
        update: Callable[[TelevisionState], TelevisionState] | None = None,
    ) -> None:
        """Send a command and show the state it leads to; client errors become translated errors."""
        try:
            await self.coordinator.async_apply(send, update)
        except XiaomiLivingClientError as err:
            raise translated_error(err, self.coordinator.host) from err

    async def async_power_on(self) -> None:
        """Light the screen (MIoT), or wake a fully-off set with wake-on-LAN."""
        coordinator = self.coordinator
        device = coordinator.device
        if self.power == tv.POWER_SCREEN_OFF:
            await self.async_apply(lambda: device.set_screen(True), _powered(tv.POWER_ON))
            return
        if self.power == tv.POWER_ON:
            return
        macs = coordinator.macs
        placeholders = {"name": coordinator.config_entry.title}
        if not coordinator.wake_on_lan:
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
                coordinator.host,
                coordinator.wake_on_lan_broadcast,
                coordinator.wake_on_lan_port,
            ),
            _powered(tv.POWER_ON),
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
            await self.async_apply(
                device.power_off, lambda state: replace(state, power=tv.POWER_OFF, app=None)
            )
        elif self.power == tv.POWER_ON:
            await self.async_screen_off()

    async def async_screen_off(self) -> None:
        """Darken the screen (MIoT speaker mode); the sound keeps playing."""
        device = self.coordinator.device
        await self.async_apply(lambda: device.set_screen(False), _powered(tv.POWER_SCREEN_OFF))


def _powered(power: str) -> Callable[[TelevisionState], TelevisionState]:
    """Return the optimistic update of a command that changes only the set's power."""
    return lambda state: replace(state, power=power)
