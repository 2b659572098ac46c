"""The TV's port-6095 HTTP client against the simulated set, on a real loopback server."""

from __future__ import annotations

import asyncio
import gzip
import json
import tracemalloc
from collections.abc import AsyncGenerator, Awaitable, Callable
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import BaseTestServer, TestServer

from custom_components.xiaomi_living.client.errors import (
    TvHttpCommandError,
    TvHttpError,
    TvHttpResponseError,
    TvHttpUnreachableError,
    XiaomiLivingClientError,
)
from custom_components.xiaomi_living.client.tv_http import (
    MAX_BODY,
    TV_KEYS,
    TV_SOURCES,
    TvAppInfo,
    TvHttpClient,
    TvVolume,
)
from tests.simulator.tv_http import (
    KEYCODES,
    SOURCES,
    ChosenAnswer,
    TvHttpServer,
    create_tv_http_app,
    deep_json,
    hostile_volume,
)
from tests.simulator.tv_state import HTTP_MAX_VOLUME, TvApp, TvState

HOST = "127.0.0.1"
FAST = 0.2  # client timeout for the tests that wait for a silent set
PATIENT = 5.0  # client timeout for the tests that stream long answers
MIB = 2**20


@pytest.fixture
def state() -> TvState:
    return TvState()


@pytest.fixture(params=["status", "request_result"])
def envelope(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def tv(state: TvState, envelope: Any) -> AsyncGenerator[TvHttpServer]:
    async with TvHttpServer(state, HOST, 0, envelope=envelope) as server:
        yield server


@pytest.fixture
async def session() -> AsyncGenerator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client_session:
        yield client_session


@pytest.fixture
def client(session: aiohttp.ClientSession, tv: TvHttpServer) -> TvHttpClient:
    return TvHttpClient(session, HOST, port=tv.port, timeout=FAST)


def test_known_names_match_the_simulator() -> None:
    assert TV_KEYS == KEYCODES
    assert set(SOURCES) == TV_SOURCES


def test_errors_share_the_client_root() -> None:
    assert issubclass(TvHttpError, XiaomiLivingClientError)
    assert issubclass(TvHttpUnreachableError, TvHttpError)
    assert issubclass(TvHttpCommandError, TvHttpResponseError)
    assert issubclass(TvHttpResponseError, TvHttpError)


async def test_is_alive(client: TvHttpClient) -> None:
    assert await client.is_alive()


async def test_send_key(client: TvHttpClient, state: TvState) -> None:
    for key in ("up", "down", "left", "right", "enter", "back", "menu"):
        await client.send_key(key)
    assert state.keys_pressed == ["up", "down", "left", "right", "enter", "back", "menu"]


async def test_volume_keys_move_the_shared_volume(client: TvHttpClient, state: TvState) -> None:
    before = await client.get_volume()
    assert before == TvVolume(level=state.http_volume(), max=HTTP_MAX_VOLUME)

    await client.send_key("volumeup")
    await client.send_key("volumeup")
    after_up = await client.get_volume()
    assert after_up.level > before.level
    assert after_up.level == state.http_volume()

    await client.send_key("volumedown")
    assert (await client.get_volume()).level < after_up.level


async def test_volume_reaches_the_top_of_the_scale(client: TvHttpClient, state: TvState) -> None:
    state.volume = 100
    volume = await client.get_volume()
    assert volume == TvVolume(level=HTTP_MAX_VOLUME, max=HTTP_MAX_VOLUME)
    assert volume.fraction == 1.0


async def test_home_key_brings_back_the_launcher(client: TvHttpClient, state: TvState) -> None:
    await client.start_app("com.ktcp.video")
    await client.send_key("home")
    assert state.foreground_app == "com.mitv.tvhome"


async def test_change_source(client: TvHttpClient, state: TvState) -> None:
    await client.change_source("hdmi2")
    assert state.input_source == "HDMI 2"
    await client.change_source("HDMI 3")  # an input name as MIoT lists it
    assert state.input_source == "HDMI 3"
    await client.change_source("av")
    assert state.input_source == "AV"


async def test_change_source_the_set_does_not_have(client: TvHttpClient, state: TvState) -> None:
    state.inputs.remove("HDMI 3")
    with pytest.raises(TvHttpCommandError):
        await client.change_source("hdmi3")
    with pytest.raises(TvHttpCommandError):
        await client.change_source("DTMB")
    assert state.input_source == "HDMI 1"


async def test_system_info(client: TvHttpClient, state: TvState) -> None:
    state.name = "客厅电视"
    info = await client.system_info()
    assert info.name == "客厅电视"
    assert info.eth_mac == state.mac
    assert info.wifi_mac == state.wifi_mac
    assert info.raw["ethmac"] == state.mac.upper()


async def test_installed_apps(client: TvHttpClient, state: TvState) -> None:
    state.installed_apps.append(TvApp("com.example.player", "播放器"))
    apps = await client.installed_apps()
    assert apps == [TvAppInfo(app.package, app.name) for app in state.installed_apps]


async def test_start_app(client: TvHttpClient, state: TvState) -> None:
    await client.start_app("com.google.android.youtube.tv")
    assert state.foreground_app == "com.google.android.youtube.tv"


async def test_unknown_package_is_refused(client: TvHttpClient, state: TvState) -> None:
    with pytest.raises(TvHttpCommandError) as caught:
        await client.start_app("com.example.missing")
    assert caught.value.code in (1, 400)
    assert "com.example.missing" in caught.value.message
    assert state.foreground_app == "com.mitv.tvhome"


async def test_unknown_key_is_refused(client: TvHttpClient, state: TvState) -> None:
    with pytest.raises(TvHttpCommandError) as caught:
        await client.send_key("teleport")
    assert "teleport" in caught.value.message
    assert state.keys_pressed == []


async def test_power_key_turns_the_set_fully_off(
    client: TvHttpClient, tv: TvHttpServer, state: TvState
) -> None:
    await client.send_key("power")  # the set answers, then goes dark

    assert state.power == "off"
    assert not tv.listening
    assert not await client.is_alive()
    with pytest.raises(TvHttpUnreachableError):
        await client.get_volume()


async def test_set_answers_again_right_after_a_wake(
    client: TvHttpClient, tv: TvHttpServer, state: TvState
) -> None:
    await client.send_key("power")
    assert not await client.is_alive()

    state.power = "on"  # what the miIO side does on a wake-on-LAN packet
    assert tv.listening
    assert await client.is_alive()
    assert await client.installed_apps()


async def test_off_from_the_other_side_closes_open_connections(
    client: TvHttpClient, state: TvState
) -> None:
    assert await client.is_alive()  # leaves a keep-alive connection in the session's pool
    state.power = "off"
    assert not await client.is_alive()
    with pytest.raises(TvHttpUnreachableError):
        await client.send_key("home")
    assert state.keys_pressed == []


async def test_screen_off_still_answers(client: TvHttpClient, state: TvState) -> None:
    state.power = "screen_off"
    assert await client.is_alive()
    await client.send_key("power")
    assert not await client.is_alive()


async def test_quick_power_cycles_end_in_the_last_state(
    client: TvHttpClient, tv: TvHttpServer, state: TvState
) -> None:
    state.power = "off"
    state.power = "on"
    state.power = "off"
    state.power = "on"
    assert await client.is_alive()

    state.power = "off"
    state.power = "on"
    await asyncio.sleep(0)  # let the new listener's hand-over to asyncio begin
    state.power = "off"
    assert not await client.is_alive()
    state.power = "on"
    await asyncio.sleep(0)
    state.power = "off"
    state.power = "on"
    assert await client.is_alive()
    assert tv.listening


async def test_set_that_starts_fully_off(
    session: aiohttp.ClientSession, state: TvState, envelope: Any
) -> None:
    state.power = "off"
    async with TvHttpServer(state, HOST, 0, envelope=envelope) as tv:
        assert tv.port != 0
        client = TvHttpClient(session, HOST, port=tv.port, timeout=FAST)
        assert not await client.is_alive()
        state.power = "on"
        assert await client.is_alive()


async def test_stopped_server_refuses_connections(client: TvHttpClient, tv: TvHttpServer) -> None:
    await tv.stop()
    assert not await client.is_alive()
    with pytest.raises(TvHttpUnreachableError):
        await client.send_key("up")


async def test_hung_api_drops_connections(client: TvHttpClient, tv: TvHttpServer) -> None:
    tv.faults.down = True
    assert not await client.is_alive()
    with pytest.raises(TvHttpUnreachableError):
        await client.system_info()

    tv.faults.down = False
    assert await client.is_alive()


async def test_html_answer(client: TvHttpClient, tv: TvHttpServer) -> None:
    tv.faults.html = True
    with pytest.raises(TvHttpResponseError, match="not JSON"):
        await client.is_alive()
    with pytest.raises(TvHttpResponseError, match="not JSON"):
        await client.installed_apps()

    tv.faults.html = False
    assert await client.installed_apps()


async def test_http_error_status(client: TvHttpClient, tv: TvHttpServer) -> None:
    tv.faults.http_status = 500
    with pytest.raises(TvHttpResponseError, match="HTTP 500"):
        await client.get_volume()
    with pytest.raises(TvHttpResponseError, match="HTTP 500"):
        await client.is_alive()

    tv.faults.http_status = None
    assert await client.get_volume()


async def test_slow_answer_times_out(
    client: TvHttpClient, tv: TvHttpServer, state: TvState
) -> None:
    tv.faults.delay = 5.0  # far beyond the client's timeout; the server drops it on disconnect
    with pytest.raises(TvHttpUnreachableError):
        await client.start_app("com.ktcp.video")
    assert not await client.is_alive()
    assert state.foreground_app == "com.mitv.tvhome"

    tv.faults.delay = 0.0
    assert await client.is_alive()


async def test_nothing_listening(session: aiohttp.ClientSession) -> None:
    async with TvHttpServer(TvState(), HOST, 0) as tv:
        port = tv.port
    client = TvHttpClient(session, HOST, port=port)
    assert not await client.is_alive()
    with pytest.raises(TvHttpUnreachableError):
        await client.change_source("hdmi1")


# The simulator's own answers, seen on the wire.


async def _get(session: aiohttp.ClientSession, tv: TvHttpServer, path: str) -> Any:
    async with session.get(f"http://{HOST}:{tv.port}{path}") as response:
        assert response.status == 200
        return await response.json()


async def test_wire_envelopes(
    session: aiohttp.ClientSession, tv: TvHttpServer, envelope: str
) -> None:
    answer = await _get(session, tv, "/general?action=getVolum")
    ok = {"status": 0} if envelope == "status" else {"request_result": 200}
    assert answer.items() >= {**ok, "msg": "success"}.items()
    assert isinstance(answer["data"], str)
    assert json.loads(answer["data"]).keys() == {"volum", "maxVolum"}


async def test_wire_app_count_and_bad_requests(
    session: aiohttp.ClientSession, tv: TvHttpServer, envelope: str
) -> None:
    apps = await _get(session, tv, "/controller?action=getinstalledapp&count=2&changeIcon=1")
    assert len(apps["data"]["AppInfo"]) == 2
    apps = await _get(session, tv, "/controller?action=getinstalledapp")
    assert len(apps["data"]["AppInfo"]) == len(TvState().installed_apps)

    failure = "status" if envelope == "status" else "request_result"
    for path in (
        "/request?action=reboot",
        "/general?action=setVolum&volum=3",
        "/controller?action=screenshot",
        "/controller?action=startapp&type=activity&packagename=com.ktcp.video",
    ):
        answer = await _get(session, tv, path)
        assert answer[failure] not in (0, 200), path
        assert answer["msg"] != "success"
        assert "data" not in answer


async def test_bare_app_is_silent_when_off(session: aiohttp.ClientSession) -> None:
    state = TvState()
    app = create_tv_http_app(state, envelope="request_result")
    async with TestServer(app, host=HOST) as server:
        assert server.port is not None
        client = TvHttpClient(session, HOST, port=server.port, timeout=FAST)
        assert await client.is_alive()
        state.power = "off"  # no TvHttpServer to refuse connections: the app drops them
        assert not await client.is_alive()


# Envelopes and data the simulator does not produce, but firmwares in the field do.


Answer = Callable[[web.Request], Awaitable[web.StreamResponse]]
RawTv = tuple[BaseTestServer, list[Answer]]


@pytest.fixture
async def raw_tv() -> AsyncGenerator[RawTv]:
    """Serve whatever answers a test queues, one per request."""
    answers: list[Answer] = []

    async def answer(request: web.Request) -> web.StreamResponse:
        return await answers.pop(0)(request)

    app = web.Application()
    app.router.add_get("/{path}", answer)
    async with TestServer(app, host=HOST) as server:
        yield server, answers


@pytest.fixture
def raw_client(session: aiohttp.ClientSession, raw_tv: RawTv) -> TvHttpClient:
    server, _answers = raw_tv
    assert server.port is not None
    return TvHttpClient(session, HOST, port=server.port, timeout=FAST)


def _queue(raw_tv: RawTv, *bodies: Any) -> None:
    # Sets label their JSON text/html or text/json as often as application/json.
    for body in bodies:

        async def answer(_request: web.Request, text: str = json.dumps(body)) -> web.Response:
            return web.Response(text=text, content_type="text/html")

        raw_tv[1].append(answer)


async def test_field_variants_of_the_envelope(raw_client: TvHttpClient, raw_tv: RawTv) -> None:
    _queue(
        raw_tv,
        {"status": "0", "msg": "success"},
        {"request_result": "200", "data": {"volum": "7", "maxVolum": 15}},
        {
            "status": 0,
            "data": json.dumps(
                {"devicename": "", "ethmac": "A4-39-B3-00-00-0A", "wifimac": "00:00:00:00:00:00"}
            ),
        },
        {"status": 0, "data": {"ethmac": "a439b300000b", "wifimac": "unknown"}},
    )
    assert await raw_client.is_alive()
    assert await raw_client.get_volume() == TvVolume(level=7, max=15)
    info = await raw_client.system_info()
    assert (info.name, info.eth_mac, info.wifi_mac) == (None, "a4:39:b3:00:00:0a", None)
    info = await raw_client.system_info()
    assert (info.eth_mac, info.wifi_mac) == ("a4:39:b3:00:00:0b", None)


async def test_field_variants_of_the_app_list(raw_client: TvHttpClient, raw_tv: RawTv) -> None:
    _queue(
        raw_tv,
        {
            "status": 0,
            "data": {
                "AppInfo": [
                    {"PackageName": "com.a", "AppName": "A", "IconURL": "x"},
                    {"PackageName": "com.b"},
                    {"AppName": "no package"},
                    "junk",
                ]
            },
        },
    )
    assert await raw_client.installed_apps() == [
        TvAppInfo("com.a", "A"),
        TvAppInfo("com.b", "com.b"),
    ]


@pytest.mark.parametrize(
    ("body", "error", "match"),
    [
        ({"msg": "success", "data": {}}, TvHttpResponseError, "unknown envelope"),
        ([0, "success"], TvHttpResponseError, "not an envelope"),
        ({"status": True, "msg": "success"}, TvHttpCommandError, "None"),
        ({"status": [], "msg": 7}, TvHttpCommandError, "no message"),
        ({"request_result": "ok"}, TvHttpCommandError, "no message"),
        ({"request_result": 500, "msg": "busy"}, TvHttpCommandError, "busy"),
    ],
)
async def test_malformed_envelopes(
    raw_client: TvHttpClient,
    raw_tv: RawTv,
    body: Any,
    error: type[Exception],
    match: str,
) -> None:
    _queue(raw_tv, body)
    with pytest.raises(error, match=match):
        await raw_client.send_key("up")


@pytest.mark.parametrize(
    "data",
    [None, "{not json", json.dumps([1, 2]), {"volum": 3}, {"volum": "x", "maxVolum": 15}],
)
async def test_malformed_volume(raw_client: TvHttpClient, raw_tv: RawTv, data: Any) -> None:
    _queue(raw_tv, {"status": 0, "data": data})
    with pytest.raises(TvHttpResponseError, match="volume"):
        await raw_client.get_volume()


async def test_malformed_app_list(raw_client: TvHttpClient, raw_tv: RawTv) -> None:
    _queue(raw_tv, {"status": 0, "data": {"AppInfo": "none"}})
    with pytest.raises(TvHttpResponseError, match="app list"):
        await raw_client.installed_apps()


async def test_truncated_body(raw_client: TvHttpClient, raw_tv: RawTv) -> None:
    async def truncated(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Length": "400"})
        await response.prepare(request)
        await response.write(b'{"status": 0')
        request.protocol.force_close()  # the connection ends before the body does
        return response

    raw_tv[1].append(truncated)
    with pytest.raises(TvHttpResponseError, match="broken answer"):
        await raw_client.send_key("up")


@pytest.mark.parametrize(
    ("volume", "fraction"),
    [
        (TvVolume(level=0, max=15), 0.0),
        (TvVolume(level=6, max=12), 0.5),
        (TvVolume(level=20, max=15), 1.0),
        (TvVolume(level=3, max=0), 0.0),
    ],
)
def test_volume_fraction(volume: TvVolume, fraction: float) -> None:
    assert volume.fraction == fraction


# Hostile answers: every one ends in a TvHttpResponseError, and no body is read past MAX_BODY.


@pytest.fixture
def patient_client(session: aiohttp.ClientSession, tv: TvHttpServer) -> TvHttpClient:
    return TvHttpClient(session, HOST, port=tv.port, timeout=PATIENT)


@pytest.mark.parametrize(
    ("level", "top"),
    [
        ("Infinity", "15"),
        ("-Infinity", "15"),
        ("NaN", "15"),
        ("1e999", "15"),
        ("7.5e300", "15"),
        ("101", "15"),
        ("-1", "15"),
        ('"99999999999"', "15"),
        ("true", "15"),
        ("7", "1e999"),
        ("7", "Infinity"),
        ("7", "1000"),
    ],
)
async def test_volume_out_of_range_is_refused(
    client: TvHttpClient, tv: TvHttpServer, level: str, top: str
) -> None:
    tv.faults.answer = ChosenAnswer(hostile_volume(level, top), action="getVolum")
    with pytest.raises(TvHttpResponseError, match="unexpected volume data"):
        await client.get_volume()
    assert await client.is_alive()  # the rest of the API still answers


@pytest.mark.parametrize(
    ("level", "top", "volume"),
    [
        ("7.0", "15", TvVolume(7, 15)),
        ('" 3 "', '"100"', TvVolume(3, 100)),
        ("0", "0", TvVolume(0, 0)),
    ],
)
async def test_volume_figures_within_range(
    client: TvHttpClient, tv: TvHttpServer, level: str, top: str, volume: TvVolume
) -> None:
    tv.faults.answer = ChosenAnswer(hostile_volume(level, top), action="getVolum")
    assert await client.get_volume() == volume


async def test_deep_nesting_is_refused(client: TvHttpClient, tv: TvHttpServer) -> None:
    tv.faults.answer = ChosenAnswer(deep_json(100_000))
    assert len(tv.faults.answer.body) < MAX_BODY
    with pytest.raises(TvHttpResponseError, match="not JSON"):
        await client.send_key("up")
    # Nested inside the JSON string some sets send their data in.
    inner = json.dumps({"status": 0, "data": "[" * 100_000 + "]" * 100_000}).encode()
    tv.faults.answer = ChosenAnswer(inner, action="getVolum")
    with pytest.raises(TvHttpResponseError, match="unexpected volume data"):
        await client.get_volume()


async def test_nesting_the_parser_takes_gives_a_short_error(
    client: TvHttpClient, tv: TvHttpServer
) -> None:
    tv.faults.answer = ChosenAnswer(deep_json(500), action="getVolum")
    with pytest.raises(TvHttpResponseError, match="unexpected volume data") as err:
        await client.get_volume()
    assert len(str(err.value)) < 200


@pytest.mark.parametrize("announce_length", [True, False])
async def test_long_answer_is_refused_as_it_streams(
    patient_client: TvHttpClient, tv: TvHttpServer, announce_length: bool
) -> None:
    """A 200 MiB body: refused at its announced length, or once MAX_BODY bytes came in."""
    answer = ChosenAnswer(b'{"status": 0}', pad_to=200 * MIB, announce_length=announce_length)
    tv.faults.answer = answer
    with pytest.raises(TvHttpResponseError, match="too long" if announce_length else "longer"):
        await patient_client.send_key("up")
    # The set got to write no more than the socket buffers hold, not the 200 MiB.
    assert answer.sent < 32 * MIB
    tv.faults.answer = None
    await patient_client.send_key("up")  # the next request gets a fresh connection


@pytest.mark.parametrize("announce_length", [True, False])
@pytest.mark.parametrize("encoded", [False, True])
async def test_answer_up_to_the_cap_is_read(
    patient_client: TvHttpClient, tv: TvHttpServer, announce_length: bool, encoded: bool
) -> None:
    tv.faults.answer = ChosenAnswer(
        b'{"status": 0}', pad_to=MAX_BODY, gzip=encoded, announce_length=announce_length
    )
    await patient_client.send_key("up")


async def test_gzip_answer_is_decoded(client: TvHttpClient, tv: TvHttpServer) -> None:
    tv.faults.answer = ChosenAnswer(hostile_volume("5"), gzip=True, action="getVolum")
    assert await client.get_volume() == TvVolume(5, 15)


async def test_gzip_bomb_is_capped_after_decompression(
    patient_client: TvHttpClient, tv: TvHttpServer
) -> None:
    """32 MiB that gzip packs into some 32 KiB: refused once MAX_BODY bytes are unpacked."""
    answer = ChosenAnswer(b'{"status": 0}', pad_to=32 * MIB, gzip=True)
    tv.faults.answer = answer
    tracemalloc.start()
    try:
        with pytest.raises(TvHttpResponseError, match="unpacked"):
            await patient_client.send_key("up")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert answer.sent == 32 * MIB  # the whole bomb went out...
    assert peak < 16 * MAX_BODY  # ...and was never unpacked in full (32 MiB = 128 MAX_BODY)


@pytest.mark.parametrize(
    ("encoding", "body", "match"),
    [
        ("br", b'{"status": 0}', "unknown encoding"),
        ("gzip", b"not gzip at all", "does not decompress"),
        ("deflate", b"\x78\x9c\xff\xff", "does not decompress"),
        ("deflate", gzip.compress(b"x")[10:-8], "not JSON"),  # raw deflate of "x"
    ],
)
async def test_bad_content_encoding(
    raw_client: TvHttpClient, raw_tv: RawTv, encoding: str, body: bytes, match: str
) -> None:
    async def answer(_request: web.Request) -> web.Response:
        return web.Response(body=body, headers={"Content-Encoding": encoding})

    raw_tv[1].append(answer)
    with pytest.raises(TvHttpResponseError, match=match):
        await raw_client.send_key("up")


async def test_error_answer_is_not_read(raw_client: TvHttpClient, raw_tv: RawTv) -> None:
    async def answer(request: web.Request) -> web.StreamResponse:
        return web.Response(status=500, body=b" " * (2 * MAX_BODY))

    raw_tv[1].append(answer)
    with pytest.raises(TvHttpResponseError, match="HTTP 500"):
        await raw_client.send_key("up")


async def test_long_and_unencodable_texts(raw_client: TvHttpClient, raw_tv: RawTv) -> None:
    _queue(
        raw_tv,
        {"status": 1, "msg": "busy " * 10_000},
        {"status": 0, "data": {"devicename": "Mi \ud800TV", "ethmac": "\udfff"}},
    )
    with pytest.raises(TvHttpCommandError) as err:
        await raw_client.send_key("up")
    assert len(err.value.message) == 200
    info = await raw_client.system_info()
    assert (info.name, info.eth_mac) == ("Mi \ufffdTV", None)
