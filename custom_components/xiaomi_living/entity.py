"""The base of every Xiaomi Living entity, and the mapping of client errors to translated errors."""

from __future__ import annotations

import asyncio
import sys
from abc import abstractmethod
from collections.abc import Awaitable, Callable
from dataclasses import replace
from types import ModuleType
from typing import Any

from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.device_registry import CONNECTION_NETWORK_MAC, DeviceInfo
from homeassistant.helpers.importlib import async_import_module
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from . import const
from .client import TokenRejectedError, XiaomiLivingClientError
from .client import television as tv
from .client.state import AirConditionerSettings, AirConditionerState, TelevisionState
from .const import (
    CONF_TV_IR_EMITTER,
    CONF_TV_IR_POWER_CODE,
    DOMAIN,
    LOGGER,
    TV_TURN_OFF_POWER,
)
from .coordinator import AirConditionerCoordinator, TelevisionCoordinator, XiaomiLivingCoordinator

# Home Assistant's infrared entity platform (2026.4+), used where it is loaded.
INFRARED_DOMAIN = "infrared"
INFRARED_MODULE = "homeassistant.components.infrared"


def infrared_platform(hass: HomeAssistant) -> ModuleType | None:
    """Return Home Assistant's infrared entity platform once it is loaded, else None.

    The platform came with Home Assistant 2026.4 and is loaded by the integrations of the
    emitters (ESPHome, Broadlink ...): where it is not loaded there is no emitter to use, and on
    an older Home Assistant it never is. Nothing is imported here.
    """
    if INFRARED_DOMAIN not in hass.config.components:
        return None
    return sys.modules.get(INFRARED_MODULE)


async def async_pronto_command(hass: HomeAssistant, code: str) -> Any:
    """Return the infrared command of a Pronto hex code; ``ValueError`` if it is not one.

    ``infrared_protocols`` is the infrared platform's own library (HA installs it with the
    platform); its Pronto module is imported off the event loop the first time.
    """
    pronto = await async_import_module(hass, "infrared_protocols.commands.pronto")
    return pronto.ProntoCommand.from_pronto_hex(code)


@callback
def infrared_emitters(hass: HomeAssistant) -> list[str]:
    """Return the entity ids of the infrared emitters there are (none without the platform)."""
    api = infrared_platform(hass)
    return [] if api is None else list(api.async_get_emitters(hass))


@callback
def infrared_receivers(hass: HomeAssistant) -> list[str]:
    """Return the entity ids of the infrared receivers there are (a newer part of the platform)."""
    api = infrared_platform(hass)
    get_receivers = getattr(api, "async_get_receivers", None)
    return [] if get_receivers is None else list(get_receivers(hass))


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
        """Light the screen (MIoT), or wake a fully-off set (wake-on-LAN, its IR power key)."""
        device = self.coordinator.device
        if self.power == tv.POWER_SCREEN_OFF:
            await self.async_apply(lambda: device.set_screen(True), _powered(tv.POWER_ON))
            return
        if self.power == tv.POWER_ON:
            return
        await self._async_wake()

    async def _async_wake(self) -> None:
        """Send a fully-off set what wakes it, then wait until it answers.

        Wake-on-LAN goes out when it is switched on and a MAC is known, the IR power key when an
        emitter is chosen; either one that went out is enough to wait for the set. Nothing is
        shown as on before the set answers (docs/tv.md#turning-a-fully-off-set-on).
        """
        coordinator = self.coordinator
        device = coordinator.device
        macs = coordinator.macs
        infrared = self._infrared_power_key()
        if infrared is None:
            # Wake-on-LAN is the only way: say why it cannot be used.
            if not coordinator.wake_on_lan:
                raise self._tv_error("wake_on_lan_disabled")
            if not macs:
                raise self._tv_error("wake_on_lan_no_mac")
        failures: list[HomeAssistantError] = []
        sent = 0
        # The IR key first: most sets toggle on it, and a set the packet had already woken would
        # go off again. A magic packet does nothing to a set that is on.
        if infrared is not None:
            try:
                await self._async_send_infrared(*infrared)
            except HomeAssistantError as err:
                failures.append(err)
            else:
                sent += 1
        if coordinator.wake_on_lan and macs:
            try:
                await device.wake(
                    macs,
                    coordinator.host,
                    coordinator.wake_on_lan_broadcast,
                    coordinator.wake_on_lan_port,
                )
            except XiaomiLivingClientError as err:
                failures.append(translated_error(err, coordinator.host))
            else:
                sent += 1
        if not sent:
            raise failures[0]
        for failure in failures:
            LOGGER.warning("%s: %s; waiting for the set all the same", coordinator.name, failure)
        await self._async_wait_until_answering()

    def _infrared_power_key(self) -> tuple[str, str] | None:
        """Return the emitter and the Pronto code of the set's power key, when both are set."""
        options = self.coordinator.config_entry.options
        emitter, code = options.get(CONF_TV_IR_EMITTER), options.get(CONF_TV_IR_POWER_CODE)
        return (str(emitter), str(code)) if emitter and code else None

    async def _async_send_infrared(self, emitter: str, code: str) -> None:
        """Send the power key through Home Assistant's infrared platform."""
        api = infrared_platform(self.hass)
        if api is None:  # options made on a newer Home Assistant than this one
            raise self._tv_error("infrared_unavailable", emitter=emitter)
        try:
            await api.async_send_command(
                self.hass,
                emitter,
                await async_pronto_command(self.hass, code),
                context=self._context,
            )
        except (HomeAssistantError, ValueError) as err:
            raise self._tv_error("infrared_send_failed", emitter=emitter, error=str(err)) from err

    async def _async_wait_until_answering(self) -> None:
        """Read the set until it answers; after ``TV_POWER_ON_TIMEOUT`` seconds, say it did not."""
        coordinator = self.coordinator
        device = coordinator.device
        timeout = const.TV_POWER_ON_TIMEOUT
        try:
            async with asyncio.timeout(timeout):
                while True:
                    try:
                        values = await device.read()
                        break
                    except TokenRejectedError as err:
                        raise translated_error(err, coordinator.host) from err
                    except XiaomiLivingClientError as err:
                        LOGGER.debug("%s is not answering yet (%s)", coordinator.name, err)
                        await asyncio.sleep(const.TV_POWER_ON_RETRY_INTERVAL)
        except TimeoutError:
            device.mark_off()
            raise self._tv_error("tv_did_not_turn_on", seconds=f"{timeout:g}") from None
        coordinator.consecutive_failures = 0
        coordinator.async_set_updated_data(TelevisionState.from_values(values))

    def _tv_error(self, key: str, **placeholders: str) -> HomeAssistantError:
        """Return a translated error about this set, named as the user named it."""
        return HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key=key,
            translation_placeholders={"name": self.coordinator.config_entry.title, **placeholders},
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
