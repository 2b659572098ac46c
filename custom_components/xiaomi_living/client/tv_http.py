"""Client for the HTTP API that MIUI/PatchWall Xiaomi TVs serve on port 6095.

The API answers plain GET requests with a JSON envelope, either ``{"status": 0, "msg": "success",
"data": ...}`` or ``{"request_result": 200, "msg": "success", "data": ...}`` depending on the
firmware; this client accepts both. Sets send JSON under various content types, so the body is
parsed whatever the header says. A set that is fully off is gone from the network: calls raise
``TvHttpUnreachableError`` and ``is_alive`` returns False.

Whatever a set (or something posing as one) answers ends in a value or a ``TvHttpResponseError``:
bodies are read up to ``MAX_BODY`` bytes, counted after decompression (the client decompresses
gzip and deflate itself, so a small compressed body cannot grow past the cap in memory), and
JSON too deep for the parser or numbers out of range are refused like any other bad answer.

The caller owns the ``aiohttp.ClientSession`` (Home Assistant's shared one in the integration).
"""

from __future__ import annotations

import json
import math
import reprlib
import zlib
from dataclasses import dataclass, field
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
# Real answers are a few KiB (the app list is the largest); a longer body is not the API's.
MAX_BODY: Final = 256 * 1024
# The largest volume scale a set may report: the API's scales are 0-15 to 0-100.
MAX_VOLUME_SCALE: Final = 100
# Encodings this client decodes itself; aiohttp's own decoding is not bounded by MAX_BODY.
_ACCEPT_ENCODING: Final = "gzip, deflate"
_ZLIB_DEFLATE: Final = 8  # the compression method in a zlib stream's first byte
_MAX_DIGITS: Final = 6  # a quoted volume figure longer than this is no volume
_MAX_MESSAGE: Final = 200  # of an error envelope's message, shown to users

# Hostile answers end up in error messages: keep those short and safe on any nesting.
_brief = reprlib.Repr(
    maxlevel=3, maxdict=6, maxlist=6, maxtuple=6, maxstring=60, maxother=60, maxlong=40
).repr

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
    """An app installed on the set, and where the set serves its icon (None: no icon).

    An app is its package and name: the icon's address depends on how the set was reached, so it
    takes no part in comparisons.
    """

    package: str
    name: str
    icon_url: str | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class TvImage:
    """An image the set served (an app icon): its bytes and content type."""

    data: bytes
    content_type: str


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
        level, top = _volume_number(data.get("volum")), _volume_number(data.get("maxVolum"))
        if level is None or top is None:
            raise TvHttpResponseError(f"unexpected volume data: {_brief(data)}")
        return TvVolume(level=level, max=top)

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
            raise TvHttpResponseError(f"unexpected app list: {_brief(data)}")
        apps: list[TvAppInfo] = []
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            package = non_empty_text(entry.get("PackageName"))
            if package is None:
                continue
            apps.append(
                TvAppInfo(
                    package=package,
                    name=non_empty_text(entry.get("AppName")) or package,
                    icon_url=self._icon_url(entry.get("IconURL")),
                )
            )
        return apps

    async def fetch_image(self, url: str) -> TvImage:
        """Fetch an image the set serves (an app's ``icon_url``); only the set's own address.

        Raises ``TvHttpResponseError`` for an address elsewhere or an answer that is no image.
        """
        target = URL(url)
        if (target.scheme, target.host, target.port) != ("http", self.host, self.port):
            raise TvHttpResponseError(f"{_brief(url)} is not an address of the TV")
        body, content_type = await self._get(target, target.path)
        if not content_type.startswith("image/"):
            raise TvHttpResponseError(f"answer to {target.path} is no image: {content_type}")
        return TvImage(data=body, content_type=content_type)

    def _icon_url(self, value: Any) -> str | None:
        """Return an ``IconURL`` on the address we reach the set at, None when it is none.

        Sets write their own idea of their address into it (another interface, 0.0.0.0), so only
        the path and query are kept.
        """
        text = non_empty_text(value)
        if text is None:
            return None
        try:
            given = URL(text)
        except (TypeError, ValueError):
            return None
        if given.scheme not in {"http", ""} or not given.path.startswith("/"):
            return None
        return str(
            URL.build(
                scheme="http",
                host=self.host,
                port=self.port,
                path=given.path,
                query_string=given.query_string,
            )
        )

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
        body, _ = await self._get(url, path, time_limit)
        try:
            envelope = json.loads(body)
        except (ValueError, RecursionError) as err:
            raise TvHttpResponseError(f"answer to {path} is not JSON: {body[:60]!r}") from err
        if not isinstance(envelope, dict):
            raise TvHttpResponseError(f"answer to {path} is not an envelope: {_brief(envelope)}")
        return _unwrap(envelope)

    async def _get(self, url: URL, path: str, time_limit: float | None = None) -> tuple[bytes, str]:
        """GET ``url`` and return its body (at most ``MAX_BODY`` bytes) and content type."""
        try:
            async with self._session.get(
                url,
                timeout=aiohttp.ClientTimeout(total=time_limit or self.timeout),
                allow_redirects=False,
                auto_decompress=False,
                headers={"Accept-Encoding": _ACCEPT_ENCODING},
            ) as response:
                status = response.status
                if status != HTTPStatus.OK:
                    raise TvHttpResponseError(f"HTTP {status} for {path}")
                body = _decode(await _read_capped(response, path), response, path)
                return body, response.content_type
        except (aiohttp.ClientConnectionError, TimeoutError) as err:
            raise TvHttpUnreachableError(
                f"TV at {self.host}:{self.port} did not answer {path}: {err!r}"
            ) from err
        except aiohttp.ClientError as err:
            raise TvHttpResponseError(f"broken answer to {path}: {err!r}") from err


async def _read_capped(response: aiohttp.ClientResponse, path: str) -> bytes:
    """Read the body as it streams in, refusing it as soon as it is longer than ``MAX_BODY``."""
    if response.content_length is not None and response.content_length > MAX_BODY:
        raise TvHttpResponseError(
            f"answer to {path} is too long: {response.content_length} bytes announced"
        )
    body = bytearray()
    async for chunk in response.content.iter_any():
        body += chunk
        if len(body) > MAX_BODY:
            raise TvHttpResponseError(f"answer to {path} is longer than {MAX_BODY} bytes")
    return bytes(body)


def _decode(body: bytes, response: aiohttp.ClientResponse, path: str) -> bytes:
    """Undo the body's content encoding, stopping once the result is longer than ``MAX_BODY``."""
    encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
    if encoding in {"", "identity"}:
        return body
    if encoding in {"gzip", "x-gzip"}:
        wbits = 16 + zlib.MAX_WBITS
    elif encoding == "deflate":
        # Some servers send raw deflate instead of the zlib stream the name stands for.
        zlib_stream = body[:1] and body[0] & 0x0F == _ZLIB_DEFLATE
        wbits = zlib.MAX_WBITS if zlib_stream else -zlib.MAX_WBITS
    else:
        raise TvHttpResponseError(f"answer to {path} has an unknown encoding: {encoding[:40]!r}")
    decompressor = zlib.decompressobj(wbits)
    try:
        data = decompressor.decompress(body, MAX_BODY + 1)
    except zlib.error as err:
        raise TvHttpResponseError(f"answer to {path} does not decompress: {err}") from err
    if len(data) > MAX_BODY:
        raise TvHttpResponseError(f"answer to {path} is longer than {MAX_BODY} bytes unpacked")
    return data


def _volume_number(value: Any) -> int | None:
    """Return a volume figure as an int within the API's scales, or None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = value.strip()
        digits = text.isascii() and text.isdigit() and len(text) <= _MAX_DIGITS
        value = int(text) if digits else None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        value = int(value)
    if isinstance(value, int) and 0 <= value <= MAX_VOLUME_SCALE:
        return value
    return None


def _unwrap(envelope: dict[str, Any]) -> Any:
    """Return the ``data`` of a success envelope of either kind, raise on an error envelope."""
    if "status" in envelope:
        code, ok = _code(envelope["status"]), 0
    elif "request_result" in envelope:
        code, ok = _code(envelope["request_result"]), HTTPStatus.OK
    else:
        raise TvHttpResponseError(f"unknown envelope: {_brief(envelope)}")
    if code != ok:
        message = non_empty_text(envelope.get("msg")) or "no message"
        raise TvHttpCommandError(code, message[:_MAX_MESSAGE])
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
        except (ValueError, RecursionError) as err:
            raise TvHttpResponseError(f"unexpected {what} data: {_brief(data)}") from err
    if not isinstance(data, dict):
        raise TvHttpResponseError(f"unexpected {what} data: {_brief(data)}")
    return data
