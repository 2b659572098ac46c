"""One coordinator per device: poll, tolerate a lost packet, write and confirm at once."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Protocol

from homeassistant.const import CONF_HOST
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryError
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed

from .client import (
    MethodNotSupportedError,
    MiioDeviceInfo,
    MiioError,
    TokenRejectedError,
    XiaomiLivingClientError,
)
from .client import television as tv
from .client.acpartner import AcPartnerClient
from .client.aircondition import AirConditionerClient
from .client.television import TelevisionClient
from .const import (
    CONF_MAC,
    CONF_SCAN_INTERVAL,
    CONF_TV_TURN_OFF,
    CONF_WAKE_ON_LAN,
    DEFAULT_SCAN_INTERVAL,
    DOMAIN,
    LOGGER,
    TV_TURN_OFF_SCREEN,
)

if TYPE_CHECKING:
    from . import XiaomiLivingConfigEntry

# A device is shown unavailable only after this many polls in a row failed: one lost UDP packet
# (or three, under heavy Wi-Fi loss) must not make the dashboard flicker. A TV is shown off
# instead: silence is what a TV that is fully off sounds like.
FAILURES_BEFORE_UNAVAILABLE = 3


def scan_interval(entry: XiaomiLivingConfigEntry) -> timedelta:
    """Return the poll interval the user chose in the options, or the default."""
    seconds = entry.options.get(CONF_SCAN_INTERVAL)
    return timedelta(seconds=seconds) if seconds else DEFAULT_SCAN_INTERVAL


class DeviceDescription(Protocol):
    """What every device description tells."""

    @property
    def key(self) -> str:
        """The description's identifier."""

    @property
    def name(self) -> str:
        """The family's name, shown as the device's model."""


class DeviceDriver(Protocol):
    """What a coordinator needs from a device client."""

    @property
    def description(self) -> DeviceDescription:
        """The description the client works from."""

    @property
    def capabilities(self) -> frozenset[str]:
        """What this unit has."""

    async def probe(self) -> dict[str, Any]:
        """Learn what this unit has, once, before the first read."""

    async def read(self) -> dict[str, Any]:
        """Read the current state in canonical terms."""


class XiaomiLivingCoordinator[DriverT: DeviceDriver](DataUpdateCoordinator[dict[str, Any]]):
    """Poll one device through its client, and apply commands with an optimistic update."""

    config_entry: XiaomiLivingConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: XiaomiLivingConfigEntry,
        device: DriverT,
        info: MiioDeviceInfo,
    ) -> None:
        """Set up polling at the interval from the options."""
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

    @property
    def no_local_control_issue(self) -> str:
        """The id of the repair issue raised when the firmware refuses local MIoT."""
        return f"no_local_control_{self.config_entry.entry_id}"

    async def _async_setup(self) -> None:
        """Learn which of the family's optional capabilities this unit has."""
        try:
            await self.device.probe()
        except TokenRejectedError as err:
            raise self._token_rejected() from err
        except MethodNotSupportedError as err:
            # -10000: this firmware does not speak MIoT on the LAN; retrying cannot help
            placeholders = {"model": self.info.model, "host": self.host}
            ir.async_create_issue(
                self.hass,
                DOMAIN,
                self.no_local_control_issue,
                is_fixable=False,
                severity=ir.IssueSeverity.ERROR,
                translation_key="no_local_control",
                translation_placeholders={**placeholders, "name": self.config_entry.title},
            )
            raise ConfigEntryError(
                translation_domain=DOMAIN,
                translation_key="no_local_control",
                translation_placeholders=placeholders,
            ) from err
        except MiioError as err:
            raise self._cannot_connect() from err
        ir.async_delete_issue(self.hass, DOMAIN, self.no_local_control_issue)

    async def _async_update_data(self) -> dict[str, Any]:
        """Read the device; keep the last state through up to two failed polls."""
        try:
            state = await self.device.read()
        except TokenRejectedError as err:
            raise self._token_rejected() from err
        except XiaomiLivingClientError as err:
            self.consecutive_failures += 1
            if self.data is not None and self.consecutive_failures < FAILURES_BEFORE_UNAVAILABLE:
                LOGGER.debug(
                    "Poll %d of %s failed (%s); keeping the last state",
                    self.consecutive_failures,
                    self.name,
                    err,
                )
                return self.data
            return self._data_when_silent(err)
        self.consecutive_failures = 0
        return state

    def _data_when_silent(self, err: XiaomiLivingClientError) -> dict[str, Any]:
        """Return what a device that stopped answering shows; by default, it is unavailable."""
        raise self._cannot_connect() from err

    async def async_apply(
        self, send: Callable[[], Awaitable[object]], changes: Mapping[str, Any]
    ) -> None:
        """Send a command, show the changes it makes at once, then confirm with a read.

        The device took the command, so it answers: a failed confirming read counts as the first
        of a new series of failures.
        """
        await send()
        self.consecutive_failures = 0
        self.async_set_updated_data({**(self.data or {}), **changes})
        await self.async_refresh()

    def _token_rejected(self) -> ConfigEntryAuthFailed:
        return ConfigEntryAuthFailed(
            translation_domain=DOMAIN,
            translation_key="token_rejected",
            translation_placeholders={"host": self.host},
        )

    def _cannot_connect(self) -> UpdateFailed:
        return UpdateFailed(
            translation_domain=DOMAIN,
            translation_key="cannot_connect",
            translation_placeholders={"host": self.host},
        )


class AirConditionerCoordinator(XiaomiLivingCoordinator[AirConditionerClient | AcPartnerClient]):
    """Poll one air conditioner and apply writes to it."""

    async def async_write(self, values: Mapping[str, Any]) -> None:
        """Write to the device, show the accepted values at once, then confirm with a read."""
        await self.async_apply(lambda: self.device.write(values), values)


class TvCoordinator(XiaomiLivingCoordinator[TelevisionClient]):
    """Poll one TV over both of its channels; a silent TV is off, not unavailable."""

    @property
    def turn_off_mode(self) -> str:
        """How turn_off switches the set off (options): screen off or full power-off."""
        return str(self.config_entry.options.get(CONF_TV_TURN_OFF, TV_TURN_OFF_SCREEN))

    @property
    def wake_on_lan(self) -> bool:
        """Whether the user lets us wake a fully-off set with wake-on-LAN (options)."""
        return bool(self.config_entry.options.get(CONF_WAKE_ON_LAN, True))

    @property
    def macs(self) -> list[str]:
        """The set's MAC addresses we know: from the entry, and those the set reported."""
        stored = self.config_entry.data.get(CONF_MAC)
        return list(dict.fromkeys([*([stored.lower()] if stored else []), *self.device.macs]))

    def _data_when_silent(self, err: XiaomiLivingClientError) -> dict[str, Any]:
        """Show a set that answers on neither channel as fully off; it stays available."""
        if self.data is None or self.data.get(tv.POWER) != tv.POWER_OFF:
            LOGGER.debug("%s answers on neither channel: fully off (%s)", self.name, err)
        self.device.mark_off()
        return {
            tv.POWER: tv.POWER_OFF,
            tv.VOLUME: None,
            tv.MUTED: None,
            tv.INPUT: (self.data or {}).get(tv.INPUT),
            tv.APP: None,
            tv.PLAYBACK: None,
            tv.APPS: {},
            tv.MIOT_ONLINE: False,
            tv.HTTP_ONLINE: False,
        }
