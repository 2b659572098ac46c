"""The TV's HTTP client under arbitrary answers: a typed value or a ``TvHttpError``, nothing else.

The parsing helpers get many examples each; the real ``TvHttpClient`` then talks to two local
servers for fewer: an aiohttp server that answers any status, content encoding and body (gzip and
deflate, corrupt streams, small bombs, hostile JSON), and a raw TCP server that writes any bytes as
the HTTP answer (broken status lines, lengths and chunks), so aiohttp's own errors are met too.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import math
import re
import zlib
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, cast

import aiohttp
from aiohttp import web
from hypothesis import given
from hypothesis import strategies as st

from custom_components.xiaomi_living.client import tv_http
from custom_components.xiaomi_living.client.errors import (
    TvHttpCommandError,
    TvHttpError,
    TvHttpResponseError,
)
from custom_components.xiaomi_living.client.tv_http import (
    MAX_BODY,
    MAX_VOLUME_SCALE,
    TvAppInfo,
    TvHttpClient,
    TvSystemInfo,
    TvVolume,
)
from tests.fuzz import PrivateLoop, fuzz_settings, nested, wire_values

HOST = "127.0.0.1"
MAC = re.compile(r"^[0-9a-f]{2}(:[0-9a-f]{2}){5}$")
PATH = "/controller"

# --- JSON a set might send: every field of every answer, with any type ----------------------

_codes = st.one_of(
    st.sampled_from([0, 200, "0", "200", " 0 ", 1, 400, "1", -1, 0.0, True, False, None, "ok"]),
    wire_values,
)
_texts = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["", " ", "\ud800", "A4-39-B3-00-00-0A", "a439b300000b", "00:00:00:00:00:00"]),
    wire_values,
)
_volume_figures = st.integers(min_value=0, max_value=MAX_VOLUME_SCALE)
_figures = st.one_of(
    _volume_figures,
    _volume_figures.map(str),
    st.integers(min_value=-5, max_value=MAX_VOLUME_SCALE + 5),
    st.sampled_from(["7", " 3 ", "007", "99999999999", "1e3", "²", "-1", "", "7.5", "0x10"]),
    st.floats(),
    wire_values,
)
_volume_data = st.fixed_dictionaries({}, optional={"volum": _figures, "maxVolum": _figures})
_system_data = st.fixed_dictionaries(
    {}, optional={"devicename": _texts, "ethmac": _texts, "wifimac": _texts}
)
_app = st.fixed_dictionaries({}, optional={"PackageName": _texts, "AppName": _texts})
_app_data = st.fixed_dictionaries(
    {}, optional={"AppInfo": st.lists(_app | wire_values, max_size=5) | wire_values}
)
_shaped_data = st.one_of(_volume_data, _system_data, _app_data)


def _as_json_text(data: Any) -> Any:
    """Return ``data`` as a JSON string inside the JSON, as some sets send it."""
    try:
        return json.dumps(data)
    except (ValueError, RecursionError):
        return data


# Answers of the right shape for each call, with right and wrong values in their fields.
_PLAUSIBLE: dict[str, st.SearchStrategy[Any]] = {
    "get_volume": st.fixed_dictionaries(
        {
            "volum": st.one_of(_volume_figures, _volume_figures.map(str), _figures),
            "maxVolum": st.one_of(_volume_figures, _volume_figures.map(str), _figures),
        }
    ),
    "system_info": st.fixed_dictionaries(
        {
            "devicename": st.text(min_size=1, max_size=10) | _texts,
            "ethmac": st.just("A4:39:B3:00:00:0A") | _texts,
            "wifimac": _texts,
        }
    ),
    "installed_apps": st.fixed_dictionaries(
        {
            "AppInfo": st.lists(
                st.fixed_dictionaries({"PackageName": _texts, "AppName": _texts}) | wire_values,
                max_size=4,
            )
        }
    ),
}
_SUCCESS_CODES = st.sampled_from(
    [{"status": 0}, {"status": "0"}, {"request_result": 200}, {"request_result": "200"}]
)


def successes(call: str) -> st.SearchStrategy[dict[str, Any]]:
    """Draw success envelopes whose data has the shape ``call`` reads (or any, for the rest)."""
    if call in _PLAUSIBLE:
        data = st.fixed_dictionaries(
            {"data": _PLAUSIBLE[call] | _PLAUSIBLE[call].map(_as_json_text)}
        )
    else:
        data = st.fixed_dictionaries({}, optional={"data": wire_values})
    return st.builds(
        lambda code, message, data: {**code, **message, **data},
        _SUCCESS_CODES,
        st.fixed_dictionaries({}, optional={"msg": _texts}),
        data,
    )


_data = st.one_of(_shaped_data, _shaped_data.map(_as_json_text), wire_values, st.text(max_size=30))
envelopes = st.fixed_dictionaries(
    {},
    optional={"status": _codes, "request_result": _codes, "msg": _texts, "data": _data},
)


def _dump(value: Any) -> bytes:
    """Serialize as a careless server would: NaN and Infinity as they come, no limit on depth."""
    try:
        return json.dumps(value).encode()
    except (ValueError, RecursionError):
        return b'{"status": 0, "data": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"


_hostile_texts = st.sampled_from(
    [
        b'{"status": 0, "data": {"volum": 1e999, "maxVolum": -1e999}}',
        b'{"status": 0, "data": {"volum": NaN, "maxVolum": Infinity}}',
        b'{"status": 1e999, "msg": "x"}',
        b'{"status": 0, "data": {"volum": ' + b"9" * 5000 + b', "maxVolum": 15}}',
        b'{"status": 0, "data": "' + b"[" * 100_000 + b'"}',
        b'{"status": 0, "data": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        b'{"status": 0, "data": {"AppInfo": [' + b'{"PackageName": "a"},' * 5000 + b"{}]}}",
        b'\xef\xbb\xbf{"status": 0}',
        b'{"status": 0}' + b"\x00" * 10,
        b'{"status": 0} {"status": 1}',
        b"\xff\xfe{\x00",
        b"",
        b"null",
        b"[]",
    ]
)


def answer_bodies(call: str) -> st.SearchStrategy[bytes]:
    """Draw bodies for ``call``: success envelopes of its shape, and everything else."""
    shaped = successes(call).map(_dump)
    return st.one_of(
        shaped,
        shaped,
        shaped,
        envelopes.map(_dump),
        _hostile_texts,
        st.binary(max_size=200),
        st.integers(min_value=1, max_value=20).map(lambda depth: _dump(nested(depth * 50))),
    )


bodies = st.sampled_from(["get_volume", "system_info", "installed_apps", "send_key"]).flatmap(
    answer_bodies
)


# --- Pure helpers: many examples ------------------------------------------------------------


@fuzz_settings(200)
@given(value=wire_values | _codes | _figures)
def test_code_is_an_int_or_none(value: Any) -> None:
    code = tv_http._code(value)
    assert code is None or (isinstance(code, int) and not isinstance(code, bool))
    if isinstance(value, int) and not isinstance(value, bool):
        assert code == value


@fuzz_settings(200)
@given(value=_figures)
def test_volume_number_is_within_the_scales_or_none(value: Any) -> None:
    number = tv_http._volume_number(value)
    if number is not None:
        assert type(number) is int
        assert 0 <= number <= MAX_VOLUME_SCALE
    if type(value) is int:
        assert number == (value if 0 <= value <= MAX_VOLUME_SCALE else None)
    if isinstance(value, float) and not math.isfinite(value):
        assert number is None


def _unwrap_outcome(envelope: dict[str, Any]) -> Any:
    try:
        return tv_http._unwrap(envelope)
    except TvHttpResponseError as err:
        return err


@fuzz_settings(200)
@given(envelope=envelopes)
def test_unwrap_gives_the_data_of_a_success_or_raises(envelope: dict[str, Any]) -> None:
    outcome = _unwrap_outcome(envelope)
    if "status" in envelope:
        success = tv_http._code(envelope["status"]) == 0
    elif "request_result" in envelope:
        success = tv_http._code(envelope["request_result"]) == 200
    else:
        assert isinstance(outcome, TvHttpResponseError)
        assert "unknown envelope" in str(outcome)
        assert len(str(outcome)) < 600
        return
    if success:
        assert outcome is envelope.get("data")
    else:
        assert isinstance(outcome, TvHttpCommandError)
        assert 0 < len(outcome.message) <= 200
        outcome.message.encode()  # no lone surrogate reaches a user


@fuzz_settings(150)
@given(data=_data)
def test_object_gives_a_dict_or_raises(data: Any) -> None:
    outcome: Any
    try:
        outcome = tv_http._object(data, "volume")
    except TvHttpResponseError as err:
        outcome = err
    if isinstance(outcome, TvHttpResponseError):
        assert "unexpected volume data" in str(outcome)
        assert len(str(outcome)) < 600
    else:
        assert isinstance(outcome, dict)


@dataclass(frozen=True, slots=True)
class _Answer:
    """What ``_decode`` reads of a response: its headers."""

    headers: Mapping[str, str]


def _decode(body: bytes, encoding: str | None) -> bytes | TvHttpResponseError:
    headers = {} if encoding is None else {"Content-Encoding": encoding}
    response = cast("aiohttp.ClientResponse", _Answer(headers))
    try:
        return tv_http._decode(body, response, PATH)
    except TvHttpResponseError as err:
        return err


def _raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


_ENCODERS: dict[str, Callable[[bytes], bytes]] = {
    "gzip": gzip.compress,
    "x-gzip": gzip.compress,
    "deflate": zlib.compress,
}
_encodings = st.sampled_from(
    [None, "", "identity", "gzip", "x-gzip", " GZIP ", "deflate", "br", "compress", "gzip, br"]
)


@fuzz_settings(150)
@given(body=st.binary(max_size=300) | bodies, encoding=_encodings)
def test_decoding_any_body_gives_bytes_within_the_cap_or_raises(
    body: bytes, encoding: str | None
) -> None:
    outcome = _decode(body, encoding)
    if isinstance(outcome, bytes):
        assert len(outcome) <= MAX_BODY
        if encoding is None or encoding.strip().lower() in {"", "identity"}:
            assert outcome == body


@fuzz_settings(80)
@given(
    data=st.binary(max_size=2000) | bodies,
    encoding=st.sampled_from(sorted(_ENCODERS)),
    raw=st.booleans(),
)
def test_compressed_bodies_within_the_cap_decode_to_themselves(
    data: bytes, encoding: str, raw: bool
) -> None:
    raw = raw and encoding == "deflate"
    packed = _raw_deflate(data) if raw else _ENCODERS[encoding](data)
    outcome = _decode(packed, encoding)
    if raw and packed[0] & 0x0F == 8:
        # A raw stream that starts like a zlib header is read as one: refused, not misread.
        assert outcome == data or isinstance(outcome, TvHttpResponseError)
    else:
        assert outcome == data


@fuzz_settings(80)
@given(
    data=bodies,
    encoding=st.sampled_from(sorted(_ENCODERS)),
    cut=st.integers(min_value=0, max_value=400),
    flips=st.dictionaries(st.integers(0, 400), st.integers(1, 255), max_size=3),
)
def test_corrupt_compressed_bodies_give_a_prefix_or_raise(
    data: bytes, encoding: str, cut: int, flips: dict[int, int]
) -> None:
    packed = bytearray(_ENCODERS[encoding](data)[: cut or None])
    for offset, mask in flips.items():
        if packed:
            packed[offset % len(packed)] ^= mask
    outcome = _decode(bytes(packed), encoding)
    assert isinstance(outcome, bytes | TvHttpResponseError)
    if isinstance(outcome, bytes):
        assert len(outcome) <= MAX_BODY


@fuzz_settings(10)
@given(
    size=st.integers(min_value=MAX_BODY + 1, max_value=4 * MAX_BODY),
    encoding=st.sampled_from(sorted(_ENCODERS)),
)
def test_bombs_are_refused_once_unpacked_past_the_cap(size: int, encoding: str) -> None:
    outcome = _decode(_ENCODERS[encoding](b'{"status": 0}' + b" " * size), encoding)
    assert isinstance(outcome, TvHttpResponseError)
    assert "unpacked" in str(outcome)


# --- The real client against local servers --------------------------------------------------

type Call = Callable[[TvHttpClient], Awaitable[Any]]


def _check_volume(value: Any) -> None:
    assert isinstance(value, TvVolume)
    assert type(value.level) is int
    assert type(value.max) is int
    assert 0 <= value.level <= MAX_VOLUME_SCALE
    assert 0 <= value.max <= MAX_VOLUME_SCALE
    assert 0.0 <= value.fraction <= 1.0


def _check_system_info(value: Any) -> None:
    assert isinstance(value, TvSystemInfo)
    assert value.name is None or (isinstance(value.name, str) and value.name)
    for mac in (value.eth_mac, value.wifi_mac):
        assert mac is None or MAC.match(mac)
    assert isinstance(value.raw, dict)


def _check_apps(value: Any) -> None:
    assert isinstance(value, list)
    for app in value:
        assert isinstance(app, TvAppInfo)
        assert isinstance(app.package, str)
        assert app.package
        assert isinstance(app.name, str)
        assert app.name
        app.name.encode()  # no lone surrogate
        app.package.encode()


def _check_none(value: Any) -> None:
    assert value is None


def _check_bool(value: Any) -> None:
    assert isinstance(value, bool)


CALLS: dict[str, tuple[Call, Callable[[Any], None]]] = {
    "is_alive": (lambda client: client.is_alive(), _check_bool),
    "get_volume": (lambda client: client.get_volume(), _check_volume),
    "system_info": (lambda client: client.system_info(), _check_system_info),
    "installed_apps": (lambda client: client.installed_apps(), _check_apps),
    "send_key": (lambda client: client.send_key("up"), _check_none),
    "change_source": (lambda client: client.change_source("HDMI 1"), _check_none),
    "start_app": (lambda client: client.start_app("com.example"), _check_none),
}
_calls = st.sampled_from(sorted(CALLS))
# What the calls return, by type name.
_VALUE_KINDS = frozenset({"TvVolume", "TvSystemInfo", "list", "NoneType", "bool"})


async def _outcome(client: TvHttpClient, name: str) -> Any:
    """Call the client; return the value (checked) or the TvHttpError it raised."""
    call, check = CALLS[name]
    try:
        value = await call(client)
    except TvHttpError as err:
        return err
    check(value)
    return value


@dataclass(slots=True)
class Served:
    """The next answer of the aiohttp server."""

    status: int = 200
    headers: Mapping[str, str] | None = None
    body: bytes = b""


@st.composite
def served_answers(draw: st.DrawFn, call: str) -> Served:
    """Draw an answer to ``call``: any status, content encoding and body."""
    body = draw(answer_bodies(call))
    headers: dict[str, str] = {
        "Content-Type": draw(st.sampled_from(["application/json", "text/html"]))
    }
    match draw(
        st.sampled_from(["plain", "gzip", "deflate", "raw-deflate", "corrupt", "bomb", "odd"])
    ):
        case "gzip":
            body, headers["Content-Encoding"] = gzip.compress(body), "gzip"
        case "deflate":
            body, headers["Content-Encoding"] = zlib.compress(body), "deflate"
        case "raw-deflate":
            body, headers["Content-Encoding"] = _raw_deflate(body), "deflate"
        case "corrupt":
            packed = bytearray(gzip.compress(body))
            if draw(st.booleans()):
                packed[draw(st.integers(min_value=10, max_value=len(packed) - 1))] ^= 0xFF
            else:
                del packed[draw(st.integers(min_value=0, max_value=len(packed) - 1)) :]
            body, headers["Content-Encoding"] = bytes(packed), "gzip"
        case "bomb":
            size = draw(st.integers(min_value=MAX_BODY // 2, max_value=2 * MAX_BODY))
            body = gzip.compress(b'{"status": 0}' + b" " * size)
            headers["Content-Encoding"] = draw(st.sampled_from(["gzip", "x-gzip"]))
        case "odd":
            headers["Content-Encoding"] = draw(st.sampled_from(["br", "identity", "", "zstd"]))
    status = draw(st.sampled_from([*[200] * 12, 204, 302, 404, 500]))
    return Served(status, headers, body)


async def _serve_aiohttp(served: list[Served]) -> web.AppRunner:
    async def answer(_request: web.Request) -> web.StreamResponse:
        answer = served[-1]
        return web.Response(status=answer.status, headers=answer.headers, body=answer.body)

    app = web.Application()
    app.router.add_get("/{path}", answer)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, HOST, 0).start()
    return runner


def _port(runner: web.AppRunner) -> int:
    port: int = runner.addresses[0][1]
    return port


def test_the_client_gives_a_value_or_a_tv_http_error_for_any_answer() -> None:
    served: list[Served] = [Served()]
    with PrivateLoop() as loop:
        runner = loop.run(_serve_aiohttp(served))
        session = loop.run(_session())
        client = TvHttpClient(session, HOST, port=_port(runner), timeout=5.0)
        outcomes: list[str] = []

        @fuzz_settings(120)
        @given(data=st.data(), call=_calls)
        def exchange(data: st.DataObject, call: str) -> None:
            answer = data.draw(served_answers(call), label="answer")
            served.append(answer)
            outcome = loop.run(_outcome(client, call))
            outcomes.append(type(outcome).__name__)
            if answer.status != 200:
                assert isinstance(outcome, TvHttpResponseError)
                assert f"HTTP {answer.status}" in str(outcome)

        try:
            exchange()
        finally:
            loop.run(session.close())
            loop.run(runner.cleanup())
    # The answers met both ends: most kinds of value (each checked), and typed errors.
    assert len(_VALUE_KINDS & set(outcomes)) >= 4
    assert {"TvHttpResponseError", "TvHttpCommandError"} <= set(outcomes)


async def _session() -> aiohttp.ClientSession:
    # A fresh connection per request: a server that closes after its answer meets no stale one.
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True))


# --- A raw TCP server: any bytes as the HTTP answer -----------------------------------------

_status_lines = st.sampled_from(
    [
        b"HTTP/1.1 200 OK\r\n",
        b"HTTP/1.0 200 OK\r\n",
        b"HTTP/1.1 200\r\n",
        b"HTTP/1.1 500 Internal Server Error\r\n",
        b"HTTP/1.1 2000 OK\r\n",
        b"HTTP/9.9 200 OK\r\n",
        b"HTTP/1.1 OK\r\n",
        b"ICY 200 OK\r\n",
        b"HTTP/1.1 200 OK\n",
        b"",
        b"\x00\xff\r\n",
    ]
)
_header_lines = st.sampled_from(
    [
        b"Content-Type: application/json\r\n",
        b"Content-Length: 0\r\n",
        b"Content-Length: 5\r\n",
        b"Content-Length: 100000\r\n",
        b"Content-Length: -1\r\n",
        b"Content-Length: x\r\n",
        b"Content-Length: 99999999999999999999999\r\n",
        b"Transfer-Encoding: chunked\r\n",
        b"Transfer-Encoding: gzip, chunked\r\n",
        b"Content-Encoding: gzip\r\n",
        b"Content-Encoding: deflate\r\n",
        b"Connection: close\r\n",
        b"X-Long: " + b"a" * 10_000 + b"\r\n",
        b"Bad Header\r\n",
        b": no name\r\n",
        b"\xff\xfe: \x00\r\n",
    ]
)


def _chunked(body: bytes) -> bytes:
    return b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body) if body else b"0\r\n\r\n"


@st.composite
def raw_answers(draw: st.DrawFn, call: str) -> bytes:
    """Draw the bytes of an answer to ``call``: often clean HTTP, often broken."""
    body = draw(answer_bodies(call))
    match draw(st.sampled_from(["as is", "chunked", "broken chunks", "gzip"])):
        case "chunked":
            body = _chunked(body)
        case "broken chunks":
            body = b"zz\r\n" + body
        case "gzip":
            body = gzip.compress(body)
    if draw(st.booleans()):
        head = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n" % len(body)
    else:
        head = draw(_status_lines) + b"".join(draw(st.lists(_header_lines, max_size=4)))
        if draw(st.booleans()):
            head += b"Content-Length: %d\r\n" % len(body)
    return head + b"\r\n" + body


async def _serve_raw(answers: list[bytes]) -> asyncio.Server:
    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await reader.readuntil(b"\r\n\r\n")
            writer.write(answers[-1])
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    return await asyncio.start_server(answer, HOST, 0)


def test_the_client_gives_a_value_or_a_tv_http_error_for_any_raw_answer() -> None:
    answers: list[bytes] = [b""]
    with PrivateLoop() as loop:
        server = loop.run(_serve_raw(answers))
        session = loop.run(_session())
        port = server.sockets[0].getsockname()[1]
        client = TvHttpClient(session, HOST, port=port, timeout=5.0)
        outcomes: list[str] = []

        @fuzz_settings(80)
        @given(data=st.data(), call=_calls)
        def exchange(data: st.DataObject, call: str) -> None:
            answers.append(data.draw(raw_answers(call), label="answer"))
            outcomes.append(type(loop.run(_outcome(client, call))).__name__)

        try:
            exchange()
        finally:
            loop.run(session.close())
            server.close()
            loop.run(server.wait_closed())
    assert "TvHttpResponseError" in outcomes
    assert len(_VALUE_KINDS & set(outcomes)) >= 2
