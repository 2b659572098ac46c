"""The asyncio miIO client: device info, MIoT properties and actions, legacy properties."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType, TracebackType
from typing import Any, Final, Self

from .errors import (
    DeviceError,
    MalformedReplyError,
    MethodNotSupportedError,
    PropertyError,
    device_error,
)
from .miot import (
    ActionResult,
    MiotProperty,
    MiotValue,
    PropertyResult,
    action_params,
    get_properties_json,
    parse_action_result,
    parse_property_results,
    set_properties_params,
)
from .transport import (
    DEFAULT_PORT,
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT,
    MiioDiagnostics,
    MiioTransport,
)

DEFAULT_CHUNK_SIZE: Final = 15

# Keys of the remembered chunk limits.
_MIOT: Final = "miot"
_GET_PROP: Final = "get_prop"


def parse_token(token: str | bytes) -> bytes:
    """Return a token given as 32 hex digits or 16 bytes as bytes; raise ValueError otherwise."""
    if isinstance(token, str):
        try:
            token = bytes.fromhex(token.strip())
        except ValueError:
            raise ValueError("a miIO token is 32 hexadecimal digits") from None
    if len(token) != 16:
        raise ValueError("a miIO token is 32 hexadecimal digits (16 bytes)")
    return token


@dataclass(frozen=True, slots=True, kw_only=True)
class MiioDeviceInfo:
    """What ``miIO.info`` tells about a device.

    ``raw`` is the whole answer except the ``token`` member some firmware includes, so that it can
    be shown in diagnostics without leaking the token.
    """

    model: str
    firmware_version: str | None
    hardware_version: str | None
    mac: str | None
    device_id: int | None
    raw: Mapping[str, Any] = field(compare=False)


def _optional_str(info: Mapping[str, Any], key: str) -> str | None:
    value = info.get(key)
    return value if isinstance(value, str) else None


class MiioClient:
    """Talk to one miIO device over UDP on the running event loop.

    Use it as ``async with MiioClient(host, token) as client:`` or call ``close()`` when done. Calls
    from many tasks are queued: the device sees one request at a time. All clients of an event
    loop share one UDP socket.
    """

    __slots__ = ("_chunk_limits", "_transport")

    def __init__(
        self,
        host: str,
        token: str | bytes,
        *,
        port: int = DEFAULT_PORT,
        timeout: float = DEFAULT_TIMEOUT,
        retries: int = DEFAULT_RETRIES,
    ) -> None:
        """Describe the device; nothing is sent before the first call.

        ``host`` should be an IP address (a host name is resolved by asyncio's resolver). Each wait
        for an answer lasts at most ``timeout`` seconds, a call survives ``retries`` unanswered or
        retryable exchanges, and never takes longer than ``timeout * (retries + 1)``.
        """
        self._transport = MiioTransport(
            host, parse_token(token), port=port, timeout=timeout, retries=retries
        )
        self._chunk_limits: dict[str, int] | None = None  # only once a device refused a size

    @property
    def host(self) -> str:
        """The device's address."""
        return self._transport.host

    @property
    def port(self) -> int:
        """The device's UDP port."""
        return self._transport.port

    @property
    def device_id(self) -> int | None:
        """The device id learnt from the hello, None before the first one."""
        return self._transport.device_id

    @property
    def diagnostics(self) -> MiioDiagnostics:
        """A snapshot of the traffic counters."""
        return self._transport.diagnostics

    @property
    def miot_chunk_limit(self) -> int | None:
        """How many MIoT properties per request the device accepted after refusing more."""
        return None if self._chunk_limits is None else self._chunk_limits.get(_MIOT)

    @property
    def get_prop_chunk_limit(self) -> int | None:
        """How many legacy names per request the device accepted after refusing more."""
        return None if self._chunk_limits is None else self._chunk_limits.get(_GET_PROP)

    async def __aenter__(self) -> Self:
        """Join the shared socket."""
        await self._transport.open()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Leave the shared socket."""
        self.close()

    def close(self) -> None:
        """Leave the shared socket (closed with its last client); a later call joins again."""
        self._transport.close()

    async def hello(self) -> int:
        """Say hello to the device and return its device id."""
        return await self._transport.hello()

    async def send(self, method: str, params: Any = None, *, repeatable: bool = True) -> Any:
        """Send any miIO method and return the ``result`` of the reply.

        A method that acts again each time it arrives (a key press, a step) is sent with
        ``repeatable=False``: at most once, never resent (``CommandUnconfirmedError`` when its
        answer does not come). Reads and absolute writes are repeatable.
        """
        return await self._transport.request(
            method, [] if params is None else params, repeatable=repeatable
        )

    async def info(self) -> MiioDeviceInfo:
        """Ask the device for its model, firmware, hardware and MAC (``miIO.info``)."""
        result = await self.send("miIO.info")
        if not isinstance(result, dict) or not isinstance(result.get("model"), str):
            raise MalformedReplyError("miIO.info did not return a model")
        raw = {key: value for key, value in result.items() if key != "token"}
        return MiioDeviceInfo(
            model=result["model"],
            firmware_version=_optional_str(result, "fw_ver"),
            hardware_version=_optional_str(result, "hw_ver"),
            mac=_optional_str(result, "mac"),
            device_id=self.device_id,
            raw=MappingProxyType(raw),
        )

    async def get_properties(
        self, props: Iterable[tuple[int, int]], *, chunk_size: int = DEFAULT_CHUNK_SIZE
    ) -> list[PropertyResult]:
        """Read MIoT properties given as (siid, piid); results come in the same order.

        A property the device cannot read comes back with its non-zero ``code``, it is not
        raised. Requests carry at most ``chunk_size`` properties, fewer once the device has
        refused a larger request.
        """
        addresses = props if type(props) is tuple else tuple(props)
        if chunk_size < 1:
            raise ValueError("chunk_size must be at least 1")
        limits = self._chunk_limits
        size = chunk_size if limits is None else min(chunk_size, limits.get(_MIOT, chunk_size))
        if not addresses or len(addresses) > size:
            return await self._chunked(_MIOT, addresses, self._read_properties, chunk_size)
        # A poll: one request, with parameters encoded once for every device polled alike
        try:
            params = get_properties_json(addresses)
        except TypeError:  # unhashable addresses (lists): as pairs
            addresses = tuple((siid, piid) for siid, piid in addresses)
            params = get_properties_json(addresses)
        try:
            result = await self._transport.request_json(
                "get_properties", params, retry_device_errors=len(addresses) == 1
            )
        except MethodNotSupportedError:
            raise
        except DeviceError:
            if len(addresses) == 1:
                raise
            return await self._chunked(
                _MIOT, addresses, self._read_properties, len(addresses) // 2, shrunk=True
            )
        return parse_property_results(addresses, result)

    async def _read_properties(self, chunk: Sequence[tuple[int, int]]) -> list[PropertyResult]:
        chunk = tuple((siid, piid) for siid, piid in chunk)
        params = get_properties_json(chunk)
        result = await self._transport.request_json(
            "get_properties", params, retry_device_errors=len(chunk) == 1
        )
        return parse_property_results(chunk, result)

    async def set_properties(
        self, values: Iterable[tuple[int, int, Any]], *, chunk_size: int = DEFAULT_CHUNK_SIZE
    ) -> list[PropertyResult]:
        """Write MIoT properties given as (siid, piid, value); one result per value, in order.

        A write the device refuses (e.g. -4005 for a value it does not accept) comes back with
        its ``code``; check ``PropertyResult.ok``.
        """
        items = [MiotValue(siid, piid, value) for siid, piid, value in values]

        async def write(chunk: Sequence[MiotValue]) -> list[PropertyResult]:
            result = await self._send_chunk("set_properties", set_properties_params(chunk), chunk)
            return parse_property_results([MiotProperty(i.siid, i.piid) for i in chunk], result)

        return await self._chunked(_MIOT, items, write, chunk_size)

    async def set_property(self, siid: int, piid: int, value: Any) -> None:
        """Write one MIoT property; a refusal raises ``PropertyError`` with the device's code."""
        (result,) = await self.set_properties([(siid, piid, value)])
        if not result.ok:
            raise PropertyError(result.code, siid, piid)

    async def call_action(
        self, siid: int, aiid: int, in_params: Sequence[Any] = (), *, repeatable: bool = False
    ) -> ActionResult:
        """Run a MIoT action; a non-zero result code raises ``DeviceError``.

        An action is a command, so by default it goes out at most once (see ``send``); pass
        ``repeatable=True`` for one that may safely run twice (switching off).
        """
        result = await self.send(
            "action", action_params(siid, aiid, in_params), repeatable=repeatable
        )
        code, action = parse_action_result(siid, aiid, result)
        if code != 0:
            raise device_error(code, f"action {siid}.{aiid} failed")
        return action

    async def get_prop(self, names: Sequence[str], *, one_per_request: bool = False) -> list[Any]:
        """Read legacy properties by name; values come in the order of ``names``.

        A device that refuses a request with several names is asked one name at a time from
        then on; ``one_per_request`` starts that way for models known to need it.
        """

        async def read(chunk: Sequence[str]) -> list[Any]:
            result = await self._send_chunk("get_prop", list(chunk), chunk)
            if not isinstance(result, list) or len(result) != len(chunk):
                raise MalformedReplyError(f"get_prop returned no list of {len(chunk)} values")
            return result

        return await self._chunked(
            _GET_PROP, list(names), read, 1 if one_per_request else max(1, len(names))
        )

    async def _send_chunk(self, method: str, params: Any, chunk: Sequence[Any]) -> Any:
        # A device that is overwhelmed by a large request may answer "retry" (-9999) every time:
        # only single-item requests are retried, larger ones are split at once.
        return await self._transport.request(method, params, retry_device_errors=len(chunk) == 1)

    async def _chunked[T, R](
        self,
        kind: str,
        items: Sequence[T],
        send_chunk: Callable[[Sequence[T]], Awaitable[list[R]]],
        chunk_size: int,
        *,
        shrunk: bool = False,
    ) -> list[R]:
        """Send items in chunks, halving the chunk while the device refuses a multi-item request.

        The size that worked after a refusal is remembered for ``kind`` and caps later calls.
        ``shrunk`` says the caller already halved ``chunk_size`` after a refusal.
        """
        if chunk_size < 1:
            raise ValueError("chunk_size must be at least 1")
        limits = self._chunk_limits
        size = chunk_size if limits is None else min(chunk_size, limits.get(kind, chunk_size))
        results: list[R] = []
        start = 0
        while start < len(items):
            chunk = items[start : start + size]
            try:
                results.extend(await send_chunk(chunk))
            except MethodNotSupportedError:
                raise
            except DeviceError:
                if len(chunk) == 1:
                    raise
                size = len(chunk) // 2
                shrunk = True
                continue
            if shrunk:
                if self._chunk_limits is None:
                    self._chunk_limits = {}
                self._chunk_limits[kind] = size
                shrunk = False
            start += len(chunk)
        return results
