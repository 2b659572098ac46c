"""One coordinator per device: poll, tolerate a lost packet, write and confirm at once.

There is one coordinator class per device kind, typed on that kind's state, and it names the
platforms the kind has. The config entry's runtime data, and so its type, lives here too: every
platform reaches its coordinator through it.
"""

from __future__ import annotations

import asyncio
import time
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any, ClassVar, Protocol

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_HOST, Platform
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryError
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed

from .client import (
    DeviceError,
    DeviceUnreachableError,
    MalformedReplyError,
    MethodNotSupportedError,
    MiioClient,
    MiioDeviceInfo,
    MiioError,
    TokenRejectedError,
    XiaomiLivingClientError,
)
from .client import television as tv
from .client.acpartner import AcPartnerClient
from .client.aircondition import AirConditionerClient, explain_refusal
from .client.answers import DroppedValues
from .client.errors import (
    RETRYABLE_CODES,
    CommandUnconfirmedError,
    SettingRefusedError,
    TvHttpUnreachableError,
    WriteNotConfirmedError,
)
from .client.state import AirConditionerSettings, AirConditionerState, TelevisionState
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

# A device is shown unavailable only after this many polls in a row failed: one lost UDP packet
# (or three, under heavy Wi-Fi loss) must not make the dashboard flicker. A TV is shown off
# instead: silence is what a TV that is fully off sounds like.
FAILURES_BEFORE_UNAVAILABLE = 3

# How long the read after an unconfirmed command may take: a device that is really gone must not
# make the user wait a second full retry budget for the error.
READ_BACK_TIMEOUT = 5.0

# How often an air conditioner's Wi-Fi signal is read again (miIO.info, one request), and only
# while its signal sensor is enabled: setup's miIO.info gives the first reading for free.
RSSI_INTERVAL = timedelta(minutes=5)
# What a signal in dBm can be; anything else in ap.rssi is not one.
_RSSI_RANGE: tuple[int, int] = (-127, 0)


def wifi_rssi(info: Mapping[str, Any]) -> int | None:
    """Return the Wi-Fi signal in dBm from a miIO.info answer (``ap.rssi``), None if absent."""
    access_point = info.get("ap")
    rssi = access_point.get("rssi") if isinstance(access_point, Mapping) else None
    if isinstance(rssi, int) and not isinstance(rssi, bool):
        low, high = _RSSI_RANGE
        return rssi if low <= rssi <= high else None
    return None


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

    @property
    def dropped_values(self) -> DroppedValues:
        """The values from the device its description does not allow, dropped and counted."""

    async def probe(self) -> dict[str, Any]:
        """Learn what this unit has, once, before the first read."""

    async def read(self) -> dict[str, Any]:
        """Read the current state in canonical terms."""


class XiaomiLivingCoordinator[DriverT: DeviceDriver, StateT](DataUpdateCoordinator[StateT], ABC):
    """Poll one device through its client, and apply commands with an optimistic update."""

    # The platforms of this kind of device (the entry forwards to these, and unloads them).
    PLATFORMS: ClassVar[tuple[Platform, ...]]

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

    async def _async_update_data(self) -> StateT:
        """Read the device; keep the last state through up to two failed polls."""
        try:
            values = await self.device.read()
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
        return self._state(values)

    @abstractmethod
    def _state(self, values: Mapping[str, Any]) -> StateT:
        """Type the values the client read."""

    @abstractmethod
    def state_report(self) -> dict[str, Any]:
        """Return the last state read, keyed as the client reads it (for diagnostics)."""

    def _data_when_silent(self, err: XiaomiLivingClientError) -> StateT:
        """Return what a device that stopped answering shows; by default, it is unavailable."""
        raise self._cannot_connect() from err

    async def async_apply(
        self,
        send: Callable[[], Awaitable[object]],
        update: Callable[[StateT], StateT] | None = None,
        holds: Callable[[StateT], bool] | None = None,
    ) -> None:
        """Send a command, show the change it makes at once, then confirm with a read.

        ``update`` returns the state the command leads to (a ``dataclasses.replace`` of the
        current one); without it, the read that follows tells. The device took the command, so
        it answers: a failed confirming read counts as the first of a new series of failures.

        A command whose answer never came may have been carried out all the same (under loss,
        most are: only the answer was lost). Then the device is read back once, and shown as it
        is; when ``holds`` says the state read back is the one asked for, the command counts as
        done. Otherwise the error stands: ``WriteNotConfirmedError`` when the device answered
        the read and does not hold the change, the original error when it answered nothing.
        """
        try:
            await send()
        except (DeviceUnreachableError, MalformedReplyError, TvHttpUnreachableError) as err:
            await self._read_back(err, holds)
            return
        except DeviceError as err:
            if err.code not in RETRYABLE_CODES:
                raise
            await self._read_back(err, holds)  # "user ack timeout": it may have been done
            return
        self.consecutive_failures = 0
        self.async_set_updated_data(self.data if update is None else update(self.data))
        await self.async_refresh()

    async def _read_back(
        self, err: XiaomiLivingClientError, holds: Callable[[StateT], bool] | None
    ) -> None:
        """Read the device after an unconfirmed command; return only if it holds the change."""
        LOGGER.debug("%s: no confirmation (%s); reading the device back", self.name, err)
        try:
            async with asyncio.timeout(READ_BACK_TIMEOUT):
                values = await self.device.read()
        except (XiaomiLivingClientError, TimeoutError) as read_err:
            LOGGER.debug("%s: the read back failed too (%s)", self.name, read_err)
            raise err from None
        state = self._state(values)
        self.consecutive_failures = 0
        self.async_set_updated_data(state)
        if holds is not None and holds(state):
            LOGGER.debug("%s: the device holds the change; it went through", self.name)
            return
        if holds is None or isinstance(err, CommandUnconfirmedError):
            raise err
        raise WriteNotConfirmedError(f"{self.host} does not hold the change") from err

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


class AirConditionerCoordinator(
    XiaomiLivingCoordinator[AirConditionerClient | AcPartnerClient, AirConditionerState]
):
    """Poll one air conditioner and apply writes to it."""

    PLATFORMS = (Platform.CLIMATE, Platform.SENSOR, Platform.SWITCH)

    def __init__(
        self,
        hass: HomeAssistant,
        entry: XiaomiLivingConfigEntry,
        device: AirConditionerClient | AcPartnerClient,
        info: MiioDeviceInfo,
    ) -> None:
        """Poll the unit; its Wi-Fi signal starts as setup's miIO.info reported it."""
        super().__init__(hass, entry, device, info)
        self.wifi_rssi = wifi_rssi(info.raw)
        self._rssi_read_at = time.monotonic()
        self._rssi_wanted = 0

    @callback
    def async_want_wifi_rssi(self) -> CALLBACK_TYPE:
        """Read the Wi-Fi signal again every RSSI_INTERVAL until the returned callback runs."""
        self._rssi_wanted += 1

        @callback
        def release() -> None:
            self._rssi_wanted -= 1

        return release

    async def _async_update_data(self) -> AirConditionerState:
        """Read the unit; every RSSI_INTERVAL, while wanted, its Wi-Fi signal too."""
        state = await super()._async_update_data()
        if (
            self._rssi_wanted
            and self.consecutive_failures == 0
            and time.monotonic() - self._rssi_read_at >= RSSI_INTERVAL.total_seconds()
        ):
            await self._async_read_wifi_rssi()
        return state

    async def _async_read_wifi_rssi(self) -> None:
        """Ask miIO.info for the signal; a failure keeps the last one until the next interval."""
        self._rssi_read_at = time.monotonic()
        try:
            async with asyncio.timeout(READ_BACK_TIMEOUT):
                info = await self.device.client.info()
        except (XiaomiLivingClientError, TimeoutError) as err:
            LOGGER.debug("%s: the Wi-Fi signal was not read (%s)", self.name, err)
            return
        self.wifi_rssi = wifi_rssi(info.raw)

    def _state(self, values: Mapping[str, Any]) -> AirConditionerState:
        return AirConditionerState.from_values(values)

    def state_report(self) -> dict[str, Any]:
        """Return the values of the capabilities this unit has."""
        return self.data.as_dict(self.device.capabilities)

    async def async_write(self, settings: AirConditionerSettings) -> None:
        """Write to the device, show the accepted settings at once, then confirm with a read.

        A write left unanswered is read back: done if the device holds every setting.
        """
        try:
            await self.async_apply(
                lambda: self.device.write(settings),
                lambda state: replace(state, **settings),
                lambda state: holds_settings(state, settings),
            )
        except SettingRefusedError as err:
            # What the unit was in when it refused tells why: say that, not just the code
            explained = explain_refusal(err, self.data.as_dict(self.device.capabilities), settings)
            if explained is err:
                raise
            raise explained from err


def holds_settings(state: AirConditionerState, settings: AirConditionerSettings) -> bool:
    """Tell whether an air conditioner's state carries every one of the settings."""
    for key, wanted in settings.items():
        value = getattr(state, key)
        if isinstance(wanted, float | int) and not isinstance(wanted, bool):
            if not isinstance(value, float | int) or abs(value - wanted) > 0.01:
                return False
        elif value != wanted:
            return False
    return True


class TelevisionCoordinator(XiaomiLivingCoordinator[TelevisionClient, TelevisionState]):
    """Poll one TV over both of its channels; a silent TV is off, not unavailable."""

    PLATFORMS = (Platform.MEDIA_PLAYER, Platform.REMOTE, Platform.SWITCH)

    # Where wake-on-LAN packets go: the client's defaults (tests point them at a simulator).
    wake_on_lan_port: int = tv.WAKE_ON_LAN_PORT
    wake_on_lan_broadcast: str | None = tv.WAKE_ON_LAN_BROADCAST

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

    def _state(self, values: Mapping[str, Any]) -> TelevisionState:
        return TelevisionState.from_values(values)

    def state_report(self) -> dict[str, Any]:
        """Return the whole state: what the channels told and what we remember."""
        return self.data.as_dict()

    def _data_when_silent(self, err: XiaomiLivingClientError) -> TelevisionState:
        """Show a set that answers on neither channel as fully off; it stays available."""
        last: TelevisionState | None = self.data  # None before the first read
        if last is None or last.power != tv.POWER_OFF:
            LOGGER.debug("%s answers on neither channel: fully off (%s)", self.name, err)
        self.device.mark_off()
        return TelevisionState(power=tv.POWER_OFF, input=last.input if last else None)


@dataclass(slots=True)
class XiaomiLivingRuntimeData:
    """What a loaded entry holds while it runs."""

    client: MiioClient | None  # None for a TV reached over its HTTP API only (no token)
    info: MiioDeviceInfo
    coordinator: AirConditionerCoordinator | TelevisionCoordinator


type XiaomiLivingConfigEntry = ConfigEntry[XiaomiLivingRuntimeData]
