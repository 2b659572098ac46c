"""The miIO request/reply transport: every device over one shared UDP socket per event loop.

A call takes the device's turn (one request in flight per device), says hello when it has to (first
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

All clients of an event loop share one unconnected UDP socket (one per address family), opened with
the first client and closed with the last: datagrams are handed to the client of the address they
come from (and, where several clients talk to one address, to the one whose request they answer).
On Linux the socket asks for ICMP errors (``IP_RECVERR``), which name the address a datagram could
not reach, so an unreachable device is still told apart and counted as a socket error.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import os
import random
import socket
import sys
from collections import deque
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
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
    MAGIC,
    MAX_PACKET_SIZE,
    MiioCodec,
    decode_json,
    dumps,
    encode_request,
    unpack_header,
)

_LOGGER = logging.getLogger(__name__)

DEFAULT_PORT: Final = 54321
DEFAULT_TIMEOUT: Final = 2.0
DEFAULT_RETRIES: Final = 3

# Devices ignore an id they have seen lately, and remember ids across our restarts: draw ids at
# random from a range wide enough that a restarted client practically never repeats one. The ids
# need no secrecy (replies are authenticated by the token), only spread.
_MAX_MESSAGE_ID: Final = 2**31 - 1
_ids: Final = random.Random(os.urandom(16))  # noqa: S311
# The ids of the latest replies taken, to tell another copy of one (a duplicate) from a reply
# nobody waits for: a copy comes within a call or two, so a few suffice. Every client keeps them
# for good (an id is a 32-byte int), so they are few and the list never grows past them.
_REMEMBERED_REPLIES: Final = 8
# After a packet that does not verify, an exchange waits this share of the timeout for a valid one.
_UNVERIFIED_GRACE: Final = 0.25
# The receive buffer asked for the shared socket (best effort: the kernel caps it at rmem_max): a
# poll of hundreds of devices at once brings their replies together, and a buffer of the default
# size (about 200 KiB, which counts a small datagram's whole kernel buffer) drops some of them.
_RECEIVE_BUFFER: Final = 1 << 20
# Datagrams read from the shared socket in one turn of the event loop before others get theirs.
_READS_PER_TURN: Final = 32
# Calls that start sending in one turn of the event loop; more wait for the next turns, so that a
# poll of every device at once does not hold the loop for hundreds of sends.
_SENDS_PER_TURN: Final = 64
_LINUX: Final = sys.platform.startswith("linux")
_IP_RECVERR: Final = getattr(socket, "IP_RECVERR", 11)
_IPV6_RECVERR: Final = getattr(socket, "IPV6_RECVERR", 25)

type Address = tuple[str, int]


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
    """Errors the socket reported for the device (e.g. ICMP port unreachable)."""
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


@lru_cache(maxsize=64)
def _method_json(method: str) -> bytes:
    return dumps(method).encode("utf-8")


def params_json(params: Any) -> bytes:
    """Encode request parameters as python-miio does (``json.dumps``)."""
    return dumps(params).encode("utf-8")


# --- The shared socket -------------------------------------------------------------------------


class SharedSocket:
    """One unconnected UDP socket for every device client on an event loop (per address family).

    Clients ``join`` with the address they talk to and ``leave`` when they close; the socket closes
    with the last one. It reads every datagram waiting when the loop says it is readable (up to
    ``_READS_PER_TURN`` per turn) and hands each to the client of its source address. Calls that
    start sending are let go ``_SENDS_PER_TURN`` per turn of the loop (``room``), so that a poll
    of hundreds of devices at once is spread over a few short turns rather than one long one.
    """

    __slots__ = (
        "_backlog",
        "_buffer",
        "_family",
        "_key",
        "_loop",
        "_members",
        "_recverr",
        "_senders",
        "_sending",
        "_sock",
        "_view",
    )

    def __init__(self, loop: asyncio.AbstractEventLoop, family: int) -> None:
        """Open the socket and start reading it."""
        sock = socket.socket(family, socket.SOCK_DGRAM)
        try:
            sock.setblocking(False)
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, _RECEIVE_BUFFER)
            self._recverr = False
            if _LINUX:
                level, option = (
                    (socket.IPPROTO_IP, _IP_RECVERR)
                    if family == socket.AF_INET
                    else (socket.IPPROTO_IPV6, _IPV6_RECVERR)
                )
                try:
                    sock.setsockopt(level, option, 1)
                    self._recverr = True
                except OSError:  # pragma: no cover - every Linux since 2.2 has it
                    pass
            loop.add_reader(sock.fileno(), self._read_ready)
        except BaseException:
            sock.close()
            raise
        self._sock = sock
        self._loop = loop
        self._family = family
        self._key = (loop, family)
        self._members: dict[Address, MiioTransport | list[MiioTransport]] = {}
        self._backlog: deque[tuple[bytes, Address]] | None = None
        # Datagrams are read into one buffer and copied out at their size: reading each into a
        # buffer of the largest size would allocate (and fragment) 64 KiB per datagram.
        self._buffer = bytearray(MAX_PACKET_SIZE + 1)
        self._view = memoryview(self._buffer)
        self._sending = 0  # calls that started sending in this turn of the loop
        self._senders: deque[asyncio.Future[None]] | None = None  # calls waiting for a turn

    def room(self) -> asyncio.Future[None] | None:
        """Count a call about to send; return what to await first when this turn is full."""
        if self._sending < _SENDS_PER_TURN and not self._senders:
            if not self._sending:
                self._loop.call_soon(self._next_turn)
            self._sending += 1
            return None
        if self._senders is None:
            self._senders = deque()
        room = self._loop.create_future()
        self._senders.append(room)
        return room

    def _next_turn(self) -> None:
        """Let the next calls waiting to send go, as many as a turn takes."""
        self._sending = 0
        senders = self._senders
        while senders and self._sending < _SENDS_PER_TURN:
            room = senders.popleft()
            if not room.done():
                room.set_result(None)
                self._sending += 1
        if not senders:
            self._senders = None
        if self._sending:
            self._loop.call_soon(self._next_turn)

    @property
    def fileno(self) -> int:
        """The socket's file descriptor, -1 once closed."""
        return self._sock.fileno()

    @property
    def members(self) -> int:
        """How many clients use the socket."""
        return sum(len(m) if isinstance(m, list) else 1 for m in self._members.values())

    def join(self, addr: Address, transport: MiioTransport) -> None:
        """Hand the datagrams from ``addr`` to ``transport`` (too)."""
        current = self._members.get(addr)
        if current is None:
            self._members[addr] = transport
        elif isinstance(current, list):
            current.append(transport)
        elif current is not transport:
            self._members[addr] = [current, transport]

    def leave(self, addr: Address, transport: MiioTransport) -> None:
        """Stop handing datagrams to ``transport``; close the socket when nobody is left."""
        current = self._members.get(addr)
        if current is transport:
            del self._members[addr]
        elif isinstance(current, list) and transport in current:
            current.remove(transport)
            if len(current) == 1:
                self._members[addr] = current[0]
        if not self._members:
            self.close()

    def sendto(self, data: bytes, addr: Address | None = None) -> None:
        """Send a datagram without blocking; a full send buffer queues it."""
        assert addr is not None  # noqa: S101 - every client sends to its own address
        if self._backlog:
            self._backlog.append((data, addr))
            return
        try:
            self._sock.sendto(data, addr)
        except (BlockingIOError, InterruptedError):
            self._queue(data, addr)
        except OSError as err:
            if self._recverr and self._read_errors():
                # An ICMP error for some earlier datagram failed this send: it is told now (to
                # the client it belongs to), and this datagram goes out after all.
                self._retry_send(data, addr)
            else:
                self._error_for(addr, err)

    def _retry_send(self, data: bytes, addr: Address) -> None:
        try:
            self._sock.sendto(data, addr)
        except (BlockingIOError, InterruptedError):
            self._queue(data, addr)
        except OSError as err:
            self._error_for(addr, err)

    def _queue(self, data: bytes, addr: Address) -> None:
        if self._backlog is None:
            self._backlog = deque()
        if not self._backlog:
            self._loop.add_writer(self._sock.fileno(), self._write_ready)
        self._backlog.append((data, addr))

    def _write_ready(self) -> None:
        backlog = self._backlog
        while backlog:
            data, addr = backlog[0]
            try:
                self._sock.sendto(data, addr)
            except (BlockingIOError, InterruptedError):
                return
            except OSError as err:
                self._error_for(addr, err)
            backlog.popleft()
        self._loop.remove_writer(self._sock.fileno())
        self._backlog = None

    def _read_ready(self) -> None:
        recvfrom_into = self._sock.recvfrom_into
        buffer = self._buffer
        view = self._view
        members = self._members
        for read in range(_READS_PER_TURN):
            try:
                size, addr = recvfrom_into(buffer)
            except (BlockingIOError, InterruptedError):
                # Woken with nothing to read: an ICMP error may wait in the error queue.
                if not read and self._recverr:
                    self._read_errors()
                return
            except OSError as err:
                if not (self._recverr and self._read_errors()):
                    _LOGGER.debug("miIO socket error from an unknown sender: %s", err)
                return
            member = members.get(addr if len(addr) == 2 else addr[:2])
            if member is None:
                continue  # from an address no client talks to
            data = view[:size].tobytes()
            if isinstance(member, list):
                _demultiplex(member, data)
            else:
                member.datagram_received(data)

    def _read_errors(self) -> int:
        """Hand the queued ICMP errors to the clients of the addresses they name; count them."""
        told = 0
        while True:
            try:
                _, ancillary, _, addr = self._sock.recvmsg(1, 256, socket.MSG_ERRQUEUE)
            except (BlockingIOError, InterruptedError):
                return told
            except OSError:  # pragma: no cover - nothing queued after all
                return told
            told += 1
            code = next((int.from_bytes(data[:4], sys.byteorder) for _, _, data in ancillary), 0)
            err = OSError(code, os.strerror(code)) if code else OSError("socket error")
            if isinstance(addr, tuple):
                self._error_for(addr, err)

    def _error_for(self, addr: Address, err: OSError) -> None:
        member = self._members.get(addr if len(addr) == 2 else addr[:2])
        if isinstance(member, list):
            for transport in member:
                transport.error_received(err)
        elif member is not None:
            member.error_received(err)

    def close(self) -> None:
        """Close the socket (and forget it, so that the next client opens a new one)."""
        if _SOCKETS.get(self._key) is self:
            del _SOCKETS[self._key]
        if self._sock.fileno() < 0:
            return
        if not self._loop.is_closed():
            self._loop.remove_reader(self._sock.fileno())
            if self._backlog:
                self._loop.remove_writer(self._sock.fileno())
            # Calls waiting for their turn to send go on, and find their client closed.
            for room in self._senders or ():
                if not room.done():
                    room.set_result(None)
        self._senders = None
        self._backlog = None
        self._sock.close()

    def abort(self) -> None:
        """Close the socket under its clients: their calls fail, their next call opens anew."""
        members = [
            transport
            for member in self._members.values()
            for transport in (member if isinstance(member, list) else [member])
        ]
        self._members.clear()
        self.close()
        for transport in members:
            transport.connection_lost(self)


def _demultiplex(members: list[MiioTransport], data: bytes) -> None:
    """Hand a datagram from an address several clients talk to, to the one it is for.

    A hello answer goes to one client waiting for one (each hello brings its answer, and any answer
    does for any hello), or to the first client, which drops it as unexpected. Any other packet
    goes to the client whose call it answers; failing that, to the clients in a call that cannot
    verify it (a device answers a request sealed with a wrong token with a packet its sender cannot
    read); failing that, to a client it verifies with, or the first, to be dropped and counted
    there.
    """
    if len(data) == HEADER_SIZE:
        waiting = next((t for t in members if t.awaits_hello()), members[0])
        waiting.datagram_received(data)
        return
    for transport in members:
        if transport.awaits(data):
            transport.datagram_received(data)
            return
    suspects = [t for t in members if t.in_call() and not t.verifies(data)]
    if suspects:
        for transport in suspects:
            transport.datagram_received(data)
        return
    transport = next((t for t in members if t.verifies(data)), members[0])
    transport.datagram_received(data)


_SOCKETS: dict[tuple[asyncio.AbstractEventLoop, int], SharedSocket] = {}


def shared_socket(loop: asyncio.AbstractEventLoop, family: int) -> SharedSocket:
    """Return the loop's socket for ``family``, opening it if there is none."""
    found = _SOCKETS.get((loop, family))
    if found is not None:
        return found
    for key, stale in list(_SOCKETS.items()):
        if key[0].is_closed():  # a loop that ended with clients still open
            stale.close()
    created = _SOCKETS[loop, family] = SharedSocket(loop, family)
    return created


async def _resolve(loop: asyncio.AbstractEventLoop, host: str, port: int) -> tuple[int, Address]:
    """Return the address family and the (numeric) address datagrams from ``host`` come from."""
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_DGRAM)
        if not infos:
            raise OSError(f"no address for {host}") from None
        family, _, _, _, sockaddr = next(
            (info for info in infos if info[0] == socket.AF_INET), infos[0]
        )
        return int(family), (str(sockaddr[0]), int(sockaddr[1]))
    text = str(ip)
    if text == host:
        text = host  # the same string: one object less per client
    return (socket.AF_INET if ip.version == 4 else socket.AF_INET6), (text, port)


# --- One device -------------------------------------------------------------------------------


class MiioTransport:
    """Requests and replies with one miIO device, over the event loop's shared UDP socket."""

    __slots__ = (
        "_addr",
        "_answered_ids",
        "_busy",
        "_call_ids",
        "_codec",
        "_device_changed",
        "_device_id",
        "_dropped",
        "_endpoint",
        "_hello_answered",
        "_hello_waiter",
        "_last_round_trip",
        "_last_stamp",
        "_n_attempts",
        "_n_calls",
        "_n_device_errors",
        "_n_hellos",
        "_n_reboots",
        "_n_retries",
        "_n_socket_errors",
        "_n_timeouts",
        "_need_hello",
        "_queue",
        "_reply_waiter",
        "_stamp_base",
        "_stamp_time",
        "_token_suspect",
        "host",
        "port",
        "retries",
        "timeout",
    )

    def __init__(
        self,
        host: str,
        token: bytes,
        *,
        port: int = DEFAULT_PORT,
        timeout: float = DEFAULT_TIMEOUT,
        retries: int = DEFAULT_RETRIES,
    ) -> None:
        """Describe the device; the socket is joined on first use or in ``open()``.

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
        self._busy = False  # a call holds the device's turn
        self._queue: deque[asyncio.Future[None]] | None = None  # calls waiting for their turn
        self._endpoint: Any = None  # the shared socket (anything with sendto), once joined
        self._addr: Address | None = None
        self._device_id: int | None = None
        self._need_hello = True
        self._stamp_base = 0
        self._stamp_time = 0.0
        self._last_stamp = 0
        self._hello_waiter: asyncio.Future[None] | None = None
        self._hello_answered = False  # during the call in progress
        self._device_changed = False  # since the latest request was sent
        # What the call in progress waits on; set with the reply, or with None to wake it.
        self._reply_waiter: asyncio.Future[dict[str, Any] | None] | None = None
        self._call_ids: dict[int, float] = {}  # id -> when sent, for the call in progress
        self._answered_ids: list[int] = []
        self._token_suspect = False  # the exchange in progress brought an unverifiable packet
        # The counters of MiioDiagnostics, kept here rather than in an object of their own.
        self._n_calls = self._n_attempts = self._n_hellos = self._n_retries = 0
        self._n_timeouts = self._n_device_errors = self._n_reboots = self._n_socket_errors = 0
        self._last_round_trip: float | None = None
        self._dropped: dict[DropReason, int] | None = None

    @property
    def device_id(self) -> int | None:
        """The device id from the latest hello, None before the first one."""
        return self._device_id

    @property
    def diagnostics(self) -> MiioDiagnostics:
        """A snapshot of the traffic counters."""
        return MiioDiagnostics(
            calls=self._n_calls,
            attempts=self._n_attempts,
            hellos=self._n_hellos,
            retries=self._n_retries,
            timeouts=self._n_timeouts,
            device_errors=self._n_device_errors,
            reboots=self._n_reboots,
            socket_errors=self._n_socket_errors,
            last_round_trip=self._last_round_trip,
            dropped=dict(self._dropped or {}),
        )

    async def open(self) -> None:
        """Join the event loop's shared socket if this client has not yet."""
        if self._endpoint is not None:
            return
        loop = asyncio.get_running_loop()
        try:
            family, addr = await _resolve(loop, self.host, self.port)
        except OSError as err:
            raise DeviceUnreachableError(f"cannot resolve {self.host}: {err}") from err
        if self._endpoint is None:  # not joined by another task meanwhile
            try:
                endpoint = shared_socket(loop, family)
            except (OSError, NotImplementedError) as err:
                # NotImplementedError: a loop that cannot watch a socket (Windows' proactor)
                raise DeviceUnreachableError(f"cannot open a socket to {self.host}: {err}") from err
            endpoint.join(addr, self)
            self._addr = addr
            self._endpoint = endpoint

    def close(self) -> None:
        """Leave the socket; a call in progress fails, the next call joins again."""
        endpoint, self._endpoint = self._endpoint, None
        if isinstance(endpoint, SharedSocket):
            assert self._addr is not None  # noqa: S101 - set when the socket was joined
            endpoint.leave(self._addr, self)
        elif endpoint is not None:
            endpoint.close()
        self._fail_waiters()

    async def hello(self) -> int:
        """Say hello now and return the device id."""
        await self._take_turn()
        try:
            await self.open()
            loop = asyncio.get_running_loop()
            deadline = loop.time() + self.timeout * (self.retries + 1)
            self._reply_waiter = loop.create_future()
            for attempt in range(self.retries + 1):
                if attempt:
                    self._n_retries += 1
                if await self._await_hello(deadline):
                    assert self._device_id is not None  # noqa: S101 - set with the answer
                    return self._device_id
                self._n_timeouts += 1
        finally:
            self._end_call()
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
        return await self.request_json(
            method,
            params_json(params),
            retry_device_errors=retry_device_errors,
            repeatable=repeatable,
        )

    async def request_json(  # noqa: PLR0912 - the retry loop in the call's own frame: one less per poll
        self,
        method: str,
        params: bytes,
        *,
        retry_device_errors: bool = True,
        repeatable: bool = True,
    ) -> Any:
        """``request`` with the parameters already encoded (``params_json``)."""
        if not repeatable:
            return await self._request_once(method, params)
        if self._busy:
            await self._take_turn()
        else:
            self._busy = True
        try:
            if self._endpoint is None:
                await self.open()
            if type(self._endpoint) is SharedSocket and (room := self._endpoint.room()):
                await room
            self._n_calls += 1
            loop = asyncio.get_running_loop()
            deadline = loop.time() + self.timeout * (self.retries + 1)
            self._reply_waiter = loop.create_future()
            self._hello_answered = False
            failures = 0
            exchanges = unverified = 0  # made, and answered only by unverifiable packets
            last_error: DeviceError | None = None
            while True:
                if self._need_hello:
                    if self._device_id is None:
                        # Only the first request waits: it needs the device id the answer
                        # brings. Later hellos go out just before the request and update the
                        # stamp offset when their answer comes, so a lost hello costs no extra
                        # round trip.
                        await self._await_hello(deadline)
                    else:
                        self._send_hello()
                if self._device_id is None:
                    self._n_timeouts += 1
                else:
                    unverified += await self._exchange(method, params, deadline)
                    exchanges += 1
                    waiter = self._reply_waiter
                    if not waiter.done():
                        self._need_hello = True
                        last_error = None
                    else:
                        try:
                            return _result_of(method, waiter.result())
                        except DeviceError as err:
                            self._n_device_errors += 1
                            if not retry_device_errors or err.code not in RETRYABLE_CODES:
                                raise
                            last_error = err
                        self._reply_waiter = loop.create_future()
                failures += 1
                if failures > self.retries or loop.time() >= deadline:
                    raise self._gave_up(
                        method, last_error, unverified_only=unverified == exchanges > 0
                    )
                self._n_retries += 1
        finally:
            self._end_call()

    def _end_call(self) -> None:
        """Forget the call that ended, and hand the turn on."""
        waiter, self._reply_waiter = self._reply_waiter, None
        if waiter is not None and waiter.done() and not waiter.cancelled():
            # close() failed it while our caller was being cancelled: nobody else
            # reads it, and an unread exception is logged as "never retrieved"
            waiter.exception()
        self._call_ids.clear()
        self._token_suspect = False
        self._end_turn()

    async def _take_turn(self) -> None:
        """Wait until the device's turn is handed to this call (one request in flight)."""
        if not self._busy:
            self._busy = True
            return
        turn = asyncio.get_running_loop().create_future()
        if self._queue is None:
            self._queue = deque()
        self._queue.append(turn)
        try:
            await turn
        except BaseException:
            if turn.done() and not turn.cancelled():
                self._end_turn()  # handed the turn while being cancelled: pass it on
            elif self._queue is not None and turn in self._queue:
                self._queue.remove(turn)
            raise

    def _end_turn(self) -> None:
        """Hand the turn to the next call waiting, or free it."""
        queue = self._queue
        while queue:
            turn = queue.popleft()
            if not turn.done():
                turn.set_result(None)
                return
        self._queue = None
        self._busy = False

    async def _request_once(self, method: str, params: bytes) -> Any:
        """Send the request once, after a hello if one is due, and wait the whole budget."""
        await self._take_turn()
        try:
            if self._endpoint is None:
                await self.open()
            if type(self._endpoint) is SharedSocket and (room := self._endpoint.room()):
                await room
            self._n_calls += 1
            return await self._call_once(method, params)
        finally:
            self._end_call()

    async def _call_once(self, method: str, params: bytes) -> Any:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout * (self.retries + 1)
        self._reply_waiter = loop.create_future()
        self._hello_answered = False
        # Hellos change nothing on the device: they may go out again until one is answered.
        while self._device_id is None and loop.time() < deadline:
            if not await self._await_hello(deadline):
                self._n_timeouts += 1
        if self._device_id is None:
            raise DeviceUnreachableError(f"{self.host} does not answer the miIO hello")
        if self._need_hello:
            self._send_hello()
        unverified = await self._exchange(method, params, deadline, once=True)
        waiter = self._reply_waiter
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

    async def _await_hello(self, deadline: float) -> bool:
        """Send a hello and wait (at most a timeout) for its answer; return whether it came.

        The call's reply waiter is what waits: the answer wakes it, as does the timeout.
        """
        hello = self._send_hello()
        loop = asyncio.get_running_loop()
        until = loop.time() + self._wait_time(deadline)
        while not hello.done() and loop.time() < until:
            waiter = self._reply_waiter
            assert waiter is not None  # noqa: S101 - set for the call
            timer = loop.call_at(until, self._wake)
            try:
                await waiter
            finally:
                timer.cancel()
        return hello.done() and not hello.cancelled()

    def _send_hello(self) -> asyncio.Future[None]:
        """Send a hello; its answer sets the device id and the stamp offset whenever it comes."""
        endpoint = self._open_endpoint()
        if self._hello_waiter is not None:
            self._hello_waiter.cancel()
        hello = self._hello_waiter = asyncio.get_running_loop().create_future()
        self._n_hellos += 1
        endpoint.sendto(HELLO, self._addr)
        return hello

    def awaits_hello(self) -> bool:
        """Whether a hello of this client waits for its answer."""
        return self._hello_waiter is not None and not self._hello_waiter.done()

    def _take_hello(self, device_id: int, stamp: int) -> None:
        """Adopt the device id and clock of a hello answer, if a hello is awaiting one."""
        hello = self._hello_waiter
        if hello is None or hello.done():
            self._drop(DropReason.UNEXPECTED)
            return
        if self._device_id is not None and (
            device_id != self._device_id or stamp < self._last_stamp
        ):
            # Another device, or the same one rebooted: a request already sent may be ignored.
            _LOGGER.debug("%s answers with another device id or an earlier clock", self.host)
            self._device_changed = True
        self._device_id = device_id
        self._stamp_base = self._last_stamp = stamp
        self._stamp_time = asyncio.get_running_loop().time()
        self._need_hello = False
        self._hello_answered = True
        self._hello_waiter = None
        hello.set_result(None)
        # A call waiting for the answer goes on; a request in flight to a device that changed
        # goes out again, for the device as it now is.
        self._wake()

    def _wake(self) -> None:
        """Wake the call waiting for a reply; a fresh waiter takes the reply that may follow."""
        waiter = self._reply_waiter
        if waiter is not None and not waiter.done():
            self._reply_waiter = asyncio.get_running_loop().create_future()
            waiter.set_result(None)

    async def _exchange(
        self, method: str, params: bytes, deadline: float, *, once: bool = False
    ) -> bool:
        """Send the request under a new id and wait, at most until the deadline, for a reply.

        Returns whether the exchange ended unanswered but for packets that do not verify.

        When the answer to a hello sent along shows that the device changed (another device id, or
        a clock that went backwards) the request goes out again at once, with what it now needs,
        unless it goes out only ``once``: then it waits until the deadline, never sent again.
        """
        loop = asyncio.get_running_loop()
        self._token_suspect = False
        self._send_request(method, params)
        now = loop.time()
        until = deadline if once else now + min(self.timeout, max(0.0, deadline - now))
        graced = False
        while True:
            waiter = self._reply_waiter
            assert waiter is not None  # noqa: S101 - set for the call
            if waiter.done() or loop.time() >= until:
                break
            timer = loop.call_at(until, self._wake)
            try:
                await waiter
            finally:
                timer.cancel()
            if self._token_suspect and not graced:
                graced = True
                until = min(until, loop.time() + self.timeout * _UNVERIFIED_GRACE)
            if self._device_changed and not once and not _done(self._reply_waiter):
                self._send_request(method, params)
        if waiter.done():
            return False
        self._n_timeouts += 1
        return self._token_suspect

    def _send_request(self, method: str, params: bytes) -> None:
        """Send the request under a new random id, with the current device id and stamp."""
        endpoint = self._open_endpoint()
        assert self._device_id is not None  # noqa: S101 - a hello precedes every request
        now = asyncio.get_running_loop().time()
        message_id = _ids.getrandbits(31) or _MAX_MESSAGE_ID
        packet = self._codec.encode(
            self._device_id,
            self._stamp_base + int(now - self._stamp_time),
            encode_request(message_id, _method_json(method), params),
        )
        self._call_ids[message_id] = now
        self._device_changed = False
        self._n_attempts += 1
        _LOGGER.debug("%s <- %s (id %d)", self.host, method, message_id)
        endpoint.sendto(packet, self._addr)

    def _open_endpoint(self) -> Any:
        """Return the socket; ``close()`` during a call ends the call here."""
        if self._endpoint is None:
            raise MiioError("the client was closed")
        return self._endpoint

    def _wait_time(self, deadline: float) -> float:
        return min(self.timeout, max(0.0, deadline - asyncio.get_running_loop().time()))

    def in_call(self) -> bool:
        """Whether a request of this client waits for its reply."""
        return bool(self._call_ids)

    def verifies(self, data: bytes) -> bool:
        """Whether ``data`` is a packet from this client's device sealed with its token."""
        if len(data) <= HEADER_SIZE or self._device_id is None:
            return False
        magic, length, _, device_id, _ = unpack_header(data)
        return (
            magic == MAGIC
            and length == len(data)
            and device_id == self._device_id
            and self._codec.verifies(data)
        )

    def awaits(self, data: bytes) -> bool:
        """Whether ``data`` is a reply the call in progress waits for (for demultiplexing)."""
        if not self._call_ids or not self.verifies(data):
            return False
        try:
            message = decode_json(self._codec.open(data))
        except (ValueError, RecursionError):
            return False
        return isinstance(message, dict) and message.get("id") in self._call_ids

    def datagram_received(self, data: bytes) -> None:  # noqa: PLR0911 - one return per verdict
        """Take a datagram as the awaited reply, or drop it and count why."""
        if len(data) < HEADER_SIZE:
            self._drop(DropReason.MALFORMED)
            return
        magic, length, _, device_id, stamp = unpack_header(data)
        if magic != MAGIC or length != len(data):
            self._drop(DropReason.MALFORMED)
            return
        if length == HEADER_SIZE:
            self._take_hello(device_id, stamp)
            return
        if device_id != self._device_id:
            self._drop(DropReason.FOREIGN)
            return
        try:
            plaintext = self._codec.open(data)
        except ChecksumError:
            self._suspect_token(DropReason.UNVERIFIABLE)
            return
        except PacketError:
            self._suspect_token(DropReason.UNDECODABLE)
            return
        try:
            message = decode_json(plaintext)
        except (ValueError, RecursionError):
            self._suspect_token(DropReason.UNDECODABLE)
            return
        message_id = message.get("id") if isinstance(message, dict) else None
        # type(), not isinstance(): a JSON true is no id
        if type(message_id) is not int or "method" in message:
            self._drop(DropReason.UNEXPECTED)
            return
        self._judge_reply(message_id, stamp, message)

    def _judge_reply(self, message_id: int, stamp: int, message: dict[str, Any]) -> None:
        waiter = self._reply_waiter
        if message_id in self._answered_ids:
            self._drop(DropReason.DUPLICATE)
        elif message_id not in self._call_ids or waiter is None or waiter.done():
            self._drop(DropReason.STALE)
        else:
            self._take_reply(waiter, message_id, stamp, message)

    def _take_reply(
        self,
        waiter: asyncio.Future[dict[str, Any] | None],
        message_id: int,
        stamp: int,
        message: dict[str, Any],
    ) -> None:
        now = asyncio.get_running_loop().time()
        answered = self._answered_ids
        if len(answered) >= _REMEMBERED_REPLIES:
            del answered[0]  # the oldest: a shift of a few pointers, and the list stays this size
        answered.append(message_id)
        self._last_round_trip = now - self._call_ids[message_id]
        if stamp < self._last_stamp:
            # The device's clock restarted: it rebooted, so greet it again before the next request.
            self._n_reboots += 1
            self._need_hello = True
        self._last_stamp = stamp
        waiter.set_result(message)

    def _suspect_token(self, reason: DropReason) -> None:
        """Drop a packet from our device that we cannot read: a wrong token, or a spoof."""
        self._drop(reason)
        _LOGGER.debug("%s: dropped a reply that does not verify with the token", self.host)
        if self._call_ids and not self._token_suspect:
            self._token_suspect = True
            self._wake()  # the exchange waits only a little longer now

    def _drop(self, reason: DropReason) -> None:
        dropped = self._dropped
        if dropped is None:
            dropped = self._dropped = {}
        dropped[reason] = dropped.get(reason, 0) + 1

    def error_received(self, exc: Exception) -> None:
        """Count a socket error; the exchange it belongs to will time out and be retried."""
        self._n_socket_errors += 1
        _LOGGER.debug("%s: socket error %s", self.host, exc)

    def connection_lost(self, endpoint: Any) -> None:
        """Forget a socket that closed, so the next call opens a new one."""
        if endpoint is self._endpoint:
            self._endpoint = None
            self._fail_waiters()

    def _fail_waiters(self) -> None:
        if self._hello_waiter is not None:
            self._hello_waiter.cancel()
        if self._reply_waiter is not None and not self._reply_waiter.done():
            self._reply_waiter.set_exception(MiioError("the client was closed"))


def _done(waiter: asyncio.Future[Any] | None) -> bool:
    return waiter is None or waiter.done()


def _result_of(method: str, reply: dict[str, Any] | None) -> Any:
    """Return the ``result`` of a reply, or raise the error it carries."""
    assert reply is not None  # noqa: S101 - only a reply completes a call
    if "error" in reply:
        error = reply["error"]
        code = error.get("code") if isinstance(error, dict) else None
        if not isinstance(code, int) or isinstance(code, bool):
            raise MalformedReplyError(f"error reply to {method} without a code")
        raise device_error(code, str(error.get("message", "")))
    if "result" not in reply:
        raise MalformedReplyError(f"reply to {method} has neither result nor error")
    return reply["result"]
