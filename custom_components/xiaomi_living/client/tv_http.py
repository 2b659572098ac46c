"""Client for the HTTP API that MIUI/PatchWall Xiaomi TVs serve on port 6095.

The API answers plain GET requests with a JSON envelope, either ``{"status": 0, "msg": "success",
"data": ...}`` or ``{"request_result": 200, "msg": "success", "data": ...}`` depending on the
firmware; this client accepts both. Sets send JSON under various content types, so the body is
parsed whatever the header says. A set that is fully off is gone from the network: calls raise
``TvHttpUnreachableError`` and ``is_alive`` returns False.

The caller owns the ``aiohttp.ClientSession`` (Home Assistant's shared one in the integration).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, Final, Literal, get_args

import aiohttp
from yarl import URL

from .answers import non_empty_text, normalize_mac
from .errors import TvHttpCommandError, TvHttpResponseError, TvHttpUnreachableError

if TYPE_CHECKING:
    from collections.abc import Mapping

DEFAULT_PORT: Final = 6095
DEFAULT_TIMEOUT: Final = 5.0
# A set that is on answers isalive in well under a second; off, nothing answers at all.
ALIVE_TIMEOUT: Final = 2.0

TvKey = Literal[
    "power",
    "up",
    "down",
    "left",
    "right",
    "enter",
    "home",
    "back",
    "menu",
    "volumeup",
    "volumedown",
]
TV_KEYS: Final[frozenset[str]] = frozenset(get_args(TvKey))

TvSource = Literal["hdmi1", "hdmi2", "hdmi3", "av", "tv"]
TV_SOURCES: Final[frozenset[str]] = frozenset(get_args(TvSource))


@dataclass(frozen=True, slots=True)
class TvVolume:
    """The volume as the HTTP API reports it, on the set's own scale (often 0-15)."""

    level: int
    max: int

    @property
    def fraction(self) -> float:
        """Return the volume as a fraction of the maximum, 0.0 to 1.0."""
        if self.max <= 0:
            return 0.0
        return min(1.0, max(0.0, self.level / self.max))


@dataclass(frozen=True, slots=True)
class TvSystemInfo:
    """What ``getsysteminfo`` tells about the set; MACs are lower case with colons."""

    name: str | None
    eth_mac: str | None
    wifi_mac: str | None
    raw: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class TvAppInfo:
    """An app installed on the set."""

    package: str
    name: str


class TvHttpClient:
    """Talk to one TV's port-6095 HTTP API over a caller-owned aiohttp session."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        host: str,
        *,
        port: int = DEFAULT_PORT,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        """Prepare a client for ``host:port``; no connection is made here."""
        self._session = session
        self.host = host
        self.port = port
        self.timeout = timeout

    async def is_alive(self) -> bool:
        """Return whether the set's API answers, False when the set cannot be reached.

        Waits at most ``ALIVE_TIMEOUT`` (or the client's timeout, if shorter). Raises
        ``TvHttpResponseError`` when something answers, but not as the API does.
        """
        try:
            await self._request("/request", {"action": "isalive"}, min(self.timeout, ALIVE_TIMEOUT))
        except TvHttpUnreachableError:
            return False
        return True

    async def send_key(self, key: str) -> None:
        """Press a remote key; ``TV_KEYS`` lists the names sets are known to accept.

        Names outside ``TV_KEYS`` are sent as they are, since some firmwares take more; a set that
        does not know the key raises ``TvHttpCommandError``. ``power`` turns many sets fully off.
        """
        await self._request("/controller", {"action": "keyevent", "keycode": key})

    async def change_source(self, source: str) -> None:
        """Switch to an input: an API name (``TV_SOURCES``) or an input name such as "HDMI 1"."""
        await self._request(
            "/controller",
            {"action": "changesource", "source": source.replace(" ", "").lower()},
        )

    async def get_volume(self) -> TvVolume:
        """Read the volume on the set's own scale."""
        data = _object(await self._request("/general", {"action": "getVolum"}), "volume")
        try:
            return TvVolume(level=int(data["volum"]), max=int(data["maxVolum"]))
        except (KeyError, TypeError, ValueError) as err:
            raise TvHttpResponseError(f"unexpected volume data: {data!r}") from err

    async def system_info(self) -> TvSystemInfo:
        """Read the set's name and MAC addresses."""
        data = _object(
            await self._request("/controller", {"action": "getsysteminfo"}), "system info"
        )
        return TvSystemInfo(
            name=non_empty_text(data.get("devicename")),
            eth_mac=normalize_mac(data.get("ethmac")),
            wifi_mac=normalize_mac(data.get("wifimac")),
            raw=data,
        )

    async def installed_apps(self) -> list[TvAppInfo]:
        """List the installed apps, in the launcher's order."""
        data = _object(
            await self._request(
                "/controller", {"action": "getinstalledapp", "count": "999", "changeIcon": "1"}
            ),
            "app list",
        )
        entries = data.get("AppInfo")
        if not isinstance(entries, list):
            raise TvHttpResponseError(f"unexpected app list: {data!r}")
        apps: list[TvAppInfo] = []
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            package = non_empty_text(entry.get("PackageName"))
            if package is None:
                continue
            apps.append(
                TvAppInfo(package=package, name=non_empty_text(entry.get("AppName")) or package)
            )
        return apps

    async def start_app(self, package: str) -> None:
        """Bring an installed app to the foreground by its package name."""
        await self._request(
            "/controller",
            {"action": "startapp", "type": "packagename", "packagename": package},
        )

    async def _request(
        self, path: str, query: Mapping[str, str], time_limit: float | None = None
    ) -> Any:
        """GET ``path`` and return the envelope's ``data`` (None when it has none)."""
        url = URL.build(scheme="http", host=self.host, port=self.port, path=path, query=query)
        try:
            async with self._session.get(
                url,
                timeout=aiohttp.ClientTimeout(total=time_limit or self.timeout),
                allow_redirects=False,
            ) as response:
                body = await response.read()
                status = response.status
        except (aiohttp.ClientConnectionError, TimeoutError) as err:
            raise TvHttpUnreachableError(
                f"TV at {self.host}:{self.port} did not answer {path}: {err!r}"
            ) from err
        except aiohttp.ClientError as err:
            raise TvHttpResponseError(f"broken answer to {path}: {err!r}") from err
        if status != HTTPStatus.OK:
            raise TvHttpResponseError(f"HTTP {status} for {path}")
        try:
            envelope = json.loads(body)
        except ValueError as err:
            raise TvHttpResponseError(f"answer to {path} is not JSON: {body[:60]!r}") from err
        if not isinstance(envelope, dict):
            raise TvHttpResponseError(f"answer to {path} is not an envelope: {envelope!r}")
        return _unwrap(envelope)


def _unwrap(envelope: dict[str, Any]) -> Any:
    """Return the ``data`` of a success envelope of either kind, raise on an error envelope."""
    if "status" in envelope:
        code, ok = _code(envelope["status"]), 0
    elif "request_result" in envelope:
        code, ok = _code(envelope["request_result"]), HTTPStatus.OK
    else:
        raise TvHttpResponseError(f"unknown envelope: {envelope!r}")
    if code != ok:
        raise TvHttpCommandError(code, non_empty_text(envelope.get("msg")) or "no message")
    return envelope.get("data")


def _code(value: Any) -> int | None:
    """Return an envelope's code as an int (some firmwares quote it), or None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return None
    return None


def _object(data: Any, what: str) -> dict[str, Any]:
    """Return ``data`` as a JSON object; some sets send it as a JSON string inside the JSON."""
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except ValueError as err:
            raise TvHttpResponseError(f"unexpected {what} data: {data!r}") from err
    if not isinstance(data, dict):
        raise TvHttpResponseError(f"unexpected {what} data: {data!r}")
    return data
