"""The port-6095 HTTP API of a simulated Xiaomi TV (MIUI/PatchWall), on the TV's shared state.

``create_tv_http_app`` builds the aiohttp application; ``TvHttpServer`` runs it on one address the
way a set does: it refuses connections while the set is fully off (``TvState.power == "off"``)
and listens again as soon as the power comes back, whichever side (an HTTP ``power`` key, the
miIO side, a wake-on-LAN packet, a test) changed it. The server follows ``TvState`` by itself
through ``TvState.power_listeners``: nobody has to stop or start it around power changes.

Facts not pinned down by public sources, chosen here and kept in one place: the error envelope
(``status`` 1 or ``request_result`` 400, with a reason in ``msg``), the content of ``isalive``'s
``data``, upper-case MACs in ``getsysteminfo``, ``data`` left out of answers that carry none,
``IconURL`` only in app lists asked for with ``changeIcon=1``, and an HTTP 404 for a resource the
set does not have. ``IconURL`` names the address the request came to, as a set names its own.
"""

from __future__ import annotations

import asyncio
import json
import socket
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Literal, Self

from aiohttp import web

from .tv_state import HTTP_MAX_VOLUME, TvPower, TvState

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

Envelope = Literal["status", "request_result"]

KEYCODES: Final = frozenset(
    {
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
    }
)

# The API's source names, and the input each selects in TvState.inputs.
SOURCES: Final = {
    "hdmi1": "HDMI 1",
    "hdmi2": "HDMI 2",
    "hdmi3": "HDMI 3",
    "av": "AV",
    "tv": "TV",
}

_HTML_PAGE: Final = "<html><head><title>Mi TV</title></head><body>Loading...</body></html>"
_ERROR_PAGE: Final = "<html><body><h1>{status}</h1></body></html>"
_PADDING: Final = b" " * 65536  # streamed in pieces this long


@dataclass(slots=True)
class ChosenAnswer:
    """A body of the test's choosing, in place of the API's answer (a hostile or broken set).

    body:            the bytes to send; ``deep_json`` and ``hostile_volume`` build some.
    pad_to:          lead the body with spaces up to this many bytes, so the whole stays valid JSON
                     (a client that read it all would accept it); streamed, never held in memory.
    gzip:            gzip-encode the body (``Content-Encoding: gzip``) as it streams.
    announce_length: send ``Content-Length`` (plain bodies only); otherwise the body is chunked.
    action:          answer so only requests with this ``action``; None: every request.
    sent:            bytes of the body (before compression) written so far, over all answers.
    """

    body: bytes
    pad_to: int = 0
    gzip: bool = False
    announce_length: bool = True
    action: str | None = None
    sent: int = 0

    def applies(self, request: web.Request) -> bool:
        """Tell whether this request gets the chosen answer."""
        return self.action is None or request.query.get("action") == self.action

    async def respond(self, request: web.Request) -> web.StreamResponse:
        """Stream the chosen body, stopping quietly when the client hangs up."""
        padding = max(0, self.pad_to - len(self.body))
        response = web.StreamResponse(headers={"Content-Type": "application/json"})
        if self.gzip:
            response.headers["Content-Encoding"] = "gzip"
        elif self.announce_length:
            response.content_length = padding + len(self.body)
        compressor = zlib.compressobj(wbits=16 + zlib.MAX_WBITS) if self.gzip else None
        await response.prepare(request)
        try:
            while padding:
                piece = _PADDING[:padding]
                await self._write(response, compressor, piece)
                padding -= len(piece)
            await self._write(response, compressor, self.body)
            if compressor is not None:
                await response.write(compressor.flush())
            await response.write_eof()
        except ConnectionResetError:  # the client hung up on a body it did not want
            pass
        return response

    async def _write(self, response: web.StreamResponse, compressor: Any, piece: bytes) -> None:
        data = compressor.compress(piece) if compressor is not None else piece
        if data:
            await response.write(data)  # waits while the client does not read
        else:
            await asyncio.sleep(0)  # a bomb packs into nothing for long: let the loop run
        self.sent += len(piece)


def deep_json(depth: int) -> bytes:
    """Return a success envelope whose ``data`` is lists nested ``depth`` deep."""
    return b'{"status": 0, "data": ' + b"[" * depth + b"]" * depth + b"}"


def hostile_volume(level: str, top: str = "15") -> bytes:
    """Return a ``getVolum`` answer with the figures as written, e.g. ``Infinity`` or ``1e999``."""
    return f'{{"status": 0, "data": {{"volum": {level}, "maxVolum": {top}}}}}'.encode()


@dataclass(slots=True)
class TvHttpFaults:
    """Faults to inject into the HTTP API at run time; all off by default.

    down:        the API service hangs: connections are accepted, then closed without an answer.
    html:        every answer is an HTML page with status 200 (a captive or broken web server).
    http_status: every answer is an HTML error page with this status, e.g. 500.
    delay:       seconds to wait before answering (a handler cancelled by the client stops waiting).
    answer:      answer with this chosen body instead (see ``ChosenAnswer``).
    """

    down: bool = False
    html: bool = False
    http_status: int | None = None
    delay: float = 0.0
    answer: ChosenAnswer | None = None


class _TvHttpApi:
    """The request handlers, bound to one TV's state, envelope and faults."""

    def __init__(self, state: TvState, envelope: Envelope, faults: TvHttpFaults) -> None:
        self.state = state
        self.envelope = envelope
        self.faults = faults

    def success(self, data: Any = None) -> web.Response:
        body: dict[str, Any] = (
            {"status": 0, "msg": "success"}
            if self.envelope == "status"
            else {"request_result": 200, "msg": "success"}
        )
        if data is not None:
            body["data"] = data
        return web.json_response(body)

    def failure(self, reason: str) -> web.Response:
        code: dict[str, int] = (
            {"status": 1} if self.envelope == "status" else {"request_result": 400}
        )
        return web.json_response({**code, "msg": reason})

    @web.middleware
    async def faults_middleware(
        self,
        request: web.Request,
        handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
    ) -> web.StreamResponse:
        """Stay silent when off or down, then apply the injected faults."""
        if self.state.power == "off" or self.faults.down:
            # A keep-alive connection opened while the set was on: drop it unanswered.
            request.protocol.force_close()
            return web.Response()
        if self.faults.delay:
            await asyncio.sleep(self.faults.delay)
        if self.faults.http_status is not None:
            return web.Response(
                status=self.faults.http_status,
                text=_ERROR_PAGE.format(status=self.faults.http_status),
                content_type="text/html",
            )
        if self.faults.html:
            return web.Response(text=_HTML_PAGE, content_type="text/html")
        if self.faults.answer is not None and self.faults.answer.applies(request):
            return await self.faults.answer.respond(request)
        return await handler(request)

    async def request(self, request: web.Request) -> web.Response:
        """Serve ``/request``: only ``isalive``."""
        match request.query.get("action"):
            case "isalive":
                return self.success({"devicename": self.state.name})
            case "getResource":
                return self.resource(request.query.get("name", ""))
        return self.failure("unknown action")

    def resource(self, name: str) -> web.Response:
        """Serve an app's icon, named ``<package>0.png`` as the app list gives it."""
        app = self.state.app(name.removesuffix("0.png")) if name.endswith("0.png") else None
        if app is None or not app.has_icon:
            return web.Response(status=404, text=_ERROR_PAGE.format(status=404))
        return web.Response(body=app.icon(), content_type="image/png")

    async def general(self, request: web.Request) -> web.Response:
        """Serve ``/general``: only ``getVolum``, whose data is a JSON string."""
        if request.query.get("action") == "getVolum":
            volume = {"volum": self.state.http_volume(), "maxVolum": HTTP_MAX_VOLUME}
            return self.success(json.dumps(volume))
        return self.failure("unknown action")

    async def controller(self, request: web.Request) -> web.Response:
        """Serve ``/controller``: keys, sources, system info and apps."""
        query = request.query
        match query.get("action"):
            case "keyevent":
                return self.keyevent(query.get("keycode", ""))
            case "changesource":
                return self.changesource(query.get("source", ""))
            case "getsysteminfo":
                return self.success(
                    {
                        "devicename": self.state.name,
                        "ethmac": self.state.mac.upper(),
                        "wifimac": self.state.wifi_mac.upper(),
                    }
                )
            case "getinstalledapp":
                return self.getinstalledapp(
                    query.get("count", ""), request.host if query.get("changeIcon") == "1" else None
                )
            case "startapp":
                return self.startapp(query.get("type", ""), query.get("packagename", ""))
            case _:
                return self.failure("unknown action")

    def keyevent(self, keycode: str) -> web.Response:
        if keycode not in KEYCODES:
            return self.failure(f"unknown keycode {keycode}")
        # The answer still goes out on a power key: the set shuts down right after it.
        self.state.press_key(keycode)
        return self.success()

    def changesource(self, source: str) -> web.Response:
        name = SOURCES.get(source.lower())
        if name is None or name not in self.state.inputs:
            return self.failure(f"unknown source {source}")
        self.state.show_input(name)
        return self.success()

    def getinstalledapp(self, count: str, icon_host: str | None) -> web.Response:
        apps = self.state.installed_apps
        if count.isdigit():
            apps = apps[: int(count)]
        listed: list[dict[str, Any]] = []
        for order, app in enumerate(apps, start=1):
            entry: dict[str, Any] = {"PackageName": app.package, "AppName": app.name}
            if icon_host is not None and app.has_icon:
                entry["IconURL"] = (
                    f"http://{icon_host}/request?action=getResource&name={app.package}0.png"
                )
            entry["Order"] = order
            listed.append(entry)
        return self.success({"AppInfo": listed})

    def startapp(self, kind: str, package: str) -> web.Response:
        if kind != "packagename":
            return self.failure(f"unknown type {kind}")
        if self.state.app(package) is None:
            return self.failure(f"app not found {package}")
        self.state.start_app(package)
        return self.success()


def create_tv_http_app(
    state: TvState,
    *,
    envelope: Envelope = "status",
    faults: TvHttpFaults | None = None,
) -> web.Application:
    """Build the port-6095 API of one TV on its shared state.

    The app answers nothing while ``state.power`` is "off" or ``faults.down`` is set: it closes
    each connection unanswered. Refusing new connections is the runner's job (``TvHttpServer``).
    """
    api = _TvHttpApi(state, envelope, faults or TvHttpFaults())
    app = web.Application(middlewares=[api.faults_middleware])
    app.router.add_get("/request", api.request)
    app.router.add_get("/general", api.general)
    app.router.add_get("/controller", api.controller)
    return app


class TvHttpServer:
    """Serve a TV's HTTP API on ``host:port``, listening only while the set is not fully off.

    ``port=0`` picks a free port on the first start; the server keeps it across power cycles.
    ``faults`` may be changed at any time. Use ``async with`` or ``start()``/``stop()``.
    """

    def __init__(
        self,
        state: TvState,
        host: str = "127.0.0.1",
        port: int = 6095,
        *,
        envelope: Envelope = "status",
    ) -> None:
        """Prepare the server; nothing listens before ``start()``."""
        self.state = state
        self.host = host
        self.port = port
        self.faults = TvHttpFaults()
        self._app = create_tv_http_app(state, envelope=envelope, faults=self.faults)
        self._runner: web.AppRunner | None = None
        self._sock: socket.socket | None = None  # bound and listening while the set is reachable
        self._starting: socket.socket | None = None  # being handed to asyncio right now
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def listening(self) -> bool:
        """Whether connections to the API are accepted (not refused) right now."""
        return self._sock is not None

    async def start(self) -> None:
        """Start serving; listen at once unless the set is fully off."""
        # A client that times out disconnects; cancelling its handler keeps slow answers cheap.
        self._runner = web.AppRunner(
            self._app, handler_cancellation=True, shutdown_timeout=1.0, access_log=None
        )
        await self._runner.setup()
        self.state.power_listeners.append(self._power_changed)
        if self.state.power == "off":
            if self.port == 0:
                self._bind().close()  # reserve a port number to come back to on wake
        else:
            self._listen()
        await asyncio.gather(*self._tasks)

    async def stop(self) -> None:
        """Stop listening, close every connection and wait for the handlers to finish."""
        if self._power_changed in self.state.power_listeners:
            self.state.power_listeners.remove(self._power_changed)
        self._unlisten()
        await asyncio.gather(*self._tasks)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        """Start the server."""
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        """Stop the server."""
        await self.stop()

    def _power_changed(self, power: TvPower) -> None:
        if power == "off":
            self._unlisten()
        else:
            self._listen()

    def _bind(self) -> socket.socket:
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.create_server((self.host, self.port), family=family)
        self.port = sock.getsockname()[1]
        return sock

    def _listen(self) -> None:
        """Listen now, synchronously, so that a client connecting right after a wake gets in.

        The kernel queues connections on the new socket until asyncio starts accepting them.
        """
        if self._sock is not None:
            return
        if self._starting is not None:  # switched off and on again before it was handed over
            self._sock = self._starting
            return
        sock = self._bind()
        sock.setblocking(False)
        self._sock = sock
        task = asyncio.get_running_loop().create_task(self._serve(sock))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _serve(self, sock: socket.socket) -> None:
        if self._sock is not sock:  # switched off before this task ran: _unlisten closed it
            return
        assert self._runner is not None
        assert self._runner.server is not None
        self._starting = sock
        try:
            server = await asyncio.get_running_loop().create_server(self._runner.server, sock=sock)
        finally:
            self._starting = None
        if self._sock is sock:
            self._server = server
        else:  # switched off while asyncio took the socket over
            server.close()

    def _unlisten(self) -> None:
        """Stop listening now: new connections are refused, open ones stay to the app."""
        sock, self._sock = self._sock, None
        if self._server is not None:
            self._server.close()
            self._server = None
        elif sock is not None and sock is not self._starting:
            sock.close()
