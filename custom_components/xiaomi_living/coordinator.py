"""One coordinator per device: poll, tolerate a lost packet, write and confirm at once."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from homeassistant.const import CONF_HOST
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed

from .client import MiioDeviceInfo, MiioError, TokenRejectedError
from .client.aircondition import AirConditionerClient
from .const import CONF_SCAN_INTERVAL, DEFAULT_SCAN_INTERVAL, DOMAIN, LOGGER

if TYPE_CHECKING:
    from . import XiaomiLivingConfigEntry

# A device is shown unavailable only after this many polls in a row failed: one lost UDP packet
# (or three, under heavy Wi-Fi loss) must not make the dashboard flicker.
FAILURES_BEFORE_UNAVAILABLE = 3


def scan_interval(entry: XiaomiLivingConfigEntry) -> timedelta:
    """Return the poll interval the user chose in the options, or the default."""
    seconds = entry.options.get(CONF_SCAN_INTERVAL)
    return timedelta(seconds=seconds) if seconds else DEFAULT_SCAN_INTERVAL


class AirConditionerCoordinator(DataUpdateCoordinator[dict[str, Any]]):
    """Poll one air conditioner and apply writes to it."""

    config_entry: XiaomiLivingConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: XiaomiLivingConfigEntry,
        device: AirConditionerClient,
        info: MiioDeviceInfo,
    ) -> None:
        """Set up polling at the default interval."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{info.model} at {entry.data[CONF_HOST]}",
            update_interval=scan_interval(entry),
        )
        self.device = device
        self.info = info
        self.consecutive_failures = 0

    @property
    def host(self) -> str:
        """The device's address."""
        return str(self.config_entry.data[CONF_HOST])

    async def _async_setup(self) -> None:
        """Learn which of the family's optional capabilities this unit has."""
        try:
            await self.device.probe()
        except TokenRejectedError as err:
            raise ConfigEntryAuthFailed(
                translation_domain=DOMAIN,
                translation_key="token_rejected",
                translation_placeholders={"host": self.host},
            ) from err
        except MiioError as err:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="cannot_connect",
                translation_placeholders={"host": self.host},
            ) from err

    async def _async_update_data(self) -> dict[str, Any]:
        """Read the device; keep the last state through up to two failed polls."""
        try:
            state = await self.device.read()
        except TokenRejectedError as err:
            raise ConfigEntryAuthFailed(
                translation_domain=DOMAIN,
                translation_key="token_rejected",
                translation_placeholders={"host": self.host},
            ) from err
        except MiioError as err:
            self.consecutive_failures += 1
            if self.data is not None and self.consecutive_failures < FAILURES_BEFORE_UNAVAILABLE:
                LOGGER.debug(
                    "Poll %d of %s failed (%s); keeping the last state",
                    self.consecutive_failures,
                    self.name,
                    err,
                )
                return self.data
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="cannot_connect",
                translation_placeholders={"host": self.host},
            ) from err
        self.consecutive_failures = 0
        return state

    async def async_write(self, values: Mapping[str, Any]) -> None:
        """Write to the device, show the accepted values at once, then confirm with a read."""
        await self.device.write(values)
        self.async_set_updated_data({**(self.data or {}), **values})
        await self.async_refresh()
