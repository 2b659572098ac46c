"""Drive one Xiaomi TV over both of its channels: MIoT over miIO and the port-6095 HTTP API.

Either channel may be missing or down: a set without a token has only HTTP, some firmware has no
HTTP API, and a set with a dark screen may drop one of them. The driver reads both at once and
builds one state from whatever answers; commands go over the channel that answered last, and over
the other one when that fails. A set that answers on neither channel is fully off as far as
anyone on the LAN can tell: ``read()`` raises ``TelevisionUnreachableError`` after a short alive
check (``alive_timeout``), without logging anything above debug.

What is in front is partly told and partly remembered (docs/tv.md#what-the-set-tells): MIoT
reports the input; neither channel tells the app in front or whether anything plays. The app we
opened, and the home screen after the home key, are remembered from our own commands, and
forgotten when the screen goes dark, the set goes off or another input shows up. Nothing is ever
remembered about playback: the keys that pause and resume toggle, and no read tells which way.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from collections.abc import Awaitable, Callable, Iterable
from functools import partial
from typing import Any, Final

from .answers import DroppedValues, short_repr
from .errors import (
    CommandUnconfirmedError,
    DeviceUnreachableError,
    DeviceValueError,
    MiioError,
    MiotRequiredError,
    TelevisionUnreachableError,
    TokenRejectedError,
    TvHttpError,
    TvHttpUnreachableError,
    WakeOnLanError,
)
from .miio_client import MiioClient
from .models.aircondition import Field, Kind
from .models.tv import HOME_SCREEN_PACKAGE, MiotAddress, TvDescription
from .tv_http import TvHttpClient, TvImage

_LOGGER = logging.getLogger(__name__)

# State keys of a TV (the coordinator's data).
POWER: Final = "power"  # POWER_ON, POWER_SCREEN_OFF or POWER_OFF
VOLUME: Final = "volume"  # 0-100, None when unknown
MUTED: Final = "muted"
INPUT: Final = "input"  # the input's name (models.tv.INPUT_*), None when unknown
# Package of the app we brought to the front (models.tv.HOME_SCREEN_PACKAGE: the home screen),
# None when an input, or something unknown, is in front.
APP: Final = "app"
PLAYBACK: Final = "playback"  # always None: no channel tells it (kept for the state's shape)
APPS: Final = "apps"  # installed apps, package -> name, while the HTTP API answers
MIOT_ONLINE: Final = "miot"  # the MIoT channel answered the latest read
HTTP_ONLINE: Final = "http"  # the HTTP API answered the latest read

POWER_ON: Final = "on"
POWER_SCREEN_OFF: Final = "screen_off"  # MIoT speaker mode: dark screen, network up
POWER_OFF: Final = "off"  # fully off: nothing answers until a wake-on-LAN packet

PLAYBACK_PLAYING: Final = "playing"
PLAYBACK_PAUSED: Final = "paused"

# Capabilities (``TelevisionClient.capabilities``).
CAP_MIOT: Final = "miot"
CAP_HTTP: Final = "http"  # the HTTP API has answered since setup: keys and apps
CAP_VOLUME_SET: Final = "volume_set"
CAP_MUTE: Final = "mute"
CAP_SCREEN_OFF: Final = "screen_off"
CAP_INPUTS: Final = "inputs"

# A set that is on answers in milliseconds; this bounds each channel's alive check while it is off.
DEFAULT_ALIVE_TIMEOUT: Final = 3.0
# The app list changes rarely; read it again at most this often (and whenever the API comes back).
APPS_MAX_AGE: Final = 600.0

WAKE_ON_LAN_PORT: Final = 9
# Sent to the set's own address and to this one: a set that is fully off has often left the ARP
# caches, so only a broadcast reaches it.
WAKE_ON_LAN_BROADCAST: Final = "255.255.255.255"


def magic_packet(mac: str) -> bytes:
    """Return the wake-on-LAN magic packet for a MAC address (any separators, any case)."""
    digits = "".join(char for char in mac.lower() if char in "0123456789abcdef")
    if len(digits) != 12:
        raise ValueError(f"not a MAC address: {mac!r}")
    return b"\xff" * 6 + bytes.fromhex(digits) * 16


async def send_wake_on_lan(macs: Iterable[str], targets: Iterable[str], port: int) -> int:
    """Send a magic packet for each MAC to each target address; return how many targets took them.

    Raises ``WakeOnLanError`` when no target could be sent to (no route, unresolvable name).
    """
    packets = list(dict.fromkeys(magic_packet(mac) for mac in macs))
    if not packets:
        raise WakeOnLanError("no MAC address to wake")
    loop = asyncio.get_running_loop()
    sent = 0
    errors: list[str] = []
    for target in dict.fromkeys(targets):
        try:
            infos = await loop.getaddrinfo(target, port, type=socket.SOCK_DGRAM)
            family, _, _, _, address = infos[0]
            with socket.socket(family, socket.SOCK_DGRAM) as sock:
                sock.setblocking(False)
                if family == socket.AF_INET:
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
                for packet in packets:
                    await loop.sock_sendto(sock, packet, address)
        except OSError as err:
            _LOGGER.debug("Wake-on-LAN packet to %s:%d not sent: %s", target, port, err)
            errors.append(f"{target}: {err}")
            continue
        sent += 1
    if not sent:
        raise WakeOnLanError("; ".join(errors) or "no address to send to")
    return sent


class TelevisionClient:
    """One TV: its description, a miIO client when it has a token, and its HTTP API client."""

    def __init__(
        self,
        description: TvDescription,
        *,
        miio: MiioClient | None,
        http: TvHttpClient | None,
        alive_timeout: float = DEFAULT_ALIVE_TIMEOUT,
    ) -> None:
        """Combine the channels this set has; nothing is sent here."""
        self.description = description
        self.miio = miio if description.miot else None
        self.http = http
        self.alive_timeout = alive_timeout
        self.http_seen = False  # the HTTP API answered at least once
        self.macs: list[str] = []  # MAC addresses the set reported over HTTP (wired first)
        self._miot_online: bool | None = None
        self._http_online: bool | None = None
        self._apps: dict[str, str] = {}
        self._icons: dict[str, str] = {}
        self._apps_read_at: float | None = None
        self._system_info_read = False
        self._power: str | None = None
        self._input: str | None = None
        self._app: str | None = None
        self.dropped_values = DroppedValues(description.name if miio is None else miio.host)
        # The MIoT values are checked as the AC descriptions' are: on/off a bool (or 0/1), the
        # volume a finite number from 0 to the set's top
        self._flag = Field(kind=Kind.FLAG)
        self._volume_field = Field(kind=Kind.NUMBER, minimum=0, maximum=description.max_volume)

    @property
    def capabilities(self) -> frozenset[str]:
        """What this set can do over the channels it has (HTTP counts once it has answered)."""
        description = self.description
        found: set[str] = set()
        if self.miio is not None:
            found.add(CAP_MIOT)
            if description.volume:
                found.add(CAP_VOLUME_SET)
            if description.mute:
                found.add(CAP_MUTE)
            if description.speaker_mode:
                found.add(CAP_SCREEN_OFF)
        if self.http_seen:
            found.add(CAP_HTTP)
        if description.inputs and (
            self.http_seen or (self.miio is not None and description.input_control)
        ):
            found.add(CAP_INPUTS)
        return frozenset(found)

    @property
    def app_names(self) -> dict[str, str]:
        """The installed apps last read, package -> name."""
        return dict(self._apps)

    @property
    def app_icons(self) -> dict[str, str]:
        """Where the set serves the icons of the installed apps last read, package -> URL."""
        return dict(self._icons)

    async def app_icon(self, package: str) -> TvImage | None:
        """Fetch an installed app's icon from the set (HTTP API); None when it has none."""
        url = self._icons.get(package)
        if url is None:
            return None
        return await self._require_http().fetch_image(url)

    async def probe(self) -> dict[str, Any]:
        """Nothing to learn up front: every read finds out which channel answers."""
        return {}

    async def read(self) -> dict[str, Any]:
        """Read both channels at once and combine what answered.

        Raises ``TokenRejectedError`` when the set answers miIO with another token, and
        ``TelevisionUnreachableError`` when neither channel answers.
        """
        miot, http_alive = await asyncio.gather(self._read_miot(), self._http_alive())
        if isinstance(miot, TokenRejectedError):
            raise miot
        self._note_online(miot is not None, http_alive)
        if miot is None and not http_alive:
            raise TelevisionUnreachableError("the TV answers on neither channel")
        state: dict[str, Any] = {VOLUME: None, MUTED: None}
        if miot is not None:
            self._power = POWER_SCREEN_OFF if miot.pop(POWER_SCREEN_OFF) else POWER_ON
            reported = miot.pop(INPUT, None)
            state.update(miot)
            if reported is not None and reported != self._input:
                # Another input was chosen (with the remote, say): no app of ours is in front.
                self._input = reported
                self.forget_session()
        elif self._power != POWER_SCREEN_OFF:
            self._power = POWER_ON
        if http_alive:
            await self._read_http_extras(state)
        if self._power != POWER_ON:
            # The screen is dark: when it lights again, nothing tells what it shows.
            self.forget_session()
        return {
            **state,
            INPUT: self._input,
            POWER: self._power,
            APP: self._app,
            PLAYBACK: None,
            APPS: self.app_names if http_alive else {},
            MIOT_ONLINE: miot is not None,
            HTTP_ONLINE: http_alive,
        }

    def forget_session(self) -> None:
        """Forget the app in front (the set went dark, or the input changed)."""
        self._app = None

    def mark_off(self) -> None:
        """Take note that the set is fully off."""
        self._power = POWER_OFF
        self.forget_session()

    async def set_volume(self, volume: int) -> None:
        """Set the volume, 0-100 (MIoT)."""
        miio, address = self._miot(self.description.volume)
        await miio.set_property(*address, max(0, min(self.description.max_volume, volume)))

    async def set_muted(self, muted: bool) -> None:
        """Mute or unmute (MIoT)."""
        miio, address = self._miot(self.description.mute)
        await miio.set_property(*address, muted)

    async def set_screen(self, on: bool) -> None:
        """Light or darken the screen through speaker mode (MIoT); the network stays up."""
        miio, address = self._miot(self.description.speaker_mode)
        await miio.set_property(*address, not on)
        self._power = POWER_ON if on else POWER_SCREEN_OFF
        self.forget_session()

    async def step_volume(self, up: bool, step: int, current: int | None) -> None:
        """Turn the volume up or down: by ``step`` over MIoT, or by one remote key press.

        Over MIoT the step is an absolute write (current +/- step), safe to resend. When it goes
        unanswered and the key press would stand in, the volume is read back over HTTP first:
        a set that took the write is not stepped twice. The key press itself goes out once.
        """
        key = "volumeup" if up else "volumedown"
        if (
            CAP_VOLUME_SET in self.capabilities
            and current is not None
            and not (self.http is not None and self._prefer_http())
        ):
            target = max(
                0, min(self.description.max_volume, current + step if up else current - step)
            )
            try:
                await self.set_volume(target)
            except DeviceUnreachableError:
                if self.http is None:
                    raise
                _LOGGER.debug("MIoT volume write unanswered; reading the volume back over HTTP")
                try:
                    took = await self._http_volume() == target
                except TvHttpError as err:
                    _LOGGER.debug("No volume to read back (%s); not stepping blind", err)
                    raise CommandUnconfirmedError("the volume step was not confirmed") from err
                if took:
                    return
            else:
                return
        if self.http is None:
            raise MiotRequiredError("no channel of this set can step the volume")
        await self.http.send_key(key)

    async def select_input(self, name: str) -> None:
        """Switch to an input by name, over MIoT or the HTTP API."""
        value = self.description.input_value(name)
        if value is None:
            raise ValueError(f"the set has no input {name!r}")
        miot_call: Callable[[], Awaitable[None]] | None = None
        if self.miio is not None and self.description.input_control:
            miot_call = partial(self.miio.set_property, *self.description.input_control, value)
        await self._either(miot_call, self._http_call(TvHttpClient.change_source, name))
        self._input = name
        self.forget_session()

    async def start_app(self, package: str) -> None:
        """Bring an installed app to the front (HTTP API)."""
        await self._require_http().start_app(package)
        self._app = package

    async def press_key(self, key: str) -> None:
        """Press a remote key (HTTP API), and remember what it does to what we track.

        Home brings the home screen to the front; power switches many sets fully off. Other
        keys change nothing we can tell: back may or may not leave an app.
        """
        await self._require_http().send_key(key)
        if key == "home":
            self._app = HOME_SCREEN_PACKAGE
        elif key == "power":
            self.mark_off()

    async def set_playback(self, playing: bool) -> None:
        """Pause or resume what plays: the OK key, which toggles playback in the sets' players.

        ``playing`` is what the caller wants; the key is the same both ways, and nothing tells
        which way it went, so nothing is remembered.
        """
        del playing
        await self._require_http().send_key("enter")

    async def power_off(self) -> None:
        """Switch the set fully off: the MIoT turn-off action, or the remote's power key.

        The set drops off the network while it handles the action, so no answer is the answer.
        """
        miot_call: Callable[[], Awaitable[None]] | None = None
        if self.miio is not None and self.description.turn_off:
            miio, (siid, aiid) = self.miio, self.description.turn_off

            async def miot_call() -> None:
                try:
                    async with asyncio.timeout(self.alive_timeout):
                        # Switching off twice is switching off: the action may be resent
                        await miio.call_action(siid, aiid, repeatable=True)
                except (DeviceUnreachableError, TimeoutError):
                    _LOGGER.debug("No answer to the turn-off action: the set went dark")

        await self._either(miot_call, self._http_call(TvHttpClient.send_key, "power"))
        self.mark_off()

    async def wake(self, macs: Iterable[str], host: str, broadcast: str | None, port: int) -> None:
        """Send wake-on-LAN magic packets for the MACs to the set's address and the broadcast."""
        targets = [host] if broadcast is None else [host, broadcast]
        await send_wake_on_lan(macs, targets, port)
        self._power = POWER_ON

    def _miot(self, address: MiotAddress | None) -> tuple[MiioClient, MiotAddress]:
        if self.miio is None or address is None:
            raise MiotRequiredError("this command needs the set's MIoT channel")
        return self.miio, address

    def _http_call(
        self, method: Callable[[TvHttpClient, str], Awaitable[None]], argument: str
    ) -> Callable[[], Awaitable[None]] | None:
        """Return an HTTP API call for ``_either``, None when the set has no HTTP client."""
        return None if self.http is None else partial(method, self.http, argument)

    def _require_http(self) -> TvHttpClient:
        if self.http is None:
            raise TvHttpUnreachableError("the set has no HTTP API client")
        return self.http

    async def _either(
        self,
        miot_call: Callable[[], Awaitable[Any]] | None,
        http_call: Callable[[], Awaitable[Any]] | None,
    ) -> None:
        """Run a command over the channel that answered last, then over the other if it is down."""
        calls = [call for call in (miot_call, http_call) if call is not None]
        if not calls:
            raise MiotRequiredError("no channel of this set can do that")
        if miot_call is not None and http_call is not None and self._prefer_http():
            calls.reverse()
        for attempt, call in enumerate(calls, start=1):
            try:
                await call()
            except (DeviceUnreachableError, TvHttpUnreachableError):
                if attempt == len(calls):
                    raise
                _LOGGER.debug("Channel down; trying the other one")
            else:
                return

    def _prefer_http(self) -> bool:
        return self._miot_online is False and self._http_online is True

    def _note_online(self, miot: bool, http: bool) -> None:
        if (miot, http) != (self._miot_online, self._http_online):
            _LOGGER.debug(
                "%s: MIoT %s, HTTP %s",
                self.description.name,
                "answers" if miot else "silent",
                "answers" if http else "silent",
            )
        self._miot_online, self._http_online = miot, http

    async def _read_miot(self) -> dict[str, Any] | TokenRejectedError | None:
        """Read the MIoT properties; None when the channel is missing or silent."""
        if self.miio is None:
            return None
        description = self.description
        wanted = {
            INPUT: description.input_control,
            VOLUME: description.volume,
            MUTED: description.mute,
            POWER_SCREEN_OFF: description.speaker_mode,
        }
        addresses = {key: address for key, address in wanted.items() if address}
        try:
            async with asyncio.timeout(self.alive_timeout):
                results = await self.miio.get_properties(addresses.values())
        except TokenRejectedError as err:
            return err
        except (MiioError, TimeoutError) as err:
            if self._miot_online:
                _LOGGER.debug("MIoT read failed: %r", err)
            return None
        values = {
            (result.siid, result.piid): result.value
            for result in results
            if result.ok and result.value is not None
        }
        check = self.dropped_values.check
        checks: dict[str, Callable[[Any], Any]] = {
            INPUT: self._input_name,
            VOLUME: self._volume,
            MUTED: self._flag.decode,
            POWER_SCREEN_OFF: self._flag.decode,
        }
        state = {
            key: None if values.get(address) is None else check(key, checks[key], values[address])
            for key, address in addresses.items()
        }
        state[POWER_SCREEN_OFF] = bool(state.get(POWER_SCREEN_OFF))
        return state

    def _input_name(self, wire: Any) -> str:
        name = self.description.input_name(wire)
        if name is None:
            raise DeviceValueError(
                f"{short_repr(wire)} is no input of {list(self.description.inputs)}"
            )
        return name

    def _volume(self, wire: Any) -> int:
        volume: float = self._volume_field.decode(wire)
        return round(volume)

    async def _http_volume(self) -> int:
        """Read the volume over HTTP, 0-100 like MIoT's."""
        assert self.http is not None  # noqa: S101 - only called with an HTTP client
        return round((await self.http.get_volume()).fraction * 100)

    async def _http_alive(self) -> bool:
        """Tell whether the HTTP API answers as it should, within its short alive timeout."""
        if self.http is None:
            return False
        try:
            alive = await self.http.is_alive()
        except TvHttpError as err:
            if self._http_online:
                _LOGGER.debug("HTTP API answers, but not as it should: %s", err)
            return False
        if alive and not self._http_online:
            self._apps_read_at = None  # came back: its apps may have changed
        return alive

    async def _read_http_extras(self, state: dict[str, Any]) -> None:
        """Fill in over HTTP what MIoT did not give, and refresh the app list when it is old."""
        http = self.http
        assert http is not None  # noqa: S101 - only called once the API answered
        self.http_seen = True
        # Each read stands alone: a set that keeps answering one of them badly (a volume of
        # Infinity) still gets its app list and MACs read. A set that stopped answering at all
        # ends the round, rather than costing a timeout per read.
        try:
            if state[VOLUME] is None:
                await self._read_http_part(state, self._read_http_volume)
            now = time.monotonic()
            if self._apps_read_at is None or now - self._apps_read_at > APPS_MAX_AGE:
                await self._read_http_part(state, partial(self._read_http_apps, now))
            if not self._system_info_read:
                await self._read_http_part(state, self._read_http_system_info)
        except TvHttpUnreachableError as err:
            _LOGGER.debug("HTTP read incomplete: %s", err)

    async def _read_http_part(
        self,
        state: dict[str, Any],
        read: Callable[[dict[str, Any]], Awaitable[None]],
    ) -> None:
        try:
            await read(state)
        except TvHttpUnreachableError:
            raise
        except TvHttpError as err:
            _LOGGER.debug("HTTP read incomplete: %s", err)

    async def _read_http_volume(self, state: dict[str, Any]) -> None:
        state[VOLUME] = await self._http_volume()

    async def _read_http_apps(self, now: float, state: dict[str, Any]) -> None:
        assert self.http is not None  # noqa: S101 - only called once the API answered
        apps = await self.http.installed_apps()
        self._apps = {app.package: app.name for app in apps}
        self._icons = {app.package: app.icon_url for app in apps if app.icon_url}
        self._apps_read_at = now

    async def _read_http_system_info(self, state: dict[str, Any]) -> None:
        assert self.http is not None  # noqa: S101 - only called once the API answered
        info = await self.http.system_info()
        self.macs = [mac for mac in (info.eth_mac, info.wifi_mac) if mac]
        self._system_info_read = True
