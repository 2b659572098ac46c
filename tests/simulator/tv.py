"""A simulated Xiaomi TV: the MIoT side, the port-6095 HTTP side and wake-on-LAN, over one TvState.

The MIoT properties are views onto the shared ``TvState``: ``input`` (2.1) is an index into
``TvState.inputs``, ``volume`` (4.1) and ``mute`` (4.2) map directly, ``speaker_mode`` (8.1) is
true while the screen is off, and the ``turn_off`` action (2.1) switches the set fully off. A
fully-off set answers nothing on miIO until a wake-on-LAN magic packet for its MAC arrives on
``wol_port``; the HTTP server (``tv_http.TvHttpServer``) follows the same TvState by itself.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from typing import Any, Final

from .device import SimulatedDevice
from .profiles import Profile
from .transport import Address, UdpServer
from .tv_http import TvHttpServer
from .tv_state import TvState

HTTP_PORT: Final = 6095
WOL_PORT: Final = 9
# Where the wake-on-LAN listener goes when port 9 needs privileges this process does not have.
UNPRIVILEGED_WOL_PORT: Final = 40009

_KEYS: Final = ("input", "volume", "mute", "speaker_mode", "power")


class TvProperties(MutableMapping[str, Any]):
    """The TV's MIoT state keys, read from and written to the shared TvState."""

    def __init__(self, tv: TvState) -> None:
        """Wrap the shared state."""
        self._tv = tv

    def __getitem__(self, key: str) -> Any:
        """Read a key; ``input`` raises ValueError when the current source is not in the list."""
        tv = self._tv
        match key:
            case "input":
                return tv.inputs.index(tv.input_source)
            case "volume":
                return tv.volume
            case "mute":
                return tv.muted
            case "speaker_mode":
                return tv.power == "screen_off"
            case "power":
                return tv.power
        raise KeyError(key)

    def __setitem__(self, key: str, value: Any) -> None:
        """Write a key; raises ValueError for an input index the set does not have."""
        tv = self._tv
        match key:
            case "input":
                if not 0 <= value < len(tv.inputs):
                    raise ValueError(f"no input {value}")
                tv.show_input(tv.inputs[value])
            case "volume":
                tv.volume = value
            case "mute":
                tv.muted = value
            case "speaker_mode":
                if value and tv.power == "on":
                    tv.power = "screen_off"
                elif not value and tv.power == "screen_off":
                    tv.power = "on"
            case "power":
                tv.power = value
            case _:
                raise KeyError(key)

    def __delitem__(self, key: str) -> None:
        """TV state keys cannot be removed."""
        raise TypeError("TV properties cannot be deleted")

    def __iter__(self) -> Iterator[str]:
        """Iterate over the keys."""
        return iter(_KEYS)

    def __len__(self) -> int:
        """Count the keys."""
        return len(_KEYS)


def is_magic_packet(data: bytes, mac: str) -> bool:
    """Tell whether a datagram is a wake-on-LAN magic packet for ``mac`` (SecureOn may follow)."""
    target = bytes.fromhex(mac.replace(":", "").replace("-", ""))
    return data[:102] == b"\xff" * 6 + target * 16


class SimulatedTv(SimulatedDevice):
    """A simulated TV: miIO/MIoT on UDP, the HTTP API on TCP, wake-on-LAN on UDP, one address."""

    def __init__(
        self,
        profile: Profile | str,
        host: str,
        *,
        tv: TvState | None = None,
        http_port: int = HTTP_PORT,
        wol_port: int = WOL_PORT,
        **options: Any,
    ) -> None:
        """Describe the TV; ``tv`` shares an existing TvState, otherwise one with this MAC is made.

        ``wol_port`` 9 falls back to ``UNPRIVILEGED_WOL_PORT`` when binding it is not permitted.
        """
        self.tv = tv or TvState()
        super().__init__(profile, host, **options)
        if tv is None:
            self.tv.mac = self.mac.lower()
        self.mac = self.tv.mac
        self.http_port = http_port
        self.wol_port = wol_port
        self._wol: UdpServer | None = None
        self.http: TvHttpServer | None = None  # None while stopped

    def _create_props(self) -> MutableMapping[str, Any]:
        return TvProperties(self.tv)

    def reachable(self) -> bool:
        """Tell whether the TV answers: a fully-off set does not."""
        return super().reachable() and self.tv.power != "off"

    async def start(self) -> None:
        """Bind miIO, wake-on-LAN and HTTP; on any failure nothing stays bound."""
        await super().start()
        try:
            await self._start_wake_on_lan()
            await self.start_http()
        except BaseException:
            await self.stop()
            raise

    async def stop(self) -> None:
        """Close every socket of the TV."""
        await self.stop_http()
        if self._wol is not None:
            wol, self._wol = self._wol, None
            await wol.close()
        await super().stop()

    async def start_http(self) -> None:
        """Serve the port-6095 API (again, after ``stop_http``)."""
        if self.http is not None:
            return
        server = TvHttpServer(self.tv, self.host, self.http_port)
        try:
            await server.start()
        except BaseException:
            await server.stop()
            raise
        self.http = server
        self.http_port = server.port

    async def stop_http(self) -> None:
        """Take the HTTP API away entirely (connections refused) while miIO keeps answering.

        For an API that accepts connections but never answers, set ``http.faults.down`` instead.
        """
        if self.http is not None:
            server, self.http = self.http, None
            await server.stop()

    async def _start_wake_on_lan(self) -> None:
        try:
            self._wol = await UdpServer.bind(self.host, self.wol_port, self.handle_wake_on_lan)
        except PermissionError:
            if self.wol_port != WOL_PORT:
                raise
            self._wol = await UdpServer.bind(
                self.host, UNPRIVILEGED_WOL_PORT, self.handle_wake_on_lan
            )
        self.wol_port = self._wol.port

    def handle_wake_on_lan(self, data: bytes, addr: Address | None = None) -> None:
        """Switch a fully-off set on when a magic packet for its MAC arrives (from anyone)."""
        if self.faults.offline or not is_magic_packet(data, self.mac):
            return
        if self.tv.power == "off":
            self.tv.power = "on"
            self.tv.wake_on_lan_packets += 1
