"""A local fake of Xiaomi's account server and device-list API, for tests that import tokens.

Built from the documented request and answer shapes (docs/xiaomi-account.md, micloud 0.5), and
written from the server's side on its own, sharing no code with the client: it hands out a
``_sign``, checks the password's upper-case MD5, issues a one-time ticket in the ``location`` that
sets ``serviceToken``, and on ``/app/home/device_list`` checks the session cookies, the nonce and
both SHA-1 signatures and decrypts the RC4 parameters as the real API does, then answers
RC4-encrypted JSON. A request it cannot verify gets the API's plain 401 ``{"code": 2, "message":
"auth err"}`` and the reason lands in ``rejections``.

One port serves everything: ``account_url`` stands for https://account.xiaomi.com (and the sts
host), and ``api_url_template`` puts the region prefix of ``https://{prefix}api.io.mi.com/app``
into the path: ``/app`` for cn, ``/de.app`` for de. Enable the fixture with
``pytest_plugins = ["tests.cloud_fake"]`` or import ``xiaomi_cloud_fake``.
"""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import AsyncGenerator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Final, Literal, Self, TypedDict

import pytest
from aiohttp import web
from cryptography.hazmat.decrepit.ciphers.algorithms import ARC4
from cryptography.hazmat.primitives.ciphers import Cipher
from yarl import URL

LoginMode = Literal["ok", "wrong_password", "two_factor", "captcha"]
Endpoint = Literal["service_login", "service_login_auth2", "sts", "device_list"]
# http_500: an error page; garbage: an HTML page with status 200; unexpected: a readable answer
# that lacks what the step needs; hang: no answer until the client gives up.
Fault = Literal["http_500", "garbage", "unexpected", "hang"]

PREFIX: Final = "&&&START&&&"
SERVICE_ID: Final = "xiaomiio"
STS_CALLBACK: Final = "https://sts.api.io.mi.com/sts"
LOGIN_QS: Final = "%3Fsid%3Dxiaomiio%26_json%3Dtrue"
CODE_WRONG_PASSWORD: Final = 70016
CODE_CAPTCHA: Final = 87001
DEVICE_LIST: Final = "/home/device_list"
# The region prefixes of the real API hosts; "" is cn.
REGION_PREFIXES: Final = {"": "cn", **{f"{r}.": r for r in ("de", "i2", "ru", "sg", "us", "tw")}}
# How far a nonce's minute may be from the server's clock (the real tolerance is not published).
NONCE_WINDOW_MINUTES: Final = 5
AUTH_ERR: Final = {"code": 2, "message": "auth err"}
HANG_SECONDS: Final = 3600.0
LOGIN_TRACE_COOKIE: Final = "pass_trace"


def device_entry(
    *,
    did: str,
    model: str,
    name: str,
    token: str = "",
    local_ip: str = "",
    mac: str = "",
    online: bool = True,
) -> dict[str, Any]:
    """Return one ``list[]`` entry of the device list, with the fields the real API sends."""
    return {
        "did": did,
        "token": token,
        "longitude": "0.00000000",
        "latitude": "0.00000000",
        "name": name,
        "pid": "0",
        "localip": local_ip,
        "mac": mac,
        "ssid": "home",
        "bssid": "AA:BB:CC:00:11:22",
        "parent_id": "",
        "parent_model": "",
        "show_mode": 1,
        "model": model,
        "adminFlag": 1,
        "shareFlag": 0,
        "permitLevel": 16,
        "isOnline": online,
        "desc": "",
        "extra": {"isSetPincode": 0, "fw_version": "1.2.3", "isSubGroup": False},
        "uid": 1812345678,
        "pd_id": 0,
        "password": "",
        "p2p_id": "",
        "rssi": -52,
        "family_id": 0,
        "reset_flag": 0,
    }


FAKE_AC: Final = device_entry(
    did="512345678",
    model="xiaomi.aircondition.mc4",
    name="Living room AC",
    token="00112233445566778899AABBCCDDEEFF",
    local_ip="192.168.1.20",
    mac="5C:E5:0C:11:22:33",
)
FAKE_TV: Final = device_entry(
    did="412345679",
    model="xiaomi.tv.mitv5proh1",
    name="Living room TV",
    token="ffeeddccbbaa99887766554433221100",
    local_ip="192.168.1.30",
    mac="a4:39:b3:44:55:66",
)
# A Bluetooth sensor: no miIO token, no address, as the cloud lists them.
FAKE_BLE_SENSOR: Final = device_entry(
    did="blt.3.1abcdefgh0k00",
    model="miaomiaoce.sensor_ht.t2",
    name="Bedroom thermometer",
    mac="A4:C1:38:77:88:99",
)
FAKE_AC_DE: Final = device_entry(
    did="612345670",
    model="xiaomi.aircondition.ma4",
    name="Bedroom AC",
    token="0f1e2d3c4b5a69788796a5b4c3d2e1f0",
    local_ip="192.168.2.40",
    mac="5C:E5:0C:AA:BB:CC",
)


def default_devices() -> dict[str, list[Any]]:
    """Return the default account: an AC, a TV and a sensor on cn, another AC on de."""
    return {"cn": [dict(FAKE_AC), dict(FAKE_TV), dict(FAKE_BLE_SENSOR)], "de": [dict(FAKE_AC_DE)]}


def _random_b64(size: int) -> str:
    return base64.b64encode(secrets.token_bytes(size)).decode()


@dataclass
class FakeCloudSettings:
    """The fake account and how the fake behaves; change it at any time during a test."""

    username: str = "living@example.com"
    password: str = "correct horse battery staple"
    user_id: int = 1812345678
    ssecurity: str = field(default_factory=lambda: _random_b64(16))
    # Long enough to contain the base64 characters "/", "+" and "=" that cookies must carry as is.
    service_token: str = field(default_factory=lambda: "V1:" + _random_b64(96) + "/+==")
    pass_token: str = field(default_factory=lambda: "V1:" + _random_b64(48))
    # "wrong_password" refuses any password; "ok" refuses only a wrong one.
    login: LoginMode = "ok"
    # The code of a refused password (Xiaomi's is 70016) and its description.
    refusal: tuple[int, str] = (CODE_WRONG_PASSWORD, "登录验证失败")
    # Region -> device-list entries (see ``device_entry``; anything goes, to test odd entries);
    # a region missing here has no devices.
    devices: dict[str, list[Any]] = field(default_factory=default_devices)
    # When set, the device list answers this (code, message) in an encrypted envelope.
    api_error: tuple[int, str] | None = None
    faults: dict[Endpoint, Fault] = field(default_factory=dict)

    @property
    def password_hash(self) -> str:
        """Return the hash the client must send: upper-case hex MD5 of the password."""
        return hashlib.md5(self.password.encode(), usedforsecurity=False).hexdigest().upper()


class FakeCloudUrls(TypedDict):
    """The base URLs of the fake, as ``XiaomiCloudClient`` takes them."""

    account_url: str
    api_url_template: str


@dataclass(frozen=True, slots=True, kw_only=True)
class FakeCloudRequest:
    """One request the fake received, as sent and, for the API, as decrypted."""

    endpoint: Endpoint
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    cookies: dict[str, str]
    form: dict[str, str]
    raw: bytes  # request line, headers and body as they arrived, to look for leaks
    region: str | None = None
    params: dict[str, str] | None = None  # the device list's parameters, decrypted and verified


class XiaomiCloudFake:
    """Serve the fake account server and API on ``host`` with a free port.

    ``settings`` may be changed at any time; ``requests`` and ``rejections`` record what came in.
    Use ``async with`` or ``start()``/``stop()``; ``stop()`` may be called twice.
    """

    def __init__(self, settings: FakeCloudSettings | None = None, host: str = "127.0.0.1") -> None:
        """Prepare the fake; nothing listens before ``start()``."""
        self.settings = settings or FakeCloudSettings()
        self.host = host
        self.port = 0
        self.requests: list[FakeCloudRequest] = []
        self.rejections: list[str] = []
        self._signs: set[str] = set()
        self._tickets: dict[str, str] = {}  # ticket -> the clientSign that goes with it
        self._nonces: set[str] = set()
        self._runner: web.AppRunner | None = None

    @property
    def account_url(self) -> str:
        """Return the URL that stands for https://account.xiaomi.com."""
        return f"http://{self.host}:{self.port}"

    @property
    def api_url_template(self) -> str:
        """Return the template that stands for https://{prefix}api.io.mi.com/app."""
        return f"http://{self.host}:{self.port}/{{prefix}}app"

    @property
    def urls(self) -> FakeCloudUrls:
        """Return the keyword arguments that point ``XiaomiCloudClient`` at this fake."""
        return {"account_url": self.account_url, "api_url_template": self.api_url_template}

    def requests_to(self, endpoint: Endpoint) -> list[FakeCloudRequest]:
        """Return the requests received on one endpoint, oldest first."""
        return [request for request in self.requests if request.endpoint == endpoint]

    async def start(self) -> None:
        """Start listening on a free port."""
        app = web.Application()
        app.router.add_get("/pass/serviceLogin", self._handler("service_login"))
        app.router.add_post("/pass/serviceLoginAuth2", self._handler("service_login_auth2"))
        app.router.add_get("/sts", self._handler("sts"))
        app.router.add_post(r"/{prefix:(?:[a-z0-9]+\.)?}app" + DEVICE_LIST, self._device_list)
        # A client that times out disconnects; cancelling its handler ends a hang at once.
        self._runner = web.AppRunner(
            app, handler_cancellation=True, shutdown_timeout=1.0, access_log=None
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        """Stop listening; connections to the port are refused afterwards."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        """Start the fake."""
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        """Stop the fake."""
        await self.stop()

    def _handler(
        self, endpoint: Endpoint
    ) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        """Return the aiohttp handler of an account-server endpoint."""
        answer = {
            "service_login": self._service_login,
            "service_login_auth2": self._service_login_auth2,
            "sts": self._sts,
        }[endpoint]

        async def handle(request: web.Request) -> web.StreamResponse:
            received = await self._record(endpoint, request)
            if fault := self.settings.faults.get(endpoint):
                return await self._fault(fault, endpoint)
            return answer(received)

        return handle

    async def _record(
        self, endpoint: Endpoint, request: web.Request, region: str | None = None
    ) -> FakeCloudRequest:
        body = await request.read()
        form = await request.post() if request.method == "POST" else {}
        head = f"{request.method} {request.raw_path} HTTP/1.1\r\n".encode() + b"".join(
            name + b": " + value + b"\r\n" for name, value in request.raw_headers
        )
        received = FakeCloudRequest(
            endpoint=endpoint,
            method=request.method,
            path=request.path,
            query=dict(request.query),
            headers=dict(request.headers),
            cookies=dict(request.cookies),
            form={name: str(value) for name, value in form.items()},
            raw=head + b"\r\n" + body,
            region=region,
        )
        self.requests.append(received)
        return received

    async def _fault(self, fault: Fault, endpoint: Endpoint) -> web.Response:
        if fault == "hang":
            await asyncio.sleep(HANG_SECONDS)
            return web.Response(status=504)
        if fault == "http_500":
            return web.Response(status=500, text="Internal Server Error")
        if fault == "garbage":
            return web.Response(
                text="<html><body>Service busy</body></html>", content_type="text/html"
            )
        # unexpected: a readable answer without what the step needs
        if endpoint == "sts":
            return web.Response(text="ok")
        return _account_answer({"code": 0, "result": "ok", "desc": "成功"})

    def _service_login(self, request: FakeCloudRequest) -> web.Response:
        if request.query.get("sid") != SERVICE_ID or request.query.get("_json") != "true":
            return self._reject("serviceLogin query", web.Response(status=400))
        sign = _random_b64(20)
        self._signs.add(sign)
        # What serviceLogin answers a client that is not signed in yet. The real server also sets
        # cookies of its own on the way (which ones is not documented); a client carries them to
        # the next step as micloud's session does, so the fake sets one to show whether it does.
        response = _account_answer(
            {
                "serviceParam": '{"checkSafePhone":false}',
                "qs": LOGIN_QS,
                "code": CODE_WRONG_PASSWORD,
                "description": "登录验证失败",
                "securityStatus": 0,
                "_sign": sign,
                "sid": SERVICE_ID,
                "result": "error",
                "captchaUrl": None,
                "callback": STS_CALLBACK,
                "location": "",
                "pwd": 0,
                "child": 0,
                "desc": "登录验证失败",
            }
        )
        response.set_cookie(LOGIN_TRACE_COOKIE, secrets.token_hex(8))
        return response

    def _service_login_auth2(self, request: FakeCloudRequest) -> web.Response:
        settings, form = self.settings, request.form
        expected = {"sid": SERVICE_ID, "callback": STS_CALLBACK, "qs": LOGIN_QS, "_json": "true"}
        if any(form.get(name) != value for name, value in expected.items()):
            return self._reject("serviceLoginAuth2 form", web.Response(status=400))
        if form.get("_sign") not in self._signs:
            self.rejections.append("_sign")
            return self._refused()
        self._signs.discard(form["_sign"])
        if settings.login == "captcha":
            return _account_answer(
                {
                    "captchaUrl": f"/pass/getCode?icodeType=login&_={int(time.time() * 1000)}",
                    "code": CODE_CAPTCHA,
                    "result": "error",
                    "desc": "请输入验证码",
                    "location": "",
                    "_sign": _random_b64(20),
                }
            )
        if (
            settings.login == "wrong_password"
            or form.get("user") != settings.username
            or not hmac.compare_digest(form.get("hash", ""), settings.password_hash)
        ):
            return self._refused()
        if settings.login == "two_factor":
            return _account_answer(
                {
                    "notificationUrl": f"{self.account_url}/identity/authStart"
                    f"?sid={SERVICE_ID}&context={secrets.token_hex(16)}&_locale=en_US",
                    "code": 0,
                    "result": "ok",
                    "securityStatus": 16,
                    "captchaUrl": None,
                    "location": "",
                    "desc": "成功",
                }
            )
        ticket, client_sign = secrets.token_hex(16), _random_b64(20)
        self._tickets[ticket] = client_sign
        location = URL(f"{self.account_url}/sts").with_query(
            d=request.cookies.get("deviceId", ""),
            ticket=ticket,
            pwd="1",
            p_ts=str(int(time.time() * 1000)),
            fid="0",
            p_lm="1",
            auth=_random_b64(24),
            m="1",
            _ssign=_random_b64(20),
            nonce=_random_b64(12),
            clientSign=client_sign,
        )
        response = _account_answer(
            {
                "qs": LOGIN_QS,
                "ssecurity": settings.ssecurity,
                "code": 0,
                "passToken": settings.pass_token,
                "description": "成功",
                "securityStatus": 0,
                "nonce": secrets.randbelow(2**62),
                "userId": settings.user_id,
                "cUserId": "c" + secrets.token_hex(12),
                "result": "ok",
                "psecurity": _random_b64(16),
                "captchaUrl": None,
                "location": str(location),
                "pwd": 1,
                "child": 0,
                "desc": "成功",
            }
        )
        response.set_cookie("passToken", settings.pass_token, httponly=True)
        response.set_cookie("userId", str(settings.user_id))
        return response

    def _sts(self, request: FakeCloudRequest) -> web.Response:
        ticket = request.query.get("ticket", "")
        client_sign = self._tickets.pop(ticket, None)
        if client_sign is None or request.query.get("clientSign") != client_sign:
            return self._reject("sts ticket", web.Response(status=403, text="forbidden"))
        response = web.Response(text="ok")
        # Written raw: aiohttp would quote a value with "/" and "=", and Xiaomi does not.
        response.headers.add(
            "Set-Cookie", f"serviceToken={self.settings.service_token}; Path=/; HttpOnly"
        )
        response.set_cookie("userId", str(self.settings.user_id))
        return response

    async def _device_list(self, request: web.Request) -> web.StreamResponse:
        region = REGION_PREFIXES.get(request.match_info["prefix"])
        if region is None:
            raise web.HTTPNotFound
        received = await self._record("device_list", request, region=region)
        fault = self.settings.faults.get("device_list")
        if fault is not None and fault != "unexpected":
            return await self._fault(fault, "device_list")
        try:
            params, key_b64 = self._open(received)
        except _RejectedError as rejected:
            return self._reject(rejected.reason, rejected.response)
        self.requests[-1] = dataclasses.replace(received, params=params)
        settings = self.settings
        if fault == "unexpected":
            envelope: dict[str, Any] = {"code": 0, "message": "ok", "result": None}
        elif settings.api_error is not None:
            code, message = settings.api_error
            envelope = {"code": code, "message": message, "result": None}
        else:
            envelope = {
                "code": 0,
                "message": "ok",
                "result": {
                    "list": settings.devices.get(region, []),
                    "has_more": False,
                    "next_start_did": "",
                },
            }
        body = base64.b64encode(_rc4(key_b64, json.dumps(envelope).encode())).decode()
        return web.Response(text=body)

    def _open(self, received: FakeCloudRequest) -> tuple[dict[str, str], str]:
        """Verify an API request as the server does; return its parameters and the RC4 key."""
        settings, form, cookies = self.settings, received.form, received.cookies
        if (
            cookies.get("userId") != str(settings.user_id)
            or cookies.get("serviceToken") != settings.service_token
            or cookies.get("yetAnotherServiceToken") != settings.service_token
        ):
            raise _RejectedError("session cookies")
        if received.headers.get("MIOT-ENCRYPT-ALGORITHM") != "ENCRYPT-RC4":
            raise _RejectedError("encryption header")
        nonce = form.get("_nonce", "")
        if not _fresh_nonce(nonce) or nonce in self._nonces:
            raise _RejectedError("nonce")
        self._nonces.add(nonce)
        key_b64 = _sign_key(settings.ssecurity, nonce)
        sealed = {
            name: value
            for name, value in form.items()
            if name not in {"signature", "_nonce", "ssecurity"}
        }
        signature = _sha1_sign("POST", DEVICE_LIST, sealed, key_b64)
        if not hmac.compare_digest(form.get("signature", ""), signature):
            raise _RejectedError("signature")
        try:
            params = {
                name: _rc4(key_b64, base64.b64decode(value, validate=True)).decode()
                for name, value in sealed.items()
            }
        except ValueError:
            raise _RejectedError("encryption") from None
        rc4_hash = params.pop("rc4_hash__", "")
        if not hmac.compare_digest(rc4_hash, _sha1_sign("POST", DEVICE_LIST, params, key_b64)):
            raise _RejectedError("rc4_hash__")
        try:
            query = json.loads(params.get("data", ""))
        except ValueError:
            query = None
        if not isinstance(query, dict):
            invalid = web.json_response({"code": -8, "message": "invalid params"})
            raise _RejectedError("data", invalid)
        return params, key_b64

    def _reject(self, reason: str, response: web.Response) -> web.Response:
        self.rejections.append(reason)
        return response

    def _refused(self) -> web.Response:
        code, description = self.settings.refusal
        return _account_answer(
            {
                "qs": LOGIN_QS,
                "code": code,
                "description": description,
                "securityStatus": 0,
                "_sign": _random_b64(20),
                "sid": SERVICE_ID,
                "result": "error",
                "captchaUrl": None,
                "callback": STS_CALLBACK,
                "location": "",
                "pwd": 0,
                "child": 0,
                "desc": description,
            }
        )


class _RejectedError(Exception):
    """A request the API does not accept, and what it answers."""

    def __init__(self, reason: str, response: web.Response | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.response = response or web.json_response(AUTH_ERR, status=401)


def _account_answer(data: dict[str, Any]) -> web.Response:
    """Answer as the account server does: JSON behind the ``&&&START&&&`` prefix."""
    return web.Response(text=PREFIX + json.dumps(data, ensure_ascii=False))


def _fresh_nonce(nonce: str) -> bool:
    """Whether a nonce is 8 random bytes and a minute close to the server's clock."""
    try:
        data = base64.b64decode(nonce, validate=True)
    except ValueError:
        return False
    minutes = int.from_bytes(data[8:], "big")
    return len(data) == 12 and abs(minutes - time.time() // 60) <= NONCE_WINDOW_MINUTES


def _sign_key(ssecurity: str, nonce: str) -> str:
    digest = hashlib.sha256(base64.b64decode(ssecurity) + base64.b64decode(nonce)).digest()
    return base64.b64encode(digest).decode()


def _sha1_sign(method: str, path: str, params: dict[str, str], key_b64: str) -> str:
    text = "&".join([method, path, *(f"{name}={params[name]}" for name in sorted(params)), key_b64])
    return base64.b64encode(hashlib.sha1(text.encode(), usedforsecurity=False).digest()).decode()


def _rc4(key_b64: str, data: bytes) -> bytes:
    cipher = Cipher(ARC4(base64.b64decode(key_b64)), mode=None).encryptor()
    cipher.update(bytes(1024))
    return cipher.update(data) + cipher.finalize()


@pytest.fixture
async def xiaomi_cloud_fake() -> AsyncGenerator[XiaomiCloudFake]:
    """Run the fake Xiaomi cloud on 127.0.0.1 for one test.

    Point the client at it with ``XiaomiCloudClient(session, **xiaomi_cloud_fake.urls)``; change
    ``xiaomi_cloud_fake.settings`` to pick the login outcome, devices, errors and faults.
    """
    async with XiaomiCloudFake() as fake:
        yield fake
