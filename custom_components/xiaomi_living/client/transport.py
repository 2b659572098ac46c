"""The miIO request/reply transport over one asyncio datagram endpoint per device.

A call takes the device's lock (one request in flight per device), says hello when it has to (first
call, after an unanswered exchange, after the device's clock went backwards), then sends the request
under a fresh random id and waits for a verified reply carrying any id this call has used: a slow
reply to an earlier attempt is as good as a reply to the latest one. Every datagram that cannot be
that reply is dropped and counted by reason.

A packet from the device's address that does not verify with the token proves little on its own:
anyone on the network can send one, and a lossy link can mangle one. The token counts as rejected
only when every exchange of a call, each after a fresh hello, brought such packets and nothing
else; one followed by a valid reply is just dropped. An exchange that brought one waits only a
little longer for a valid reply before the next attempt (whose wait still takes a late reply), so a
wrong token is told within about ``timeout`` rather than the whole budget.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections import deque
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, Final

from .errors import (
    RETRYABLE_CODES,
    ChecksumError,
    CommandUnconfirmedError,
    DeviceError,
    DeviceUnreachableError,
    MalformedReplyError,
    MiioError,
    PacketError,
    TokenRejectedError,
    device_error,
)
from .protocol import (
    HEADER_SIZE,
    HELLO,
    MiioCodec,
    Packet,
    decode_json,
    encode_json,
    parse_header,
)

_LOGGER = logging.getLogger(__name__)

DEFAULT_PORT: Final = 54321
DEFAULT_TIMEOUT: Final = 2.0
DEFAULT_RETRIES: Final = 3

# Devices ignore an id they have seen lately, and remember ids across our restarts: draw ids at
# random from a range wide enough that a restarted client practically never repeats one.
_MAX_MESSAGE_ID: Final = 2**31 - 1
_REMEMBERED_REPLIES: Final = 256
# After a packet that does not verify, an exchange waits this share of the timeout for a valid one.
_UNVERIFIED_GRACE: Final = 0.25


class DropReason(StrEnum):
    """Why a received datagram was not taken as the reply to a request."""

    MALFORMED = "malformed"
    """Not a miIO packet (magic, length)."""
    FOREIGN = "foreign"
    """Carries another device id."""
    UNVERIFIABLE = "unverifiable"
    """Its checksum does not verify with our token."""
    UNDECODABLE = "undecodable"
    """Verifies, but does not decrypt to JSON."""
    UNEXPECTED = "unexpected"
    """Not an answer to anything we sent: a hello reply nobody waits for, a request, no id."""
    DUPLICATE = "duplicate"
    """Another copy of a reply we already took."""
    STALE = "stale"
    """A reply to an id no call waits for any more."""


@dataclass(slots=True)
class MiioDiagnostics:
    """Counters of one client's traffic, for diagnostics and tests."""

    calls: int = 0
    """Requests asked of the client (each may take several attempts)."""
    attempts: int = 0
    """Request datagrams sent."""
    hellos: int = 0
    """Handshake datagrams sent."""
    retries: int = 0
    """Attempts made after a failed one within the same call."""
    timeouts: int = 0
    """Hellos and requests that got no usable answer in time."""
    device_errors: int = 0
    """Error replies from the device, retried ones included."""
    reboots: int = 0
    """Times the device's clock went backwards (a reboot), forcing a new hello."""
    socket_errors: int = 0
    """Errors the socket reported (e.g. ICMP port unreachable)."""
    last_round_trip: float | None = None
    """Seconds between sending a request and taking its reply, for the latest success."""
    dropped: dict[DropReason, int] = field(default_factory=dict)
    """Received datagrams that were dropped, by reason."""

    def as_dict(self) -> dict[str, Any]:
        """Return the counters as plain JSON-friendly data."""
        return {
            "calls": self.calls,
            "attempts": self.attempts,
            "hellos": self.hellos,
            "retries": self.retries,
            "timeouts": self.timeouts,
            "device_errors": self.device_errors,
            "reboots": self.reboots,
            "socket_errors": self.socket_errors,
            "last_round_trip": self.last_round_trip,
            "dropped": {str(reason): count for reason, count in self.dropped.items()},
        }


class _DatagramProtocol(asyncio.DatagramProtocol):
    """Hands the endpoint's events to its transport."""

    def __init__(self, owner: MiioTransport) -> None:
        self._owner = owner
        self._endpoint: asyncio.BaseTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._endpoint = transport

    def datagram_received(self, data: bytes, addr: tuple[str | Any, int]) -> None:
        self._owner.datagram_received(data)

    def error_received(self, exc: Exception) -> None:
        self._owner.error_received(exc)

    def connection_lost(self, exc: Exception | None) -> None:
        self._owner.connection_lost(self._endpoint)


class MiioTransport:
    """Requests and replies with one miIO device over a connected UDP socket."""

    def __init__(
        self,
        host: str,
        token: bytes,
        *,
        port: int = DEFAULT_PORT,
        timeout: float = DEFAULT_TIMEOUT,
        retries: int = DEFAULT_RETRIES,
    ) -> None:
        """Describe the device; the socket opens on first use or in ``open()``.

        ``timeout`` bounds each wait for an answer and ``retries`` how many unanswered or
        retryable exchanges a call survives; a call never takes longer than
        ``timeout * (retries + 1)``.
        """
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        if retries < 0:
            raise ValueError("retries must not be negative")
        self.host = host
        self.port = port
        self.timeout = timeout
        self.retries = retries
        self._codec = MiioCodec(token)
        self._lock = asyncio.Lock()
        self._endpoint: asyncio.DatagramTransport | None = None
        self._device_id: int | None = None
        self._need_hello = True
        self._stamp_base = 0
        self._stamp_time = 0.0
        self._last_stamp = 0
        self._hello_waiter: asyncio.Future[None] | None = None
        self._hello_answered = False  # during the call in progress
        self._device_changed = False  # since the latest request was sent
        self._reply_waiter: asyncio.Future[dict[str, Any]] | None = None
        self._call_ids: dict[int, float] = {}  # id -> when sent, for the call in progress
        self._answered_ids: deque[int] = deque(maxlen=_REMEMBERED_REPLIES)
        self._token_suspect = False  # the exchange in progress brought an unverifiable packet
        self._suspect_waiter: asyncio.Future[None] | None = None
        self._diagnostics = MiioDiagnostics()

    @property
    def device_id(self) -> int | None:
        """The device id from the latest hello, None before the first one."""
        return self._device_id

    @property
    def diagnostics(self) -> MiioDiagnostics:
        """A snapshot of the traffic counters."""
        return replace(self._diagnostics, dropped=dict(self._diagnostics.dropped))

    async def open(self) -> None:
        """Open the datagram endpoint if it is not open yet."""
        if self._endpoint is not None:
            return
        loop = asyncio.get_running_loop()
        try:
            endpoint, _ = await loop.create_datagram_endpoint(
                lambda: _DatagramProtocol(self), remote_addr=(self.host, self.port)
            )
        except OSError as err:
            raise DeviceUnreachableError(f"cannot open a socket to {self.host}: {err}") from err
        self._endpoint = endpoint

    def close(self) -> None:
        """Close the socket; a call in progress fails, the next call opens a new socket."""
        if self._endpoint is not None:
            self._endpoint.close()
            self._endpoint = None
        self._fail_waiters()

    async def hello(self) -> int:
        """Say hello now and return the device id."""
        async with self._lock:
            await self.open()
            deadline = asyncio.get_running_loop().time() + self.timeout * (self.retries + 1)
            for attempt in range(self.retries + 1):
                if attempt:
                    self._diagnostics.retries += 1
                hello = self._send_hello()
                await asyncio.wait({hello}, timeout=self._wait_time(deadline))
                if hello.done() and not hello.cancelled():
                    assert self._device_id is not None  # noqa: S101 - set with the answer
                    return self._device_id
                self._diagnostics.timeouts += 1
        raise DeviceUnreachableError(f"{self.host} does not answer the miIO hello")

    async def request(
        self,
        method: str,
        params: Any,
        *,
        retry_device_errors: bool = True,
        repeatable: bool = True,
    ) -> Any:
        """Send one request and return the ``result`` of the device's reply.

        Raises ``DeviceUnreachableError`` when the retry budget runs out unanswered,
        ``TokenRejectedError`` when every exchange of the call (the whole retry budget, each after
        a fresh hello) brought only replies that do not verify,
        ``DeviceError`` for an error reply, and ``MalformedReplyError`` for a verified reply with
        neither result nor error. Errors -9999 and -30001 are retried unless
        ``retry_device_errors`` is false.

        A request that is not ``repeatable`` (a key press: sent twice, it acts twice) goes out at
        most once: it waits the whole budget for its answer and is never sent again, nor retried
        after an error; unanswered, it raises ``CommandUnconfirmedError``. Each resend carries a
        new id, and a device cannot tell it from a new command.
        """
        async with self._lock:
            await self.open()
            self._diagnostics.calls += 1
            try:
                if not repeatable:
                    return await self._call_once(method, params)
                return await self._call(method, params, retry_device_errors)
            finally:
                waiter, self._reply_waiter = self._reply_waiter, None
                if waiter is not None and waiter.done() and not waiter.cancelled():
                    # close() failed it while our caller was being cancelled: nobody else
                    # reads it, and an unread exception is logged as "never retrieved"
                    waiter.exception()
                self._call_ids.clear()
                self._token_suspect = False

    async def _call(self, method: str, params: Any, retry_device_errors: bool) -> Any:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout * (self.retries + 1)
        waiter = self._reply_waiter = loop.create_future()
        self._hello_answered = False
        failures = 0
        exchanges = unverified = 0  # made, and answered only by unverifiable packets
        last_error: DeviceError | None = None
        while True:
            if self._need_hello:
                hello = self._send_hello()
                if self._device_id is None:
                    # Only the first request waits: it needs the device id the answer brings.
                    # Later hellos go out just before the request and update the stamp offset
                    # when their answer comes, so a lost hello costs no extra round trip.
                    await asyncio.wait({hello}, timeout=self._wait_time(deadline))
            if self._device_id is None:
                self._diagnostics.timeouts += 1
            else:
                unverified += int(await self._exchange(method, params, waiter, deadline))
                exchanges += 1
                if not waiter.done():
                    self._need_hello = True
                    last_error = None
                else:
                    try:
                        return _result_of(method, waiter.result())
                    except DeviceError as err:
                        self._diagnostics.device_errors += 1
                        if not retry_device_errors or err.code not in RETRYABLE_CODES:
                            raise
                        last_error = err
                    waiter = self._reply_waiter = loop.create_future()
            failures += 1
            if failures > self.retries or loop.time() >= deadline:
                raise self._gave_up(method, last_error, unverified_only=unverified == exchanges > 0)
            self._diagnostics.retries += 1

    async def _call_once(self, method: str, params: Any) -> Any:
        """Send the request once, after a hello if one is due, and wait the whole budget."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout * (self.retries + 1)
        waiter = self._reply_waiter = loop.create_future()
        self._hello_answered = False
        # Hellos change nothing on the device: they may go out again until one is answered.
        while self._device_id is None and loop.time() < deadline:
            hello = self._send_hello()
            await asyncio.wait({hello}, timeout=self._wait_time(deadline))
            if not hello.done():
                self._diagnostics.timeouts += 1
        if self._device_id is None:
            raise DeviceUnreachableError(f"{self.host} does not answer the miIO hello")
        if self._need_hello:
            self._send_hello()
        unverified = await self._exchange(method, params, waiter, deadline, once=True)
        if waiter.done():
            return _result_of(method, waiter.result())
        self._need_hello = True
        if unverified:
            raise TokenRejectedError(f"replies from {self.host} do not verify with the token")
        raise CommandUnconfirmedError(
            f"{method} went to {self.host} once and was not confirmed; not sent again",
            hello_answered=self._hello_answered,
        )

    def _gave_up(
        self, method: str, last_error: DeviceError | None, *, unverified_only: bool
    ) -> MiioError:
        """Return the error a call ends with when its retry budget ran out."""
        if unverified_only:
            return TokenRejectedError(f"replies from {self.host} do not verify with the token")
        if last_error is not None:
            return last_error
        return DeviceUnreachableError(
            f"no answer from {self.host} to {method}", hello_answered=self._hello_answered
        )

    def _send_hello(self) -> asyncio.Future[None]:
        """Send a hello; its answer sets the device id and the stamp offset whenever it comes."""
        endpoint = self._open_endpoint()
        if self._hello_waiter is not None:
            self._hello_waiter.cancel()
        hello = self._hello_waiter = asyncio.get_running_loop().create_future()
        self._diagnostics.hellos += 1
        endpoint.sendto(HELLO)
        return hello

    def _take_hello(self, header: Packet) -> None:
        """Adopt the device id and clock of a hello answer, if a hello is awaiting one."""
        hello = self._hello_waiter
        if hello is None or hello.done():
            self._drop(DropReason.UNEXPECTED)
            return
        if self._device_id is not None and (
            header.device_id != self._device_id or header.stamp < self._last_stamp
        ):
            # Another device, or the same one rebooted: a request already sent may be ignored.
            _LOGGER.debug("%s answers with another device id or an earlier clock", self.host)
            self._device_changed = True
        self._device_id = header.device_id
        self._stamp_base = self._last_stamp = header.stamp
        self._stamp_time = asyncio.get_running_loop().time()
        self._need_hello = False
        self._hello_answered = True
        hello.set_result(None)

    async def _exchange(
        self,
        method: str,
        params: Any,
        waiter: asyncio.Future[dict[str, Any]],
        deadline: float,
        *,
        once: bool = False,
    ) -> bool:
        """Send the request under a new id and wait, at most until the deadline, for a reply.

        Returns whether the exchange ended unanswered but for packets that do not verify.

        When the answer to a hello sent along shows that the device changed (another device id, or
        a clock that went backwards) the request goes out again at once, with what it now needs,
        unless it goes out only ``once``: then it waits until the deadline, never sent again.
        """
        loop = asyncio.get_running_loop()
        self._token_suspect = False
        suspect = self._suspect_waiter = loop.create_future()
        self._send_request(method, params)
        until = deadline if once else loop.time() + self._wait_time(deadline)
        graced = False
        try:
            while not waiter.done() and (remaining := until - loop.time()) > 0:
                hello = self._hello_waiter
                waiters: set[asyncio.Future[Any]] = {waiter}
                if hello is not None and not hello.done():
                    waiters.add(hello)
                if not suspect.done():
                    waiters.add(suspect)
                await asyncio.wait(waiters, timeout=remaining, return_when=asyncio.FIRST_COMPLETED)
                if suspect.done() and not graced:
                    graced = True
                    until = min(until, loop.time() + self.timeout * _UNVERIFIED_GRACE)
                if self._device_changed and not waiter.done() and not once:
                    self._send_request(method, params)
        finally:
            self._suspect_waiter = None
            suspect.cancel()
        if waiter.done():
            return False
        self._diagnostics.timeouts += 1
        return self._token_suspect

    def _send_request(self, method: str, params: Any) -> None:
        """Send the request under a new random id, with the current device id and stamp."""
        endpoint = self._open_endpoint()
        assert self._device_id is not None  # noqa: S101 - a hello precedes every request
        loop = asyncio.get_running_loop()
        message_id = secrets.randbelow(_MAX_MESSAGE_ID) + 1
        stamp = self._stamp_base + int(loop.time() - self._stamp_time)
        packet = self._codec.encode(
            self._device_id,
            stamp,
            encode_json({"id": message_id, "method": method, "params": params}),
        )
        self._call_ids[message_id] = loop.time()
        self._device_changed = False
        self._diagnostics.attempts += 1
        _LOGGER.debug("%s <- %s (id %d)", self.host, method, message_id)
        endpoint.sendto(packet)

    def _open_endpoint(self) -> asyncio.DatagramTransport:
        """Return the socket; ``close()`` during a call ends the call here."""
        if self._endpoint is None:
            raise MiioError("the client was closed")
        return self._endpoint

    def _wait_time(self, deadline: float) -> float:
        return min(self.timeout, max(0.0, deadline - asyncio.get_running_loop().time()))

    def datagram_received(self, data: bytes) -> None:
        """Take a datagram as the awaited reply, or drop it and count why."""
        try:
            header = parse_header(data)
        except PacketError:
            self._drop(DropReason.MALFORMED)
            return
        if len(data) == HEADER_SIZE:
            self._take_hello(header)
            return
        if header.device_id != self._device_id:
            self._drop(DropReason.FOREIGN)
            return
        try:
            packet = self._codec.decode(data)
        except ChecksumError:
            self._suspect_token(DropReason.UNVERIFIABLE)
            return
        except PacketError:
            self._suspect_token(DropReason.UNDECODABLE)
            return
        assert packet.plaintext is not None  # noqa: S101 - longer than a header
        try:
            message = decode_json(packet.plaintext)
        except (ValueError, RecursionError):
            self._suspect_token(DropReason.UNDECODABLE)
            return
        message_id = message.get("id") if isinstance(message, dict) else None
        if not isinstance(message_id, int) or isinstance(message_id, bool) or "method" in message:
            self._drop(DropReason.UNEXPECTED)
        elif message_id in self._answered_ids:
            self._drop(DropReason.DUPLICATE)
        elif (
            message_id not in self._call_ids
            or self._reply_waiter is None
            or self._reply_waiter.done()
        ):
            self._drop(DropReason.STALE)
        else:
            self._take_reply(message_id, packet.stamp, message)

    def _take_reply(self, message_id: int, stamp: int, message: dict[str, Any]) -> None:
        assert self._reply_waiter is not None  # noqa: S101 - checked by the caller
        now = asyncio.get_running_loop().time()
        self._answered_ids.append(message_id)
        self._diagnostics.last_round_trip = now - self._call_ids[message_id]
        if stamp < self._last_stamp:
            # The device's clock restarted: it rebooted, so greet it again before the next request.
            self._diagnostics.reboots += 1
            self._need_hello = True
        self._last_stamp = stamp
        self._reply_waiter.set_result(message)

    def _suspect_token(self, reason: DropReason) -> None:
        """Drop a packet from our device that we cannot read: a wrong token, or a spoof."""
        self._drop(reason)
        _LOGGER.debug("%s: dropped a reply that does not verify with the token", self.host)
        if self._call_ids:
            self._token_suspect = True
            if self._suspect_waiter is not None and not self._suspect_waiter.done():
                self._suspect_waiter.set_result(None)

    def _drop(self, reason: DropReason) -> None:
        dropped = self._diagnostics.dropped
        dropped[reason] = dropped.get(reason, 0) + 1

    def error_received(self, exc: Exception) -> None:
        """Count a socket error; the exchange it belongs to will time out and be retried."""
        self._diagnostics.socket_errors += 1
        _LOGGER.debug("%s: socket error %s", self.host, exc)

    def connection_lost(self, endpoint: asyncio.BaseTransport | None) -> None:
        """Forget a socket that closed, so the next call opens a new one."""
        if endpoint is self._endpoint:
            self._endpoint = None
            self._fail_waiters()

    def _fail_waiters(self) -> None:
        if self._hello_waiter is not None:
            self._hello_waiter.cancel()
        if self._reply_waiter is not None and not self._reply_waiter.done():
            self._reply_waiter.set_exception(MiioError("the client was closed"))


def _result_of(method: str, reply: dict[str, Any]) -> Any:
    """Return the ``result`` of a reply, or raise the error it carries."""
    if "error" in reply:
        error = reply["error"]
        code = error.get("code") if isinstance(error, dict) else None
        if not isinstance(code, int) or isinstance(code, bool):
            raise MalformedReplyError(f"error reply to {method} without a code")
        raise device_error(code, str(error.get("message", "")))
    if "result" not in reply:
        raise MalformedReplyError(f"reply to {method} has neither result nor error")
    return reply["result"]
